import { ZodError } from 'zod';
import { maskIdNumber, parseIdNumber } from '../../../shared/domain/idNumber';
import type { LedgerCounts, LedgerFieldChange, LedgerImportField, LedgerProblem, LedgerRowOutcome } from '../../../shared/domain/ledger';
import { HavenError } from '../../../shared/ipc/errors';
import { measureDecisionSchema, measureTransitionSchema } from '../../../shared/schemas/measure';
import { personInputSchema } from '../../../shared/schemas/person';
import type { AuditEntry } from '../kernel/audit';
import type { Ops } from '../kernel/ops';
import { withStatementCache } from '../kernel/statements';
import { findMeasureRow, measuresOfPerson } from '../measures/repo';
import { registerMeasure, transitionMeasure, updateDecision } from '../measures/service';
import { findByIdNumber, findPersonRow, rowToPersonData } from '../persons/repo';
import { createPerson, updatePerson } from '../persons/service';
import { DECISION_FIELD_OF, PERSON_FIELD_OF, problemsFromIssues, type Candidate } from './rows';

/**
 * Runs candidates through exactly what the screens run: the forms' zod schemas, then the persons
 * and measures services (ID number against today, dates not in the future, delivery before
 * report-in, one open measure, the state machine), each row in a savepoint of one transaction.
 * A preview runs the same and rolls everything back; an import commits, with every service's
 * own audit events. What a row would change is read off those audit events, so the preview shows
 * what the services themselves report.
 */

export interface RowResult {
  candidate: Candidate;
  outcome: LedgerRowOutcome;
  personId: number | null;
  changes: LedgerFieldChange[];
  measure: 'create' | 'update' | 'report_in' | null;
}

/** Service errors' fields (as the forms name them) to the ledger's fields. */
const SERVICE_FIELDS: Record<string, LedgerImportField> = {
  'person.idNumber': 'idNumber',
  'person.staffUserId': 'staff',
  'decision.decisionDate': 'decisionDate',
  'decision.deliveryDate': 'deliveryDate',
  date: 'reportInDate',
};

/** A schema's field (the person form's, the decision form's, a transition's date) to the ledger's field. */
const SCHEMA_FIELDS: Record<string, LedgerImportField> = { ...PERSON_FIELD_OF, ...DECISION_FIELD_OF, date: 'reportInDate' };

/** Refusals without a field, to the column that caused them. */
const SERVICE_MESSAGES: Record<string, LedgerImportField> = {
  'errors.MEASURE_ALREADY_OPEN': 'decisionNumber',
  'errors.MEASURE_KIND_FIXED': 'measureKind',
  'errors.ILLEGAL_TRANSITION': 'reportInDate',
  'errors.DATE_BEFORE_LAST_EVENT': 'reportInDate',
  'errors.DUPLICATE_ID_NUMBER': 'idNumber',
  'errors.NO_OPEN_MEASURE': 'reportInDate',
};

class RowRefused extends Error {
  constructor(readonly problems: LedgerProblem[]) {
    super('row refused');
  }
}

class DryRun extends Error {}

export interface ApplyOptions {
  /** Roll everything back at the end (preview, `--dry-run`). */
  dryRun: boolean;
  columnOf: Map<LedgerImportField, number>;
  /** Every row, as it is done. */
  onRow?: (done: number, total: number) => void;
  /** After every row of a real import with bad rows not skipped: refuse the whole import. */
  refuseIfInvalid?: boolean;
  /**
   * Refuse the whole import if a row would change an existing file (the command line's import
   * without `--confirm-updates`: it showed the changes and was not told to apply them).
   */
  refuseUpdates?: boolean;
}

export function emptyCounts(): LedgerCounts {
  return { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, measuresCreated: 0, measuresUpdated: 0, reportIns: 0 };
}

/**
 * Applies the candidates in one transaction (rolled back for a dry run, or when `refuseIfInvalid`
 * and a row is bad). Returns each row's result.
 */
export function applyCandidates(given: Ops, candidates: readonly Candidate[], options: ApplyOptions): { results: RowResult[]; counts: LedgerCounts } {
  // The services prepare their statements on every call; row after row, preparing would cost more than the writes.
  const ops: Ops = { ...given, db: withStatementCache(given.db) };
  const results: RowResult[] = [];
  const counts = emptyCounts();
  const staffNames = new Map((ops.db.prepare('SELECT id, display_name FROM users').all() as { id: number; display_name: string }[]).map((u) => [u.id, u.display_name]));
  const run = ops.db.transaction(() => {
    candidates.forEach((candidate, index) => {
      const result = applyOne(ops, candidate, options.columnOf, staffNames);
      results.push(result);
      counts.rows += 1;
      counts[result.outcome] += 1;
      if (result.measure === 'create') counts.measuresCreated += 1;
      if (result.measure === 'update') counts.measuresUpdated += 1;
      if (result.measure === 'report_in' || result.changes.some((c) => c.field === 'reportInDate')) counts.reportIns += 1;
      options.onRow?.(index + 1, candidates.length);
    });
    if (options.dryRun) throw new DryRun();
    if (options.refuseIfInvalid && counts.invalid > 0) {
      throw new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_HAS_INVALID', params: { count: counts.invalid } });
    }
    if (options.refuseUpdates && counts.update > 0) {
      throw new HavenError('CONFLICT', { messageKey: 'errors.LEDGER_UPDATES_UNCONFIRMED', params: { count: counts.update } });
    }
  });
  try {
    run();
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { results, counts };
}

function applyOne(ops: Ops, candidate: Candidate, columnOf: Map<LedgerImportField, number>, staffNames: Map<number, string>): RowResult {
  const base = { candidate, personId: null as number | null, changes: [] as LedgerFieldChange[], measure: null as RowResult['measure'] };
  const existing = candidate.idNumber ? findByIdNumber(ops.db, candidate.idNumber) : undefined;
  base.personId = existing?.id ?? null;
  if (existing && candidate.name !== '') {
    if (sameName(existing.name, candidate.name)) {
      // The same name written with other spaces or full-width letters: the file keeps its own.
      candidate.person.name = existing.name;
    } else {
      // An ID number typed into the wrong row, or a name changed behind the file's back: either
      // way the import must not rename a file silently. The stored name is shown so the user can
      // tell which (a look at that file, logged by the preview as for every matched row).
      candidate.problems.push({ row: candidate.row, column: columnOf.get('name') ?? null, field: 'name', messageKey: 'validation.ledgerNameDiffers', params: { name: existing.name } });
    }
  }
  // A cell that could not be read is said once: not again as the schema's "required".
  const unread = new Set(candidate.problems.map((p) => p.field));
  const problems = [...candidate.problems, ...schemaProblems(ops, candidate, existing?.id ?? null, columnOf).filter((p) => p.field === null || !unread.has(p.field))];
  if (problems.length > 0) {
    candidate.problems = problems;
    return { ...base, outcome: 'invalid' };
  }
  const entries: AuditEntry[] = [];
  const rowOps: Ops = {
    ...ops,
    audit: (entry) => {
      entries.push(entry);
      ops.audit(entry);
    },
  };
  try {
    ops.db.transaction(() => writeRow(rowOps, candidate, existing?.id ?? null, columnOf))();
  } catch (error) {
    candidate.problems = error instanceof RowRefused ? error.problems : [...problemsFromError(candidate.row, error, columnOf)];
    return { ...base, outcome: 'invalid' };
  }
  return { ...base, ...describe(entries, staffNames), personId: base.personId ?? createdId(entries) };
}

/** Names compared as a person would read them: spaces and full-width letters do not make another name. */
function sameName(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  return key(a) === key(b);
}

/** The forms' schemas over the row (merged with the existing file for a known ID number), and the checks against the ID number. */
function schemaProblems(ops: Ops, candidate: Candidate, personId: number | null, columnOf: Map<LedgerImportField, number>): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const person = personId === null ? candidate.person : { ...rowToPersonData(requireRow(ops, personId)), ...candidate.person };
  const parsed = personInputSchema.safeParse(person);
  if (!parsed.success) problems.push(...problemsFromIssues(candidate.row, parsed.error.issues, PERSON_FIELD_OF, columnOf));
  const id = parseIdNumber(candidate.idNumber, ops.today);
  if (id.ok) {
    if (candidate.checks.gender !== null && candidate.checks.gender !== id.gender) {
      problems.push({ row: candidate.row, column: columnOf.get('gender') ?? null, field: 'gender', messageKey: 'validation.ledgerGenderMismatch', params: { gender: id.gender } });
    }
    if (candidate.checks.birthDate !== null && candidate.checks.birthDate !== id.birthDate) {
      problems.push({ row: candidate.row, column: columnOf.get('birthDate') ?? null, field: 'birthDate', messageKey: 'validation.ledgerBirthDateMismatch', params: { birthDate: id.birthDate } });
    }
  }
  if (candidate.decision) {
    const decision = decisionInput(ops, candidate, personId);
    const parsedDecision = measureDecisionSchema.safeParse(decision);
    if (!parsedDecision.success) problems.push(...problemsFromIssues(candidate.row, parsedDecision.error.issues, DECISION_FIELD_OF, columnOf));
  }
  return problems;
}

function requireRow(ops: Ops, personId: number) {
  const row = findPersonRow(ops.db, personId);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  return row;
}

/** The measure of this person that the row's decision number names, if any. */
function sameDecision(ops: Ops, personId: number | null, decisionNumber: unknown) {
  if (personId === null || typeof decisionNumber !== 'string') return undefined;
  return measuresOfPerson(ops.db, personId).find((m) => m.decision_number === decisionNumber);
}

/** The decision as the form would send it: the known measure's values under the row's, 36 months for 社区戒毒 (the law's only term). */
function decisionInput(ops: Ops, candidate: Candidate, personId: number | null): Record<string, unknown> {
  const row = candidate.decision ?? {};
  const known = sameDecision(ops, personId, row.decisionNumber);
  const before = known
    ? {
        kind: known.kind,
        decisionNumber: known.decision_number,
        decisionAuthority: known.decision_authority,
        decisionDate: known.decision_date,
        deliveryDate: known.delivery_date,
        termMonths: known.term_months,
        creditedDays: known.credited_days,
        notes: known.notes,
      }
    : {};
  const merged: Record<string, unknown> = { ...before, ...row };
  if (merged.termMonths === undefined && merged.kind === 'community_detox') merged.termMonths = 36;
  return merged;
}

/** The row's writes, through the services (each audits what it does). */
function writeRow(ops: Ops, candidate: Candidate, personId: number | null, columnOf: Map<LedgerImportField, number>): void {
  let id = personId;
  if (id === null) {
    id = createPerson(ops, personInputSchema.parse(candidate.person));
  } else {
    const merged = { ...rowToPersonData(requireRow(ops, id)), ...candidate.person };
    updatePerson(ops, id, personInputSchema.parse(merged));
  }
  let measureId: number | null = null;
  if (candidate.decision) {
    const decision = measureDecisionSchema.parse(decisionInput(ops, candidate, id));
    const known = sameDecision(ops, id, decision.decisionNumber);
    if (known) {
      updateDecision(ops, known.id, decision);
      measureId = known.id;
    } else {
      measureId = registerMeasure(ops, id, decision);
    }
  } else if (candidate.reportInDate !== null) {
    // A report-in date alone: the person's current measure.
    const current = ops.db.prepare('SELECT current_measure_id FROM persons WHERE id = ?').pluck().get(id) as number | null;
    if (current === null) throw new RowRefused([{ row: candidate.row, column: columnOf.get('reportInDate') ?? null, field: 'reportInDate', messageKey: 'validation.ledgerReportInAlone' }]);
    measureId = current;
  }
  if (measureId !== null && candidate.reportInDate !== null) {
    const measure = findMeasureRow(ops.db, measureId);
    if (measure && measure.report_in_date === null && measure.status === 'pending_report') {
      transitionMeasure(ops, measureTransitionSchema.parse({ measureId, action: 'report_in', date: candidate.reportInDate }));
    } else if (measure && measure.report_in_date !== candidate.reportInDate) {
      // A report-in is a dated event of the measure: corrected in the file, never rewritten by an import.
      throw new RowRefused([
        {
          row: candidate.row,
          column: columnOf.get('reportInDate') ?? null,
          field: 'reportInDate',
          messageKey: measure.report_in_date === null ? 'errors.ILLEGAL_TRANSITION' : 'validation.ledgerReportInDiffers',
          params: { date: measure.report_in_date ?? '' },
        },
      ]);
    }
  }
}

/**
 * A service's refusal, or a schema's, as problems at the row's columns. A schema refuses here
 * only what the checks before the writes let through (a value no cell reader should produce):
 * still that row's problem, never a failure of the whole import. Anything else is a fault of the
 * program and is thrown on.
 */
export function problemsFromError(row: number, error: unknown, columnOf: Map<LedgerImportField, number>): LedgerProblem[] {
  if (error instanceof ZodError) {
    return error.issues.map((issue) => {
      const field = SCHEMA_FIELDS[String(issue.path[0] ?? '')] ?? null;
      const messageKey = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
      return { row, column: field ? (columnOf.get(field) ?? null) : null, field, messageKey };
    });
  }
  if (!(error instanceof HavenError)) throw error;
  if (error.code !== 'VALIDATION' && error.code !== 'CONFLICT' && error.code !== 'NOT_FOUND') throw error;
  const fields = Object.entries(error.fields ?? {});
  if (fields.length > 0) {
    return fields.map(([path, key]) => {
      const field = SERVICE_FIELDS[path] ?? null;
      return { row, column: field ? (columnOf.get(field) ?? null) : null, field, messageKey: key, params: error.params };
    });
  }
  const field = SERVICE_MESSAGES[error.messageKey] ?? null;
  return [{ row, column: field ? (columnOf.get(field) ?? null) : null, field, messageKey: error.messageKey, params: error.params }];
}

function createdId(entries: readonly AuditEntry[]): number | null {
  const created = entries.find((e) => e.action === 'persons.create');
  return created ? Number(created.entityId) : null;
}

/** What the services reported doing, as the preview shows it. */
function describe(entries: readonly AuditEntry[], staffNames: Map<number, string>): Pick<RowResult, 'outcome' | 'changes' | 'measure'> {
  const changes: LedgerFieldChange[] = [];
  let measure: RowResult['measure'] = null;
  const created = entries.some((e) => e.action === 'persons.create');
  for (const entry of entries) {
    const details = entry.details ?? {};
    if (entry.action === 'persons.update') {
      for (const [field, change] of Object.entries((details.changes ?? {}) as Record<string, { from: unknown; to: unknown }>)) {
        if (field === 'staffUserId') changes.push({ field: 'staff', from: staffName(change.from, staffNames), to: staffName(change.to, staffNames) });
        else changes.push({ field, from: change.from, to: change.to });
      }
    } else if (entry.action === 'measures.create') {
      measure = 'create';
    } else if (entry.action === 'measures.update') {
      measure ??= 'update';
      for (const [field, change] of Object.entries((details.changes ?? {}) as Record<string, { from: unknown; to: unknown }>)) {
        changes.push({ field: DECISION_FIELD_OF[field] ?? field, from: change.from, to: change.to });
      }
    } else if (entry.action === 'measures.report_in') {
      measure ??= 'report_in';
      changes.push({ field: 'reportInDate', from: null, to: details.date ?? null });
    }
  }
  const outcome: LedgerRowOutcome = created ? 'create' : entries.length > 0 ? 'update' : 'unchanged';
  return { outcome, changes, measure };
}

function staffName(id: unknown, names: Map<number, string>): string | null {
  return typeof id === 'number' ? (names.get(id) ?? String(id)) : null;
}

/** The masked ID number of a candidate, for what the screens show. */
export function maskedId(candidate: Candidate): string {
  return candidate.idNumber ? maskIdNumber(candidate.idNumber) : '';
}
