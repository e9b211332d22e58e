import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import {
  LEDGER_LIMITS,
  columnLetter,
  defaultLedgerExportColumns,
  ledgerExportFields,
  ledgerImportFields,
  normalizeHeader,
  suggestHeaderRow,
  suggestMapping,
  suggestSheet,
  type LedgerColumnMapping,
  type LedgerExportField,
  type LedgerFieldChange,
  type LedgerImportField,
} from '../../../shared/domain/ledger';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import { HavenError } from '../../../shared/ipc/errors';
import { hasKey, localeFromEnv, translate } from '../../../shared/i18n/translate';
import type { Locale } from '../../../shared/schemas/common';
import { ledgerMappingFileSchema, ledgerMappingSchema } from '../../../shared/schemas/ledger';
import { reasonSchema } from '../../../shared/schemas/person';
import { writePersonLedger, fieldHeader } from '../../core/ledger/export';
import { describeProblem, filesLookedAt, runLedger, type LedgerRun, type LedgerSource } from '../../core/ledger/service';
import { rememberedMapping } from '../../core/ledger/source';
import { cellText, openWorkbook } from '../../core/ledger/xlsxRead';
import { getStation } from '../../core/kernel/settings';
import type { Ops } from '../../core/kernel/ops';
import { CliError, publishFile, refuseFlags, requireFlag, systemReason, type Translate } from '../io';
import type { Flags } from '../index';
import { withOps } from './keys';

/**
 * `ledger import` and `ledger export`: the 人员台账 screens' work for IT staff moving a station in.
 * The same reading, checks and services as the app; audited the same way (the command's login
 * too). A supervisor's database takes no person data.
 */
export async function ledgerCommand(flags: Flags, t: Translate, args: string[]): Promise<void> {
  const [sub] = args;
  if (sub === 'import') {
    refuseFlags(flags, IMPORT_FLAGS, 'haven ledger import', t);
    return ledgerImport(flags, t);
  }
  if (sub === 'export') {
    refuseFlags(flags, EXPORT_FLAGS, 'haven ledger export', t);
    return ledgerExport(flags, t);
  }
  throw new CliError(t('cli.ledger.badSub'), 2);
}

const LOGIN_FLAGS = ['db', 'user', 'password-stdin', 'json'];
const IMPORT_FLAGS = [...LOGIN_FLAGS, 'file', 'sheet', 'mapping', 'dry-run', 'skip-invalid', 'confirm-updates'];
const EXPORT_FLAGS = [...LOGIN_FLAGS, 'out', 'columns', 'full-id-numbers', 'reason'];

const locale = () => localeFromEnv(process.env.HAVEN_LANG ?? process.env.LANG);

/** `--mapping FILE.json`: `{ "headerRow": 2, "columns": { "姓名": "name", "C": "idNumber" } }` (header text or column letter). */
function readMappingFile(path: string, t: Translate) {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(t('cli.ledger.mappingUnreadable', { path, reason: systemReason(error, t) }), 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch {
    throw new CliError(t('cli.ledger.mappingNotJson', { path }), 2);
  }
  const parsed = ledgerMappingFileSchema.safeParse(json);
  if (!parsed.success) throw new CliError(mappingProblem(path, json, parsed.error.issues, t), 2);
  return parsed.data;
}

/** The first thing wrong with a mapping file, naming its entry and what is allowed (never zod's own words). */
function mappingProblem(path: string, json: unknown, issues: readonly z.core.$ZodIssue[], t: Translate): string {
  const issue = issues[0];
  const [top, key] = issue?.path ?? [];
  if (issue?.code === 'unrecognized_keys') {
    return t('cli.ledger.mappingUnknownKey', { path, keys: issue.keys.map((k) => `"${k}"`).join(', ').slice(0, 200), allowed: '"headerRow", "columns"' });
  }
  if (top === 'headerRow') return t('cli.ledger.mappingHeaderRow', { path, max: LEDGER_LIMITS.maxHeaderRow });
  if (top === 'columns' && typeof key === 'string' && issue?.code !== 'invalid_key') {
    const value = (json as { columns?: Record<string, unknown> }).columns?.[key];
    return t('cli.ledger.mappingBadField', { path, header: key.slice(0, 60), value: String(typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 60), fields: ledgerImportFields.join(', ') });
  }
  return t('cli.ledger.mappingShape', { path });
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

/** A field's change in the user's words: its column name, and words for coded values. */
function changeText(lang: Locale, change: LedgerFieldChange): string {
  const field = hasKey(lang, `ledger.field.${change.field}`) ? fieldHeader(lang, change.field as LedgerExportField) : hasKey(lang, `audit.fields.${change.field}`) ? translate(lang, `audit.fields.${change.field}`) : change.field;
  const lists: Partial<Record<LedgerImportField, string>> = { education: 'ref.education', employment: 'ref.employment', maritalStatus: 'ref.marital', measureKind: 'measure.kind', gender: 'ref.gender' };
  const word = (value: unknown) => {
    if (value === null || value === undefined || value === '') return '—';
    const list = lists[change.field as LedgerImportField];
    return list && hasKey(lang, `${list}.${String(value)}`) ? translate(lang, `${list}.${String(value)}`) : String(value);
  };
  return translate(lang, 'cli.ledger.changeField', { field, from: word(change.from), to: word(change.to) });
}

async function ledgerImport(flags: Flags, t: Translate): Promise<void> {
  const path = resolve(requireFlag(flags, 'file'));
  if (!existsSync(path)) throw new CliError(t('cli.bundle.cannotRead', { path }), 2);
  const dryRun = flags['dry-run'] === true;
  const confirmUpdates = flags['confirm-updates'] === true;
  const lang = locale();
  const outcome = await withOps(flags, false, async (ops) => {
    if (getStation(ops.db).mode === 'supervisor') throw new HavenError('FORBIDDEN', { messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    // Checked before the spreadsheet is opened.
    const file = typeof flags.mapping === 'string' ? readMappingFile(resolve(flags.mapping), t) : null;
    const remembered = rememberedMapping(ops.db);
    // The mapping file's headers help find the sheet and the header row, as remembered ones do.
    const known = { ...remembered, ...Object.fromEntries(Object.entries(file?.columns ?? {}).map(([k, v]) => [normalizeHeader(k), v])) };
    // The sheets' first rows, to choose the sheet, then its header row and columns.
    const workbook = await openWorkbook(path, basename(path));
    let sheet: string;
    const samples = new Map<string, string[][]>();
    const sampleOf = async (name: string) => {
      // The whole sheet is read (only its first rows kept), as the screen's inspect does: merged
      // cells are listed after the rows, and a header merged over two rows must be filled in.
      const head = await workbook.readSheet(name, LEDGER_LIMITS.maxRows + LEDGER_LIMITS.maxHeaderRow, undefined, { keepThroughRow: LEDGER_LIMITS.maxHeaderRow });
      samples.set(name, Array.from({ length: LEDGER_LIMITS.maxHeaderRow }, (_, i) => (head.rows.find((r) => r.number === i + 1)?.cells ?? []).map((c) => cellText(c))));
    };
    const hidden = workbook.sheets.filter((s) => s.hidden).map((s) => s.name);
    const listed = workbook.sheets.map((s) => `${s.name}${s.hidden ? t('cli.ledger.hiddenMark') : ''}`).join('、');
    try {
      if (typeof flags.sheet === 'string') {
        sheet = flags.sheet;
        if (!workbook.sheetNames.includes(sheet)) throw new CliError(t('cli.ledger.noSheet', { sheet, sheets: listed }), 2);
      } else {
        // Never a hidden sheet by itself: it may hold old data or code lists nobody sees.
        const visible = workbook.sheets.filter((s) => !s.hidden);
        if (visible.length === 0) throw new CliError(t('cli.ledger.noVisibleSheet', { sheets: listed }), 2);
        for (const s of visible) await sampleOf(s.name);
        sheet = suggestSheet(visible.map((s) => ({ ...s, sample: samples.get(s.name) ?? [] })), known) ?? (visible[0] as { name: string }).name;
      }
      if (!samples.has(sheet)) await sampleOf(sheet);
    } finally {
      workbook.close();
    }
    const sample = samples.get(sheet) ?? [];
    const headerRow = file?.headerRow ?? suggestHeaderRow(sample, known);
    const mapping: LedgerColumnMapping[] = file ? resolveColumns(file.columns, sample[headerRow - 1] ?? [], t) : suggestMapping(sample[headerRow - 1] ?? [], remembered);
    const checked = ledgerMappingSchema.safeParse(mapping);
    if (!checked.success) throw new CliError(`${t('cli.ledger.noMapping', { row: headerRow })} (${t(checked.error.issues[0]?.message ?? 'validation.invalid')})`, 2);
    const headers = sample[headerRow - 1] ?? [];
    const source: LedgerSource = { path, fileName: basename(path), sheet, headerRow, mapping };
    // Always checked first (nothing written); then imported when asked and allowed. Changes to
    // existing files are shown and applied only when confirmed: an import never overwrites silently.
    const check = await runLedger({ ...ops, audit: () => {} }, source, { dryRun: true });
    const unconfirmed = !dryRun && !confirmUpdates && check.counts.update > 0;
    const canImport = !dryRun && !unconfirmed && (check.counts.invalid === 0 || flags['skip-invalid'] === true);
    let run: LedgerRun = check;
    // Refused again inside the import's transaction should a file have changed since the check.
    if (canImport) run = await runLedger(ops, source, { dryRun: false, skipInvalid: flags['skip-invalid'] === true, expectSha256: check.sha256, refuseUpdates: !confirmUpdates });
    ops.db.transaction(() => {
      ops.audit({
        action: canImport ? 'ledger.import' : 'ledger.preview',
        details: { via: 'cli', file: source.fileName, sha256: run.sha256, sheet, headerRow, mapping, counts: run.counts, skipInvalid: flags['skip-invalid'] === true, confirmUpdates, updatesUnconfirmed: unconfirmed },
      });
      // Every change and problem is printed, with the stored values they name: a look at each of
      // those files, as the app's preview accounts for it.
      for (const seen of filesLookedAt(check)) {
        ops.audit({ action: 'persons.findByIdNumber', entity: 'person', entityId: seen.personId, details: { via: 'cli', row: seen.row } });
      }
    })();
    return { run, sheet, headerRow, mapping, headers, imported: canImport, unconfirmed, hidden };
  });

  const { run, sheet, headerRow, mapping, headers, imported, unconfirmed, hidden } = outcome;
  const sheetHidden = hidden.includes(sheet);
  const unused = hidden.filter((name) => name !== sheet);
  const problems = run.results.flatMap((r) => r.candidate.problems);
  const changed = run.results.filter((r) => r.outcome === 'update');
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({
        file: path,
        sheet,
        sheetHidden,
        hiddenSheets: hidden,
        headerRow,
        mapping: mapping.map((m) => ({ column: columnLetter(m.column), header: headers[m.column - 1] ?? '', field: m.field })),
        dryRun,
        imported,
        updatesUnconfirmed: unconfirmed,
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
    if (sheetHidden) process.stdout.write(`${t('cli.ledger.hiddenChosen', { sheet })}\n`);
    else if (unused.length > 0) process.stdout.write(`${t('cli.ledger.hiddenSkipped', { count: unused.length, sheets: unused.join('、') })}\n`);
    const columns = mapping.map((m) => `${columnLetter(m.column)}=${fieldHeader(lang, m.field)}`).join(t('cli.demo.separator'));
    process.stdout.write(`${t('cli.ledger.mapped', { sheet, row: headerRow, columns })}\n`);
    for (const p of problems) {
      const where = p.column === null ? '' : `${columnLetter(p.column)}`;
      process.stdout.write(`${t('cli.ledger.problem', { row: p.row, where, message: describeProblem(lang, { ...p, column: null }) })}\n`);
    }
    for (const r of changed) {
      const list = r.changes.map((c) => changeText(lang, c)).join(t('cli.ledger.separator'));
      process.stdout.write(`${t('cli.ledger.change', { row: r.candidate.row, name: r.candidate.name, id: maskIdNumber(r.candidate.idNumber), changes: list })}\n`);
    }
    process.stdout.write(`${t('cli.ledger.summary', { ...run.counts })}${imported ? t('cli.ledger.imported') : dryRun ? t('cli.ledger.dryRun') : ''}\n`);
  }
  if (run.counts.invalid > 0 && !(imported && flags['skip-invalid'] === true)) {
    throw new CliError(dryRun ? t('cli.ledger.summary', { ...run.counts }) : t('cli.ledger.invalidRefused'));
  }
  if (unconfirmed) throw new CliError(t('errors.LEDGER_UPDATES_UNCONFIRMED', { count: run.counts.update }));
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
  const folder = dirname(out);
  if (!isFolder(folder)) throw new CliError(t('cli.ledger.outDirMissing', { dir: folder }), 2);
  if (existsSync(out)) throw new CliError(t('cli.outExists', { path: out }), 2);
  const columns = exportColumns(flags, t);
  const full = flags['full-id-numbers'] === true;
  if (!full && flags.reason !== undefined) throw new CliError(t('cli.ledger.reasonWithoutFull'), 2);
  let reason: string | null = null;
  if (full) {
    // The reason the export screen asks for, held to the same schema.
    const parsed = reasonSchema.safeParse(typeof flags.reason === 'string' ? flags.reason : '');
    if (!parsed.success) throw new CliError(t('cli.fieldProblem', { field: '--reason', message: t(parsed.error.issues[0]?.message ?? 'validation.reasonRequired') }), 2);
    reason = parsed.data;
  }
  const lang = locale();
  const rows = await withOps(flags, full, async (ops: Ops) => {
    // Written beside the target, then linked into place: never over a file that appeared meanwhile.
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      const written = await writePersonLedger(ops, temporary, { columns, filter: {
        query: '', measureKind: null, measureStatus: null, staffUserId: null, riskLevel: null, careCategory: null, stationCode: null, archived: false, sort: 'name', direction: 'asc',
      }, locale: lang, fullIdNumbers: full });
      publishFile(temporary, out, t);
      ops.audit({ action: 'ledger.export', details: { via: 'cli', fileName: basename(out), rows: written, columns, fullIdNumbers: full, reason } });
      return written;
    } catch (error) {
      // A system error writing the file is said with the file's name, not the temporary one's.
      if (/^E[A-Z]+$/.test(String((error as { code?: unknown } | null)?.code))) throw new CliError(t('cli.cannotWrite', { path: out, reason: systemReason(error, t) }));
      throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ path: out, rows, columns, fullIdNumbers: full })}\n`);
    return;
  }
  process.stdout.write(`${t('cli.ledger.exported', { rows, path: out })}\n`);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
