// bench/prepare.mjs: what bench/run.sh cannot do with curl alone. Node 20, no packages.
//
//   node bench/prepare.mjs lines <kind> <base url> <arg> <out file> [bypass]
//     Writes the requests of one scenario to <out file>, one a line, and prints "<METHOD> <path> <count> <statements> <bytes>",
//     statements being the SQLite statements per request on this first send of each (from /bench/statements), bytes
//     the mean body size of those answers (bench/run.sh measures the same-size ceiling with it):
//       get           <path>            one GET path
//       get-pages     <path>            the path and every further page (follows links.next to the end)
//       graphql       <file.graphql>    one POST body per line of <file>.variables.ndjson (or one without variables)
//       graphql-pages <file.graphql>    one POST body per page, following the first connection's endCursor ($after)
//       graphql-apq   <file.graphql>    registers the query by the persisted-query protocol, then one GET path
//                                       (hash + variables, no query text) per line of <file>.variables.ndjson
//     Every request is sent once here and must answer 200 without GraphQL errors, so a broken scenario fails
//     loudly instead of benchmarking an error page.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MAX_PAGES = Number(process.env.MAX_PAGES ?? 2000);
const [command, ...args] = process.argv.slice(2);

let statements = 0, bytes = 0, sent = 0;
const counter = async base => Number(await (await fetch(base + '/bench/statements')).text());

async function send(base, method, path, body, bypass) {
  const headers = { accept: 'application/json' };
  if (bypass) headers['X-Bench-Bypass-Cache'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path} ${body ?? ''} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

function graphqlData(text, what) {
  const result = JSON.parse(text);
  if (result.errors?.length) throw new Error(`${what}: GraphQL errors ${JSON.stringify(result.errors).slice(0, 300)}`);
  return result.data;
}

function variablesOf(file) {
  const path = file.replace(/\.graphql$/, '.variables.ndjson');
  if (!existsSync(path)) return [undefined];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line));
}

async function lines(kind, base, arg, out, bypass) {
  const found = [];
  // The request the load will repeat, sent once here; its statements are counted (a cache may answer later repeats).
  const measured = async (method, path, body) => {
    const before = await counter(base);
    const text = await send(base, method, path, body, bypass);
    statements += (await counter(base)) - before;
    bytes += Buffer.byteLength(text);
    sent += 1;
    return text;
  };
  let method = 'GET', path = arg;
  if (kind === 'get') {
    await measured('GET', arg);
    found.push(arg);
  } else if (kind === 'get-pages') {
    for (let next = arg; next && found.length < MAX_PAGES; ) {
      found.push(next);
      next = JSON.parse(await measured('GET', next)).links?.next;
    }
  } else if (kind.startsWith('graphql')) {
    const query = readFileSync(arg, 'utf8');
    path = '/graphql';
    if (kind === 'graphql') {
      method = 'POST';
      for (const variables of variablesOf(arg)) {
        const body = JSON.stringify({ query, variables });
        graphqlData(await measured(method, path, body), arg);
        found.push(body);
      }
    } else if (kind === 'graphql-pages') {
      method = 'POST';
      for (let after = null; found.length < MAX_PAGES; ) {
        const body = JSON.stringify({ query, variables: { after } });
        found.push(body);
        const connection = Object.values(graphqlData(await measured(method, path, body), arg))[0];
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
    } else if (kind === 'graphql-apq') {
      const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
      const extensions = encodeURIComponent(JSON.stringify({ persistedQuery }));
      for (const variables of variablesOf(arg)) {
        const get = `${path}?extensions=${extensions}` + (variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : '');
        const first = JSON.parse(await send(base, 'GET', get, undefined, bypass));
        if (first.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND') // the protocol: retry once with the query text
          graphqlData(await send(base, 'POST', path, JSON.stringify({ query, variables, extensions: { persistedQuery } }), bypass), arg);
        graphqlData(await measured('GET', get), `${arg} by hash`);
        found.push(get);
      }
    }
  } else throw new Error(`unknown kind ${kind}`);
  writeFileSync(out, found.join('\n') + '\n');
  console.log(`${method} ${path} ${found.length} ${(statements / found.length).toFixed(1)} ${Math.round(bytes / Math.max(sent, 1))}`);
}

try {
  if (command === 'lines') await lines(args[0], args[1], args[2], args[3], args[4] === 'bypass');
  else throw new Error('usage: prepare.mjs lines <kind> <base url> <arg> <out file> [bypass]');
} catch (e) {
  console.error(`bench/prepare.mjs: ${e.message}`);
  process.exit(1);
}
