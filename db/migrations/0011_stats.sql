-- 0011 statistics (issue 15): the sources of §7 figures that had no records yet.
-- S3 走访群众/入户核实: households on an inspection (persons are inspection.people_contacted).
-- P1 群众满意度: a small register of 回访 / 满意度测评 (unit, date, respondents, satisfied).

ALTER TABLE inspection ADD COLUMN households_contacted INTEGER;

CREATE TABLE satisfaction_survey (
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
    unit_id TEXT REFERENCES unit (id),
    survey_date TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    problem_id TEXT,
    surveyor TEXT,
    note TEXT
);
CREATE INDEX ix_satisfaction_survey_change_seq ON satisfaction_survey (change_seq);
CREATE INDEX ix_satisfaction_survey_unit_id ON satisfaction_survey (unit_id);
CREATE INDEX ix_satisfaction_survey_survey_date ON satisfaction_survey (survey_date);

-- Statistics read problems by found, close-out and deadline dates (each a range of the period) and by status, with
-- the columns they break down by: narrow covering indexes on live rows keep every problem figure an index range scan
-- (services/stats); 销号/反弹 events by action and date.
CREATE INDEX ix_problem_stats ON problem (status, deadline, closed_date, found_date, unit_id, origin_site, category,
                                          problem_type, matter_id, money_recovered, rules_made, id)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_stats_found ON problem (found_date, status, unit_id, origin_site, category, problem_type,
                                                matter_id, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_stats_closed ON problem (closed_date, status, deadline, unit_id, origin_site, category,
                                                 problem_type, matter_id, money_recovered, rules_made, id)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_stats_deadline ON problem (deadline, status, closed_date, unit_id, origin_site, category,
                                                   problem_type, matter_id, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_problem_event_stats ON problem_event (action, on_date, problem_id) WHERE deleted_at IS NULL;
