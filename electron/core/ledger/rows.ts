import type { ZodIssue } from 'zod';
import { ledgerMeasureFields, type LedgerColumnMapping, type LedgerImportField, type LedgerProblem } from '../../../shared/domain/ledger';
import type { Db } from '../kernel/db/database';
import { toCode, toDate, toEthnicity, toIdNumber, toMonths, toPhone, toText, type Converted } from './cells';
import type { CellValue, SheetRow } from './xlsxRead';

/**
 * A sheet's row as the import's candidate: each mapped cell converted to its field's value, or a
 * problem at its row and column. The values are then held to the forms' own schemas and the
 * services' checks (apply.ts); nothing here decides what is legal.
 */
export interface Candidate {
  row: number;
  cells: CellValue[];
  /** Normalised; the key that matches an existing file. */
  idNumber: string;
  name: string;
  /** Person fields present in the row (form field names), empty cells left out. */
  person: Record<string, unknown>;
  /** Checked against the ID number, never stored. */
  checks: { gender: 'male' | 'female' | null; birthDate: string | null };
  /** Decision fields present in the row (the measure form's names); null when the row names no measure. */
  decision: Record<string, unknown> | null;
  reportInDate: string | null;
  problems: LedgerProblem[];
}

export interface ParseContext {
  mapping: readonly LedgerColumnMapping[];
  date1904: boolean;
  /** Active users by display name and user name (责任社工). */
  staff: Map<string, number>;
}

/** Where each form field's errors are shown: the ledger field, hence the column. */
export const PERSON_FIELD_OF: Record<string, LedgerImportField> = {
  name: 'name',
  formerNames: 'formerNames',
  idNumber: 'idNumber',
  ethnicity: 'ethnicity',
  phone: 'phone',
  householdAddress: 'householdAddress',
  residenceAddress: 'residenceAddress',
  education: 'education',
  employment: 'employment',
  employer: 'employer',
  maritalStatus: 'maritalStatus',
  staffUserId: 'staff',
  notes: 'notes',
};

export const DECISION_FIELD_OF: Record<string, LedgerImportField> = {
  kind: 'measureKind',
  decisionNumber: 'decisionNumber',
  decisionAuthority: 'decisionAuthority',
  decisionDate: 'decisionDate',
  deliveryDate: 'deliveryDate',
  termMonths: 'termMonths',
  creditedDays: 'termMonths',
};

/** Active staff by display name and by user name, to read 责任社工. */
export function staffDirectory(db: Db): Map<string, number> {
  const users = db.prepare('SELECT id, username, display_name FROM users WHERE disabled = 0 ORDER BY id').all() as { id: number; username: string; display_name: string }[];
  const out = new Map<string, number>();
  for (const u of users) {
    out.set(u.username.toLowerCase(), u.id);
    if (!out.has(u.display_name)) out.set(u.display_name, u.id);
  }
  return out;
}

export function problemsFromIssues(row: number, issues: readonly ZodIssue[], fieldOf: Record<string, LedgerImportField>, columnOf: Map<LedgerImportField, number>): LedgerProblem[] {
  return issues.map((issue) => {
    const field = fieldOf[String(issue.path[0] ?? '')] ?? null;
    return { row, column: field ? (columnOf.get(field) ?? null) : null, field, messageKey: issue.message };
  });
}

export function columnsOf(mapping: readonly LedgerColumnMapping[]): Map<LedgerImportField, number> {
  return new Map(mapping.map((m) => [m.field, m.column]));
}

/** A mapped row to a candidate; rows with no mapped content return null (blank lines, totals beside the table). */
export function parseRow(sheetRow: SheetRow, context: ParseContext): Candidate | null {
  const columnOf = columnsOf(context.mapping);
  const problems: LedgerProblem[] = [];
  const cellOf = (field: LedgerImportField): CellValue => {
    const column = columnOf.get(field);
    return column === undefined ? { kind: 'empty' } : (sheetRow.cells[column - 1] ?? { kind: 'empty' });
  };
  if (!context.mapping.some((m) => (sheetRow.cells[m.column - 1]?.kind ?? 'empty') !== 'empty')) return null;
  // A row hidden in Excel (often by a filter: the persons whose measures ended) would create or
  // change a file nobody looking at the sheet saw: a problem of the row, which may be skipped.
  if (sheetRow.hidden) problems.push({ row: sheetRow.number, column: null, field: null, messageKey: 'validation.ledgerHiddenRow' });

  const take = <T>(field: LedgerImportField, converted: Converted<T>): T | undefined => {
    if (converted.ok) return converted.value;
    problems.push({ row: sheetRow.number, column: columnOf.get(field) ?? null, field, messageKey: converted.messageKey, params: converted.params });
    return undefined;
  };
  const person: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') person[key] = value;
  };
  const idNumber = take('idNumber', toIdNumber(cellOf('idNumber'))) ?? '';
  const name = take('name', toText(cellOf('name'))) ?? '';
  // Name and ID number are always part of the input, so that a missing one is "required".
  person.name = name;
  person.idNumber = idNumber;
  put('formerNames', take('formerNames', toText(cellOf('formerNames'))));
  put('ethnicity', take('ethnicity', toEthnicity(cellOf('ethnicity'))));
  put('phone', take('phone', toPhone(cellOf('phone'))));
  put('householdAddress', take('householdAddress', toText(cellOf('householdAddress'))));
  put('residenceAddress', take('residenceAddress', toText(cellOf('residenceAddress'))));
  put('education', take('education', toCode(cellOf('education'), 'education')));
  put('employment', take('employment', toCode(cellOf('employment'), 'employment')));
  put('employer', take('employer', toText(cellOf('employer'))));
  put('maritalStatus', take('maritalStatus', toCode(cellOf('maritalStatus'), 'maritalStatus')));
  put('notes', take('notes', toText(cellOf('notes'))));
  const staffName = take('staff', toText(cellOf('staff')));
  if (staffName) {
    const id = context.staff.get(staffName) ?? context.staff.get(staffName.toLowerCase());
    if (id === undefined) problems.push({ row: sheetRow.number, column: columnOf.get('staff') ?? null, field: 'staff', messageKey: 'validation.ledgerStaffUnknown', params: { value: staffName.slice(0, 30) } });
    else person.staffUserId = id;
  }
  const checks = {
    gender: take('gender', toCode(cellOf('gender'), 'gender')) ?? null,
    birthDate: take('birthDate', toDate(cellOf('birthDate'), context.date1904)) ?? null,
  };

  const measurePresent = ledgerMeasureFields.some((f) => f !== 'reportInDate' && columnOf.has(f) && cellOf(f).kind !== 'empty');
  let decision: Record<string, unknown> | null = null;
  if (measurePresent) {
    decision = {};
    const set = (key: string, value: unknown) => {
      if (value !== undefined && value !== null && value !== '') (decision as Record<string, unknown>)[key] = value;
    };
    set('kind', take('measureKind', toCode(cellOf('measureKind'), 'measureKind')));
    set('decisionNumber', take('decisionNumber', toText(cellOf('decisionNumber'))));
    set('decisionAuthority', take('decisionAuthority', toText(cellOf('decisionAuthority'))));
    set('decisionDate', take('decisionDate', toDate(cellOf('decisionDate'), context.date1904)));
    set('deliveryDate', take('deliveryDate', toDate(cellOf('deliveryDate'), context.date1904)));
    set('termMonths', take('termMonths', toMonths(cellOf('termMonths'))));
  }
  const reportInDate = take('reportInDate', toDate(cellOf('reportInDate'), context.date1904)) ?? null;
  return { row: sheetRow.number, cells: sheetRow.cells, idNumber, name, person, checks, decision, reportInDate, problems };
}

/** ID numbers that occur in more than one row: every such row gets the problem, naming the others. */
export function markDuplicates(candidates: readonly Candidate[], columnOf: Map<LedgerImportField, number>): void {
  const rowsById = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.idNumber === '') continue;
    const list = rowsById.get(c.idNumber) ?? [];
    list.push(c);
    rowsById.set(c.idNumber, list);
  }
  for (const list of rowsById.values()) {
    if (list.length < 2) continue;
    for (const c of list) {
      const others = list.filter((o) => o !== c).map((o) => o.row);
      const shown = others.slice(0, 5).join('、') + (others.length > 5 ? '…' : '');
      c.problems.push({ row: c.row, column: columnOf.get('idNumber') ?? null, field: 'idNumber', messageKey: 'validation.ledgerDuplicateInFile', params: { rows: shown } });
    }
  }
}
