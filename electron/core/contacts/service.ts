import type { Contact, ContactKind } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { contactSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';

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

export function createContact(ops: Ops, personId: number, contact: z.output<typeof contactSchema>): Contact {
  const { measureId } = requireOpenFile(ops, personId);
  notAfterToday(ops, contact.date, 'contact.date');
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
