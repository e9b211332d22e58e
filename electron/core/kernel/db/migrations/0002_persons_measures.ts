/** 0002: persons (一人一档) with search, measures with events and working groups, attachments. */
export default /* sql */ `
CREATE TABLE persons (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  former_names         TEXT NOT NULL DEFAULT '',
  name_pinyin          TEXT NOT NULL,
  name_initials        TEXT NOT NULL,
  id_number            TEXT NOT NULL UNIQUE,
  birth_date           TEXT NOT NULL,
  gender               TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  ethnicity            TEXT,
  phone                TEXT NOT NULL DEFAULT '',
  household_address    TEXT NOT NULL DEFAULT '',
  residence_address    TEXT NOT NULL DEFAULT '',
  education            TEXT,
  employment           TEXT,
  employer             TEXT NOT NULL DEFAULT '',
  marital_status       TEXT,
  family_contacts      TEXT NOT NULL DEFAULT '[]',
  drug_history         TEXT NOT NULL DEFAULT '{}',
  pregnant             INTEGER NOT NULL DEFAULT 0 CHECK (pregnant IN (0, 1)),
  breastfeeding_infant INTEGER NOT NULL DEFAULT 0 CHECK (breastfeeding_infant IN (0, 1)),
  staff_user_id        INTEGER REFERENCES users (id),
  notes                TEXT NOT NULL DEFAULT '',
  photo_attachment_id  INTEGER,
  current_measure_id   INTEGER,
  archived_at          TEXT,
  archived_reason      TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  created_by           TEXT,
  updated_by           TEXT
) STRICT;

CREATE INDEX persons_name ON persons (name);
CREATE INDEX persons_pinyin ON persons (name_pinyin);
CREATE INDEX persons_initials ON persons (name_initials);
CREATE INDEX persons_updated ON persons (archived_at, updated_at);
CREATE INDEX persons_staff ON persons (staff_user_id);
CREATE INDEX persons_current_measure ON persons (current_measure_id);

-- Substring search (ID and phone fragments, pinyin, names of 3+ characters) through a trigram index
-- kept in step with persons by triggers; shorter queries use the prefix indexes above.
CREATE VIRTUAL TABLE person_search USING fts5(
  name, name_pinyin, name_initials, id_number, phone,
  content = 'persons', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
  INSERT INTO person_search (rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.id_number, new.phone);
END;
CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
  INSERT INTO person_search (person_search, rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.id_number, old.phone);
END;
CREATE TRIGGER persons_search_update AFTER UPDATE OF name, name_pinyin, name_initials, id_number, phone ON persons BEGIN
  INSERT INTO person_search (person_search, rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.id_number, old.phone);
  INSERT INTO person_search (rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.id_number, new.phone);
END;

CREATE TABLE measures (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  kind               TEXT NOT NULL CHECK (kind IN ('community_detox', 'community_rehab')),
  decision_number    TEXT NOT NULL,
  decision_authority TEXT NOT NULL,
  decision_date      TEXT NOT NULL,
  delivery_date      TEXT NOT NULL,
  report_in_date     TEXT,
  term_months        INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 36),
  credited_days      INTEGER NOT NULL DEFAULT 0 CHECK (credited_days >= 0),
  status             TEXT NOT NULL CHECK (status IN ('pending_report', 'active', 'suspended', 'completed', 'terminated', 'transferred_out')),
  -- Planned end as of the last change (an open suspension keeps extending it day by day).
  planned_end        TEXT,
  ended_on           TEXT,
  notes              TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  created_by         TEXT
) STRICT;

CREATE INDEX measures_person ON measures (person_id);
CREATE INDEX measures_status ON measures (status, kind);
-- At most one running measure per person.
CREATE UNIQUE INDEX measures_one_open ON measures (person_id) WHERE status IN ('pending_report', 'active', 'suspended');

CREATE TABLE measure_events (
  id          INTEGER PRIMARY KEY,
  measure_id  INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  action      TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  date        TEXT NOT NULL,
  reason_code TEXT,
  reason      TEXT NOT NULL DEFAULT '',
  destination TEXT NOT NULL DEFAULT '',
  user_id     INTEGER,
  user_name   TEXT,
  created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX measure_events_measure ON measure_events (measure_id, date);

CREATE TABLE measure_group_members (
  id         INTEGER PRIMARY KEY,
  measure_id INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  role       TEXT NOT NULL,
  name       TEXT NOT NULL,
  phone      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX measure_group_members_measure ON measure_group_members (measure_id, position);

CREATE TABLE attachments (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
  filename   TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  data       BLOB NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT
) STRICT;

CREATE INDEX attachments_person ON attachments (person_id, created_at);
`;
