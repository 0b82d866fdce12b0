-- 0006: the index's vocabulary (one row per token: Porter stems of the English words, CJK bigrams and
-- unigrams), read to correct a misspelt English word of a query (commisioner → commission…).
CREATE VIRTUAL TABLE search_vocab USING fts5vocab('search_fts', 'row');
