-- Generated from schema/migrations by a test (UPDATE_CONTRACTS=1 dotnet test): the whole schema in one place.

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

CREATE TABLE captions (
    id        INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources (id),
    text      TEXT NOT NULL,
    kind      TEXT NOT NULL
) STRICT;

CREATE TABLE change_feed (
    position    INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL UNIQUE REFERENCES revisions (id)
) STRICT;

CREATE TABLE dataset_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE figures (
    id                  INTEGER PRIMARY KEY,
    key                 TEXT NOT NULL UNIQUE,
    subject_type        TEXT NOT NULL CHECK (subject_type IN ('sample', 'reform', 'region')),
    subject_key         TEXT NOT NULL,
    sample_number       INTEGER REFERENCES samples (number),
    reform_id           INTEGER REFERENCES reforms (id),
    region_slug         TEXT NOT NULL REFERENCES regions (slug),
    indicator_zh        TEXT NOT NULL,
    indicator_en        TEXT NOT NULL,
    value               REAL NOT NULL,
    value_text          TEXT NOT NULL,
    unit                TEXT,
    base_value          REAL NOT NULL,
    base_unit           TEXT,
    qualifier           TEXT NOT NULL,
    qualifier_text      TEXT,
    period              TEXT,
    year                INTEGER,
    period_inferred     INTEGER NOT NULL,
    period_basis        TEXT,
    baseline_value      REAL,
    baseline_value_text TEXT,
    baseline_unit       TEXT,
    baseline_period     TEXT,
    kind                TEXT NOT NULL,
    source_id           TEXT NOT NULL REFERENCES sources (id),
    quote               TEXT NOT NULL,
    quote_offset        INTEGER NOT NULL
, revision INTEGER NOT NULL DEFAULT 1, retracted_at TEXT, retracted_by TEXT, retraction_comment TEXT) STRICT;

CREATE TABLE firsts (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('sample', 'reform')),
    subject_key  TEXT NOT NULL,
    claim_zh     TEXT NOT NULL,
    scope        TEXT CHECK (scope IN ('national', 'provincial', 'municipal', 'county')), -- NULL: the text claims a first without saying where
    quote        TEXT NOT NULL,
    source_id    TEXT NOT NULL REFERENCES sources (id)
) STRICT;

CREATE TABLE honors (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    rank          INTEGER,
    year          INTEGER,
    year_inferred INTEGER NOT NULL,
    year_basis    TEXT,
    subject_type  TEXT,
    subject_key   TEXT,
    region_slug   TEXT NOT NULL REFERENCES regions (slug),
    source_id     TEXT NOT NULL REFERENCES sources (id),
    quote         TEXT NOT NULL,
    quote_offset  INTEGER NOT NULL
) STRICT;

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

CREATE TABLE milestones (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    date           TEXT NOT NULL,
    year           INTEGER NOT NULL,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('year', 'month', 'day')),
    date_inferred  INTEGER NOT NULL,
    date_basis     TEXT,
    title_zh       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    subject_type   TEXT,
    subject_key    TEXT,
    region_slug    TEXT NOT NULL REFERENCES regions (slug),
    source_id      TEXT NOT NULL REFERENCES sources (id),
    quote          TEXT NOT NULL,
    quote_offset   INTEGER NOT NULL
) STRICT;

CREATE TABLE record_documents (
    record_type TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (record_type, record_key)
) STRICT;

CREATE TABLE reform_samples (
    reform_id     INTEGER NOT NULL REFERENCES reforms (id),
    sample_number INTEGER NOT NULL REFERENCES samples (number),
    PRIMARY KEY (reform_id, sample_number)
) STRICT, WITHOUT ROWID;

CREATE TABLE reform_themes (
    reform_id  INTEGER NOT NULL REFERENCES reforms (id),
    theme_slug TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (reform_id, theme_slug)
) STRICT, WITHOUT ROWID;

CREATE TABLE reforms (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    name_zh             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    region_slug         TEXT NOT NULL REFERENCES regions (slug),
    start_year          INTEGER,
    start_year_inferred INTEGER NOT NULL,
    start_year_quote    TEXT,
    start_year_basis    TEXT,
    pilot_level         TEXT CHECK (pilot_level IN ('national', 'provincial', 'municipal')),
    pilot_level_quote   TEXT,
    themes_inferred     INTEGER NOT NULL,
    themes_basis        TEXT,
    description_zh      TEXT NOT NULL,
    description_en      TEXT NOT NULL,
    source_id           TEXT NOT NULL REFERENCES sources (id)
, revision INTEGER NOT NULL DEFAULT 1) STRICT;

CREATE TABLE regions (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    level       TEXT NOT NULL,
    parent_slug TEXT REFERENCES regions (slug),
    code        TEXT UNIQUE,
    path        TEXT NOT NULL UNIQUE
) STRICT;

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

CREATE TABLE sample_measures (
    sample_number INTEGER NOT NULL REFERENCES samples (number),
    position      INTEGER NOT NULL,
    text_zh       TEXT NOT NULL,
    text_en       TEXT NOT NULL,
    PRIMARY KEY (sample_number, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE sample_regions (
    sample_number INTEGER NOT NULL REFERENCES samples (number),
    region_slug   TEXT NOT NULL REFERENCES regions (slug),
    position      INTEGER NOT NULL,
    PRIMARY KEY (sample_number, region_slug)
) STRICT, WITHOUT ROWID;

CREATE TABLE samples (
    number         INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    title_zh       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    theme_slug     TEXT NOT NULL REFERENCES themes (slug),
    theme_inferred INTEGER NOT NULL,
    theme_basis    TEXT,
    summary_zh     TEXT NOT NULL,
    summary_en     TEXT NOT NULL,
    source_id      TEXT NOT NULL REFERENCES sources (id)
) STRICT;

CREATE TABLE schema_versions (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE search_aliases (
    joined TEXT PRIMARY KEY,
    phrase TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE search_doc_tags (
    tag    TEXT NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES search_docs (id),
    PRIMARY KEY (tag, doc_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    type     TEXT NOT NULL CHECK (type IN ('sample', 'reform', 'figure', 'region', 'milestone', 'honor', 'passage')),
    key      TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    url      TEXT NOT NULL,
    text_zh  TEXT NOT NULL,
    text_en  TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', evidence INTEGER NOT NULL DEFAULT 0 CHECK (evidence IN (0, 1)), detail TEXT NOT NULL DEFAULT '', en_title_spans TEXT, en_body_spans TEXT,
    UNIQUE (type, key)
) STRICT;

CREATE VIRTUAL TABLE search_fts USING fts5 (
    zh_title_bi, zh_title_uni, zh_body_bi, zh_body_uni, en_title, en_body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE 'search_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'search_fts_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3, c4, c5);

CREATE TABLE 'search_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'search_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'search_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE VIRTUAL TABLE search_suggest USING fts5 (
    zh_title_bi, zh_title_uni, en_title,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '1 2'
);

CREATE TABLE 'search_suggest_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'search_suggest_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'search_suggest_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

CREATE TABLE 'search_suggest_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE search_title_keys (
    key    TEXT NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES search_docs (id),
    PRIMARY KEY (key, doc_id)
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE search_vocab USING fts5vocab('search_fts', 'row');

CREATE TABLE sources (
    id              TEXT PRIMARY KEY,
    file            TEXT NOT NULL,
    original_name   TEXT NOT NULL,
    title_zh        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    publication_zh  TEXT,
    publication_en  TEXT,
    byline          TEXT,
    date            TEXT NOT NULL,
    date_precision  TEXT NOT NULL CHECK (date_precision IN ('year', 'month', 'day')),
    date_inferred   INTEGER NOT NULL,
    date_basis      TEXT,
    url             TEXT,
    sha256          TEXT NOT NULL,
    text            TEXT NOT NULL,
    text_normalized TEXT NOT NULL
, revision INTEGER NOT NULL DEFAULT 1) STRICT;

CREATE TABLE themes (
    slug     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('demonstration_area', 'gap'))
) STRICT;

CREATE INDEX ix_audit_log_key ON audit_log (key_id, id);

CREATE INDEX ix_figures_kind ON figures (kind, id);

CREATE INDEX ix_figures_reform ON figures (reform_id, id);

CREATE INDEX ix_figures_region ON figures (region_slug, id);

CREATE INDEX ix_figures_retracted ON figures (retracted_at) WHERE retracted_at IS NOT NULL;

CREATE INDEX ix_figures_sample ON figures (sample_number, id);

CREATE INDEX ix_figures_source ON figures (source_id, id);

CREATE INDEX ix_figures_year ON figures (year, id);

CREATE INDEX ix_firsts_subject ON firsts (subject_type, subject_key);

CREATE INDEX ix_honors_region ON honors (region_slug, id);

CREATE INDEX ix_honors_year ON honors (year, id);

CREATE INDEX ix_milestones_region ON milestones (region_slug, id);

CREATE INDEX ix_milestones_year ON milestones (year, id);

CREATE INDEX ix_reform_samples_sample ON reform_samples (sample_number, reform_id);

CREATE INDEX ix_reform_themes_theme ON reform_themes (theme_slug, reform_id);

CREATE INDEX ix_reforms_id_region_slug ON reforms (id, region_slug, slug);

CREATE INDEX ix_reforms_pilot_level ON reforms (pilot_level, id);

CREATE INDEX ix_reforms_region ON reforms (region_slug, id);

CREATE INDEX ix_reforms_source ON reforms (source_id, id);

CREATE INDEX ix_reforms_start_year ON reforms (start_year, id);

CREATE INDEX ix_regions_parent ON regions (parent_slug);

CREATE INDEX ix_sample_regions_region ON sample_regions (region_slug);

CREATE INDEX ix_samples_theme ON samples (theme_slug);

CREATE INDEX search_docs_id_subject ON search_docs (id, type, evidence, subject);

CREATE INDEX search_docs_subject ON search_docs (subject, evidence);

CREATE INDEX search_docs_type ON search_docs (type);
