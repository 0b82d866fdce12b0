// Small helpers shared by the checks: the API's base URL and paged reads.
export const base = (process.env.API_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');

export async function get(path, accept) {
  const response = await fetch(base + path, accept ? { headers: { accept } } : {});
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response;
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
