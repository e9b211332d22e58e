/**
 * 0004: export bundles (BUNDLE.md). The database's own keys; the registry of stations and the
 * log of every import (supervisor, or a station receiving a transfer); the recipients a station
 * sends to and what it sent; the figures of stats bundles.
 *
 * Persons gain where an imported file came from (origin_station NULL = this database's own
 * file). A supervisor holds the files of many stations, and the same person can be in two of
 * them (transferred from one to the other), so the ID number is unique among own files only.
 * SQLite cannot drop a UNIQUE column constraint, so persons is rebuilt. Foreign keys are on
 * during migrations, and dropping persons would delete every child row through ON DELETE
 * CASCADE: the child tables are kept aside and put back, with the same ids, all in the
 * migration's one transaction. The guard first checks that persons and the tables referring to
 * it are exactly those of 0002–0003 (this must run before any later migration touches them).
 */
const childTables = [
  'measures',
  'measure_events',
  'measure_group_members',
  'attachments',
  'drug_tests',
  'contacts',
  'leaves',
  'absences',
  'violations',
  'alerts',
  'alert_state',
  'alert_dismissals',
];
const personChildren = childTables.filter((t) => !['measure_events', 'measure_group_members'].includes(t));

const personColumns = `id, name, former_names, name_pinyin, name_initials, id_number, birth_date, gender, ethnicity, phone,
  household_address, residence_address, education, employment, employer, marital_status, family_contacts, drug_history,
  pregnant, breastfeeding_infant, staff_user_id, notes, photo_attachment_id, current_measure_id, archived_at, archived_reason,
  created_at, updated_at, created_by, updated_by`;

export default /* sql */ `
CREATE TABLE _m4_guard (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO _m4_guard (ok) SELECT
  (SELECT count(*) FROM pragma_table_info('persons')) = 30
  AND (SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_list(s.name) f
       WHERE s.type = 'table' AND f."table" = 'persons'
         AND s.name NOT IN (${personChildren.map((t) => `'${t}'`).join(', ')})) = 0;
DROP TABLE _m4_guard;

CREATE TABLE persons_new (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  former_names         TEXT NOT NULL DEFAULT '',
  name_pinyin          TEXT NOT NULL,
  name_initials        TEXT NOT NULL,
  id_number            TEXT NOT NULL,
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
  updated_by           TEXT,
  -- Imported files: the sending station's code, the person's id there, their staff member's name.
  origin_station       TEXT,
  origin_person_id     INTEGER,
  origin_staff_name    TEXT,
  CHECK ((origin_station IS NULL) = (origin_person_id IS NULL))
) STRICT;
INSERT INTO persons_new (${personColumns}) SELECT ${personColumns} FROM persons;

${childTables.map((t) => `CREATE TABLE _m4_${t} AS SELECT * FROM ${t};`).join('\n')}
DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;
${childTables.map((t) => `INSERT INTO ${t} SELECT * FROM _m4_${t};\nDROP TABLE _m4_${t};`).join('\n')}

CREATE INDEX persons_name ON persons (name);
CREATE INDEX persons_pinyin ON persons (name_pinyin);
CREATE INDEX persons_initials ON persons (name_initials);
CREATE INDEX persons_updated ON persons (archived_at, updated_at);
CREATE INDEX persons_staff ON persons (staff_user_id);
CREATE INDEX persons_current_measure ON persons (current_measure_id);
CREATE INDEX persons_id_number ON persons (id_number);
-- One file per person (一人一档) among this database's own files, and within each station's snapshot.
CREATE UNIQUE INDEX persons_id_number_own ON persons (id_number) WHERE origin_station IS NULL;
CREATE UNIQUE INDEX persons_origin ON persons (origin_station, origin_person_id) WHERE origin_station IS NOT NULL;
CREATE UNIQUE INDEX persons_origin_id_number ON persons (origin_station, id_number) WHERE origin_station IS NOT NULL;

-- Foreign keys to measures and leaves get indexes: deleting a snapshot (or purging a file) sets
-- these columns to NULL row by row, and without an index each deleted measure scans the table.
CREATE INDEX drug_tests_measure ON drug_tests (measure_id);
CREATE INDEX contacts_measure ON contacts (measure_id);
CREATE INDEX leaves_measure ON leaves (measure_id);
CREATE INDEX absences_measure ON absences (measure_id);
CREATE INDEX absences_leave ON absences (leave_id);
CREATE INDEX violations_measure ON violations (measure_id);

-- The search index's rows are untouched (same rowids, same text); its triggers went with the old table.
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

-- This database's own keys (one row): minisign signing key, age identity. Never exported.
CREATE TABLE crypto_keys (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  sign_key_id     TEXT NOT NULL,
  sign_public_key TEXT NOT NULL,
  sign_secret_key TEXT NOT NULL,
  age_identity    TEXT NOT NULL,
  age_recipient   TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;

-- Stations whose bundles this database accepts, each trusted once its fingerprint was confirmed.
CREATE TABLE stations (
  code               TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  public_key         TEXT NOT NULL,
  key_id             TEXT NOT NULL,
  fingerprint        TEXT NOT NULL,
  confirmed_at       TEXT NOT NULL,
  confirmed_by       TEXT,
  last_seq           INTEGER NOT NULL DEFAULT 0,
  last_imported_at   TEXT,
  last_bundle_sha256 TEXT
) STRICT;

-- Every import attempt and its outcome.
CREATE TABLE bundle_log (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  station_code TEXT,
  kind         TEXT,
  seq          INTEGER,
  outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused', 'duplicate')),
  reason_code  TEXT,
  details      TEXT NOT NULL DEFAULT '{}',
  warnings     TEXT NOT NULL DEFAULT '[]',
  at           TEXT NOT NULL,
  by_user      TEXT
) STRICT;
CREATE INDEX bundle_log_sha256 ON bundle_log (sha256, outcome);
CREATE INDEX bundle_log_station ON bundle_log (station_code, seq);

-- Where a station sends bundles; each recipient has its own sequence of numbers.
CREATE TABLE bundle_recipients (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  recipient    TEXT NOT NULL UNIQUE,
  fingerprint  TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  confirmed_by TEXT,
  next_seq     INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1)
) STRICT;

-- What a station sent.
CREATE TABLE bundle_sent (
  id           INTEGER PRIMARY KEY,
  recipient_id INTEGER NOT NULL REFERENCES bundle_recipients (id),
  recipient    TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('full', 'stats', 'transfer')),
  seq          INTEGER NOT NULL,
  file_name    TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  person_id    INTEGER REFERENCES persons (id) ON DELETE SET NULL,
  details      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL,
  created_by   TEXT,
  UNIQUE (recipient_id, seq)
) STRICT;
CREATE INDEX bundle_sent_person ON bundle_sent (person_id);

-- The figures of stats bundles, one set per bundle.
CREATE TABLE bundle_figures (
  id           INTEGER PRIMARY KEY,
  station_code TEXT NOT NULL REFERENCES stations (code),
  seq          INTEGER NOT NULL,
  as_of        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  figures      TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  UNIQUE (station_code, seq)
) STRICT;
`;
