import { HavenError } from '../../../shared/ipc/errors';
import type { Violation } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { policeReportSchema, violationCorrectionSchema, violationSchema } from '../../../shared/schemas/supervision';
import { evaluatePerson } from '../../../shared/rules/engine';
import { SERIOUS_BREACH_RULES } from '../../../shared/rules/types';
import type { z } from 'zod';
import { loadPersonFacts } from '../kernel/facts';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';

interface Row {
  id: number;
  person_id: number;
  measure_id: number | null;
  date: string;
  severity: Violation['severity'];
  rule_id: string | null;
  rule_key: string | null;
  rule_facts: string | null;
  article: string | null;
  description: string;
  handling: string;
  warned_on: string | null;
  reported_to_police_on: string | null;
  reported_to: string;
  created_by: string | null;
}

const toViolation = (r: Row): Violation => ({
  id: r.id,
  measureId: r.measure_id,
  date: r.date,
  severity: r.severity,
  ruleId: r.rule_id,
  ruleKey: r.rule_key,
  ruleFacts: r.rule_facts ? (JSON.parse(r.rule_facts) as Record<string, unknown>) : null,
  article: r.article,
  description: r.description,
  handling: r.handling,
  warnedOn: r.warned_on,
  reportedToPoliceOn: r.reported_to_police_on,
  reportedTo: r.reported_to,
  createdBy: r.created_by,
});

const get = (ops: Ops, id: number) => toViolation(ops.db.prepare('SELECT * FROM violations WHERE id = ?').get(id) as Row);

export function listViolations(db: Db, personId: number): Violation[] {
  return (db.prepare('SELECT * FROM violations WHERE person_id = ? ORDER BY date DESC, id DESC').all(personId) as Row[]).map(toViolation);
}

/**
 * Records a violation. Answering a rule's alert (`ruleKey`), the rule, its facts and article are
 * copied from the alert as it stands today, and a serious-breach rule makes it serious.
 */
export function createViolation(ops: Ops, personId: number, input: z.output<typeof violationSchema>): Violation {
  const open = requireOpenFile(ops, personId);
  checkViolationDates(ops, input);
  let rule: { id: string; facts: string; article: string; serious: boolean } | null = null;
  if (input.ruleKey) {
    const facts = loadPersonFacts(ops.db, personId);
    const alert = facts ? evaluatePerson(facts, ops.today, getSupervisionSettings(ops.db)).alerts.find((a) => a.key === input.ruleKey) : undefined;
    if (!alert) throw new HavenError('CONFLICT', { messageKey: 'errors.ALERT_NOT_FOUND' });
    rule = { id: alert.ruleId, facts: JSON.stringify(alert.facts), article: alert.article, serious: SERIOUS_BREACH_RULES.includes(alert.ruleId) };
  }
  const severity = rule?.serious ? 'serious' : input.severity;
  // A violation breaks an agreement under a measure: the running one, or for a breach found on an
  // ended measure (it stays until reported), the measure the breach belongs to.
  const measureId = input.ruleKey ? measureOfRuleKey(ops.db, input.ruleKey) ?? open.measureId : open.measureId;
  if (measureId === null) throw new HavenError('CONFLICT', { messageKey: 'errors.NO_OPEN_MEASURE' });
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO violations (person_id, measure_id, date, severity, rule_id, rule_key, rule_facts, article, description, handling, warned_on, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(personId, measureId, input.date, severity, rule?.id ?? null, input.ruleKey, rule?.facts ?? null, rule?.article ?? null, input.description, input.handling, input.warnedOn, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username)
        .lastInsertRowid,
    );
    ops.audit({ action: 'violations.create', entity: 'person', entityId: personId, details: { violationId: newId, severity, ruleId: rule?.id ?? null, ruleKey: input.ruleKey } });
    return newId;
  });
  return get(ops, id);
}

/** The dates a violation must keep, recorded or corrected: none in the future. */
function checkViolationDates(ops: Ops, input: { date: string; warnedOn: string | null }): void {
  notAfterToday(ops, input.date, 'violation.date');
  if (input.warnedOn) notAfterToday(ops, input.warnedOn, 'violation.warnedOn');
}

/**
 * 更正: a violation corrected with a reason; the audit keeps each changed field's old and new
 * value. The same date rules as recording it; one a serious-breach rule made serious stays
 * serious (RR art. 20); a violation reported to the police cannot move after its report.
 */
export function correctViolation(ops: Ops, violationId: number, input: z.output<typeof violationCorrectionSchema>, reason: string): Violation {
  const row = requireRecord<Row>(ops, 'violations', violationId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  checkViolationDates(ops, input);
  if (row.rule_id !== null && (SERIOUS_BREACH_RULES as readonly string[]).includes(row.rule_id) && input.severity !== 'serious') {
    throw new HavenError('VALIDATION', { fields: { 'violation.severity': 'validation.seriousByRule' } });
  }
  if (row.reported_to_police_on !== null && input.date > row.reported_to_police_on) {
    throw new HavenError('VALIDATION', { fields: { 'violation.date': 'validation.reportBeforeViolation' } });
  }
  const current = toViolation(row);
  const changes = fieldChanges({ date: current.date, severity: current.severity, description: current.description, handling: current.handling, warnedOn: current.warnedOn }, input);
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE violations SET date = ?, severity = ?, description = ?, handling = ?, warned_on = ? WHERE id = ?')
      .run(input.date, input.severity, input.description, input.handling, input.warnedOn, violationId);
    ops.audit({ action: 'violations.correct', entity: 'person', entityId: row.person_id, details: { violationId, reason, changes } });
  });
  return get(ops, violationId);
}

/** The measure an alert key names (`…:m12…`), or the measure a test in it was taken under. */
function measureOfRuleKey(db: Db, key: string): number | null {
  const measure = /:m(\d+)/.exec(key);
  if (measure) return Number(measure[1]);
  const test = /^positive_test:t(\d+)$/.exec(key);
  if (test) return (db.prepare('SELECT measure_id FROM drug_tests WHERE id = ?').pluck().get(Number(test[1])) as number | null | undefined) ?? null;
  return null;
}

/** RR art. 21: the report to the police, with its date and recipient. */
export function reportToPolice(ops: Ops, input: z.output<typeof policeReportSchema>): Violation {
  const row = requireRecord<Row>(ops, 'violations', input.violationId, 'errors.RECORD_NOT_FOUND');
  notAfterToday(ops, input.date, 'date');
  if (input.date < row.date) throw new HavenError('VALIDATION', { fields: { date: 'validation.reportBeforeViolation' } });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare(`UPDATE violations SET reported_to_police_on = ?, reported_to = ?, handling = CASE WHEN handling = '' THEN 'reported_to_police' ELSE handling END WHERE id = ?`)
      .run(input.date, input.reportedTo, row.id);
    ops.audit({ action: 'violations.reportToPolice', entity: 'person', entityId: row.person_id, details: { violationId: row.id, date: input.date, reportedTo: input.reportedTo } });
  });
  return get(ops, row.id);
}

export function violationTimeline(db: Db, personId: number): TimelineEntry[] {
  return listViolations(db, personId).flatMap((v) => {
    const id = String(v.id).padStart(10, '0');
    const entries: TimelineEntry[] = [
      { key: `violation:${id}:a`, date: v.date, kind: `violation.${v.severity}`, params: { ruleId: v.ruleId ?? '', article: v.article ?? '' }, detail: v.description, by: v.createdBy },
    ];
    if (v.reportedToPoliceOn) {
      entries.push({ key: `violation:${id}:b`, date: v.reportedToPoliceOn, kind: 'violation.reported', params: { reportedTo: v.reportedTo }, detail: '', by: null });
    }
    return entries;
  });
}
