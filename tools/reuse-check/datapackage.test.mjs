// Validates the data package with the Frictionless reference library for JavaScript (npm datapackage):
// the descriptor against the Tabular Data Package profile, then every resource read with its Table Schema
// (types cast) and every foreign key resolved, once from the API's datapackage.json and once from the zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Package } from 'datapackage';
import { base, get, json } from './api.mjs';

const index = await json('/api/v1');
const counts = Object.fromEntries(index.resources.filter((r) => r.count !== null).map((r) => [r.name, r.count]));

async function check(source, label) {
  const pkg = await Package.load(source);
  assert.deepEqual(pkg.errors.map((e) => e.message), [], `${label}: the descriptor is a valid tabular data package`);
  assert.ok(pkg.valid);
  assert.equal(pkg.descriptor.version, index.datasetVersion, `${label}: the dataset version`);
  assert.equal(pkg.descriptor.licenses[0].name, 'CC-BY-4.0');
  assert.equal(pkg.descriptor.sources.length, counts.sources);
  let keys = 0;
  for (const resource of pkg.resources) {
    // relations: true resolves every foreign key and throws on one that points nowhere; values are cast to their field types.
    const rows = await resource.read({ keyed: true, relations: true });
    assert.equal(rows.length, counts[resource.name], `${label}: every ${resource.name} row`);
    for (const fk of resource.schema.foreignKeys) {
      const field = fk.fields[0];
      keys += rows.filter((row) => row[field] !== null).length;
      assert.ok(rows.some((row) => row[field] !== null && typeof row[field] === 'object'), `${label}: ${resource.name}.${field} resolved to rows`);
    }
  }
  console.log(`# ${label}: valid; ${pkg.resources.length} resources read with their schemas; ${keys} foreign-key values resolved`);
  return pkg;
}

test('datapackage.json validates and every foreign key resolves', async () => {
  await check(`${base}/api/v1/export/datapackage.json`, 'datapackage.json');
});

test('datapackage.zip validates and every foreign key resolves (one version: the descriptor and all CSVs)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ruiansamples-dp-'));
  const zip = join(dir, 'ruiansamples.zip');
  await writeFile(zip, Buffer.from(await (await get('/api/v1/export/datapackage.zip')).arrayBuffer()));
  await check(zip, 'datapackage.zip');
});

test('the validator does fail: a foreign key pointed at the wrong column is refused', async () => {
  const descriptor = await json('/api/v1/export/datapackage.json');
  const figures = descriptor.resources.find((r) => r.name === 'figures');
  figures.schema.foreignKeys.find((fk) => fk.fields === 'region').reference.fields = 'code'; // codes are not slugs
  const pkg = await Package.load(descriptor);
  await assert.rejects(pkg.getResource('figures').read({ relations: true }), /foreign key/i);
});
