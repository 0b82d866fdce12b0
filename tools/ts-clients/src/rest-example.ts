// REST client generated from schema/openapi.json (openapi-typescript) and called with openapi-fetch:
// lists reforms, follows the cursor to the next page, and reads one practice sample.
// Run: API_URL=http://localhost:5080 node dist/rest-example.js
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/rest.js";

type Reform = components["schemas"]["ReformDto"];
type Sample = components["schemas"]["SampleDto"];
type ReformSummary = components["schemas"]["ReformSummary"];

// A list answers full records (the default) or summaries (view=summary); the document says anyOf (an empty page is both), so a client narrows.
const isFull = (r: Reform | ReformSummary): r is Reform => "figures" in r;

const client = createClient<paths>({ baseUrl: process.env.API_URL ?? "http://localhost:5080" });

const first = await client.GET("/api/v1/reforms", { params: { query: { region: "ruian", limit: 5, sort: "-startYear" } } });
if (!first.data) throw new Error(`listing reforms failed: ${first.response.status} ${JSON.stringify(first.error)}`);
// Members the document marks required are plain types here, not `T | undefined`: tsc --strict checks it.
const total: number = first.data.totalCount;
const next: string | null = first.data.next;
const names: string[] = (first.data.items as (Reform | ReformSummary)[]).filter(isFull).map((r) => `${r.name.zh} (${r.startYear?.year ?? "year not given"})`);
if (names.length !== first.data.items.length) throw new Error("the default view is full records");
console.log(`reforms in Rui'an: ${total}; first page: ${names.join("; ")}`);

if (next !== null) {
  const second = await client.GET("/api/v1/reforms", { params: { query: { region: "ruian", limit: 5, sort: "-startYear", cursor: next } } });
  if (!second.data) throw new Error(`second page failed: ${second.response.status}`);
  console.log(`second page: ${second.data.items.map((r) => r.slug).join(", ")}`);
  if (second.data.items.length === 0) throw new Error("the second page is empty although `next` was given");
}

// view=summary: a page of a few fields per reform, each with the url of its full record.
const summaries = await client.GET("/api/v1/reforms", { params: { query: { region: "ruian", limit: 20, view: "summary" } } });
if (!summaries.data) throw new Error(`listing summaries failed: ${summaries.response.status}`);
const brief = (summaries.data.items as (Reform | ReformSummary)[]).filter((r) => !isFull(r)) as ReformSummary[];
if (brief.length !== summaries.data.items.length) throw new Error("view=summary answers summaries");
console.log(`summaries: ${brief.map((r) => `${r.slug} (${r.startYear ?? "-"}) -> ${r.url}`).slice(0, 3).join("; ")}`);

const one = await client.GET("/api/v1/samples/{numberOrSlug}", { params: { path: { numberOrSlug: "2" } } });
if (!one.data) throw new Error(`reading sample 2 failed: ${one.response.status}`);
const sample: Sample = one.data;
const figure = sample.figures[0];
console.log(`sample ${sample.number}: ${sample.title.zh} — ${sample.figures.length} figures` +
  (figure ? `, e.g. ${figure.indicator.zh} ${figure.valueText}${figure.unit ?? ""} («${figure.citation.quote}»)` : ""));

const missing = await client.GET("/api/v1/samples/{numberOrSlug}", { params: { path: { numberOrSlug: "99" } } });
if (missing.response.status !== 404 || !missing.error) throw new Error("an unknown sample must be a 404 problem");
console.log(`unknown sample: ${missing.response.status} ${missing.error.title}`);
