import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  LEDGER_LIMITS,
  columnLetter,
  defaultLedgerExportColumns,
  ledgerExportFields,
  normalizeHeader,
  suggestHeaderRow,
  suggestMapping,
  type LedgerColumnMapping,
  type LedgerExportField,
} from '../../../shared/domain/ledger';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import { HavenError } from '../../../shared/ipc/errors';
import { localeFromEnv, translate } from '../../../shared/i18n/translate';
import { ledgerMappingFileSchema, ledgerMappingSchema } from '../../../shared/schemas/ledger';
import { writePersonLedger, fieldHeader } from '../../core/ledger/export';
import { describeProblem, runLedger, type LedgerRun, type LedgerSource } from '../../core/ledger/service';
import { rememberedMapping } from '../../core/ledger/source';
import { cellText, openWorkbook } from '../../core/ledger/xlsxRead';
import { getStation } from '../../core/kernel/settings';
import type { Ops } from '../../core/kernel/ops';
import { CliError, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { withOps } from './keys';

/**
 * `ledger import` and `ledger export`: the 人员台账 screens' work for IT staff moving a station in.
 * The same reading, checks and services as the app; audited the same way (the command's login
 * too). A supervisor's database takes no person data.
 */
export async function ledgerCommand(flags: Flags, t: Translate, args: string[]): Promise<void> {
  const [sub] = args;
  if (sub === 'import') return ledgerImport(flags, t);
  if (sub === 'export') return ledgerExport(flags, t);
  throw new CliError(t('cli.ledger.badSub'), 2);
}

const locale = () => localeFromEnv(process.env.HAVEN_LANG ?? process.env.LANG);

/** `--mapping FILE.json`: `{ "headerRow": 2, "columns": { "姓名": "name", "C": "idNumber" } }` (header text or column letter). */
function readMappingFile(path: string, t: Translate) {
  try {
    return ledgerMappingFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new CliError(t('cli.ledger.mappingFile', { path, error: error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 200) : String(error) }), 2);
  }
}

function resolveColumns(columns: Record<string, LedgerColumnMapping['field']>, headers: readonly string[], t: Translate): LedgerColumnMapping[] {
  return Object.entries(columns).map(([key, field]) => {
    const byHeader = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(key) && normalizeHeader(key) !== '');
    if (byHeader >= 0) return { column: byHeader + 1, field };
    if (/^[A-Z]{1,3}$/.test(key)) {
      const column = [...key].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
      if (column <= LEDGER_LIMITS.maxColumns) return { column, field };
    }
    throw new CliError(t('cli.ledger.mappingUnknown', { header: key }), 2);
  });
}

async function ledgerImport(flags: Flags, t: Translate): Promise<void> {
  const path = resolve(requireFlag(flags, 'file'));
  if (!existsSync(path)) throw new CliError(t('cli.bundle.cannotRead', { path }), 2);
  const dryRun = flags['dry-run'] === true;
  const lang = locale();
  const outcome = await withOps(flags, false, async (ops) => {
    if (getStation(ops.db).mode === 'supervisor') throw new HavenError('FORBIDDEN', { messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    // The sheet and its first rows, to find the header row and the columns.
    const workbook = await openWorkbook(path, basename(path));
    let sheet: string;
    let sample: string[][];
    try {
      sheet = typeof flags.sheet === 'string' ? flags.sheet : (workbook.sheetNames[0] as string);
      if (!workbook.sheetNames.includes(sheet)) throw new CliError(t('cli.ledger.noSheet', { sheet, sheets: workbook.sheetNames.join('、') }), 2);
      const head = await workbook.readSheet(sheet, LEDGER_LIMITS.maxHeaderRow);
      sample = Array.from({ length: LEDGER_LIMITS.maxHeaderRow }, (_, i) => (head.rows.find((r) => r.number === i + 1)?.cells ?? []).map((c) => cellText(c)));
    } finally {
      workbook.close();
    }
    const remembered = rememberedMapping(ops.db);
    const file = typeof flags.mapping === 'string' ? readMappingFile(resolve(flags.mapping), t) : null;
    // The mapping file's headers help find the header row, as remembered ones do.
    const known = { ...remembered, ...Object.fromEntries(Object.entries(file?.columns ?? {}).map(([k, v]) => [normalizeHeader(k), v])) };
    const headerRow = file?.headerRow ?? suggestHeaderRow(sample, known);
    const mapping: LedgerColumnMapping[] = file ? resolveColumns(file.columns, sample[headerRow - 1] ?? [], t) : suggestMapping(sample[headerRow - 1] ?? [], remembered);
    const checked = ledgerMappingSchema.safeParse(mapping);
    if (!checked.success) throw new CliError(`${t('cli.ledger.noMapping', { row: headerRow })} (${t(checked.error.issues[0]?.message ?? 'validation.invalid')})`, 2);
    const headers = sample[headerRow - 1] ?? [];
    const source: LedgerSource = { path, fileName: basename(path), sheet, headerRow, mapping };
    // Always checked first (nothing written); then imported when asked and allowed.
    const check = await runLedger({ ...ops, audit: () => {} }, source, { dryRun: true });
    const canImport = !dryRun && (check.counts.invalid === 0 || flags['skip-invalid'] === true);
    let run: LedgerRun = check;
    if (canImport) run = await runLedger(ops, source, { dryRun: false, skipInvalid: flags['skip-invalid'] === true, expectSha256: check.sha256 });
    ops.audit({
      action: canImport ? 'ledger.import' : 'ledger.preview',
      details: { via: 'cli', file: source.fileName, sha256: run.sha256, sheet, headerRow, mapping, counts: run.counts, skipInvalid: flags['skip-invalid'] === true },
    });
    return { run, sheet, headerRow, mapping, headers, imported: canImport };
  });

  const { run, sheet, headerRow, mapping, headers, imported } = outcome;
  const problems = run.results.flatMap((r) => r.candidate.problems);
  const changed = run.results.filter((r) => r.outcome === 'update');
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({
        file: path,
        sheet,
        headerRow,
        mapping: mapping.map((m) => ({ column: columnLetter(m.column), header: headers[m.column - 1] ?? '', field: m.field })),
        dryRun,
        imported,
        counts: run.counts,
        problems: problems.map((p) => ({
          row: p.row,
          column: p.column === null ? null : columnLetter(p.column),
          header: p.column === null ? null : (headers[p.column - 1] ?? null),
          field: p.field,
          messageKey: p.messageKey,
          message: translate(lang, p.messageKey, p.params),
        })),
        changes: changed.map((r) => ({ row: r.candidate.row, name: r.candidate.name, idNumberMasked: maskIdNumber(r.candidate.idNumber), changes: r.changes, measure: r.measure })),
      })}\n`,
    );
  } else {
    const columns = mapping.map((m) => `${columnLetter(m.column)}=${fieldHeader(lang, m.field)}`).join(t('cli.demo.separator'));
    process.stdout.write(`${t('cli.ledger.mapped', { sheet, row: headerRow, columns })}\n`);
    for (const p of problems) {
      const where = p.column === null ? '' : `${columnLetter(p.column)}`;
      process.stdout.write(`${t('cli.ledger.problem', { row: p.row, where, message: describeProblem(lang, { ...p, column: null }) })}\n`);
    }
    for (const r of changed) {
      const list = r.changes.map((c) => `${c.field}: ${String(c.from ?? '—')} → ${String(c.to ?? '—')}`).join(t('cli.demo.separator'));
      process.stdout.write(`${t('cli.ledger.change', { row: r.candidate.row, name: r.candidate.name, id: maskIdNumber(r.candidate.idNumber), changes: list })}\n`);
    }
    process.stdout.write(`${t('cli.ledger.summary', { ...run.counts })}${imported ? t('cli.ledger.imported') : dryRun ? t('cli.ledger.dryRun') : ''}\n`);
  }
  if (run.counts.invalid > 0 && !(imported && flags['skip-invalid'] === true)) {
    throw new CliError(dryRun ? t('cli.ledger.summary', { ...run.counts }) : t('cli.ledger.invalidRefused'));
  }
}

function exportColumns(flags: Flags, t: Translate): LedgerExportField[] {
  if (typeof flags.columns !== 'string') return [...defaultLedgerExportColumns];
  const asked = flags.columns.split(/[,，、]/).map((c) => c.trim()).filter((c) => c !== '');
  const byName = new Map<string, LedgerExportField>();
  for (const field of ledgerExportFields) {
    byName.set(field.toLowerCase(), field);
    byName.set(normalizeHeader(fieldHeader('zh-CN', field)), field);
    byName.set(normalizeHeader(fieldHeader('en', field)), field);
  }
  const unknown = asked.filter((c) => !byName.has(c.toLowerCase()) && !byName.has(normalizeHeader(c)));
  if (unknown.length > 0 || asked.length === 0) throw new CliError(t('cli.ledger.badColumns', { names: unknown.join(', '), known: ledgerExportFields.join(',') }), 2);
  return [...new Set(asked.map((c) => (byName.get(c.toLowerCase()) ?? byName.get(normalizeHeader(c))) as LedgerExportField))];
}

async function ledgerExport(flags: Flags, t: Translate): Promise<void> {
  const out = resolve(requireFlag(flags, 'out'));
  if (existsSync(out)) throw new CliError(t('cli.ledger.outExists', { path: out }), 2);
  const columns = exportColumns(flags, t);
  const full = flags['full-id-numbers'] === true;
  const reason = typeof flags.reason === 'string' ? flags.reason.trim() : '';
  if (full && reason.length < 2) throw new CliError(t('validation.reasonRequired'), 2);
  const lang = locale();
  const rows = await withOps(flags, full, async (ops: Ops) => {
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      const written = await writePersonLedger(ops, temporary, { columns, filter: {
        query: '', measureKind: null, measureStatus: null, staffUserId: null, riskLevel: null, careCategory: null, stationCode: null, archived: false, sort: 'name', direction: 'asc',
      }, locale: lang, fullIdNumbers: full });
      renameSync(temporary, out);
      ops.audit({ action: 'ledger.export', details: { via: 'cli', fileName: basename(out), rows: written, columns, fullIdNumbers: full, reason: full ? reason : null } });
      return written;
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ path: out, rows, columns, fullIdNumbers: full })}\n`);
    return;
  }
  process.stdout.write(`${t('cli.ledger.exported', { rows, path: out })}\n`);
}
