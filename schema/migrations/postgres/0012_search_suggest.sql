-- 0012: the search box's suggestions (GET /api/v1/search/suggest) at a cost that does not grow with the catalog (issue
-- 14). The titles of samples, regions and reforms as search_fts's tsvectors hold them (the weight A positions), under
-- a key that is their suggestion order: (type: sample 0, region 1, reform 2) * 2^52 + length(title_zh) * 2^32 + the
-- search_docs id (SearchQueries.SuggestKey). A prefix typed so far matches many titles: the planner walks the key's
-- index and stops at the tenth match; a rare one is found through the GIN indexes and sorted. Derived, like the rest
-- of the index: written by Search/SearchIndexBuilder, and the migration's rebuild fills it.
CREATE TABLE search_suggest (
    rowid  BIGINT PRIMARY KEY, -- its low 32 bits are the search_docs id, as in SQLite's
    zh_bi  tsvector NOT NULL,
    zh_uni tsvector NOT NULL,
    en     tsvector NOT NULL
);
CREATE INDEX search_suggest_zh_bi ON search_suggest USING GIN (zh_bi);
CREATE INDEX search_suggest_zh_uni ON search_suggest USING GIN (zh_uni);
CREATE INDEX search_suggest_en ON search_suggest USING GIN (en);
-- The planner picks the walk or the GIN index by how common it thinks the typed token is; with the default statistics a
-- token missing from the most common elements (a title nobody has) was still taken as common enough to walk all 50,142
-- rows at 10^5 (29 ms). A longer list of common elements makes it look rare, found through GIN in 0.03 ms.
ALTER TABLE search_suggest ALTER COLUMN zh_bi SET STATISTICS 1000, ALTER COLUMN zh_uni SET STATISTICS 1000, ALTER COLUMN en SET STATISTICS 1000;
