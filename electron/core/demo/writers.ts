import { createHash } from 'node:crypto';
import { addDays } from '../../../shared/domain/dates';
import { parseIdNumber } from '../../../shared/domain/idNumber';
import { canApply, OPEN_STATUSES, plannedEnd, suspensionsOf, TRANSITIONS, type MeasureAction, type MeasureKind, type MeasureStatus } from '../../../shared/domain/measures';
import { leaveDays } from '../../../shared/domain/supervision';
import { evaluatePerson } from '../../../shared/rules/engine';
import { SERIOUS_BREACH_RULES } from '../../../shared/rules/types';
import { careFlagSchema, endDynamicControlSchema, helpDecisionSchema, helpItemSchema, helpPlanSchema, riskAssessmentSchema } from '../../../shared/schemas/care';
import {
  absenceSchema,
  contactSchema,
  drugTestSchema,
  goodReasonSchema,
  leaveDecisionSchema,
  leaveRequestSchema,
  leaveReturnSchema,
  policeReportSchema,
  violationSchema,
} from '../../../shared/schemas/supervision';
import { createAbsence, endAbsence } from '../absences/service';
import { currentTemplate, generateAgreement, signAgreement } from '../agreements/service';
import { agreementValues, fillTemplate } from '../agreements/template';
import { loadPersonFacts } from '../kernel/facts';
import { withStatementCache } from '../kernel/statements';
import { nextPersonId } from '../kernel/personIds';
import { addCareFlag } from '../keyCare/service';
import { cleanStatus, endDynamicControl } from '../clean/service';
import { createContact } from '../contacts/service';
import type { Db } from '../kernel/db/database';
import { createTest } from '../tests/service';
import { createGoodReason } from '../goodReasons/service';
import { addItem, createPlan, decidePlan } from '../help/service';
import { cancelLeave, createLeave, decideLeave, returnFromLeave } from '../leaves/service';
import { registerMeasure, setWorkingGroup, transitionMeasure } from '../measures/service';
import { opsFor, type Ops } from '../kernel/ops';
import { personToRow } from '../persons/repo';
import { archivePerson, createPerson } from '../persons/service';
import { createAssessment } from '../risk/service';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { createViolation, reportToPolice } from '../violations/service';
import { toIso } from './days';
import type { DemoOp, ViolationRule } from './ops';
import type { PersonPlan } from './plan';

/**
 * Two ways to store a planned person. `services` makes each call of the plan through the feature
 * services, each on its own day (that day is "today" for the service, its instant the record's
 * timestamp), with its input parsed by the schema the IPC handler uses: the reference. `bulk`
 * writes the rows those calls leave with prepared statements, in the same order, skipping the
 * checks and the re-reads; it is what the CLI uses, and a unit test proves both leave identical
 * tables. Agreement texts and the facts a violation copies from its rule are made by the same
 * functions the services call.
 */
export interface DemoWriter {
  /** Stores the person and everything about them; returns the person's id. */
  write(plan: PersonPlan): number;
}

type Actor = Ops['actor'];

function fail(message: string): never {
  throw new Error(`demo: ${message}`);
}

function ruleKey(rule: ViolationRule, ids: { test(ref: number): number; measure(index: number): number }): string {
  return rule.ruleId === 'positive_test' ? `positive_test:t${ids.test(rule.test)}` : `${rule.ruleId}:m${ids.measure(rule.measure)}`;
}

export function serviceWriter(db: Db, actor: Actor): DemoWriter {
  return {
    write(plan) {
      let personId = 0;
      const measures: number[] = [];
      const refs = new Map<number, number>();
      const id = (ref: number) => refs.get(ref) ?? fail(`unknown reference ${ref}`);
      for (const op of plan.ops) {
        const ops = opsFor(db, new Date(op.at as string), actor, false);
        switch (op.type) {
          case 'person':
            personId = createPerson(ops, op.person);
            break;
          case 'register': {
            const measureId = registerMeasure(ops, personId, op.decision);
            setWorkingGroup(ops, measureId, op.members);
            measures[op.measure] = measureId;
            break;
          }
          case 'transition':
            transitionMeasure(ops, { ...op.transition, measureId: measures[op.measure] as number });
            break;
          case 'agreement':
            refs.set(op.ref, generateAgreement(ops, measures[op.measure] as number).id);
            break;
          case 'sign':
            signAgreement(ops, id(op.agreement), op.signedOn);
            break;
          case 'test':
            refs.set(op.ref, createTest(ops, personId, drugTestSchema.parse(op.test)).id);
            break;
          case 'goodReason':
            createGoodReason(ops, goodReasonSchema.parse({ personId, subject: 'test', testId: id(op.test), goodReason: op.reason }));
            break;
          case 'contact':
            createContact(ops, personId, contactSchema.parse(op.contact));
            break;
          case 'leave':
            refs.set(op.ref, createLeave(ops, personId, leaveRequestSchema.parse(op.leave)).id);
            break;
          case 'leaveDecision':
            decideLeave(ops, leaveDecisionSchema.parse({ leaveId: id(op.leave), decision: op.decision, note: op.note }));
            break;
          case 'leaveCancel':
            cancelLeave(ops, id(op.leave), op.reason);
            break;
          case 'leaveReturn':
            returnFromLeave(ops, leaveReturnSchema.parse({ leaveId: id(op.leave), returnedOn: op.returnedOn, note: op.note }));
            break;
          case 'absence':
            refs.set(op.ref, createAbsence(ops, personId, absenceSchema.parse(op.absence)).id as number);
            break;
          case 'absenceEnd':
            endAbsence(ops, id(op.absence), op.toDate);
            break;
          case 'violation': {
            const key = op.rule ? ruleKey(op.rule, { test: id, measure: (i) => measures[i] as number }) : null;
            refs.set(op.ref, createViolation(ops, personId, violationSchema.parse({ ...op.violation, ruleKey: key })).id);
            break;
          }
          case 'policeReport':
            reportToPolice(ops, policeReportSchema.parse({ violationId: id(op.violation), date: op.date, reportedTo: op.reportedTo }));
            break;
          case 'care':
            addCareFlag(ops, personId, careFlagSchema.parse(op.flag));
            break;
          case 'helpPlan':
            refs.set(op.ref, createPlan(ops, personId, helpPlanSchema.parse(op.plan)).id);
            break;
          case 'helpDecision':
            decidePlan(ops, helpDecisionSchema.parse({ planId: id(op.plan), decision: op.decision, note: op.note }));
            break;
          case 'helpItem':
            addItem(ops, id(op.plan), helpItemSchema.parse(op.item));
            break;
          case 'risk': {
            const stored = createAssessment(ops, personId, riskAssessmentSchema.parse(op.assessment));
            if (stored.score !== op.scored.score || stored.suggestedLevel !== op.scored.suggestedLevel) fail(`risk score of person ${personId} on ${stored.date}: planned ${op.scored.score}, stored ${stored.score}`);
            break;
          }
          case 'clean':
            endDynamicControl(ops, endDynamicControlSchema.parse({ personId, decidedOn: op.decidedOn, basis: op.basis }));
            break;
          case 'archive':
            archivePerson(ops, personId, op.reason);
            break;
        }
      }
      return personId;
    },
  };
}

interface MeasureState {
  id: number;
  kind: MeasureKind;
  status: MeasureStatus;
  reportIn: string | null;
  endedOn: string | null;
  termMonths: number;
  creditedDays: number;
  deliveryDate: string;
  events: { action: MeasureAction | 'register'; date: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function bulkWriter(db: Db, actor: Actor): DemoWriter {
  const by = actor.displayName ?? actor.username;
  const settings = getSupervisionSettings(db);
  const templates = { community_detox: currentTemplate(db, 'community_detox'), community_rehab: currentTemplate(db, 'community_rehab') };
  const approval = settings.leaveApprovalRequired;
  let insertPerson: ReturnType<Db['prepare']> | null = null;
  const sql = {
    measure: db.prepare(
      `INSERT INTO measures (person_id, kind, decision_number, decision_authority, decision_date, delivery_date,
         term_months, credited_days, status, notes, created_at, updated_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending_report', ?, ?, ?, ?)`,
    ),
    measureChange: db.prepare('UPDATE measures SET status = ?, report_in_date = ?, ended_on = ?, planned_end = ?, updated_at = ? WHERE id = ?'),
    goodReason: db.prepare(
      `INSERT INTO good_reasons (person_id, subject, test_id, reason, decided_by, decided_on, created_at, created_by) VALUES (?, 'test', ?, ?, ?, ?, ?, ?)`,
    ),
    notice: db.prepare('UPDATE measures SET discharge_notice_number = ?, discharge_notice_date = ?, discharge_notified_on = ?, updated_at = ? WHERE id = ?'),
    event: db.prepare(
      `INSERT INTO measure_events (measure_id, action, from_status, to_status, date, reason_code, reason, destination, user_id, user_name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    member: db.prepare('INSERT INTO measure_group_members (measure_id, position, role, name, phone) VALUES (?, ?, ?, ?, ?)'),
    current: db.prepare('UPDATE persons SET current_measure_id = ? WHERE id = ?'),
    test: db.prepare(
      `INSERT INTO drug_tests (person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, second_tester, collector_female,
         sample_a_number, sample_b_number, place, notes, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    contact: db.prepare(
      `INSERT INTO contacts (person_id, measure_id, date, kind, staff, participants, summary, next_step, next_date, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    leave: db.prepare(
      `INSERT INTO leaves (person_id, measure_id, reason, province, city, county, address, start_date, end_date, days, status, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    leaveDecision: db.prepare('UPDATE leaves SET status = ?, decision_note = ?, decided_by = ?, decided_on = ? WHERE id = ?'),
    leaveCancel: db.prepare(`UPDATE leaves SET status = 'cancelled', cancelled_on = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?`),
    leaveReturn: db.prepare(`UPDATE leaves SET status = 'returned', returned_on = ?, return_note = ? WHERE id = ?`),
    leaveRow: db.prepare('SELECT measure_id, end_date FROM leaves WHERE id = ?'),
    absence: db.prepare(
      `INSERT INTO absences (person_id, measure_id, from_date, to_date, discovered, leave_id, notes, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    absenceEnd: db.prepare('UPDATE absences SET to_date = ? WHERE id = ?'),
    violation: db.prepare(
      `INSERT INTO violations (person_id, measure_id, date, severity, rule_id, rule_key, rule_facts, article, description, handling, warned_on, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    police: db.prepare(
      `UPDATE violations SET reported_to_police_on = ?, reported_to = ?, handling = CASE WHEN handling = '' THEN 'reported_to_police' ELSE handling END WHERE id = ?`,
    ),
    care: db.prepare('INSERT INTO care_flags (person_id, category, since, until, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    plan: db.prepare(`INSERT INTO help_plans (person_id, needs, needs_note, goals, status, created_at, created_by) VALUES (?, ?, ?, ?, 'requested', ?, ?)`),
    planDecision: db.prepare('UPDATE help_plans SET status = ?, decision_note = ?, decided_by = ?, decided_on = ? WHERE id = ?'),
    item: db.prepare(
      `INSERT INTO help_items (plan_id, person_id, category, department, description, planned_date, done_date, outcome, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    risk: db.prepare(
      `INSERT INTO risk_assessments (person_id, measure_id, date, factors, derived, score, suggested_level, level, override_reason, notes, next_due_date, assessor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    agreement: db.prepare(
      `INSERT INTO agreements (person_id, measure_id, template_id, title, text, sha256, status, generated_at, generated_by)
       VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
    ),
    sign: db.prepare(`UPDATE agreements SET status = 'signed', signed_on = ?, signed_by = ? WHERE id = ?`),
    archive: db.prepare('UPDATE persons SET archived_at = ?, archived_reason = ?, updated_at = ?, updated_by = ? WHERE id = ?'),
    clean: db.prepare('INSERT INTO dynamic_control_decisions (person_id, decided_on, basis, clean_since, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  const rowId = (result: { lastInsertRowid: number | bigint }) => Number(result.lastInsertRowid);
  // The core's read helpers (agreement values, a person's facts, the clean clock), with statements prepared once.
  const reader = withStatementCache(db);

  return {
    write(plan) {
      let personId = 0;
      const measures: MeasureState[] = [];
      let current: MeasureState | null = null;
      const refs = new Map<number, number>();
      const id = (ref: number) => refs.get(ref) ?? fail(`unknown reference ${ref}`);
      // requireOpenFile: a record belongs to the running measure, if there is one.
      const attach = () => (current && OPEN_STATUSES.includes(current.status) ? current.id : null);
      for (const op of plan.ops) {
        const at = op.at as string;
        const today = toIso(op.day);
        switch (op.type) {
          case 'person': {
            const check = parseIdNumber(op.person.idNumber, today);
            if (!check.ok) fail(`ID number ${op.person.idNumber}: ${check.problem}`);
            const row = {
              id: nextPersonId(db),
              ...personToRow(op.person),
              birth_date: check.birthDate,
              gender: check.gender,
              risk_level: plan.riskLevel,
              created_at: at,
              updated_at: plan.updatedAt,
              created_by: actor.username,
              updated_by: actor.username,
            };
            insertPerson ??= db.prepare(`INSERT INTO persons (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((c) => `@${c}`).join(', ')})`);
            personId = rowId(insertPerson.run(row));
            break;
          }
          case 'register': {
            const d = op.decision;
            const measureId = rowId(sql.measure.run(personId, d.kind, d.decisionNumber, d.decisionAuthority, d.decisionDate, d.deliveryDate, d.termMonths, d.creditedDays, d.notes, at, at, actor.username));
            sql.event.run(measureId, 'register', null, 'pending_report', d.deliveryDate, null, '', '', actor.userId, by, at);
            sql.current.run(measureId, personId);
            op.members.forEach((m, i) => sql.member.run(measureId, i, m.role, m.name, m.phone));
            current = {
              id: measureId,
              kind: d.kind,
              status: 'pending_report',
              reportIn: null,
              endedOn: null,
              termMonths: d.termMonths,
              creditedDays: d.creditedDays,
              deliveryDate: d.deliveryDate,
              events: [{ action: 'register', date: d.deliveryDate }],
            };
            measures[op.measure] = current;
            break;
          }
          case 'transition': {
            const m = measures[op.measure] ?? fail('transition of an unregistered measure');
            const t = op.transition;
            if (!canApply(t.action, m.status)) fail(`${t.action} from ${m.status}`);
            if (t.date > today || t.date < (m.events.at(-1) as { date: string }).date) fail(`${t.action} on ${t.date}`);
            if (t.action === 'report_in' && t.date < m.deliveryDate) fail('report-in before delivery');
            const term = () => ({ reportInDate: m.reportIn, termMonths: m.termMonths, suspensions: suspensionsOf(m.events), creditedDays: m.creditedDays });
            if (t.action === 'complete') {
              const end = plannedEnd(term(), t.date);
              if (end === null || t.date < end) fail('completed before the planned end');
            }
            const to = TRANSITIONS[t.action].to;
            if (t.action === 'report_in') m.reportIn = t.date;
            if (to === 'completed' || to === 'terminated' || to === 'transferred_out') m.endedOn = t.date;
            m.events.push({ action: t.action, date: t.date });
            sql.measureChange.run(to, m.reportIn, m.endedOn, plannedEnd(term(), m.endedOn ?? t.date), at, m.id);
            sql.event.run(m.id, t.action, m.status, to, t.date, t.reasonCode, t.reason, t.destination, actor.userId, by, at);
            if (t.dischargeNotice) sql.notice.run(t.dischargeNotice.number, t.dischargeNotice.issuedOn, t.dischargeNotice.notifiedOn, at, m.id);
            m.status = to;
            break;
          }
          case 'agreement': {
            const m = measures[op.measure] ?? fail('agreement for an unregistered measure');
            if (!m.reportIn || (m.status !== 'active' && m.status !== 'suspended')) fail('agreement before report-in');
            const template = templates[m.kind];
            const text = fillTemplate(template.body, agreementValues(reader, m.id, today));
            refs.set(op.ref, rowId(sql.agreement.run(personId, m.id, template.id, template.title, text, sha256(text), at, by)));
            break;
          }
          case 'sign':
            sql.sign.run(op.signedOn, by, id(op.agreement));
            break;
          case 'test': {
            const t = op.test;
            const collector = t.collectorFemale === null ? null : t.collectorFemale ? 1 : 0;
            refs.set(
              op.ref,
              rowId(sql.test.run(personId, attach(), t.date, t.sample, t.mode, t.result, JSON.stringify(t.substances), t.unannounced ? 1 : 0, t.tester, t.secondTester, collector, t.sampleANumber, t.sampleBNumber, t.place, t.notes, at, by)),
            );
            break;
          }
          case 'goodReason':
            sql.goodReason.run(personId, id(op.test), op.reason.reason, op.reason.decidedBy, op.reason.decidedOn, at, by);
            break;
          case 'contact': {
            const c = op.contact;
            sql.contact.run(personId, attach(), c.date, c.kind, c.staff || (actor.displayName ?? ''), c.participants, c.summary, c.nextStep, c.nextDate, at, by);
            break;
          }
          case 'leave': {
            const l = op.leave;
            const measureId = attach() ?? fail('leave without a running measure');
            const status = approval ? 'requested' : 'registered';
            refs.set(op.ref, rowId(sql.leave.run(personId, measureId, l.reason, l.province, l.city, l.county, l.address, l.startDate, l.endDate, leaveDays(l.startDate, l.endDate), status, at, by)));
            break;
          }
          case 'leaveDecision':
            sql.leaveDecision.run(op.decision === 'approve' ? 'approved' : 'rejected', op.note, by, today, id(op.leave));
            break;
          case 'leaveCancel':
            sql.leaveCancel.run(today, by, op.reason, id(op.leave));
            break;
          case 'leaveReturn': {
            const leaveId = id(op.leave);
            sql.leaveReturn.run(op.returnedOn, op.note, leaveId);
            const row = sql.leaveRow.get(leaveId) as { measure_id: number | null; end_date: string };
            if (op.returnedOn > row.end_date) {
              sql.absence.run(personId, row.measure_id, addDays(row.end_date, 1), op.returnedOn, 'leave_overstay', leaveId, op.note, at, by);
            }
            break;
          }
          case 'absence': {
            const a = op.absence;
            refs.set(op.ref, rowId(sql.absence.run(personId, attach(), a.fromDate, a.toDate, a.discovered, null, a.notes, at, by)));
            break;
          }
          case 'absenceEnd':
            sql.absenceEnd.run(op.toDate, id(op.absence));
            break;
          case 'violation': {
            const v = op.violation;
            let rule: { id: string; facts: string; article: string; serious: boolean; key: string } | null = null;
            if (op.rule) {
              const key = ruleKey(op.rule, { test: id, measure: (i) => (measures[i] as MeasureState).id });
              const facts = loadPersonFacts(reader, personId);
              const alert = facts ? evaluatePerson(facts, today, settings).alerts.find((a) => a.key === key) : undefined;
              if (!alert) fail(`no alert ${key} for person ${personId} on ${today}`);
              rule = { id: alert.ruleId, facts: JSON.stringify(alert.facts), article: alert.article, serious: SERIOUS_BREACH_RULES.includes(alert.ruleId), key };
            }
            const severity = rule?.serious ? 'serious' : v.severity;
            refs.set(
              op.ref,
              rowId(sql.violation.run(personId, attach(), v.date, severity, rule?.id ?? null, rule?.key ?? null, rule?.facts ?? null, rule?.article ?? null, v.description, v.handling, v.warnedOn, at, by)),
            );
            break;
          }
          case 'policeReport':
            sql.police.run(op.date, op.reportedTo, id(op.violation));
            break;
          case 'care': {
            const f = op.flag;
            sql.care.run(personId, f.category, f.since, f.until, f.note, at, by);
            break;
          }
          case 'helpPlan':
            refs.set(op.ref, rowId(sql.plan.run(personId, JSON.stringify(op.plan.needs), op.plan.needsNote, op.plan.goals, at, by)));
            break;
          case 'helpDecision':
            sql.planDecision.run(op.decision === 'approve' ? 'approved' : 'rejected', op.note, by, today, id(op.plan));
            break;
          case 'helpItem': {
            const i = op.item;
            sql.item.run(id(op.plan), personId, i.category, i.department, i.description, i.plannedDate, i.doneDate, i.outcome, at, by);
            break;
          }
          case 'risk': {
            const a = op.assessment;
            const s = op.scored;
            sql.risk.run(personId, attach(), a.date, JSON.stringify(a.factors), JSON.stringify(s.derived), s.score, s.suggestedLevel, a.level, a.overrideReason, a.notes, s.nextDueDate, by, at);
            break;
          }
          case 'clean': {
            const status = cleanStatus(reader, personId, op.decidedOn);
            if (!status.cleanSince || !status.completesOn || op.decidedOn < status.completesOn) fail(`person ${personId} is not three years clean on ${op.decidedOn}`);
            sql.clean.run(personId, op.decidedOn, op.basis, status.cleanSince, at, by);
            break;
          }
          case 'archive':
            // The row already carries its final update time (a later call may follow this one).
            sql.archive.run(at, op.reason, plan.updatedAt, actor.username, personId);
            break;
        }
      }
      return personId;
    },
  };
}

/** The record-making calls of a plan by type, for the summary (persons and measures are counted apart). */
export function countOps(ops: readonly DemoOp[], into: Partial<Record<DemoOp['type'], number>>): void {
  for (const op of ops) if (op.type !== 'person' && op.type !== 'register' && op.type !== 'transition') into[op.type] = (into[op.type] ?? 0) + 1;
}
