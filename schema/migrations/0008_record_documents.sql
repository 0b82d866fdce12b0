-- 0008: each sample's and reform's JSON exactly as GET serves it now (issue 17), so a read on a cache
-- miss is one indexed lookup and a byte copy. Derived, like the search index: built at import,
-- re-import and migration, and kept current inside every partner write's transaction.
CREATE TABLE record_documents (
    record_type TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (record_type, record_key)
) STRICT;
