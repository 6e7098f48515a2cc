-- 0004 documents: issued letters/notices/proposals (文书), their links, rendered files and receipts.
-- DOMAIN §3.1 Document/Receipt, §3.3 state machine, §5.0 numbering (文号 assigned only at 签发).

CREATE TABLE document (
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
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    doc_prefix TEXT,
    doc_year INTEGER,
    doc_seq INTEGER,
    doc_no TEXT,
    addressee TEXT,
    cc TEXT,
    unit_id TEXT REFERENCES unit (id),
    person_id TEXT REFERENCES person (id),
    values_json TEXT NOT NULL,
    content_json TEXT,
    content_hash TEXT,
    version INTEGER NOT NULL,
    signer TEXT,
    sign_date TEXT,
    reply_required BOOLEAN NOT NULL,
    reply_due TEXT,
    delivered_date TEXT,
    delivered_to TEXT,
    reply_date TEXT,
    void_reason TEXT,
    voided_date TEXT,
    archived_date TEXT,
    batch_id TEXT,
    print_count INTEGER NOT NULL,
    font_note TEXT,
    note TEXT
);
CREATE INDEX ix_document_change_seq ON document (change_seq);
CREATE INDEX ix_document_kind ON document (kind);
CREATE INDEX ix_document_status ON document (status);
CREATE INDEX ix_document_unit_id ON document (unit_id);
-- a number is used at most once per site, prefix and year (voided and deleted documents keep theirs)
CREATE UNIQUE INDEX ux_document_number ON document (origin_site, doc_prefix, doc_year, doc_seq)
    WHERE doc_seq IS NOT NULL;

CREATE TABLE document_link (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    document_id TEXT NOT NULL REFERENCES document (id),
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE INDEX ix_document_link_change_seq ON document_link (change_seq);
CREATE INDEX ix_document_link_document_id ON document_link (document_id);
CREATE INDEX ix_document_link_target_id ON document_link (target_id);

CREATE TABLE document_file (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    document_id TEXT NOT NULL REFERENCES document (id),
    format TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_document_file_change_seq ON document_file (change_seq);
CREATE INDEX ix_document_file_document_id ON document_file (document_id);

CREATE TABLE receipt (
    id TEXT NOT NULL PRIMARY KEY,
    origin_site TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    change_seq INTEGER NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    document_id TEXT NOT NULL REFERENCES document (id),
    kind TEXT NOT NULL,
    received_by TEXT,
    received_date TEXT NOT NULL,
    reply_text TEXT,
    reply_doc_no TEXT,
    note TEXT
);
CREATE INDEX ix_receipt_change_seq ON receipt (change_seq);
CREATE INDEX ix_receipt_document_id ON receipt (document_id);
