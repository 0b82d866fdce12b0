-- 0009: nothing to change on SQLite: FTS5 ranks with bm25() over its own index. PostgreSQL's 0009 gives its index
-- FTS5's tokens, term frequencies and document lengths so that it ranks with the same BM25 (the totals FTS5 keeps
-- in its shadow tables are PostgreSQL's search_stats).
SELECT 1;
