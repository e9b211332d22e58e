/**
 * 0013: a key per file for what the audit log says about it.
 *
 * The audit log is append-only and hash-chained, so what an event records about a file (a field's
 * old and new value, a talk's summary corrected, a reason) cannot be removed from it; yet 彻底删除
 * (purge) must leave nothing of the person behind. Events about a file now keep their words sealed
 * (AES-256-GCM) under that file's key, kept here; a purge deletes the file and, by the foreign key,
 * its key: the events stay, chained and countable, and their sealed words can no longer be read.
 * Local to each database: the audit log does not travel in bundles, nor do its keys.
 */
export default /* sql */ `
CREATE TABLE person_audit_keys (
  person_id  INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  key        BLOB NOT NULL CHECK (length(key) = 32)
) STRICT;
`;
