import type { GoodReason } from '../../../shared/domain/supervision';
import type { Db } from '../kernel/db/database';

/** Reads of 正当理由 that the records they answer (report-ins, tests, absences) show beside them. */
export interface GoodReasonRow {
  id: number;
  person_id: number;
  subject: GoodReason['subject'];
  measure_id: number | null;
  test_id: number | null;
  absence_id: number | null;
  report_in_from: string | null;
  reason: string;
  decided_by: string;
  decided_on: string;
  attachment_id: number | null;
  created_at: string;
  created_by: string | null;
}

export const toGoodReason = (r: GoodReasonRow): GoodReason => ({
  id: r.id,
  personId: r.person_id,
  subject: r.subject,
  measureId: r.measure_id,
  testId: r.test_id,
  absenceId: r.absence_id,
  reportInFrom: r.report_in_from,
  reason: r.reason,
  decidedBy: r.decided_by,
  decidedOn: r.decided_on,
  attachmentId: r.attachment_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export function goodReasonsOfPerson(db: Db, personId: number): GoodReason[] {
  return (db.prepare('SELECT * FROM good_reasons WHERE person_id = ? ORDER BY decided_on, id').all(personId) as GoodReasonRow[]).map(toGoodReason);
}

/** 正当理由 by what they answer: `test:ID`, `absence:ID`, `report_in:MEASURE:FROM`. */
export function goodReasonIndex(db: Db, personId: number): Map<string, GoodReason> {
  const index = new Map<string, GoodReason>();
  for (const g of goodReasonsOfPerson(db, personId)) index.set(goodReasonKey(g), g);
  return index;
}

export function goodReasonKey(g: Pick<GoodReason, 'subject' | 'testId' | 'absenceId' | 'measureId' | 'reportInFrom'>): string {
  if (g.subject === 'test') return `test:${g.testId}`;
  if (g.subject === 'absence') return `absence:${g.absenceId}`;
  return `report_in:${g.measureId}:${g.reportInFrom}`;
}
