// Expands the API's schema.org JSON-LD with jsonld.js against a bundled context (no network): the
// Dataset on /api/v1 and records on request. Safe mode turns any term that would be dropped (not a
// schema.org term we know, or a malformed value) into an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import jsonld from 'jsonld';
import { base, get, json, all } from './api.mjs';

const S = 'http://schema.org/';
const context = JSON.parse(await readFile(new URL('./schemaorg-context.jsonld', import.meta.url), 'utf8'));
const contextUrls = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

/** Only the bundled schema.org context can be loaded: nothing goes to the network. */
const documentLoader = async (url) => {
  if (contextUrls.has(url)) return { contextUrl: null, documentUrl: url, document: context };
  throw new Error(`no network: refused to load ${url}`);
};

async function expand(path) {
  const response = await get(path, 'application/ld+json');
  assert.equal(response.headers.get('content-type'), 'application/ld+json; charset=utf-8', path);
  assert.match(response.headers.get('vary') ?? '', /Accept/, `${path}: Vary: Accept`);
  const [node] = await jsonld.expand(await response.json(), { documentLoader, safe: true });
  return node;
}

const values = (node, property) => (node[S + property] ?? []).map((v) => v['@value'] ?? v['@id'] ?? v);
const one = (node, property) => values(node, property)[0];

test('the home page embeds the same Dataset, and it expands as the API\'s does', async () => {
  const html = await (await get('/', 'text/html')).text();
  // As an HTML parser reads it: the element's text runs to the first "</script"; the renderer writes its type's + as &#x2B;.
  const blocks = [...html.matchAll(/<script type="application\/ld(?:\+|&#x2B;)json">([\s\S]*?)<\/script/gi)];
  assert.equal(blocks.length, 1, 'one JSON-LD block on the home page');
  const embedded = await jsonld.expand(JSON.parse(blocks[0][1]), { documentLoader, safe: true });
  assert.deepEqual(embedded, [await expand('/api/v1')]);
});

test('/api/v1 is a schema.org Dataset that expands cleanly, with a DataDownload per export that downloads', async () => {
  const index = await json('/api/v1');
  const dataset = await expand('/api/v1');
  assert.deepEqual(dataset['@type'], [S + 'Dataset']);
  assert.deepEqual(dataset[S + 'name'].map((n) => n['@language']).sort(), ['en', 'zh']);
  assert.deepEqual(dataset[S + 'description'].map((n) => n['@language']).sort(), ['en', 'zh']);
  assert.equal(one(dataset, 'version'), index.datasetVersion);
  assert.equal(one(dataset, 'license'), 'https://creativecommons.org/licenses/by/4.0/');
  assert.match(one(dataset, 'temporalCoverage'), /^\d{4}\/\d{4}$/);
  assert.deepEqual(dataset[S + 'spatialCoverage'][0]['@type'], [S + 'AdministrativeArea']);
  assert.ok(one(dataset[S + 'creator'][0], 'name'));
  const downloads = dataset[S + 'distribution'];
  assert.deepEqual(downloads.map((d) => one(d, 'name')).sort(), index.exports.map((e) => e.name).sort());
  for (const download of downloads) {
    assert.deepEqual(download['@type'], [S + 'DataDownload']);
    const url = one(download, 'contentUrl');
    assert.ok(url.startsWith(base + '/api/v1/export/'), url);
    const response = await fetch(url);
    assert.equal(response.status, 200, url);
    assert.ok(response.headers.get('content-type').startsWith(one(download, 'encodingFormat')), url);
    await response.arrayBuffer();
  }
  console.log(`# Dataset expanded; ${downloads.length} DataDownloads, each downloaded`);
});

test('records expand: sources as NewsArticle/Report/CreativeWork, figures as Quotation, regions as Place inside their ancestors', async () => {
  const sources = (await json('/api/v1/sources')).items;
  for (const source of sources) {
    const work = await expand(source.url);
    const expected = source.publication?.zh === '浙江日报' ? 'NewsArticle' : source.title.zh.includes('报告') ? 'Report' : 'CreativeWork';
    assert.deepEqual(work['@type'], [S + expected], source.id);
    assert.equal(one(work, 'name'), source.title.zh);
    assert.equal(one(work, 'datePublished'), source.date);
  }
  const figures = (await json('/api/v1/figures?limit=100')).items;
  for (const figure of figures) {
    const quotation = await expand(figure.url);
    assert.deepEqual(quotation['@type'], [S + 'Quotation']);
    assert.equal(one(quotation, 'text'), figure.citation.quote, 'the quote, verbatim');
    assert.equal(quotation[S + 'isPartOf'][0]['@id'], `${base}/api/v1/sources/${figure.citation.sourceId}`);
    assert.equal(one(quotation[S + 'about'][0], 'value'), figure.value);
  }
  let nested = 0;
  for (const region of await all('/api/v1/regions?limit=100')) {
    let place = await expand(region.url);
    assert.deepEqual(place['@type'], [S + 'AdministrativeArea']);
    const chain = [];
    while (place[S + 'containedInPlace']) { place = place[S + 'containedInPlace'][0]; chain.push(place['@id']); }
    assert.deepEqual(chain, region.ancestors.slice().reverse().map((a) => base + a.url), `${region.slug}: containedInPlace follows its ancestors`);
    nested += chain.length;
  }
  console.log(`# ${sources.length} sources, ${figures.length} figures and every region expanded (${nested} containedInPlace links)`);
});

test('the check does fail: a term schema.org does not have is refused', async () => {
  const document = await (await get('/api/v1/regions/ruian', 'application/ld+json')).json();
  document.containedInPlaceX = document.containedInPlace;
  await assert.rejects(jsonld.expand(document, { documentLoader, safe: true }));
});
