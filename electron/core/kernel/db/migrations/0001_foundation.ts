/** 0001: station, users, settings, hash-chained audit log. SQL kept in a module so bundlers inline it. */
export default /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE station (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  mode       TEXT NOT NULL CHECK (mode IN ('station', 'supervisor')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  has_key_slot  INTEGER NOT NULL DEFAULT 1 CHECK (has_key_slot IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  last_login_at TEXT
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  at              TEXT NOT NULL,
  actor_user_id   INTEGER,
  actor_username  TEXT,
  action          TEXT NOT NULL,
  entity          TEXT,
  entity_id       TEXT,
  details         TEXT,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The audit log is append-only: the chain of hashes shows tampering, these triggers stop the casual kind.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
`;
