// Reads every record's citation back with citation-js, a real consumer of CSL-JSON, BibTeX and RIS,
// and checks that title, authors, date (with its precision), publication, URL and access date
// survive each format, Chinese intact, against what the API itself says about the record and its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { base, get, json, all } from './api.mjs';

const today = new Date().toISOString().slice(0, 10).split('-').map(Number);
const sources = new Map((await json('/api/v1/sources')).items.map((s) => [s.id, s]));
// The permanent URL is pinned to the dataset version the citation was read at.
const version = (await json('/api/v1')).datasetVersion;

async function records() {
  const list = [];
  for (const s of sources.values()) list.push({ path: s.url, source: s });
  for (const s of await all('/api/v1/samples?limit=100')) list.push({ path: s.url, source: sources.get(s.sources[0].id) });
  for (const r of await all('/api/v1/reforms?limit=100')) list.push({ path: r.url, source: sources.get(r.sources[0].id) });
  for (const f of await all('/api/v1/figures?limit=100')) list.push({ path: f.url, source: sources.get(f.citation.sourceId), quote: f.citation.quote });
  return list;
}

const name = (n) => (typeof n === 'string' ? n : n.literal ?? [n.family, n.given].filter(Boolean).join(''));

/** What citation-js read, reduced to the fields every format must carry. */
function essentials(item) {
  return {
    title: item.title,
    authors: (item.author ?? item.reporter ?? []).map(name),
    issued: item.issued?.['date-parts']?.[0],
    publication: item['container-title'] ?? item.publisher ?? null,
    URL: item.URL,
    accessed: item.accessed?.['date-parts']?.[0],
  };
}

async function read(path, format, mediaType) {
  const response = await get(`${path}/citation?format=${format}`);
  assert.equal(response.headers.get('content-type'), `${mediaType}; charset=utf-8`, `${path} ${format}`);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await response.arrayBuffer()); // must be valid UTF-8
  const data = (await Cite.async(text)).data;
  assert.equal(data.length, 1, `${path} ${format}: one item`);
  return { text, item: data[0] };
}

const list = await records();
const counts = { records: list.length, csl: 0, bibtex: 0, ris: 0 };

test(`citation-js reads back every record's citation (${list.length} records) in CSL-JSON, BibTeX and RIS`, async () => {
  assert.ok(list.length > 500, `every record: ${list.length}`);
  for (const { path, source, quote } of list) {
    const expected = {
      title: source.title.zh,
      issued: source.date.split('-').map(Number),
      publication: source.publication?.zh ?? null,
      URL: `${base}${path}?version=${version}`,
      accessed: today,
    };
    const formats = {
      csl: await read(path, 'csl', 'application/vnd.citationstyles.csl+json'),
      bibtex: await read(path, 'bibtex', 'application/x-bibtex'),
      ris: await read(path, 'ris', 'application/x-research-info-systems'),
    };
    const cslAuthors = essentials(formats.csl.item).authors;
    // The authors are the byline's people, in its order (the byline also holds their roles).
    assert.ok(cslAuthors.length > 0, `${path}: authors`);
    let at = 0;
    for (const author of cslAuthors) {
      const found = source.byline.indexOf(author, at);
      assert.ok(found >= 0, `${path}: ${author} is in the byline ${source.byline}, in order`);
      at = found + author.length;
    }
    for (const [format, { item }] of Object.entries(formats)) {
      const got = essentials(item);
      assert.deepEqual(got, { ...expected, authors: cslAuthors }, `${path} as ${format}`);
      if (quote) assert.ok(item.note?.includes(`“${quote}”`), `${path} as ${format}: the quote, verbatim, in the note`);
      counts[format]++;
    }
  }
  console.log(`# citation-js read ${counts.csl} CSL-JSON, ${counts.bibtex} BibTeX and ${counts.ris} RIS citations of ${counts.records} records back unchanged`);
});

test('BibTeX escapes survive: a figure whose note holds BibTeX special characters reads back verbatim', async () => {
  // Find a figure whose quote has %, &, # or _ (BibTeX markup), if the catalog has one; else every quote must still survive.
  const figures = list.filter((r) => r.quote && /[%&#_$]/.test(r.quote));
  for (const { path, quote } of figures.slice(0, 20)) {
    const { text, item } = await read(path, 'bibtex', 'application/x-bibtex');
    assert.ok(item.note.includes(quote), `${path}: ${quote}`);
    assert.match(text, /\\[%&#_$]/, `${path}: escaped in the BibTeX text`);
  }
  console.log(`# ${figures.length} figure quotes hold BibTeX special characters; checked ${Math.min(20, figures.length)}`);
});
