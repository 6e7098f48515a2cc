-- 0003 checks: 两清单 (checklists with versioned items), inspections of units with per-item results
-- (photos are attachment rows with owner_entity 'inspection_item'),
-- and the inspection plan per period. Owned by issue 5; see desktop/core/models/checks.py.

CREATE TABLE checklist (
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
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    source_doc TEXT,
    issued_by TEXT,
    status TEXT NOT NULL,
    read_only INTEGER NOT NULL,
    note TEXT
);
CREATE INDEX ix_checklist_change_seq ON checklist (change_seq);

CREATE TABLE checklist_item (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    checklist_id TEXT NOT NULL REFERENCES checklist (id),
    lineage_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current INTEGER NOT NULL,
    status TEXT NOT NULL,
    code TEXT NOT NULL,
    category TEXT NOT NULL,
    subject TEXT NOT NULL,
    check_points TEXT NOT NULL,
    basis TEXT,
    method_hint TEXT,
    frequency TEXT,
    applies_to TEXT,
    weight REAL,
    problem_type TEXT,
    sort_order INTEGER NOT NULL
);
CREATE INDEX ix_checklist_item_change_seq ON checklist_item (change_seq);
CREATE INDEX ix_checklist_item_checklist_id ON checklist_item (checklist_id);
CREATE INDEX ix_checklist_item_lineage_id ON checklist_item (lineage_id);

CREATE TABLE inspection (
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
    date TEXT NOT NULL,
    matter_id TEXT,
    inspectors TEXT NOT NULL,
    methods TEXT NOT NULL,
    people_contacted INTEGER,
    contacted_note TEXT,
    summary TEXT,
    status TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX ix_inspection_change_seq ON inspection (change_seq);
CREATE INDEX ix_inspection_date ON inspection (date);

CREATE TABLE inspection_unit (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    inspection_id TEXT NOT NULL REFERENCES inspection (id),
    unit_id TEXT NOT NULL REFERENCES unit (id)
);
CREATE INDEX ix_inspection_unit_change_seq ON inspection_unit (change_seq);
CREATE INDEX ix_inspection_unit_inspection_id ON inspection_unit (inspection_id);
CREATE INDEX ix_inspection_unit_unit_id ON inspection_unit (unit_id);

CREATE TABLE inspection_item (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    inspection_id TEXT NOT NULL REFERENCES inspection (id),
    item_id TEXT NOT NULL REFERENCES checklist_item (id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    category TEXT NOT NULL,
    subject TEXT NOT NULL,
    check_points TEXT NOT NULL,
    weight REAL NOT NULL,
    problem_type TEXT,
    result TEXT,
    note TEXT,
    unit_id TEXT REFERENCES unit (id),
    problem_id TEXT
);
CREATE INDEX ix_inspection_item_change_seq ON inspection_item (change_seq);
CREATE INDEX ix_inspection_item_inspection_id ON inspection_item (inspection_id);
CREATE INDEX ix_inspection_item_item_id ON inspection_item (item_id);
CREATE INDEX ix_inspection_item_unit_id ON inspection_item (unit_id);

CREATE TABLE inspection_plan (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES unit (id),
    due_date TEXT,
    assignees TEXT,
    rule TEXT,
    note TEXT
);
CREATE INDEX ix_inspection_plan_change_seq ON inspection_plan (change_seq);
CREATE INDEX ix_inspection_plan_period ON inspection_plan (period);
CREATE INDEX ix_inspection_plan_unit_id ON inspection_plan (unit_id);
