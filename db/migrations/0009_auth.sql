-- 0009 auth: login state (failures, lockout, must-change), audit hash chain.
-- login_state is local bookkeeping (never synced). Audit entries get prev_hash/entry_hash: each entry's hash covers
-- the previous entry's hash, so a changed, removed or inserted entry breaks the chain (qingfeng audit verify).

CREATE TABLE login_state (
    user_id TEXT NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    must_change INTEGER NOT NULL DEFAULT 0,
    last_login_at TEXT
);

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;

-- Entries written before this migration are sealed into the chain once (their hash columns are set from NULL);
-- anything else stays refused.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.entry_hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.user_id IS NOT OLD.user_id
  OR NEW.user_name IS NOT OLD.user_name OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
  OR NEW.entity_id IS NOT OLD.entity_id OR NEW.summary IS NOT OLD.summary OR NEW.before_json IS NOT OLD.before_json
  OR NEW.after_json IS NOT OLD.after_json
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;
