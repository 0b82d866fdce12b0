-- 0012: the search box's suggestions (GET /api/v1/search/suggest) from the first character, at a cost that does not grow
-- with the catalog (issue 14). The titles of samples, regions and reforms, indexed as search_fts indexes them, under a
-- rowid that is their suggestion order: (type: sample 0, region 1, reform 2) * 2^52 + length(title_zh) * 2^32 + the
-- search_docs id (SearchQueries.SuggestKey). FTS5 returns a MATCH's rows in rowid order, so the first ten rows of the
-- walk are the answer and the walk stops there, where search_fts gave every title match to sort (4,049 for 医 at 10^5).
-- prefix '1 2': a one- or two-letter word typed so far (c*, ch*) is one list in rowid order too, not a merge of every
-- word that starts so. Contentless (the texts are search_fts's) and deletable by rowid; the row's search_docs id is the
-- rowid's low 32 bits. (Not contentless_unindexed = 1 for an id column: DROP TABLE leaves its _content table behind.)
-- Derived, like the rest of the index: written by Search/SearchIndexBuilder, and the migration's rebuild fills it.
CREATE VIRTUAL TABLE search_suggest USING fts5 (
    zh_title_bi, zh_title_uni, en_title,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '1 2'
);
