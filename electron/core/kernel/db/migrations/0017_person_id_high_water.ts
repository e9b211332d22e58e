/**
 * 0017: a deleted file's id is never given to another.
 *
 * `persons.id` is an INTEGER PRIMARY KEY without AUTOINCREMENT, so after 彻底删除 of the newest file
 * SQLite handed its id to the next one created: the audit log, which keeps the deleted file's events
 * (sealed under a key the purge destroyed), then filed them under the new person, and opening their
 * sealed words with the new file's key failed the whole audit screen. New files now take their id
 * past `personIdHighWater` (kernel/personIds.ts), which a purge raises. Rebuilding the table with
 * AUTOINCREMENT is not possible inside the migrations' transaction: dropping `persons` with foreign
 * keys on would cascade into every record. The mark starts at the highest person id the audit log
 * has ever named (every file, purged or not, has its `persons.create` or `persons.purge` event);
 * ids reused before this migration cannot be told apart any more.
 */
export default /* sql */ `
INSERT INTO meta (key, value)
  SELECT 'personIdHighWater', CAST(max(CAST(entity_id AS INTEGER)) AS TEXT)
  FROM audit_events
  WHERE entity = 'person' AND entity_id GLOB '[0-9]*' AND entity_id NOT GLOB '*[^0-9]*'
  HAVING max(CAST(entity_id AS INTEGER)) IS NOT NULL;
`;
