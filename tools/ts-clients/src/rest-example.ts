// REST client generated from schema/openapi.json (openapi-typescript) and called with openapi-fetch:
// lists reforms, follows the cursor to the next page, and reads one practice sample.
// Run: API_URL=http://localhost:5080 node dist/rest-example.js
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/rest.js";

type Reform = components["schemas"]["ReformDto"];
type Sample = components["schemas"]["SampleDto"];

const client = createClient<paths>({ baseUrl: process.env.API_URL ?? "http://localhost:5080" });

const first = await client.GET("/api/v1/reforms", { params: { query: { region: "ruian", limit: 5, sort: "-startYear" } } });
if (!first.data) throw new Error(`listing reforms failed: ${first.response.status} ${JSON.stringify(first.error)}`);
// Members the document marks required are plain types here, not `T | undefined`: tsc --strict checks it.
const total: number = first.data.totalCount;
const next: string | null = first.data.next;
const names: string[] = first.data.items.map((r: Reform) => `${r.name.zh} (${r.startYear?.year ?? "year not given"})`);
console.log(`reforms in Rui'an: ${total}; first page: ${names.join("; ")}`);

if (next !== null) {
  const second = await client.GET("/api/v1/reforms", { params: { query: { region: "ruian", limit: 5, sort: "-startYear", cursor: next } } });
  if (!second.data) throw new Error(`second page failed: ${second.response.status}`);
  console.log(`second page: ${second.data.items.map((r) => r.slug).join(", ")}`);
  if (second.data.items.length === 0) throw new Error("the second page is empty although `next` was given");
}

const one = await client.GET("/api/v1/samples/{numberOrSlug}", { params: { path: { numberOrSlug: "2" } } });
if (!one.data) throw new Error(`reading sample 2 failed: ${one.response.status}`);
const sample: Sample = one.data;
const figure = sample.figures[0];
console.log(`sample ${sample.number}: ${sample.title.zh} — ${sample.figures.length} figures` +
  (figure ? `, e.g. ${figure.indicator.zh} ${figure.valueText}${figure.unit ?? ""} («${figure.citation.quote}»)` : ""));

const missing = await client.GET("/api/v1/samples/{numberOrSlug}", { params: { path: { numberOrSlug: "99" } } });
if (missing.response.status !== 404 || !missing.error) throw new Error("an unknown sample must be a 404 problem");
console.log(`unknown sample: ${missing.response.status} ${missing.error.title}`);
