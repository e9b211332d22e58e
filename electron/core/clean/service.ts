import { HavenError } from '../../../shared/ipc/errors';
import { addMonths } from '../../../shared/domain/dates';
import type { CleanStatus } from '../../../shared/domain/care';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { endDynamicControlSchema } from '../../../shared/schemas/care';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';

const CLEAN_MONTHS = 36;

interface DecisionRow {
  decided_on: string;
  basis: string;
  clean_since: string;
  created_by: string | null;
}

/**
 * 戒断三年未复吸 (RR art. 7): the clock runs from the last positive test or the last known use
 * (the newest decision of a measure); a relapse (a later positive test or decision) resets it.
 */
export function cleanStatus(db: Db, personId: number, today: string): CleanStatus {
  // A positive test a 正当理由 answers (prescribed medication) is no relapse, as in the rules.
  const lastPositive = (
    db
      .prepare(
        `SELECT max(date) AS d FROM drug_tests t WHERE person_id = ? AND result = 'positive' AND date <= ?
           AND NOT EXISTS (SELECT 1 FROM good_reasons g WHERE g.subject = 'test' AND g.test_id = t.id)`,
      )
      .get(personId, today) as { d: string | null }
  ).d;
  const lastDecision = (db.prepare('SELECT max(decision_date) AS d FROM measures WHERE person_id = ?').get(personId) as { d: string | null }).d;
  const cleanSince = [lastPositive, lastDecision].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  const completesOn = cleanSince ? addMonths(cleanSince, CLEAN_MONTHS) : null;
  const row = db.prepare('SELECT decided_on, basis, clean_since, created_by FROM dynamic_control_decisions WHERE person_id = ?').get(personId) as DecisionRow | undefined;
  // Dynamic control cannot end while the person is still under a measure (the clock may pass
  // three years before a 社区戒毒 that runs from a later report-in has ended).
  // A file transferred out counts as under a measure: it runs on at the new station (RR art. 22).
  // Only while that is the person's latest measure (ordered as the rules order them, kernel/facts.ts):
  // a measure here after it, however long ago the transfer was, is what stands now.
  const latest = db.prepare('SELECT status FROM measures WHERE person_id = ? ORDER BY delivery_date DESC, id DESC LIMIT 1').pluck().get(personId) as string | undefined;
  const measureOpen = latest === 'transferred_out' || db.prepare(`SELECT 1 FROM measures WHERE person_id = ? AND status IN ('pending_report', 'active', 'suspended')`).get(personId) !== undefined;
  // Nothing to end for a person who has died (the file stays as it is).
  const died = hasDied(db, personId);
  // A relapse after the decision brings the person back under dynamic control.
  const decision = row && cleanSince !== null && cleanSince <= row.clean_since ? { decidedOn: row.decided_on, basis: row.basis, cleanSince: row.clean_since, by: row.created_by } : null;
  return {
    cleanSince,
    completesOn,
    candidate: completesOn !== null && today >= completesOn && decision === null && !measureOpen && !died,
    measureOpen,
    lastPositiveTest: lastPositive,
    decision,
  };
}

/** Whether a measure of the person ended by their death (终止, reason death). */
function hasDied(db: Db, personId: number): boolean {
  return (
    db.prepare(`SELECT 1 FROM measures m JOIN measure_events e ON e.measure_id = m.id WHERE m.person_id = ? AND m.status = 'terminated' AND e.action = 'terminate' AND e.reason_code = 'death'`).get(personId) !==
    undefined
  );
}

/** The RR art. 7 decision: dynamic control ends; the file stays. */
export function endDynamicControl(ops: Ops, input: z.output<typeof endDynamicControlSchema>): CleanStatus {
  // An archived file is kept as it was (view and print only), as for every supervision record.
  requireOpenFile(ops, input.personId);
  notAfterToday(ops, input.decidedOn, 'decidedOn');
  // Not offered after a death (cleanStatus), so not accepted either: there is no control left to end.
  if (hasDied(ops.db, input.personId)) throw new HavenError('CONFLICT', { messageKey: 'errors.CONTROL_AFTER_DEATH' });
  const status = cleanStatus(ops.db, input.personId, input.decidedOn);
  if (!status.cleanSince || !status.completesOn || input.decidedOn < status.completesOn) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.NOT_THREE_YEARS_CLEAN', params: { completesOn: status.completesOn ?? '' } });
  }
  if (status.decision) throw new HavenError('CONFLICT', { messageKey: 'errors.CONTROL_ALREADY_ENDED' });
  if (status.measureOpen) throw new HavenError('CONFLICT', { messageKey: 'errors.CONTROL_MEASURE_OPEN' });
  // measureOpen is today's status: a decision dated back into a measure's term would end control
  // while the measure still ran. It is dated on or after the day the last measure ended, the day
  // the worklist first offers it (three_years_clean is raised once the ending is recorded).
  const lastEnded = ops.db.prepare('SELECT max(ended_on) FROM measures WHERE person_id = ?').pluck().get(input.personId) as string | null;
  if (lastEnded !== null && input.decidedOn < lastEnded) {
    throw new HavenError('VALIDATION', { messageKey: 'errors.CONTROL_BEFORE_MEASURE_END', params: { endedOn: lastEnded }, fields: { decidedOn: 'validation.controlBeforeMeasureEnd' } });
  }
  writeFor(ops, input.personId, () => {
    ops.db
      .prepare(
        `INSERT INTO dynamic_control_decisions (person_id, decided_on, basis, clean_since, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET decided_on = excluded.decided_on, basis = excluded.basis, clean_since = excluded.clean_since,
           created_at = excluded.created_at, created_by = excluded.created_by`,
      )
      .run(input.personId, input.decidedOn, input.basis, status.cleanSince, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username);
    ops.audit({ action: 'clean.endDynamicControl', entity: 'person', entityId: input.personId, details: { decidedOn: input.decidedOn, cleanSince: status.cleanSince, basis: input.basis } });
  });
  return cleanStatus(ops.db, input.personId, ops.today);
}

export function cleanTimeline(db: Db, personId: number): TimelineEntry[] {
  const row = db.prepare('SELECT decided_on, basis, clean_since, created_by FROM dynamic_control_decisions WHERE person_id = ?').get(personId) as DecisionRow | undefined;
  return row ? [{ key: 'clean:decision', date: row.decided_on, kind: 'clean.ended', params: { cleanSince: row.clean_since }, detail: row.basis, by: row.created_by }] : [];
}
