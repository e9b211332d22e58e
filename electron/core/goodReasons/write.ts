import { HavenError } from '../../../shared/ipc/errors';
import type { GoodReason } from '../../../shared/domain/supervision';
import type { goodReasonFieldsSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import type { Ops } from '../kernel/ops';

type Fields = z.output<typeof goodReasonFieldsSchema>;
type Subject = Pick<GoodReason, 'personId' | 'subject' | 'measureId' | 'reportInFrom' | 'testId' | 'absenceId'>;

/** A scan of the decision must be one of the person's own attachments. */
export function requireOwnAttachment(ops: Ops, personId: number, attachmentId: number | null): void {
  if (attachmentId === null) return;
  const owner = ops.db.prepare('SELECT person_id FROM attachments WHERE id = ?').pluck().get(attachmentId) as number | undefined;
  if (owner !== personId) throw new HavenError('NOT_FOUND', { messageKey: 'errors.ATTACHMENT_NOT_FOUND', fields: { 'goodReason.attachmentId': 'errors.ATTACHMENT_NOT_FOUND' } });
}

/** Inserts a 正当理由; the caller checked the subject and holds the transaction (and audits). */
export function insertGoodReason(ops: Ops, subject: Subject, fields: Fields): number {
  try {
    return Number(
      ops.db
        .prepare(
          `INSERT INTO good_reasons (person_id, subject, measure_id, test_id, absence_id, report_in_from, reason, decided_by, decided_on, attachment_id, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          subject.personId,
          subject.subject,
          subject.measureId,
          subject.testId,
          subject.absenceId,
          subject.reportInFrom,
          fields.reason,
          fields.decidedBy,
          fields.decidedOn,
          fields.attachmentId,
          ops.now.toISOString(),
          ops.actor.displayName ?? ops.actor.username,
        ).lastInsertRowid,
    );
  } catch (error) {
    if (error instanceof Error && /UNIQUE/.test(error.message)) throw new HavenError('CONFLICT', { messageKey: 'errors.GOOD_REASON_EXISTS' });
    throw error;
  }
}
