import { parseIdNumber } from '../../../shared/domain/idNumber';
import { canApply, plannedEnd, TRANSITIONS, type MeasureStatus } from '../../../shared/domain/measures';
import type { MeasureEvent } from '../../../shared/domain/persons';
import type { PersonData } from '../../../shared/schemas/person';
import type { Db } from '../db/database';
import { registerMeasure, setWorkingGroup, transitionMeasure } from '../measures/service';
import { suspensionsOf } from '../measures/repo';
import { createPerson } from '../persons/service';
import { personToRow } from '../persons/repo';
import type { Ops } from '../ops';
import type { MeasurePlan } from './plan';

/**
 * Two ways to store a planned person. `services` goes through createPerson, registerMeasure,
 * setWorkingGroup and transitionMeasure one call at a time: the reference. `bulk` writes the same
 * rows with a handful of prepared statements (one INSERT per row, the final state of each measure
 * computed up front) and is what the CLI uses; a unit test proves both leave identical tables.
 */
export interface DemoWriter {
  person(person: PersonData): number;
  measure(personId: number, plan: MeasurePlan): number;
}

export function serviceWriter(ops: Ops): DemoWriter {
  return {
    person: (person) => createPerson(ops, person),
    measure(personId, plan) {
      const id = registerMeasure(ops, personId, plan.decision);
      setWorkingGroup(ops, id, plan.members);
      for (const transition of plan.transitions) transitionMeasure(ops, { ...transition, measureId: id });
      return id;
    },
  };
}

interface EventRow {
  action: MeasureEvent['action'];
  from: MeasureStatus | null;
  to: MeasureStatus;
  date: string;
  reasonCode: string | null;
  reason: string;
  destination: string;
}

function fail(message: string): never {
  throw new Error(`demo: ${message}`);
}

/**
 * Replays the state machine as transitionMeasure would, refusing what it would refuse, and
 * returns the measure's final columns and its events.
 */
function replay(plan: MeasurePlan, today: string) {
  const { decision } = plan;
  if (decision.decisionDate > today || decision.deliveryDate > today) fail(`decision dated after ${today}`);
  const events: EventRow[] = [{ action: 'register', from: null, to: 'pending_report', date: decision.deliveryDate, reasonCode: null, reason: '', destination: '' }];
  let status: MeasureStatus = 'pending_report';
  let reportIn: string | null = null;
  let endedOn: string | null = null;
  const term = () => ({ reportInDate: reportIn, termMonths: decision.termMonths, suspensions: suspensionsOf(events), creditedDays: decision.creditedDays });
  for (const t of plan.transitions) {
    const last = events.at(-1) as EventRow;
    if (!canApply(t.action, status)) fail(`${t.action} from ${status}`);
    if (t.date > today) fail(`${t.action} dated after ${today}`);
    if (t.action === 'report_in' && t.date < decision.deliveryDate) fail('report-in before delivery');
    if (t.date < last.date) fail(`${t.action} before the previous event`);
    if (t.action === 'complete') {
      const end = plannedEnd(term(), t.date);
      if (end === null || t.date < end) fail('completed before the planned end');
    }
    const to = TRANSITIONS[t.action].to;
    events.push({ action: t.action, from: status, to, date: t.date, reasonCode: t.reasonCode, reason: t.reason, destination: t.destination });
    if (t.action === 'report_in') reportIn = t.date;
    if (to === 'completed' || to === 'terminated' || to === 'transferred_out') endedOn = t.date;
    status = to;
  }
  const lastChange = plan.transitions.at(-1);
  return {
    status,
    reportIn,
    endedOn,
    // As transitionMeasure stores it: the term as of the last change (or the end), null before any change.
    plannedEnd: lastChange ? plannedEnd(term(), endedOn ?? lastChange.date) : null,
    events,
  };
}

export function bulkWriter(ops: Ops): DemoWriter {
  const { db } = ops;
  const at = ops.now.toISOString();
  const by = ops.actor.username;
  const userName = ops.actor.displayName ?? ops.actor.username;
  let insertPerson: ReturnType<Db['prepare']> | null = null;
  const insertMeasure = db.prepare(
    `INSERT INTO measures (person_id, kind, decision_number, decision_authority, decision_date, delivery_date, report_in_date,
       term_months, credited_days, status, planned_end, ended_on, notes, created_at, updated_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO measure_events (measure_id, action, from_status, to_status, date, reason_code, reason, destination, user_id, user_name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare('INSERT INTO measure_group_members (measure_id, position, role, name, phone) VALUES (?, ?, ?, ?, ?)');
  const setCurrent = db.prepare('UPDATE persons SET current_measure_id = ? WHERE id = ?');

  return {
    person(person) {
      const check = parseIdNumber(person.idNumber, ops.today);
      if (!check.ok) fail(`ID number ${person.idNumber}: ${check.problem}`);
      const row = {
        ...personToRow(person),
        birth_date: check.birthDate,
        gender: check.gender,
        created_at: at,
        updated_at: at,
        created_by: by,
        updated_by: by,
      };
      if (!insertPerson) {
        const columns = Object.keys(row);
        insertPerson = db.prepare(`INSERT INTO persons (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      }
      return Number(insertPerson.run(row).lastInsertRowid);
    },
    measure(personId, plan) {
      const d = plan.decision;
      const final = replay(plan, ops.today);
      const id = Number(
        insertMeasure.run(
          personId, d.kind, d.decisionNumber, d.decisionAuthority, d.decisionDate, d.deliveryDate, final.reportIn,
          d.termMonths, d.creditedDays, final.status, final.plannedEnd, final.endedOn, d.notes, at, at, by,
        ).lastInsertRowid,
      );
      for (const e of final.events) {
        insertEvent.run(id, e.action, e.from, e.to, e.date, e.reasonCode, e.reason, e.destination, ops.actor.userId, userName, at);
      }
      plan.members.forEach((m, i) => insertMember.run(id, i, m.role, m.name, m.phone));
      setCurrent.run(id, personId);
      return id;
    },
  };
}
