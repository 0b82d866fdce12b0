// Runs graphql-http's server audits against a running API: every MUST has to pass (exit 1 otherwise);
// SHOULD/MAY results are printed, and the README lists the ones we skip and why.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:5098/graphql';
// Wait (up to a minute) for the server to answer its readiness check.
const ready = new URL('/health/ready', url);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(ready)).ok) break;
  } catch {
    // not listening yet
  }
  if (i >= 60) {
    console.error(`No answer from ${ready} after 60 s.`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 1000));
}

let mustFailures = 0;
const notOk = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const level = audit.name.split(' ')[0];
  if (result.status === 'ok') {
    console.log(`ok    ${audit.id} ${audit.name}`);
    continue;
  }
  if (level === 'MUST') mustFailures++;
  notOk.push(audit);
  console.log(`${result.status.padEnd(5)} ${audit.id} ${audit.name}\n      ${result.reason}`);
}
console.log(`\n${notOk.length} not ok (${mustFailures} MUST).`);
if (mustFailures > 0) process.exit(1);
