-- 0003: search speed on large catalogs. search_docs rows hold whole texts (several pages each), so joining a
-- match to its row just to read its type read every matched text: 11 ms for 7,874 matches at 10^5 records.
-- These two small covering indexes give the type by id (ranking priors, facets) and the ids by type (type filter).
CREATE INDEX search_docs_id_type ON search_docs (id, type);
CREATE INDEX search_docs_type ON search_docs (type);
