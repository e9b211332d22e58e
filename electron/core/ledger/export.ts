import type { z } from 'zod';
import { citationLabel, citations, type CitationId } from '../../../shared/domain/law';
import { ageOn, maskIdNumber } from '../../../shared/domain/idNumber';
import { ledgerColumnWidths, ledgerDateFields, type LedgerExportField } from '../../../shared/domain/ledger';
import { translate } from '../../../shared/i18n/translate';
import type { Locale } from '../../../shared/schemas/common';
import type { ledgerPersonFilterSchema, ledgerWorklistExportSchema } from '../../../shared/schemas/ledger';
import { alertSentenceKey } from '../../../shared/rules/worklist';
import type { Ops } from '../kernel/ops';
import { listPersons } from '../persons/list';
import { listWorklist } from '../worklist/store';
import { stationDataDates } from '../worklist/stationData';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { openSheetWriter, type SheetCell } from '../kernel/xlsxWrite';

/**
 * 人员台账 and 待办 as spreadsheets: the rows the screens list, with the same filters, in the
 * user's language. ID numbers are masked unless an admin asked for them in full (the handler
 * checks the role and audits the reason).
 */

type PersonFilter = z.output<typeof ledgerPersonFilterSchema>;
type WorklistFilter = z.output<typeof ledgerWorklistExportSchema>;

const PAGE = 500;

interface LedgerRow {
  id: number;
  name: string;
  former_names: string;
  id_number: string;
  birth_date: string;
  gender: 'male' | 'female';
  ethnicity: string | null;
  phone: string;
  household_address: string;
  residence_address: string;
  education: string | null;
  employment: string | null;
  employer: string;
  marital_status: string | null;
  notes: string;
  staff_name: string | null;
  archived_at: string | null;
  kind: string | null;
  decision_number: string | null;
  decision_authority: string | null;
  decision_date: string | null;
  delivery_date: string | null;
  report_in_date: string | null;
  term_months: number | null;
}

export interface ExportProgress {
  done: number;
  total: number;
}

/** The header of a column in a language. */
export function fieldHeader(locale: Locale, field: LedgerExportField): string {
  return translate(locale, `ledger.field.${field}`);
}

const date = (value: string | null | undefined): SheetCell => (value ? { date: value } : null);

/**
 * Writes the person ledger to `file` (the list's filter and order, every page), a row at a time.
 * Returns the number of persons written.
 */
export async function writePersonLedger(
  ops: Ops,
  file: string,
  options: { columns: readonly LedgerExportField[]; filter: PersonFilter; locale: Locale; fullIdNumbers: boolean; onProgress?: (p: ExportProgress) => void | Promise<void> },
): Promise<number> {
  const { locale, columns } = options;
  const word = (key: string) => translate(locale, key);
  const writer = openSheetWriter(
    file,
    word('ledger.sheet.persons'),
    columns.map((c) => ({ header: fieldHeader(locale, c), width: ledgerColumnWidths[c], text: !ledgerDateFields.has(c) && c !== 'age' && c !== 'termMonths' })),
    { creator: '港湾 Haven', created: ops.now },
  );
  const details = (ids: number[]) =>
    ops.db
      .prepare(
        `SELECT p.id, p.name, p.former_names, p.id_number, p.birth_date, p.gender, p.ethnicity, p.phone, p.household_address, p.residence_address,
                p.education, p.employment, p.employer, p.marital_status, p.notes, p.archived_at,
                coalesce(u.display_name, p.origin_staff_name) AS staff_name,
                m.kind, m.decision_number, m.decision_authority, m.decision_date, m.delivery_date, m.report_in_date, m.term_months
         FROM persons p LEFT JOIN measures m ON m.id = p.current_measure_id LEFT JOIN users u ON u.id = p.staff_user_id
         WHERE p.id IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids) as LedgerRow[];
  let offset = 0;
  let written = 0;
  let total = 0;
  for (;;) {
    const page = listPersons(ops.db, { ...options.filter, offset, limit: PAGE }, ops.today);
    total = page.total;
    if (page.rows.length === 0) break;
    const byId = new Map(details(page.rows.map((r) => r.id)).map((r) => [r.id, r]));
    for (const listed of page.rows) {
      const row = byId.get(listed.id);
      if (!row) continue;
      const cell = (field: LedgerExportField): SheetCell => {
        switch (field) {
          case 'name':
            return row.name;
          case 'idNumber':
            return options.fullIdNumbers ? row.id_number : maskIdNumber(row.id_number);
          case 'gender':
            return word(`ref.gender.${row.gender}`);
          case 'birthDate':
            return date(row.birth_date);
          case 'formerNames':
            return row.former_names || null;
          case 'ethnicity':
            return row.ethnicity;
          case 'phone':
            return row.phone || null;
          case 'householdAddress':
            return row.household_address || null;
          case 'residenceAddress':
            return row.residence_address || null;
          case 'education':
            return row.education ? word(`ref.education.${row.education}`) : null;
          case 'employment':
            return row.employment ? word(`ref.employment.${row.employment}`) : null;
          case 'employer':
            return row.employer || null;
          case 'maritalStatus':
            return row.marital_status ? word(`ref.marital.${row.marital_status}`) : null;
          case 'staff':
            return row.staff_name;
          case 'notes':
            return row.notes || null;
          case 'measureKind':
            return row.kind ? word(`measure.kind.${row.kind}`) : null;
          case 'decisionNumber':
            return row.decision_number;
          case 'decisionAuthority':
            return row.decision_authority;
          case 'decisionDate':
            return date(row.decision_date);
          case 'deliveryDate':
            return date(row.delivery_date);
          case 'reportInDate':
            return date(row.report_in_date);
          case 'termMonths':
            return row.term_months;
          case 'age':
            return ageOn(row.birth_date, ops.today);
          case 'measureStatus':
            return word(`measure.status.${listed.measureStatus ?? 'none'}`);
          case 'plannedEnd':
            return date(listed.plannedEnd);
          case 'riskLevel':
            return word(`supervision.riskLevel.${listed.riskLevel ?? 'unassessed'}`);
          case 'station':
            return listed.station;
          case 'archived':
            return row.archived_at ? word('ledger.yes') : word('ledger.no');
        }
      };
      writer.add(columns.map(cell));
      written += 1;
    }
    offset += page.rows.length;
    await options.onProgress?.({ done: written, total });
    if (offset >= total) break;
  }
  await writer.finish();
  return written;
}

/** 待办 as a sheet: the alerts the worklist lists with the same filter, every page. */
export async function writeWorklist(
  ops: Ops,
  file: string,
  options: { filter: WorklistFilter; supervisor: boolean; onProgress?: (p: ExportProgress) => void | Promise<void> },
): Promise<number> {
  const locale = options.filter.locale;
  const word = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const columns = [
    { key: 'severity', width: 8 },
    { key: 'rule', width: 22 },
    { key: 'person', width: 12 },
    { key: 'idNumber', width: 22, text: true },
    { key: 'staff', width: 12 },
    { key: 'facts', width: 60 },
    { key: 'dueDate', width: 12 },
    { key: 'article', width: 26 },
    // At a supervisor, each row's station and how far its files go (items fallen due since may be done there).
    ...(options.supervisor ? [{ key: 'station', width: 14 }, { key: 'dataAsOf', width: 12 }] : []),
    { key: 'dismissed', width: 30 },
  ];
  const writer = openSheetWriter(
    file,
    word('ledger.sheet.worklist'),
    columns.map((c) => ({ header: word(`ledger.worklistColumn.${c.key}`), width: c.width, text: c.text })),
    { creator: '港湾 Haven', created: ops.now },
  );
  const dataAsOf = new Map(
    options.supervisor ? stationDataDates(ops.db, ops.today, getSupervisionSettings(ops.db).stationStaleDays).map((s) => [s.code, s.dataAsOf] as const) : [],
  );
  let offset = 0;
  let written = 0;
  for (;;) {
    const page = listWorklist(ops.db, ops.today, { ...options.filter, offset, limit: PAGE });
    if (page.rows.length === 0) break;
    for (const alert of page.rows) {
      const facts = Object.fromEntries(Object.entries(alert.facts).map(([k, v]) => [k, Array.isArray(v) ? v.join('、') : String(v)]));
      const values: Record<string, SheetCell> = {
        severity: word(`rules.severity.${alert.severity}`),
        rule: word(`rules.name.${alert.ruleId}`),
        person: alert.personName ?? word('cli.alerts.station'),
        idNumber: alert.idNumberMasked,
        staff: alert.staffName,
        facts: word(alertSentenceKey(alert), facts),
        dueDate: date(alert.dueDate),
        article: alert.article in citations && citations[alert.article as CitationId] ? citationLabel(alert.article as CitationId) : null,
        station: alert.station,
        dataAsOf: alert.station ? date(dataAsOf.get(alert.station) ?? null) : null,
        dismissed: alert.dismissed ? `${alert.dismissed.reason}（${alert.dismissed.by ?? ''}）` : null,
      };
      writer.add(columns.map((c) => values[c.key] ?? null));
      written += 1;
    }
    offset += page.rows.length;
    await options.onProgress?.({ done: written, total: page.total });
    if (offset >= page.total) break;
  }
  await writer.finish();
  return written;
}
