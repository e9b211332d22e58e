import { HavenError } from '../../../shared/ipc/errors';
import type { GoodReason } from '../../../shared/domain/supervision';
import type { goodReasonFieldsSchema, goodReasonSchema } from '../../../shared/schemas/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { reportInsOfMeasure } from '../kernel/facts';
import { fieldChanges, type Ops } from '../kernel/ops';
import { goodReasonsOfPerson, toGoodReason, type GoodReasonRow } from './repo';
import { insertGoodReason, requireOwnAttachment } from './write';

/**
 * 正当理由 (RR art. 14 "无正当理由逾期不报到"; a test missed for a reason the law accepts): with
 * one, a late report-in or a test does not count toward refusal, nor an absence toward RR art. 20.
 * Who decided and when are part of the record; adding and removing one is audited.
 */
export function createGoodReason(ops: Ops, input: z.output<typeof goodReasonSchema>): GoodReason {
  // An archived file is kept as it was (view and print only), as for every supervision record.
  requireOpenFile(ops, input.personId);
  notAfterToday(ops, input.goodReason.decidedOn, 'goodReason.decidedOn');
  requireOwnAttachment(ops, input.personId, input.goodReason.attachmentId);
  const subject = { personId: input.personId, subject: input.subject, measureId: null, reportInFrom: null, testId: null, absenceId: null } as {
    personId: number;
    subject: GoodReason['subject'];
    measureId: number | null;
    reportInFrom: string | null;
    testId: number | null;
    absenceId: number | null;
  };
  if (input.subject === 'report_in') {
    const measure = input.measureId === null ? null : reportInsOfMeasure(ops.db, input.measureId);
    if (!measure || measure.personId !== input.personId) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
    const obligation = measure.obligations.find((o) => o.from === input.reportInFrom);
    const reportedOn = obligation?.reportedOn ?? ops.today;
    if (!obligation || reportedOn <= obligation.deadline) throw new HavenError('CONFLICT', { messageKey: 'errors.GOOD_REASON_NOT_LATE' });
    subject.measureId = input.measureId;
    subject.reportInFrom = obligation.from;
  } else if (input.subject === 'test') {
    const test = ops.db.prepare('SELECT person_id, result FROM drug_tests WHERE id = ?').get(input.testId) as { person_id: number; result: string } | undefined;
    if (!test || test.person_id !== input.personId) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
    if (test.result === 'negative') throw new HavenError('CONFLICT', { messageKey: 'errors.GOOD_REASON_NEGATIVE_TEST' });
    subject.testId = input.testId;
  } else {
    const owner = ops.db.prepare('SELECT person_id FROM absences WHERE id = ?').pluck().get(input.absenceId) as number | undefined;
    if (owner !== input.personId) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
    subject.absenceId = input.absenceId;
  }
  const id = writeFor(ops, input.personId, () => {
    const newId = insertGoodReason(ops, subject, input.goodReason);
    ops.audit({
      action: 'goodReasons.create',
      entity: 'person',
      entityId: input.personId,
      details: { goodReasonId: newId, subject: input.subject, measureId: subject.measureId, reportInFrom: subject.reportInFrom, testId: subject.testId, absenceId: subject.absenceId, decidedBy: input.goodReason.decidedBy, decidedOn: input.goodReason.decidedOn, reason: input.goodReason.reason },
    });
    return newId;
  });
  return toGoodReason(ops.db.prepare('SELECT * FROM good_reasons WHERE id = ?').get(id) as GoodReasonRow);
}

/**
 * 更正 of a 正当理由, with a reason: its words, who decided, when, and the scan, under the rules of
 * recording one (a decision not in the future, a scan among the person's own attachments). What it
 * answers stays: a reason for another record is withdrawn here and given there, so that each step
 * is a decision someone took about that record.
 */
export function correctGoodReason(ops: Ops, goodReasonId: number, fields: z.output<typeof goodReasonFieldsSchema>, reason: string): GoodReason {
  const row = ops.db.prepare('SELECT * FROM good_reasons WHERE id = ?').get(goodReasonId) as GoodReasonRow | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  requireOpenFile(ops, row.person_id);
  notAfterToday(ops, fields.decidedOn, 'goodReason.decidedOn');
  requireOwnAttachment(ops, row.person_id, fields.attachmentId);
  const changes = fieldChanges({ reason: row.reason, decidedBy: row.decided_by, decidedOn: row.decided_on, attachmentId: row.attachment_id }, fields);
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE good_reasons SET reason = ?, decided_by = ?, decided_on = ?, attachment_id = ? WHERE id = ?').run(fields.reason, fields.decidedBy, fields.decidedOn, fields.attachmentId, goodReasonId);
    ops.audit({ action: 'goodReasons.correct', entity: 'person', entityId: row.person_id, details: { goodReasonId, subject: row.subject, reason, changes } });
  });
  return toGoodReason(ops.db.prepare('SELECT * FROM good_reasons WHERE id = ?').get(goodReasonId) as GoodReasonRow);
}

/** Withdraws a 正当理由 recorded by mistake: what it answered counts again. */
export function removeGoodReason(ops: Ops, goodReasonId: number, reason: string): void {
  const row = ops.db.prepare('SELECT * FROM good_reasons WHERE id = ?').get(goodReasonId) as GoodReasonRow | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  requireOpenFile(ops, row.person_id);
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM good_reasons WHERE id = ?').run(goodReasonId);
    ops.audit({ action: 'goodReasons.remove', entity: 'person', entityId: row.person_id, details: { goodReasonId, subject: row.subject, removed: toGoodReason(row), reason } });
  });
}

export function listGoodReasons(db: Db, personId: number): GoodReason[] {
  return goodReasonsOfPerson(db, personId);
}

export function goodReasonTimeline(db: Db, personId: number): TimelineEntry[] {
  return goodReasonsOfPerson(db, personId).map((g) => ({
    key: `goodReason:${String(g.id).padStart(10, '0')}`,
    date: g.decidedOn,
    kind: `goodReason.${g.subject}`,
    params: { decidedBy: g.decidedBy },
    detail: g.reason,
    by: g.createdBy,
  }));
}
