import { HavenError } from '../../../shared/ipc/errors';
import type { HelpCategory, HelpDepartment, HelpItem, HelpPlan, HelpStats, PlanStatus } from '../../../shared/domain/care';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { helpDecisionSchema, helpItemSchema, helpPlanSchema } from '../../../shared/schemas/care';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { countedPerson, recordsMadeHere } from '../kernel/counted';
import { fieldChanges, type Ops } from '../kernel/ops';

interface PlanRow {
  id: number;
  person_id: number;
  needs: string;
  needs_note: string;
  goals: string;
  status: PlanStatus;
  decision_note: string;
  decided_by: string | null;
  decided_on: string | null;
  created_at: string;
  created_by: string | null;
}

interface ItemRow {
  id: number;
  plan_id: number;
  person_id: number;
  category: HelpCategory;
  department: HelpDepartment;
  description: string;
  planned_date: string | null;
  done_date: string | null;
  outcome: string;
}

const toItem = (r: ItemRow): HelpItem => ({
  id: r.id,
  planId: r.plan_id,
  category: r.category,
  department: r.department,
  description: r.description,
  plannedDate: r.planned_date,
  doneDate: r.done_date,
  outcome: r.outcome,
});

function toPlan(db: Db, r: PlanRow): HelpPlan {
  return {
    id: r.id,
    personId: r.person_id,
    needs: JSON.parse(r.needs) as HelpCategory[],
    needsNote: r.needs_note,
    goals: r.goals,
    status: r.status,
    decisionNote: r.decision_note,
    decidedBy: r.decided_by,
    decidedOn: r.decided_on,
    createdAt: r.created_at,
    createdBy: r.created_by,
    items: (db.prepare('SELECT * FROM help_items WHERE plan_id = ? ORDER BY coalesce(planned_date, done_date), id').all(r.id) as ItemRow[]).map(toItem),
  };
}

const getPlan = (ops: Ops, id: number) => toPlan(ops.db, ops.db.prepare('SELECT * FROM help_plans WHERE id = ?').get(id) as PlanRow);

export function listPlans(db: Db, personId: number): HelpPlan[] {
  return (db.prepare('SELECT * FROM help_plans WHERE person_id = ? ORDER BY created_at DESC, id DESC').all(personId) as PlanRow[]).map((r) => toPlan(db, r));
}

/** 一人一策: a plan is requested, then approved or rejected with a note. */
export function createPlan(ops: Ops, personId: number, plan: z.output<typeof helpPlanSchema>): HelpPlan {
  // An archived file is kept as it was: view and print only, as for every supervision record.
  requireOpenFile(ops, personId);
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(`INSERT INTO help_plans (person_id, needs, needs_note, goals, status, created_at, created_by) VALUES (?, ?, ?, ?, 'requested', ?, ?)`)
        .run(personId, JSON.stringify(plan.needs), plan.needsNote, plan.goals, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'help.createPlan', entity: 'person', entityId: personId, details: { planId: newId, needs: plan.needs } });
    return newId;
  });
  return getPlan(ops, id);
}

export function updatePlan(ops: Ops, planId: number, plan: z.output<typeof helpPlanSchema>): HelpPlan {
  const row = requireRecord<PlanRow>(ops, 'help_plans', planId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  writeFor(ops, row.person_id, () => {
    // A changed plan goes back for approval.
    ops.db.prepare(`UPDATE help_plans SET needs = ?, needs_note = ?, goals = ?, status = 'requested', decided_by = NULL, decided_on = NULL WHERE id = ?`).run(JSON.stringify(plan.needs), plan.needsNote, plan.goals, planId);
    // A revision (it goes back for approval) rather than a 更正, but its old and new words are kept all the same.
    const changes = fieldChanges({ needs: JSON.parse(row.needs) as HelpCategory[], needsNote: row.needs_note, goals: row.goals }, plan);
    ops.audit({ action: 'help.updatePlan', entity: 'person', entityId: row.person_id, details: { planId, changes } });
  });
  return getPlan(ops, planId);
}

export function decidePlan(ops: Ops, input: z.output<typeof helpDecisionSchema>): HelpPlan {
  const row = requireRecord<PlanRow>(ops, 'help_plans', input.planId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  if (row.status !== 'requested') throw new HavenError('CONFLICT', { messageKey: 'errors.PLAN_STATE' });
  const status: PlanStatus = input.decision === 'approve' ? 'approved' : 'rejected';
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE help_plans SET status = ?, decision_note = ?, decided_by = ?, decided_on = ? WHERE id = ?').run(status, input.note, ops.actor.displayName ?? ops.actor.username, ops.today, row.id);
    ops.audit({ action: `help.${input.decision}Plan`, entity: 'person', entityId: row.person_id, details: { planId: row.id, note: input.note } });
  });
  return getPlan(ops, row.id);
}

/**
 * The rules an item must meet, whether added, marked done or corrected: a file not archived, a plan
 * not rejected, a done date not in the future — and help is given (a done date set or moved) only
 * under an approved plan: help under a plan nobody approved is no help given, and it would count
 * in 人次 even after the plan was rejected. An item planned while the plan waits is fine; one done
 * under an earlier approval keeps its date when the plan, revised, waits again.
 */
function checkItem(ops: Ops, plan: PlanRow, item: z.output<typeof helpItemSchema>, doneBefore: string | null = null): void {
  requireOpenFile(ops, plan.person_id);
  if (plan.status === 'rejected') throw new HavenError('CONFLICT', { messageKey: 'errors.PLAN_STATE' });
  if (item.doneDate) notAfterToday(ops, item.doneDate, 'item.doneDate');
  if (item.doneDate && item.doneDate !== doneBefore && plan.status !== 'approved') throw new HavenError('CONFLICT', { messageKey: 'errors.PLAN_STATE' });
}

export function addItem(ops: Ops, planId: number, item: z.output<typeof helpItemSchema>): HelpPlan {
  const plan = requireRecord<PlanRow>(ops, 'help_plans', planId, 'errors.RECORD_NOT_FOUND');
  checkItem(ops, plan, item);
  writeFor(ops, plan.person_id, () => {
    const id = Number(
      ops.db
        .prepare(
          `INSERT INTO help_items (plan_id, person_id, category, department, description, planned_date, done_date, outcome, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(planId, plan.person_id, item.category, item.department, item.description, item.plannedDate, item.doneDate, item.outcome, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'help.addItem', entity: 'person', entityId: plan.person_id, details: { planId, itemId: id, category: item.category } });
  });
  return getPlan(ops, planId);
}

export function updateItem(ops: Ops, itemId: number, item: z.output<typeof helpItemSchema>): HelpPlan {
  const row = requireRecord<ItemRow>(ops, 'help_items', itemId, 'errors.RECORD_NOT_FOUND');
  checkItem(ops, requireRecord<PlanRow>(ops, 'help_plans', row.plan_id, 'errors.RECORD_NOT_FOUND'), item, row.done_date);
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE help_items SET category = ?, department = ?, description = ?, planned_date = ?, done_date = ?, outcome = ? WHERE id = ?')
      .run(item.category, item.department, item.description, item.plannedDate, item.doneDate, item.outcome, itemId);
    ops.audit({ action: 'help.updateItem', entity: 'person', entityId: row.person_id, details: { itemId, doneDate: item.doneDate } });
  });
  return getPlan(ops, row.plan_id);
}

/**
 * 更正 of a help item, with a reason: the same rules as adding one; the audit keeps each changed
 * field's old and new value. (Marking an item done is `help:updateItem`, the ordinary next step;
 * this is for what was entered wrongly, e.g. the wrong department or a done date mistyped.)
 */
export function correctItem(ops: Ops, itemId: number, item: z.output<typeof helpItemSchema>, reason: string): HelpPlan {
  const row = requireRecord<ItemRow>(ops, 'help_items', itemId, 'errors.RECORD_NOT_FOUND');
  checkItem(ops, requireRecord<PlanRow>(ops, 'help_plans', row.plan_id, 'errors.RECORD_NOT_FOUND'), item, row.done_date);
  const before = toItem(row);
  const changes = fieldChanges(
    { category: before.category, department: before.department, description: before.description, plannedDate: before.plannedDate, doneDate: before.doneDate, outcome: before.outcome },
    item,
  );
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE help_items SET category = ?, department = ?, description = ?, planned_date = ?, done_date = ?, outcome = ? WHERE id = ?')
      .run(item.category, item.department, item.description, item.plannedDate, item.doneDate, item.outcome, itemId);
    ops.audit({ action: 'help.correctItem', entity: 'person', entityId: row.person_id, details: { planId: row.plan_id, itemId, reason, changes } });
  });
  return getPlan(ops, row.plan_id);
}

export function removeItem(ops: Ops, itemId: number, reason: string): HelpPlan {
  const row = requireRecord<ItemRow>(ops, 'help_items', itemId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM help_items WHERE id = ?').run(itemId);
    ops.audit({ action: 'help.removeItem', entity: 'person', entityId: row.person_id, details: { itemId, reason } });
  });
  return getPlan(ops, row.plan_id);
}

/**
 * Help given (人次): items done in the period, counted by category and department, over persons not
 * archived like every other period figure (NOTES "The other period figures").
 */
export function helpStats(db: Db, from: string, to: string): HelpStats {
  // Help given by this station (at a station: not what was done before the file came by transfer),
  // or at a supervisor once per person, in the copy that counts (kernel/counted.ts).
  const item = recordsMadeHere('i');
  const where = `FROM help_items i JOIN persons p ON p.id = i.person_id ${item.join}
    WHERE p.archived_at IS NULL AND ${countedPerson('p')} AND ${item.since('i.done_date')} AND i.done_date >= @from AND i.done_date <= @to`;
  const byCategory = Object.fromEntries(
    (db.prepare(`SELECT i.category AS k, count(*) AS n ${where} GROUP BY i.category`).all({ from, to }) as { k: HelpCategory; n: number }[]).map((r) => [r.k, r.n]),
  );
  const byDepartment = Object.fromEntries(
    (db.prepare(`SELECT i.department AS k, count(*) AS n ${where} GROUP BY i.department`).all({ from, to }) as { k: HelpDepartment; n: number }[]).map((r) => [r.k, r.n]),
  );
  const totals = db.prepare(`SELECT count(*) AS total, count(DISTINCT i.person_id) AS persons ${where}`).get({ from, to }) as { total: number; persons: number };
  return { from, to, byCategory, byDepartment, total: totals.total, persons: totals.persons };
}

export function helpTimeline(db: Db, personId: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const plan of listPlans(db, personId)) {
    if (plan.decidedOn) entries.push({ key: `help-plan:${String(plan.id).padStart(10, '0')}`, date: plan.decidedOn, kind: `help.plan_${plan.status}`, params: {}, detail: plan.goals, by: plan.decidedBy });
    for (const item of plan.items) {
      if (item.doneDate) entries.push({ key: `help-item:${String(item.id).padStart(10, '0')}`, date: item.doneDate, kind: 'help.item_done', params: { category: item.category, department: item.department }, detail: item.outcome, by: null });
    }
  }
  return entries;
}
