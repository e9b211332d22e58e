import { HavenError } from '../../../shared/ipc/errors';
import { maskIdNumber, parseIdNumber } from '../../../shared/domain/idNumber';
import type { PersonData } from '../../../shared/schemas/person';
import { invalidateAlerts } from '../kernel/invalidate';
import { nextPersonId, retirePersonId } from '../kernel/personIds';
import { fieldChanges, type Ops } from '../kernel/ops';
import { findByIdNumber, findPersonRow, personToRow, rowToPersonData, type PersonRow } from './repo';

export function requirePerson(ops: Ops, id: number): PersonRow {
  const row = findPersonRow(ops.db, id);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  return row;
}

/** Birth date and gender come from the ID number; the birth date must not be after today. */
function derived(ops: Ops, person: PersonData) {
  const check = parseIdNumber(person.idNumber, ops.today);
  if (!check.ok) throw new HavenError('VALIDATION', { fields: { 'person.idNumber': `validation.idNumber.${check.problem}` } });
  if (person.infantBirthDate !== null && person.infantBirthDate > ops.today) throw new HavenError('VALIDATION', { fields: { 'person.infantBirthDate': 'validation.dateInFuture' } });
  return { birth_date: check.birthDate, gender: check.gender };
}

/**
 * One file per ID number. The refusal names the file that holds it, so that the form can open it
 * instead: a full ID number answered with a name is a look at that file, accounted for exactly as
 * `persons:findByIdNumber` accounts for it. Callers check before they open their own transaction,
 * so the event stays although the write is refused; inside a caller's transaction (a rollback would
 * take the event with it) the name is not given.
 */
function refuseDuplicate(ops: Ops, idNumber: string, exceptId: number | null): void {
  const existing = findByIdNumber(ops.db, idNumber);
  if (!existing || existing.id === exceptId) return;
  if (ops.db.inTransaction) {
    throw new HavenError('CONFLICT', {
      messageKey: 'errors.DUPLICATE_ID_NUMBER_UNNAMED',
      params: { personId: existing.id },
      fields: { 'person.idNumber': 'errors.DUPLICATE_ID_NUMBER_UNNAMED' },
    });
  }
  ops.audit({ action: 'persons.findByIdNumber', entity: 'person', entityId: existing.id });
  throw new HavenError('CONFLICT', {
    messageKey: 'errors.DUPLICATE_ID_NUMBER',
    params: { personId: existing.id, name: existing.name },
    fields: { 'person.idNumber': 'errors.DUPLICATE_ID_NUMBER' },
  });
}

function refuseUnknownStaff(ops: Ops, staffUserId: number | null): void {
  if (staffUserId === null) return;
  const user = ops.db.prepare('SELECT disabled FROM users WHERE id = ?').get(staffUserId) as { disabled: number } | undefined;
  if (!user || user.disabled) throw new HavenError('VALIDATION', { fields: { 'person.staffUserId': 'validation.staffUnknown' } });
}

export function createPerson(ops: Ops, person: PersonData): number {
  const extra = derived(ops, person);
  refuseDuplicate(ops, person.idNumber, null);
  refuseUnknownStaff(ops, person.staffUserId);
  const at = ops.now.toISOString();
  return ops.db.transaction(() => {
    const id = nextPersonId(ops.db);
    const row = { id, ...personToRow(person), ...extra, created_at: at, updated_at: at, created_by: ops.actor.username, updated_by: ops.actor.username };
    const columns = Object.keys(row);
    ops.db.prepare(`INSERT INTO persons (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
    ops.audit({ action: 'persons.create', entity: 'person', entityId: id, details: { name: person.name, idNumber: maskIdNumber(person.idNumber) } });
    return id;
  })();
}

export function updatePerson(ops: Ops, personId: number, person: PersonData): void {
  const current = requirePerson(ops, personId);
  const extra = derived(ops, person);
  refuseDuplicate(ops, person.idNumber, personId);
  if (person.staffUserId !== current.staff_user_id) refuseUnknownStaff(ops, person.staffUserId);
  const changes = fieldChanges(rowToPersonData(current), person, { idNumber: (v) => maskIdNumber(String(v)) });
  if (Object.keys(changes).length === 0) return;
  ops.db.transaction(() => {
    const row = { ...personToRow(person), ...extra, updated_at: ops.now.toISOString(), updated_by: ops.actor.username };
    const assignments = Object.keys(row).map((c) => `${c} = @${c}`);
    ops.db.prepare(`UPDATE persons SET ${assignments.join(', ')} WHERE id = @id`).run({ ...row, id: personId });
    invalidateAlerts(ops.db, personId);
    ops.audit({ action: 'persons.update', entity: 'person', entityId: personId, details: { changes } });
  })();
}

export function archivePerson(ops: Ops, personId: number, reason: string): void {
  const row = requirePerson(ops, personId);
  if (row.archived_at) return;
  ops.db.transaction(() => {
    ops.db.prepare('UPDATE persons SET archived_at = ?, archived_reason = ?, updated_at = ?, updated_by = ? WHERE id = ?')
      .run(ops.now.toISOString(), reason, ops.now.toISOString(), ops.actor.username, personId);
    invalidateAlerts(ops.db, personId);
    ops.audit({ action: 'persons.archive', entity: 'person', entityId: personId, details: { reason } });
  })();
}

export function unarchivePerson(ops: Ops, personId: number): void {
  const row = requirePerson(ops, personId);
  if (!row.archived_at) return;
  ops.db.transaction(() => {
    ops.db.prepare('UPDATE persons SET archived_at = NULL, archived_reason = NULL, updated_at = ?, updated_by = ? WHERE id = ?')
      .run(ops.now.toISOString(), ops.actor.username, personId);
    invalidateAlerts(ops.db, personId);
    ops.audit({ action: 'persons.unarchive', entity: 'person', entityId: personId });
  })();
}

/** Removes the file and everything hanging off it; the audit log keeps who, when and why (not the data). */
export function purgePerson(ops: Ops, personId: number, confirmName: string, reason: string): void {
  const row = requirePerson(ops, personId);
  if (confirmName.trim() !== row.name) {
    throw new HavenError('VALIDATION', { fields: { confirmName: 'validation.confirmNameMismatch' } });
  }
  ops.db.transaction(() => {
    ops.db.prepare('UPDATE persons SET current_measure_id = NULL, photo_attachment_id = NULL WHERE id = ?').run(personId);
    ops.db.prepare('DELETE FROM persons WHERE id = ?').run(personId);
    retirePersonId(ops.db, personId);
    ops.audit({ action: 'persons.purge', entity: 'person', entityId: personId, details: { reason, idNumber: maskIdNumber(row.id_number) } });
  })();
}
