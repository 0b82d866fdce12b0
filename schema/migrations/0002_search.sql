-- 0002: the search index. Derived data only: Search/SearchIndexBuilder fills these tables from the
-- records inside the import's transaction (and after any migration), so they never drift from them.

-- One row per searchable record, with the texts shown in results (captions never enter them).
CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    type     TEXT NOT NULL CHECK (type IN ('sample', 'reform', 'figure', 'region', 'milestone', 'honor', 'passage')),
    key      TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    url      TEXT NOT NULL,
    text_zh  TEXT NOT NULL,
    text_en  TEXT NOT NULL,
    UNIQUE (type, key)
) STRICT;

-- Filter tags: 'theme:<slug>', 'region:<path>' (a county's prefix covers its towns), 'sample:<n>', 'year:<yyyy>'.
CREATE TABLE search_doc_tags (
    tag    TEXT NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES search_docs (id),
    PRIMARY KEY (tag, doc_id)
) STRICT, WITHOUT ROWID;

-- A record's names reduced to letters (瑞安市, 瑞安, ruian): a query that is exactly a record's name ranks it
-- first (the place 瑞安 before the reforms that mention it in their titles).
CREATE TABLE search_title_keys (
    key    TEXT NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES search_docs (id),
    PRIMARY KEY (key, doc_id)
) STRICT, WITHOUT ROWID;

-- Pinyin written with an apostrophe (Rui'an) is indexed as two tokens; a query typed without it (ruian)
-- is expanded to the phrase through this table, which holds every such word of the English texts.
CREATE TABLE search_aliases (
    joined TEXT PRIMARY KEY,
    phrase TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- rowid = search_docs.id. zh_*_bi hold the Chinese text as space-separated character bigrams (a run of
-- one character stays a unigram; Latin words and numbers in the Chinese text keep their place), zh_*_uni
-- the same text as unigrams for one-character queries; en_* hold the English text as written. One
-- tokenizer serves all: unicode61 keeps each generated CJK token whole, porter stems the English words.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    zh_title_bi, zh_title_uni, zh_body_bi, zh_body_uni, en_title, en_body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- BM25 with titles weighted 10: a record whose title holds the term ranks above one that mentions it.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 10.0, 1.0, 1.0, 10.0, 1.0)');
