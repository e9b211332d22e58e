/** 0005: risk assessments (current level on the person), key-care categories, help plans and items, end of dynamic control. */
export default /* sql */ `
ALTER TABLE persons ADD COLUMN risk_level TEXT CHECK (risk_level IN ('high', 'medium', 'low'));
CREATE INDEX persons_risk ON persons (risk_level);

CREATE TABLE risk_assessments (
  id              INTEGER PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id      INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  date            TEXT NOT NULL,
  factors         TEXT NOT NULL,
  derived         TEXT NOT NULL,
  score           INTEGER NOT NULL,
  suggested_level TEXT NOT NULL CHECK (suggested_level IN ('high', 'medium', 'low')),
  level           TEXT NOT NULL CHECK (level IN ('high', 'medium', 'low')),
  override_reason TEXT NOT NULL DEFAULT '',
  notes           TEXT NOT NULL DEFAULT '',
  next_due_date   TEXT NOT NULL,
  assessor        TEXT,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX risk_assessments_person ON risk_assessments (person_id, date);
-- Deleting a measure sets these to NULL: the index keeps that (and snapshot replacement) fast.
CREATE INDEX risk_assessments_measure ON risk_assessments (measure_id);

CREATE TABLE care_flags (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  category   TEXT NOT NULL,
  since      TEXT NOT NULL,
  until      TEXT,
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT
) STRICT;
CREATE INDEX care_flags_person ON care_flags (person_id);
CREATE INDEX care_flags_category ON care_flags (category, until);

CREATE TABLE help_plans (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  needs         TEXT NOT NULL,
  needs_note    TEXT NOT NULL DEFAULT '',
  goals         TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by    TEXT,
  decided_on    TEXT,
  created_at    TEXT NOT NULL,
  created_by    TEXT
) STRICT;
CREATE INDEX help_plans_person ON help_plans (person_id);

CREATE TABLE help_items (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES help_plans (id) ON DELETE CASCADE,
  person_id    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  category     TEXT NOT NULL,
  department   TEXT NOT NULL,
  description  TEXT NOT NULL,
  planned_date TEXT,
  done_date    TEXT,
  outcome      TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX help_items_plan ON help_items (plan_id);
CREATE INDEX help_items_done ON help_items (done_date, category);

-- RR art. 7: dynamic control ends after three years clean; the file stays.
CREATE TABLE dynamic_control_decisions (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL UNIQUE REFERENCES persons (id) ON DELETE CASCADE,
  decided_on  TEXT NOT NULL,
  basis       TEXT NOT NULL,
  clean_since TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT
) STRICT;
`;
