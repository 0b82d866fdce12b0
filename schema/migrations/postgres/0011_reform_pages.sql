-- 0011: a reforms page in id order under a region, a theme or neither needs only each reform's id, region and slug (its
-- stored document is found by slug): this index holds them densely, so a page can be read by an index-only scan instead
-- of a heap fetch per reform (issue 17; SQLite's statement names its twin, PostgreSQL's planner weighs it by cost).
CREATE INDEX ix_reforms_id_region_slug ON reforms (id, region_slug, slug);
