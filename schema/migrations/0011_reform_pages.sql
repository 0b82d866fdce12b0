-- 0011: a reforms page in id order under a region, a theme or neither needs only each reform's id, region and slug (its
-- stored document is found by slug): this index holds them densely, where at 10^5 reforms a row fills much of a page of
-- the file and the reforms one page visits lie apart (issue 17). ReformQueries names it (INDEXED BY): SQLite's planner
-- would read each row by its rowid instead.
CREATE INDEX ix_reforms_id_region_slug ON reforms (id, region_slug, slug);
