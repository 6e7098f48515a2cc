-- 0007 legacy ledger import identity (issue 11 §2): an imported problem keeps the number (or 序号) it had in the
-- sheet as 原编号 and gets a number in this township's own sequence. import_key is the row's identity for
-- "already imported": 'no:<ledger number>' when the sheet had a real number, else 'fp:<fingerprint>' of
-- (unit, date found, normalised description).
ALTER TABLE problem ADD COLUMN original_no TEXT;
ALTER TABLE problem ADD COLUMN import_key TEXT;
CREATE INDEX ix_problem_import_key ON problem (import_key) WHERE import_key IS NOT NULL;
