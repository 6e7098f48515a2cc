-- 0001 foundation: organisation, users, registry of units and people, audit log, change counter.
-- Every business table carries the sync columns (id … updated_by); see desktop/core/models/base.py.

CREATE TABLE change_counter (
    id INTEGER NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE app_setting (
    "key" TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE org_profile (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    role TEXT NOT NULL,
    site_code TEXT NOT NULL,
    site_name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    office_name TEXT,
    capacities TEXT NOT NULL,
    contact_person TEXT,
    contact_phone TEXT,
    secretary_name TEXT,
    district_name TEXT
);
CREATE INDEX ix_org_profile_change_seq ON org_profile (change_seq);

CREATE TABLE app_user (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    display_name TEXT NOT NULL,
    login_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    active BOOLEAN NOT NULL
);
CREATE INDEX ix_app_user_change_seq ON app_user (change_seq);
CREATE UNIQUE INDEX ux_app_user_login ON app_user (login_name) WHERE deleted_at IS NULL;

CREATE TABLE unit (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    name TEXT NOT NULL,
    short_name TEXT,
    type TEXT NOT NULL,
    parent_id TEXT REFERENCES unit (id),
    admin_code TEXT,
    population INTEGER,
    households INTEGER,
    is_key_village BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL,
    note TEXT
);
CREATE INDEX ix_unit_change_seq ON unit (change_seq);
CREATE UNIQUE INDEX ux_unit_parent_name ON unit (origin_site, ifnull(parent_id, ''), name) WHERE deleted_at IS NULL;

CREATE TABLE person (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    name TEXT NOT NULL,
    gender TEXT,
    unit_id TEXT REFERENCES unit (id),
    position TEXT,
    party_member BOOLEAN NOT NULL,
    is_supervision_target BOOLEAN NOT NULL,
    term_start TEXT,
    term_end TEXT,
    phone TEXT,
    id_no TEXT,
    active BOOLEAN NOT NULL,
    note TEXT
);
CREATE INDEX ix_person_change_seq ON person (change_seq);
CREATE INDEX ix_person_unit_id ON person (unit_id);

CREATE TABLE person_post (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    person_id TEXT NOT NULL REFERENCES person (id),
    unit_id TEXT REFERENCES unit (id),
    position TEXT,
    start_date TEXT,
    end_date TEXT,
    note TEXT
);
CREATE INDEX ix_person_post_person_id ON person_post (person_id);
CREATE INDEX ix_person_post_change_seq ON person_post (change_seq);

CREATE TABLE audit_log (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    summary TEXT,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX ix_audit_log_entity_id ON audit_log (entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;
