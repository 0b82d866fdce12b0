-- 0006: partner agencies write to the catalog. Keys (hashed tokens), a revision per change with who,
-- when, why and what (before → after), a change feed in commit order, an audit log of every write and
-- refused write, and idempotency records. Existing rows are revision 1 (the seeds import); nothing is
-- rewritten. Plain SQL that PostgreSQL also runs (INTEGER PRIMARY KEY becomes an identity there).

ALTER TABLE sources ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reforms ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE figures ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
-- A figure is retracted, never deleted: lists and exports leave it out, its URL says by whom, when and why.
ALTER TABLE figures ADD COLUMN retracted_at TEXT;
ALTER TABLE figures ADD COLUMN retracted_by TEXT;
ALTER TABLE figures ADD COLUMN retraction_comment TEXT;
CREATE INDEX ix_figures_retracted ON figures (retracted_at) WHERE retracted_at IS NOT NULL;

-- token_hash: hex SHA-256 of the token (256 random bits); the token itself is shown once and never stored.
-- regions and scopes: JSON arrays of region slugs and scope names.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    token_prefix TEXT NOT NULL,
    regions      TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;

-- One row per change of a record. changes: JSON object {field: {"before": …, "after": …}}.
-- The seeds import is revision 1 of every record and has no row here.
CREATE TABLE revisions (
    id              INTEGER PRIMARY KEY,
    record_type     TEXT NOT NULL CHECK (record_type IN ('source', 'figure', 'reform')),
    record_key      TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'correct', 'retract')),
    created_at      TEXT NOT NULL,
    key_id          INTEGER REFERENCES api_keys (id),
    key_name        TEXT NOT NULL,
    comment         TEXT,
    changes         TEXT NOT NULL,
    dataset_version TEXT NOT NULL,
    UNIQUE (record_type, record_key, revision)
) STRICT;

-- The change feed: position = commit order. Every write first updates dataset_meta's version row,
-- which serialises writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: the row lock), so max(position) + 1
-- taken after it is the commit order on either database.
CREATE TABLE change_feed (
    position    INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL UNIQUE REFERENCES revisions (id)
) STRICT;

-- Every write and every refused write. status: the HTTP status answered.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    key_id      INTEGER,
    key_name    TEXT,
    method      TEXT NOT NULL,
    route       TEXT NOT NULL,
    status      INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('written', 'refused')),
    detail      TEXT,
    record_type TEXT,
    record_key  TEXT
) STRICT;
CREATE INDEX ix_audit_log_key ON audit_log (key_id, id);

-- A POST's Idempotency-Key: a retry with the same key and body gets the first answer, and nothing is written.
CREATE TABLE idempotency_keys (
    key_id          INTEGER NOT NULL REFERENCES api_keys (id),
    idempotency_key TEXT NOT NULL,
    route           TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status          INTEGER NOT NULL,
    location        TEXT,
    etag            TEXT,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
) STRICT;
