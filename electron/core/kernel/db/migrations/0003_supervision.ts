/** 0003: drug tests, talks and visits, leave, unauthorized absences, violations, and the stored worklist. */
export default /* sql */ `
CREATE TABLE drug_tests (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id  INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  date        TEXT NOT NULL,
  sample      TEXT NOT NULL CHECK (sample IN ('urine', 'hair', 'saliva', 'blood')),
  mode        TEXT NOT NULL CHECK (mode IN ('on_site', 'lab')),
  result      TEXT NOT NULL CHECK (result IN ('negative', 'positive', 'refused', 'missed')),
  substances  TEXT NOT NULL DEFAULT '[]',
  unannounced INTEGER NOT NULL DEFAULT 0 CHECK (unannounced IN (0, 1)),
  tester      TEXT NOT NULL DEFAULT '',
  place       TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  created_by  TEXT
) STRICT;
CREATE INDEX drug_tests_person ON drug_tests (person_id, date);

CREATE TABLE contacts (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id   INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  date         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('face_to_face', 'home_visit', 'phone', 'video', 'group_activity')),
  staff        TEXT NOT NULL DEFAULT '',
  participants TEXT NOT NULL DEFAULT '',
  summary      TEXT NOT NULL,
  next_step    TEXT NOT NULL DEFAULT '',
  next_date    TEXT,
  created_at   TEXT NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX contacts_person ON contacts (person_id, date);

CREATE TABLE leaves (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id     INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  reason         TEXT NOT NULL,
  province       TEXT NOT NULL,
  city           TEXT NOT NULL DEFAULT '',
  county         TEXT NOT NULL DEFAULT '',
  address        TEXT NOT NULL DEFAULT '',
  start_date     TEXT NOT NULL,
  end_date       TEXT NOT NULL,
  days           INTEGER NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'registered', 'returned', 'cancelled')),
  decision_note  TEXT NOT NULL DEFAULT '',
  decided_by     TEXT,
  decided_on     TEXT,
  returned_on    TEXT,
  return_note    TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  created_by     TEXT
) STRICT;
CREATE INDEX leaves_person ON leaves (person_id, start_date);
CREATE INDEX leaves_open ON leaves (status, end_date);

CREATE TABLE absences (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id  INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  from_date   TEXT NOT NULL,
  to_date     TEXT,
  discovered  TEXT NOT NULL,
  leave_id    INTEGER REFERENCES leaves (id) ON DELETE SET NULL,
  notes       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  created_by  TEXT
) STRICT;
CREATE INDEX absences_person ON absences (person_id, from_date);

CREATE TABLE violations (
  id                    INTEGER PRIMARY KEY,
  person_id             INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id            INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  date                  TEXT NOT NULL,
  severity              TEXT NOT NULL CHECK (severity IN ('general', 'serious')),
  -- Set when the violation was proposed by a rule: which rule, which occurrence, which facts.
  rule_id               TEXT,
  rule_key              TEXT,
  rule_facts            TEXT,
  article               TEXT,
  description           TEXT NOT NULL,
  handling              TEXT NOT NULL DEFAULT '',
  warned_on             TEXT,
  reported_to_police_on TEXT,
  reported_to           TEXT NOT NULL DEFAULT '',
  created_at            TEXT NOT NULL,
  created_by            TEXT
) STRICT;
CREATE INDEX violations_person ON violations (person_id, date);
CREATE UNIQUE INDEX violations_rule_key ON violations (person_id, rule_key) WHERE rule_key IS NOT NULL;

-- The worklist, kept per person: re-evaluated whenever the person's records change, and again
-- on the day the rules say the answer can change by time alone (next_review_on).
CREATE TABLE alerts (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  rule_id    TEXT NOT NULL,
  severity   TEXT NOT NULL,
  key        TEXT NOT NULL,
  facts      TEXT NOT NULL,
  article    TEXT NOT NULL,
  due_date   TEXT
) STRICT;
CREATE INDEX alerts_rule ON alerts (rule_id, due_date);
CREATE INDEX alerts_person ON alerts (person_id);
CREATE UNIQUE INDEX alerts_key ON alerts (person_id, key);

CREATE TABLE alert_state (
  person_id      INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  evaluated_on   TEXT NOT NULL,
  next_review_on TEXT
) STRICT;
CREATE INDEX alert_state_review ON alert_state (next_review_on);

CREATE TABLE alert_dismissals (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER REFERENCES persons (id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  rule_id    TEXT NOT NULL,
  reason     TEXT NOT NULL,
  user_name  TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX alert_dismissals_key ON alert_dismissals (person_id, key);
`;
