-- 0002 problems: problem ledger, rectification details, timeline, attachments, problem-type catalogue,
-- and the full-text search index shared by every ledger (search_doc + FTS5 trigram search_fts).

-- Catalogue: 小微权力 categories (kind '类别') and the problem typology (kind '问题类型', grp = its group).
CREATE TABLE problem_type (
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
    grp TEXT,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    note TEXT
);
CREATE INDEX ix_problem_type_change_seq ON problem_type (change_seq);
CREATE UNIQUE INDEX ux_problem_type_name ON problem_type (kind, name) WHERE deleted_at IS NULL;

-- A finding (DOMAIN §3.1 Problem) with its rectification (one per problem). matter_id, inspection_id,
-- inspection_item_id and doc_id point at tables of other modules: plain TEXT, no foreign key.
CREATE TABLE problem (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    no TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    unit_id TEXT REFERENCES unit (id),
    category TEXT,
    problem_type TEXT,
    description TEXT NOT NULL,
    basis_violated TEXT,
    amount_involved REAL,
    found_date TEXT NOT NULL,
    source TEXT NOT NULL,
    handling TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    matter_id TEXT,
    inspection_id TEXT,
    inspection_item_id TEXT,
    doc_id TEXT,
    doc_no TEXT,
    people_names TEXT,
    requirement TEXT,
    deadline TEXT,
    assigned_date TEXT,
    measures TEXT,
    progress_note TEXT,
    feedback_date TEXT,
    review_opinion TEXT,
    reviewer TEXT,
    review_date TEXT,
    money_recovered REAL,
    rules_made INTEGER,
    closed_date TEXT,
    revisit_due TEXT,
    revisit_date TEXT,
    revisit_result TEXT,
    relapse_count INTEGER NOT NULL,
    extension_count INTEGER NOT NULL,
    ended_reason TEXT,
    note TEXT
);
CREATE INDEX ix_problem_change_seq ON problem (change_seq);
CREATE UNIQUE INDEX ux_problem_no ON problem (origin_site, no) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_unit_id ON problem (unit_id);
CREATE INDEX ix_problem_matter_id ON problem (matter_id);
CREATE INDEX ix_problem_inspection_id ON problem (inspection_id);
-- List indexes (keyset paging and counts of live rows, see services/problem_query.py): partial on live rows,
-- expressions exactly as the queries write them.
CREATE INDEX ix_problem_status ON problem (status, deadline, unit_id, category, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_found_date ON problem (found_date, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_deadline ON problem (coalesce(deadline, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_year_seq ON problem (year, seq, no, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_updated_at ON problem (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_unit_sort ON problem (coalesce(unit_id, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_category ON problem (coalesce(category, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_revisit_due ON problem (revisit_due);

-- Responsible people of a problem (name kept as typed/snapshotted; person_id when in the registry).
CREATE TABLE problem_person (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    problem_id TEXT NOT NULL REFERENCES problem (id),
    person_id TEXT REFERENCES person (id),
    name TEXT NOT NULL,
    position TEXT,
    role TEXT NOT NULL
);
CREATE INDEX ix_problem_person_change_seq ON problem_person (change_seq);
CREATE INDEX ix_problem_person_problem_id ON problem_person (problem_id);
CREATE INDEX ix_problem_person_person_id ON problem_person (person_id);

-- Deadline history: the first deadline, every 延期 (reason, approver) and every reopening.
CREATE TABLE problem_deadline (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    problem_id TEXT NOT NULL REFERENCES problem (id),
    deadline TEXT NOT NULL,
    previous TEXT,
    set_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    working_days INTEGER,
    reason TEXT,
    approver TEXT
);
CREATE INDEX ix_problem_deadline_change_seq ON problem_deadline (change_seq);
CREATE INDEX ix_problem_deadline_problem_id ON problem_deadline (problem_id);

-- Milestones of 持续整改.
CREATE TABLE problem_milestone (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    problem_id TEXT NOT NULL REFERENCES problem (id),
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    due_date TEXT NOT NULL,
    done_date TEXT,
    note TEXT
);
CREATE INDEX ix_problem_milestone_change_seq ON problem_milestone (change_seq);
CREATE INDEX ix_problem_milestone_problem_id ON problem_milestone (problem_id);

-- Feedback received (整改反馈/回执/立行立改): date, measures; evidence = attachments owned by the entry.
CREATE TABLE problem_feedback (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    problem_id TEXT NOT NULL REFERENCES problem (id),
    feedback_date TEXT NOT NULL,
    measures TEXT NOT NULL,
    source TEXT NOT NULL,
    doc_id TEXT,
    received_by TEXT,
    note TEXT
);
CREATE INDEX ix_problem_feedback_change_seq ON problem_feedback (change_seq);
CREATE INDEX ix_problem_feedback_problem_id ON problem_feedback (problem_id);

-- Timeline: every transition with who, when, why.
CREATE TABLE problem_event (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    problem_id TEXT NOT NULL REFERENCES problem (id),
    at TEXT NOT NULL,
    on_date TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    details_json TEXT
);
CREATE INDEX ix_problem_event_change_seq ON problem_event (change_seq);
CREATE INDEX ix_problem_event_problem_id ON problem_event (problem_id);
CREATE INDEX ix_problem_event_at ON problem_event (at, change_seq, problem_id);

-- Photos, scans, PDFs attached to any record; content in the blob store (attachments/<sha[:2]>/<sha><ext>).
CREATE TABLE attachment (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    owner_entity TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    ext TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    taken_at TEXT,
    note TEXT
);
CREATE INDEX ix_attachment_change_seq ON attachment (change_seq);
CREATE INDEX ix_attachment_owner ON attachment (owner_entity, owner_id);
CREATE INDEX ix_attachment_sha256 ON attachment (sha256);

-- Search index (local, rebuildable): one row per searchable record, keyed by (entity, entity_id), maintained
-- by the services through desktop/core/store/fts.py. Any module may add its own entity ('problem', 'matter', 'talk' …).
CREATE TABLE search_doc (
    id INTEGER NOT NULL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_search_doc_entity ON search_doc (entity, entity_id);

CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_doc', content_rowid='id', tokenize='trigram');

CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;
