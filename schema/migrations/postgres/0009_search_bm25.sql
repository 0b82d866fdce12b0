-- 0009: search ranks with FTS5's BM25 on PostgreSQL too (Search/PostgresMatch). The index holds the tokens SQLite's
-- FTS5 tokenizer makes of the six texts (Search/Fts5Text: Porter stems, unicode61 folding; not PostgreSQL's
-- 'english' configuration, whose Snowball stems differ), written by the index builder in the import's or the
-- write's transaction:
--   zh_bi, zh_uni, en   tsvectors of those tokens as given (title positions weight A, body positions weight D after a
--                       one-position gap, so that no phrase spans two texts), matched through their GIN indexes;
--   <text>_tokens       each text's tokens as ' t1  t2  t3 ' (every token between two spaces), where a phrase's
--                       occurrences are counted: BM25's term frequency, per text, as FTS5 counts it;
--   token_count         the row's tokens over all six texts: BM25's document length.
-- search_stats holds the two totals FTS5 keeps in its own shadow tables (rows, tokens: the average length).
DROP VIEW search_vocab;
ALTER TABLE search_fts DROP COLUMN zh_bi, DROP COLUMN zh_uni, DROP COLUMN en;
ALTER TABLE search_fts
    ADD COLUMN zh_bi  tsvector NOT NULL DEFAULT '',
    ADD COLUMN zh_uni tsvector NOT NULL DEFAULT '',
    ADD COLUMN en     tsvector NOT NULL DEFAULT '',
    ADD COLUMN zh_title_bi_tokens  TEXT NOT NULL DEFAULT '',
    ADD COLUMN zh_title_uni_tokens TEXT NOT NULL DEFAULT '',
    ADD COLUMN zh_body_bi_tokens   TEXT NOT NULL DEFAULT '',
    ADD COLUMN zh_body_uni_tokens  TEXT NOT NULL DEFAULT '',
    ADD COLUMN en_title_tokens     TEXT NOT NULL DEFAULT '',
    ADD COLUMN en_body_tokens      TEXT NOT NULL DEFAULT '',
    ADD COLUMN token_count         BIGINT NOT NULL DEFAULT 0;
CREATE INDEX search_fts_zh_bi ON search_fts USING GIN (zh_bi);
CREATE INDEX search_fts_zh_uni ON search_fts USING GIN (zh_uni);
CREATE INDEX search_fts_en ON search_fts USING GIN (en);
CREATE VIEW search_vocab AS SELECT word AS term, ndoc AS doc, nentry AS cnt FROM ts_stat('SELECT en FROM search_fts');

CREATE TABLE search_stats (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    docs   BIGINT NOT NULL,
    tokens BIGINT NOT NULL
);
INSERT INTO search_stats (id, docs, tokens) VALUES (1, 0, 0);
