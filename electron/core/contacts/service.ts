import type { Contact, ContactKind } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { contactSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';
import { HavenError } from '../../../shared/ipc/errors';

interface Row {
  id: number;
  person_id: number;
  measure_id: number | null;
  date: string;
  kind: ContactKind;
  staff: string;
  participants: string;
  summary: string;
  next_step: string;
  next_date: string | null;
  created_by: string | null;
}

const toContact = (r: Row): Contact => ({
  id: r.id,
  measureId: r.measure_id,
  date: r.date,
  kind: r.kind,
  staff: r.staff,
  participants: r.participants,
  summary: r.summary,
  nextStep: r.next_step,
  nextDate: r.next_date,
  createdBy: r.created_by,
});

export function listContacts(db: Db, personId: number): Contact[] {
  return (db.prepare('SELECT * FROM contacts WHERE person_id = ? ORDER BY date DESC, id DESC').all(personId) as Row[]).map(toContact);
}

/** The rules a talk or visit must meet, whether recorded or corrected: an open file, not a future date. */
function checkContact(ops: Ops, personId: number, contact: z.output<typeof contactSchema>): number | null {
  const { measureId } = requireOpenFile(ops, personId);
  notAfterToday(ops, contact.date, 'contact.date');
  return measureId;
}

export function createContact(ops: Ops, personId: number, contact: z.output<typeof contactSchema>): Contact {
  const measureId = checkContact(ops, personId, contact);
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO contacts (person_id, measure_id, date, kind, staff, participants, summary, next_step, next_date, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(personId, measureId, contact.date, contact.kind, contact.staff || (ops.actor.displayName ?? ''), contact.participants, contact.summary, contact.nextStep, contact.nextDate, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username)
        .lastInsertRowid,
    );
    ops.audit({ action: 'contacts.create', entity: 'person', entityId: personId, details: { contactId: newId, date: contact.date, kind: contact.kind } });
    return newId;
  });
  return toContact(ops.db.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as Row);
}

/** 更正: a talk or visit corrected with a reason; the audit keeps each changed field's old and new value. */
export function correctContact(ops: Ops, contactId: number, contact: z.output<typeof contactSchema>, reason: string): Contact {
  const row = requireRecord<Row>(ops, 'contacts', contactId, 'errors.RECORD_NOT_FOUND');
  checkContact(ops, row.person_id, contact);
  const next = { ...contact, staff: contact.staff || row.staff };
  const current = toContact(row);
  const before = { date: current.date, kind: current.kind, staff: current.staff, participants: current.participants, summary: current.summary, nextStep: current.nextStep, nextDate: current.nextDate };
  const changes = fieldChanges(before, { date: next.date, kind: next.kind, staff: next.staff, participants: next.participants, summary: next.summary, nextStep: next.nextStep, nextDate: next.nextDate });
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE contacts SET date = ?, kind = ?, staff = ?, participants = ?, summary = ?, next_step = ?, next_date = ? WHERE id = ?')
      .run(next.date, next.kind, next.staff, next.participants, next.summary, next.nextStep, next.nextDate, contactId);
    ops.audit({ action: 'contacts.correct', entity: 'person', entityId: row.person_id, details: { contactId, reason, changes } });
  });
  return toContact(ops.db.prepare('SELECT * FROM contacts WHERE id = ?').get(contactId) as Row);
}

export function removeContact(ops: Ops, contactId: number, reason: string): void {
  const row = requireRecord<Row>(ops, 'contacts', contactId, 'errors.RECORD_NOT_FOUND');
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM contacts WHERE id = ?').run(contactId);
    ops.audit({ action: 'contacts.remove', entity: 'person', entityId: row.person_id, details: { contactId, date: row.date, reason } });
  });
}

export function contactTimeline(db: Db, personId: number): TimelineEntry[] {
  return listContacts(db, personId).map((c) => ({
    key: `contact:${String(c.id).padStart(10, '0')}`,
    date: c.date,
    kind: `contact.${c.kind}`,
    params: { staff: c.staff },
    detail: c.summary,
    by: c.createdBy,
  }));
}
