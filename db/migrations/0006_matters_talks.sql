-- 0006 supervision matters (监督台账) with their target units, and talk records (谈话记录, first-form measures).
-- Problem counts per matter are derived from problem.matter_id, never stored here.
-- talk_record.problem_id is plain TEXT (no FK): problems live in migration 0002.

CREATE TABLE supervision_matter (
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
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    basis_doc TEXT,
    source_ref TEXT,
    lead_user_id TEXT REFERENCES app_user (id),
    lead_name TEXT,
    plan_start TEXT,
    plan_due TEXT,
    status TEXT NOT NULL,
    focus TEXT,
    method TEXT,
    summary TEXT,
    note TEXT
);
CREATE INDEX ix_supervision_matter_change_seq ON supervision_matter (change_seq);
CREATE INDEX ix_supervision_matter_plan_due ON supervision_matter (plan_due);
CREATE INDEX ix_supervision_matter_source_ref ON supervision_matter (source_ref);

CREATE TABLE matter_unit (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    matter_id TEXT NOT NULL REFERENCES supervision_matter (id),
    unit_id TEXT NOT NULL REFERENCES unit (id)
);
CREATE INDEX ix_matter_unit_change_seq ON matter_unit (change_seq);
CREATE INDEX ix_matter_unit_matter_id ON matter_unit (matter_id);
CREATE INDEX ix_matter_unit_unit_id ON matter_unit (unit_id);

CREATE TABLE talk_record (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    kind TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES person (id),
    talk_date TEXT NOT NULL,
    place TEXT,
    talker TEXT NOT NULL,
    recorder TEXT,
    reason TEXT NOT NULL,
    summary TEXT,
    response TEXT,
    follow_up TEXT,
    problem_id TEXT,
    approver TEXT,
    approval_date TEXT,
    form INTEGER NOT NULL,
    note TEXT
);
CREATE INDEX ix_talk_record_change_seq ON talk_record (change_seq);
CREATE INDEX ix_talk_record_person_id ON talk_record (person_id);
CREATE INDEX ix_talk_record_talk_date ON talk_record (talk_date);
CREATE INDEX ix_talk_record_problem_id ON talk_record (problem_id);
