import { HavenError } from '../../../shared/ipc/errors';
import { addDays, daysBetween } from '../../../shared/domain/dates';
import type { RiskAssessment } from '../../../shared/domain/care';
import type { RiskLevel } from '../../../shared/domain/supervision';
import { DEFAULT_RISK_TABLE, scoreRisk, type AssessedFactor, type RecordFactors, type RiskTable } from '../../../shared/rules/risk';
import type { riskAssessmentSchema } from '../../../shared/schemas/care';
import { riskTableSchema } from '../../../shared/schemas/care';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';

const TABLE_KEY = 'riskTable';

export function getRiskTable(db: Db): RiskTable {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(TABLE_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_RISK_TABLE;
  const parsed = riskTableSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? (parsed.data as RiskTable) : DEFAULT_RISK_TABLE;
}

export function saveRiskTable(db: Db, table: RiskTable): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(TABLE_KEY, JSON.stringify(table));
}

/** What the file says, as of `date`: earlier episodes, time clean, violations and positives in the last year. */
export function recordFactors(db: Db, personId: number, date: string): RecordFactors {
  const person = db.prepare('SELECT drug_history FROM persons WHERE id = ?').get(personId) as { drug_history: string } | undefined;
  const history = person ? (JSON.parse(person.drug_history) as { priorEpisodes?: number }) : {};
  const yearAgo = addDays(date, -365);
  // A positive test a 正当理由 answers (prescribed medication) is no relapse, as in the rules and 戒断三年.
  const excused = `NOT EXISTS (SELECT 1 FROM good_reasons g WHERE g.subject = 'test' AND g.test_id = t.id)`;
  const lastPositive = (db.prepare(`SELECT max(date) AS d FROM drug_tests t WHERE person_id = ? AND result = 'positive' AND date <= ? AND ${excused}`).get(personId, date) as { d: string | null }).d;
  const lastDecision = (db.prepare('SELECT max(decision_date) AS d FROM measures WHERE person_id = ? AND decision_date <= ?').get(personId, date) as { d: string | null }).d;
  const cleanSince = [lastPositive, lastDecision].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  const count = (sql: string) => (db.prepare(sql).get(personId, yearAgo, date) as { n: number }).n;
  return {
    priorEpisodes: history.priorEpisodes ?? 0,
    monthsClean: cleanSince ? Math.floor(daysBetween(cleanSince, date) / 30.44) : null,
    seriousViolations12m: count(`SELECT count(*) AS n FROM violations WHERE person_id = ? AND severity = 'serious' AND date > ? AND date <= ?`),
    generalViolations12m: count(`SELECT count(*) AS n FROM violations WHERE person_id = ? AND severity = 'general' AND date > ? AND date <= ?`),
    positiveTests12m: count(`SELECT count(*) AS n FROM drug_tests t WHERE person_id = ? AND result = 'positive' AND date > ? AND date <= ? AND ${excused}`),
  };
}

function checkFactors(table: RiskTable, factors: Record<AssessedFactor, string>): void {
  const fields: Record<string, string> = {};
  for (const [factor, option] of Object.entries(factors) as [AssessedFactor, string][]) {
    if (!(option in table.assessed[factor])) fields[`assessment.factors.${factor}`] = 'validation.invalid';
  }
  if (Object.keys(fields).length > 0) throw new HavenError('VALIDATION', { fields });
}

export function previewRisk(db: Db, personId: number, factors: Record<AssessedFactor, string>, date: string) {
  const table = getRiskTable(db);
  checkFactors(table, factors);
  const records = recordFactors(db, personId, date);
  return { ...scoreRisk(factors, records, table), records };
}

interface Row {
  id: number;
  person_id: number;
  date: string;
  factors: string;
  derived: string;
  score: number;
  suggested_level: RiskLevel;
  level: RiskLevel;
  override_reason: string;
  notes: string;
  next_due_date: string;
  assessor: string | null;
}

const toAssessment = (r: Row): RiskAssessment => ({
  id: r.id,
  personId: r.person_id,
  date: r.date,
  factors: JSON.parse(r.factors) as Record<string, string>,
  derived: JSON.parse(r.derived) as Record<string, number | string>,
  score: r.score,
  suggestedLevel: r.suggested_level,
  level: r.level,
  overrideReason: r.override_reason,
  notes: r.notes,
  nextDueDate: r.next_due_date,
  assessor: r.assessor,
});

export function listAssessments(db: Db, personId: number): RiskAssessment[] {
  return (db.prepare('SELECT * FROM risk_assessments WHERE person_id = ? ORDER BY date DESC, id DESC').all(personId) as Row[]).map(toAssessment);
}

/**
 * The rules an assessment must meet, whether recorded or corrected: a file not archived, a date not
 * in the future, options from the station's table, and a reason for a level other than the one the
 * table suggests. Returns what is stored beside the input: the score as of the date and when the next is due.
 */
function scoreAssessment(ops: Ops, personId: number, input: z.output<typeof riskAssessmentSchema>) {
  const { measureId } = requireOpenFile(ops, personId);
  notAfterToday(ops, input.date, 'assessment.date');
  const preview = previewRisk(ops.db, personId, input.factors, input.date);
  if (input.level !== preview.suggestedLevel && input.overrideReason.length < 2) {
    throw new HavenError('VALIDATION', { fields: { 'assessment.overrideReason': 'validation.overrideReason' } });
  }
  const nextDue = addDays(input.date, getSupervisionSettings(ops.db).reassessmentDays[input.level]);
  const derived = { ...preview.records, monthsClean: preview.records.monthsClean ?? '', ...Object.fromEntries(Object.entries(preview.breakdown).map(([k, v]) => [`points.${k}`, v])) };
  return { measureId, score: preview.score, suggestedLevel: preview.suggestedLevel, nextDue, derived };
}

/** The newest assessment sets the person's level (the file header shows it); none left, the file is 未评估 again. */
function setPersonLevel(ops: Ops, personId: number): void {
  const latest = ops.db.prepare('SELECT level FROM risk_assessments WHERE person_id = ? ORDER BY date DESC, id DESC LIMIT 1').get(personId) as { level: RiskLevel } | undefined;
  ops.db.prepare('UPDATE persons SET risk_level = ? WHERE id = ?').run(latest?.level ?? null, personId);
}

/** Records an assessment; a level other than the suggested one needs a reason. The newest assessment sets the person's level. */
export function createAssessment(ops: Ops, personId: number, input: z.output<typeof riskAssessmentSchema>): RiskAssessment {
  const { measureId, score, suggestedLevel, nextDue, derived } = scoreAssessment(ops, personId, input);
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO risk_assessments (person_id, measure_id, date, factors, derived, score, suggested_level, level, override_reason, notes, next_due_date, assessor, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(personId, measureId, input.date, JSON.stringify(input.factors), JSON.stringify(derived), score, suggestedLevel, input.level, input.overrideReason, input.notes, nextDue, ops.actor.displayName ?? ops.actor.username, ops.now.toISOString())
        .lastInsertRowid,
    );
    setPersonLevel(ops, personId);
    ops.audit({ action: 'risk.assess', entity: 'person', entityId: personId, details: { assessmentId: newId, score, suggested: suggestedLevel, level: input.level, overrideReason: input.overrideReason } });
    return newId;
  });
  return toAssessment(ops.db.prepare('SELECT * FROM risk_assessments WHERE id = ?').get(id) as Row);
}

/**
 * 更正 of an assessment, with a reason: the same rules as recording it, scored again as of its
 * (corrected) date with today's table, so the score, the suggestion and the next due date never
 * disagree with the factors; the audit keeps each changed field's old and new value. The person's
 * level follows the newest assessment. The assessor stays: the correction's author is in the audit.
 */
export function correctAssessment(ops: Ops, assessmentId: number, input: z.output<typeof riskAssessmentSchema>, reason: string): RiskAssessment {
  const row = requireRecord<Row>(ops, 'risk_assessments', assessmentId, 'errors.RECORD_NOT_FOUND');
  const { score, suggestedLevel, nextDue, derived } = scoreAssessment(ops, row.person_id, input);
  const before = toAssessment(row);
  const changes = fieldChanges(
    { date: before.date, factors: before.factors, level: before.level, overrideReason: before.overrideReason, notes: before.notes },
    { date: input.date, factors: input.factors as Record<string, string>, level: input.level, overrideReason: input.overrideReason, notes: input.notes },
  );
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  Object.assign(changes, fieldChanges({ score: before.score, suggestedLevel: before.suggestedLevel, nextDueDate: before.nextDueDate }, { score, suggestedLevel, nextDueDate: nextDue }));
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE risk_assessments SET date = ?, factors = ?, derived = ?, score = ?, suggested_level = ?, level = ?, override_reason = ?, notes = ?, next_due_date = ? WHERE id = ?')
      .run(input.date, JSON.stringify(input.factors), JSON.stringify(derived), score, suggestedLevel, input.level, input.overrideReason, input.notes, nextDue, assessmentId);
    setPersonLevel(ops, row.person_id);
    ops.audit({ action: 'risk.correct', entity: 'person', entityId: row.person_id, details: { assessmentId, reason, changes } });
  });
  return toAssessment(ops.db.prepare('SELECT * FROM risk_assessments WHERE id = ?').get(assessmentId) as Row);
}

/**
 * 删除（录入错误）of an assessment, with a reason: for one recorded on the wrong file or twice, not
 * for wrong answers (that is 更正). The audit keeps what was deleted. As with recording and
 * correcting, the file must not be archived. The person's level follows the newest assessment left
 * (none left: 未评估), and the person's alerts (复评 due) are evaluated again.
 */
export function removeAssessment(ops: Ops, assessmentId: number, reason: string): void {
  const row = requireRecord<Row>(ops, 'risk_assessments', assessmentId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  const a = toAssessment(row);
  const removed = { date: a.date, factors: a.factors, score: a.score, suggestedLevel: a.suggestedLevel, level: a.level, overrideReason: a.overrideReason, notes: a.notes, nextDueDate: a.nextDueDate, assessor: a.assessor };
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM risk_assessments WHERE id = ?').run(assessmentId);
    setPersonLevel(ops, row.person_id);
    ops.audit({ action: 'risk.remove', entity: 'person', entityId: row.person_id, details: { assessmentId, reason, removed } });
  });
}

export function riskTimeline(db: Db, personId: number): TimelineEntry[] {
  return listAssessments(db, personId).map((a) => ({
    key: `risk:${String(a.id).padStart(10, '0')}`,
    date: a.date,
    kind: 'risk.assessed',
    params: { level: a.level, score: a.score },
    detail: a.overrideReason,
    by: a.assessor,
  }));
}
