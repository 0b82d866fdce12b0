// Small helpers shared by the checks: the API's base URL and paged reads.
export const base = (process.env.API_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');

export async function get(path, accept) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(base + path, accept ? { headers: { accept } } : {});
    // A polite client: on 429 wait as long as Retry-After says, a few times (CI runs the API without the per-address limit).
    if (response.status === 429 && attempt < 5) {
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      continue;
    }
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }
}

export const json = async (path) => (await get(path)).json();

/** Every item of a paged listing (follows links.next). */
export async function all(path) {
  const items = [];
  for (let next = path; next; ) {
    const page = await json(next);
    items.push(...page.items);
    next = page.links?.next ?? null;
  }
  return items;
}
