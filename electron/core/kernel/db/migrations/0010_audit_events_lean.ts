/**
 * 0010: the audit log without the two pages each event wrote for nothing. Every save writes one
 * event, and every page a save writes is encrypted and HMAC-signed (SQLCipher 4's format):
 *
 * - `hash UNIQUE` kept an index of random hashes, one more page per event. Nothing looks an
 *   event up by its hash, and the chain itself makes two equal links impossible (each covers the
 *   one before it).
 * - `AUTOINCREMENT` rewrote `sqlite_sequence` with every event. Events are never deleted (the
 *   triggers), so `INTEGER PRIMARY KEY` numbers them the same way; a cut tail is found by the
 *   chain and by the supervisor's anchor, not by the counter, which anyone who can cut can reset.
 *
 * Recording a talk went from 9–10 WAL frames to 7–8, and 200 of them on the station's encrypted
 * database from 120–126 to 109–113 ms of CPU (README, benchmark). The rows keep their ids, links
 * and order; the entity index and the append-only triggers are made again as 0001 made them.
 */
export default /* sql */ `
CREATE TABLE audit_events_lean (
  id              INTEGER PRIMARY KEY,
  at              TEXT NOT NULL,
  actor_user_id   INTEGER,
  actor_username  TEXT,
  action          TEXT NOT NULL,
  entity          TEXT,
  entity_id       TEXT,
  details         TEXT,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
) STRICT;

INSERT INTO audit_events_lean (id, at, actor_user_id, actor_username, action, entity, entity_id, details, prev_hash, hash)
  SELECT id, at, actor_user_id, actor_username, action, entity, entity_id, details, prev_hash, hash FROM audit_events ORDER BY id;

DROP TABLE audit_events;
ALTER TABLE audit_events_lean RENAME TO audit_events;

CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The audit log is append-only: the chain of hashes shows tampering, these triggers stop the casual kind.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
`;
