-- 0005 sync: keys, registered sites, export and import ledgers (local bookkeeping, never synced),
-- and the two business tables of the downward channel: 派单 tasks (district-owned) and their
-- progress reports (township-owned). Also widens app_user's unique login to one per site, so the district
-- can hold the (password-less) user lists of all its townships.

CREATE TABLE sync_key (
    kind TEXT NOT NULL PRIMARY KEY,
    site_code TEXT NOT NULL,
    site_name TEXT NOT NULL,
    ed25519_public TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    secret TEXT NOT NULL,
    protected BOOLEAN NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sync_peer (
    site_code TEXT NOT NULL PRIMARY KEY,
    role TEXT NOT NULL,
    site_name TEXT NOT NULL,
    ed25519_public TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    registered_by TEXT,
    how TEXT NOT NULL,
    active BOOLEAN NOT NULL
);

CREATE TABLE sync_export (
    package_id TEXT NOT NULL PRIMARY KEY,
    direction TEXT NOT NULL,
    target_code TEXT NOT NULL,
    package_no INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    seq_from INTEGER NOT NULL,
    seq_to INTEGER NOT NULL,
    full_snapshot BOOLEAN NOT NULL,
    catalogue_version INTEGER,
    sensitive BOOLEAN NOT NULL,
    counts_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT
);
CREATE INDEX ix_sync_export_target_code ON sync_export (target_code);

CREATE TABLE sync_import (
    package_id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    source_code TEXT NOT NULL,
    package_no INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    seq_from INTEGER NOT NULL,
    seq_to INTEGER NOT NULL,
    full_snapshot BOOLEAN NOT NULL,
    catalogue_version INTEGER,
    package_created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT,
    counts_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    warnings TEXT
);
CREATE INDEX ix_sync_import_source_code ON sync_import (source_code);
CREATE INDEX ix_sync_import_file_sha256 ON sync_import (file_sha256);

CREATE TABLE dispatch_task (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    title TEXT NOT NULL,
    content TEXT,
    deadline TEXT,
    target_sites TEXT,
    issued_on TEXT NOT NULL,
    note TEXT
);
CREATE INDEX ix_dispatch_task_change_seq ON dispatch_task (change_seq);

CREATE TABLE task_report (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    task_id TEXT NOT NULL REFERENCES dispatch_task (id),
    status TEXT NOT NULL,
    progress TEXT,
    matter_id TEXT,
    reported_on TEXT
);
CREATE INDEX ix_task_report_change_seq ON task_report (change_seq);
CREATE INDEX ix_task_report_task_id ON task_report (task_id);
CREATE UNIQUE INDEX ux_task_report_site_task ON task_report (origin_site, task_id) WHERE deleted_at IS NULL;

DROP INDEX ux_app_user_login;
CREATE UNIQUE INDEX ux_app_user_login ON app_user (origin_site, login_name) WHERE deleted_at IS NULL;

-- The district holds every township's copy of the editable catalogue: names are unique per site.
DROP INDEX ux_problem_type_name;
CREATE UNIQUE INDEX ux_problem_type_name ON problem_type (origin_site, kind, name) WHERE deleted_at IS NULL;
