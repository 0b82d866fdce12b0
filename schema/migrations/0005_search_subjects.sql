-- 0005: search results grouped by subject. A figure, an event of a sample or reform, or a source passage is
-- evidence for its subject: the record a reader is looking for. Derived data like the rest of the index
-- (Search/SearchIndexBuilder rebuilds it after any migration).
-- subject:  'type:key' of the record this row stands for or is evidence for ('sample:7', 'reform:qiaojiale',
--           'region:ruian', 'source:wenzhou-ten-samples'); a record that is its own subject has its own reference.
-- evidence: 1 when the row is evidence for another record, 0 when it is the record.
-- detail:   what the evidence says in a few characters (a figure's value as written: 超300名).
ALTER TABLE search_docs ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN evidence INTEGER NOT NULL DEFAULT 0 CHECK (evidence IN (0, 1));
ALTER TABLE search_docs ADD COLUMN detail TEXT NOT NULL DEFAULT '';

-- Grouping reads type, subject and evidence of every match: covered, like 0003's index for the type.
DROP INDEX search_docs_id_type;
CREATE INDEX search_docs_id_subject ON search_docs (id, type, evidence, subject);
CREATE INDEX search_docs_subject ON search_docs (subject, evidence);
