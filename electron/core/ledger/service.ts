import { join } from 'node:path';
import {
  columnLetter,
  type LedgerColumnMapping,
  type LedgerCounts,
  type LedgerImportField,
  type LedgerProblem,
  type LedgerRowView,
} from '../../../shared/domain/ledger';
import { HavenError } from '../../../shared/ipc/errors';
import { translate } from '../../../shared/i18n/translate';
import type { Locale } from '../../../shared/schemas/common';
import type { Ops } from '../kernel/ops';
import { applyCandidates, maskedId, type RowResult } from './apply';
import { fieldHeader } from './export';
import { columnsOf, markDuplicates, parseRow, staffDirectory, type Candidate } from './rows';
import { fileSha256, readForImport, rememberMapping } from './source';
import { cellText, type CellValue } from './xlsxRead';
import { openSheetWriter, safeFileName, type SheetCell } from '../kernel/xlsxWrite';

/**
 * A ledger import from start to end, the same for the screens and the command line: read the
 * chosen sheet, turn its rows into candidates, run them through the forms' schemas and the
 * services (rolled back for a preview), and say what happened by row and column.
 */

export interface LedgerSource {
  path: string;
  fileName: string;
  sheet: string;
  headerRow: number;
  mapping: readonly LedgerColumnMapping[];
}

export interface LedgerRun {
  sha256: string;
  headers: string[];
  counts: LedgerCounts;
  results: RowResult[];
}

export type RunProgress = (phase: 'reading' | 'checking' | 'applying', done: number, total: number) => void;

/** Reads, checks and (unless `dryRun`) imports in one transaction. The ops' audit receives every service's events. */
export async function runLedger(
  ops: Ops,
  source: LedgerSource,
  options: { dryRun: boolean; skipInvalid?: boolean; refuseUpdates?: boolean; expectSha256?: string; onProgress?: RunProgress },
): Promise<LedgerRun> {
  const sha256 = await fileSha256(source.path);
  if (options.expectSha256 && options.expectSha256 !== sha256) throw new HavenError('CONFLICT', { messageKey: 'errors.LEDGER_FILE_CHANGED' });
  options.onProgress?.('reading', 0, 0);
  const sheet = await readForImport(source.path, source.fileName, source.sheet, source.headerRow, (rows) => options.onProgress?.('reading', rows, 0));
  const context = { mapping: source.mapping, date1904: sheet.date1904, staff: staffDirectory(ops.db) };
  const candidates = sheet.rows.map((r) => parseRow(r, context)).filter((c): c is Candidate => c !== null);
  const columnOf = columnsOf(source.mapping);
  markDuplicates(candidates, columnOf);
  const phase = options.dryRun ? 'checking' : 'applying';
  const { results, counts } = applyCandidates(ops, candidates, {
    dryRun: options.dryRun,
    columnOf,
    refuseIfInvalid: !options.dryRun && !options.skipInvalid,
    refuseUpdates: !options.dryRun && options.refuseUpdates === true,
    onRow: (done, total) => options.onProgress?.(phase, done, total),
  });
  if (!options.dryRun) rememberMapping(ops.db, sheet.headers, source.mapping);
  return { sha256, headers: sheet.headers, counts, results };
}

/** Every problem, in row then column order. */
export function allProblems(run: LedgerRun): LedgerProblem[] {
  return run.results.flatMap((r) => r.candidate.problems).sort((a, b) => a.row - b.row || (a.column ?? 0) - (b.column ?? 0));
}

/** A result as the screens show a row (the ID number masked). */
export function rowView(result: RowResult): LedgerRowView {
  return {
    row: result.candidate.row,
    outcome: result.outcome,
    name: result.candidate.name,
    idNumberMasked: maskedId(result.candidate),
    personId: result.personId,
    changes: result.changes,
    measure: result.measure,
    problems: result.candidate.problems,
  };
}

/** The rows a preview shows: the first ones whatever they are, then every changed and every bad one, within limits. */
export function previewRows(run: LedgerRun, limits = { first: 20, changed: 500, invalid: 500 }): LedgerRowView[] {
  const picked = new Set<RowResult>(run.results.slice(0, limits.first));
  for (const r of run.results.filter((x) => x.outcome === 'update').slice(0, limits.changed)) picked.add(r);
  for (const r of run.results.filter((x) => x.outcome === 'invalid').slice(0, limits.invalid)) picked.add(r);
  return [...picked].sort((a, b) => a.candidate.row - b.candidate.row).map(rowView);
}

/**
 * The existing files a preview shows something of, each a look at that file (accounted for as
 * persons:findByIdNumber is): rows matched by their full ID number whose stored values are shown —
 * a change's old value, the stored name or report-in date in a problem (every problem goes to the
 * screen's list and the bad-rows file, not only the rows previewed), or the row itself among those
 * shown. A row that would create a file names an id the preview rolled back: no file, no look.
 */
export function filesLookedAt(run: LedgerRun, shownRows: ReadonlySet<number> = new Set()): { personId: number; row: number }[] {
  return run.results
    .filter((r) => r.outcome !== 'create' && r.personId !== null && (r.outcome === 'update' || r.outcome === 'invalid' || shownRows.has(r.candidate.row)))
    .map((r) => ({ personId: r.personId as number, row: r.candidate.row }));
}

/** One problem in words: "C 列（身份证号）：身份证号校验位不正确". */
export function describeProblem(locale: Locale, problem: LedgerProblem): string {
  const params = { ...problem.params };
  if (problem.messageKey === 'validation.ledgerGenderMismatch' && typeof params.gender === 'string') params.gender = translate(locale, `ref.gender.${params.gender}`);
  const message = translate(locale, problem.messageKey, params);
  if (problem.column === null) return message;
  const field = problem.field ? fieldHeader(locale, problem.field as LedgerImportField) : '';
  return translate(locale, 'ledger.problemAt', { column: columnLetter(problem.column), field, message });
}

function asCell(cell: CellValue | undefined): SheetCell {
  if (!cell) return null;
  switch (cell.kind) {
    case 'number':
      return cell.value;
    case 'date':
      return { date: cellText(cell) };
    case 'empty':
      return null;
    default:
      return cellText(cell);
  }
}

/**
 * The bad rows as they were, with the original row number and the reasons, so the station can
 * correct them and import the file again (a row imported once is matched by its ID number).
 */
export async function writeErrorReport(folder: string, run: LedgerRun, source: LedgerSource, locale: Locale, now: Date): Promise<{ path: string; fileName: string; rows: number }> {
  const bad = run.results.filter((r) => r.outcome === 'invalid');
  const width = Math.max(run.headers.length, ...bad.map((r) => r.candidate.cells.length));
  const headers = Array.from({ length: width }, (_, i) => run.headers[i] || columnLetter(i + 1));
  const base = source.fileName.replace(/\.[^.]*$/, '');
  const fileName = safeFileName(`${base}-${translate(locale, 'ledger.errorReport.suffix')}.xlsx`);
  const path = join(folder, fileName);
  const writer = openSheetWriter(
    path,
    translate(locale, 'ledger.errorReport.sheet'),
    [
      ...headers.map((header, i) => ({ header, width: Math.min(30, Math.max(10, header.length * 2 + 2)), text: source.mapping.some((m) => m.column === i + 1 && m.field === 'idNumber') })),
      { header: translate(locale, 'ledger.errorReport.row'), width: 8 },
      { header: translate(locale, 'ledger.errorReport.reason'), width: 60 },
    ],
    { creator: '港湾 Haven', created: now },
  );
  for (const r of bad) {
    const cells = Array.from({ length: width }, (_, i) => asCell(r.candidate.cells[i]));
    writer.add([...cells, r.candidate.row, r.candidate.problems.map((p) => describeProblem(locale, p)).join(locale === 'en' ? '; ' : '；')]);
  }
  await writer.finish();
  return { path, fileName, rows: bad.length };
}
