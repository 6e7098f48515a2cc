-- 0010 问题线索与案件: leads (case_lead) with their reporter (case_reporter, kept apart), persons (case_person),
-- disposals (case_disposal); cases (case_file), measures per person (case_measure: sanctions, 组织处理, 问责 …),
-- money (case_money, integer 元); the 建章立制 register (case_rule), the 通报 register (case_bulletin) and the
-- month figure snapshot without names (case_figure) that the ordinary package carries.
-- Links to problems, documents and cases are plain TEXT ids (other aggregates).

CREATE TABLE case_bulletin (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    year INTEGER NOT NULL,
    issue_no INTEGER NOT NULL,
    title TEXT NOT NULL,
    topic TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    cases_count INTEGER NOT NULL,
    persons_count INTEGER NOT NULL,
    case_ids TEXT,
    problem_ids TEXT,
    document_id TEXT,
    note TEXT
);
CREATE INDEX ix_case_bulletin_change_seq ON case_bulletin (change_seq);
CREATE INDEX ix_case_bulletin_issue_date ON case_bulletin (issue_date);

CREATE TABLE case_figure (
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
    figures_json TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE INDEX ix_case_figure_change_seq ON case_figure (change_seq);
CREATE INDEX ix_case_figure_period ON case_figure (period);

CREATE TABLE case_file (
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
    lead_id TEXT,
    problem_id TEXT,
    opened_date TEXT NOT NULL,
    open_decision TEXT NOT NULL,
    approver TEXT NOT NULL,
    summary TEXT NOT NULL,
    category TEXT,
    topic TEXT,
    status TEXT NOT NULL,
    complex_case INTEGER NOT NULL,
    review_sent_date TEXT,
    review_body TEXT,
    review_opinion TEXT,
    review_date TEXT,
    closed_date TEXT,
    close_result TEXT,
    note TEXT
);
CREATE INDEX ix_case_file_change_seq ON case_file (change_seq);
CREATE INDEX ix_case_file_closed_date ON case_file (closed_date);
CREATE INDEX ix_case_file_lead_id ON case_file (lead_id);
CREATE INDEX ix_case_file_no ON case_file (no);
CREATE INDEX ix_case_file_opened_date ON case_file (opened_date);
CREATE INDEX ix_case_file_problem_id ON case_file (problem_id);

CREATE TABLE case_lead (
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
    received_date TEXT NOT NULL,
    source TEXT NOT NULL,
    summary TEXT NOT NULL,
    category TEXT,
    topic TEXT,
    problem_id TEXT,
    status TEXT NOT NULL,
    route TEXT,
    due_date TEXT,
    case_id TEXT,
    note TEXT
);
CREATE INDEX ix_case_lead_change_seq ON case_lead (change_seq);
CREATE INDEX ix_case_lead_no ON case_lead (no);
CREATE INDEX ix_case_lead_problem_id ON case_lead (problem_id);
CREATE INDEX ix_case_lead_received_date ON case_lead (received_date);

CREATE TABLE case_measure (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    case_id TEXT,
    lead_id TEXT,
    problem_id TEXT,
    case_person_id TEXT,
    person_id TEXT,
    name TEXT NOT NULL,
    unit_name TEXT,
    rank TEXT,
    family TEXT NOT NULL,
    kind TEXT NOT NULL,
    measure_date TEXT NOT NULL,
    approving_body TEXT NOT NULL,
    approval_date TEXT,
    approval_ref TEXT,
    duty TEXT,
    form INTEGER NOT NULL,
    note TEXT
);
CREATE INDEX ix_case_measure_change_seq ON case_measure (change_seq);
CREATE INDEX ix_case_measure_case_id ON case_measure (case_id);
CREATE INDEX ix_case_measure_lead_id ON case_measure (lead_id);
CREATE INDEX ix_case_measure_measure_date ON case_measure (measure_date);
CREATE INDEX ix_case_measure_person_id ON case_measure (person_id);

CREATE TABLE case_money (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    case_id TEXT,
    lead_id TEXT,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL,
    money_date TEXT NOT NULL,
    payer TEXT,
    note TEXT
);
CREATE INDEX ix_case_money_change_seq ON case_money (change_seq);
CREATE INDEX ix_case_money_case_id ON case_money (case_id);
CREATE INDEX ix_case_money_money_date ON case_money (money_date);

CREATE TABLE case_disposal (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    lead_id TEXT NOT NULL REFERENCES case_lead (id),
    route TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    participants TEXT NOT NULL,
    approver TEXT NOT NULL,
    due_date TEXT,
    result TEXT,
    result_date TEXT,
    clarified INTEGER NOT NULL,
    documents TEXT,
    forwarded_to TEXT,
    note TEXT
);
CREATE INDEX ix_case_disposal_change_seq ON case_disposal (change_seq);
CREATE INDEX ix_case_disposal_due_date ON case_disposal (due_date);
CREATE INDEX ix_case_disposal_lead_id ON case_disposal (lead_id);

CREATE TABLE case_reporter (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    lead_id TEXT NOT NULL REFERENCES case_lead (id),
    kind TEXT NOT NULL,
    name TEXT,
    contact TEXT,
    released INTEGER NOT NULL,
    released_by TEXT,
    released_at TEXT
);
CREATE INDEX ix_case_reporter_change_seq ON case_reporter (change_seq);
CREATE INDEX ix_case_reporter_lead_id ON case_reporter (lead_id);

CREATE TABLE case_rule (
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
    unit_id TEXT REFERENCES unit (id),
    unit_name TEXT,
    adopted_date TEXT NOT NULL,
    case_id TEXT,
    problem_id TEXT,
    note TEXT
);
CREATE INDEX ix_case_rule_change_seq ON case_rule (change_seq);
CREATE INDEX ix_case_rule_adopted_date ON case_rule (adopted_date);

CREATE TABLE case_person (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    owner TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    person_id TEXT REFERENCES person (id),
    name TEXT NOT NULL,
    unit_id TEXT REFERENCES unit (id),
    unit_name TEXT,
    position TEXT,
    rank TEXT,
    party_member INTEGER NOT NULL,
    came_forward INTEGER NOT NULL
);
CREATE INDEX ix_case_person_change_seq ON case_person (change_seq);
CREATE INDEX ix_case_person_owner_id ON case_person (owner_id);
CREATE INDEX ix_case_person_person_id ON case_person (person_id);

