import type { IsoDate } from '../../../shared/domain/dates';
import type { FigureRow } from '../../../shared/domain/bundles';
import type { PeriodReport, ReportedFigures } from '../../../shared/domain/reports';
import { UNREPORTED_BREACH_RULES } from '../../../shared/rules/types';
import type { Db } from '../kernel/db/database';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { stationDataDates } from '../worklist/stationData';

/**
 * What 统计报表 says at a supervisor besides its totals, which come from the full snapshots only:
 * whose files end before the day the report is read on, and each station's latest figures-only
 * bundle (electron/core/bundles/stats.ts makes them), read back from `bundle_figures` and shown
 * apart. A station sending both kinds is never counted twice: its figures stand beside its files.
 */
export function stationNotes(db: Db, asOf: IsoDate, today: IsoDate): Pick<PeriodReport, 'behind' | 'reported'> {
  const dates = stationDataDates(db, today, getSupervisionSettings(db).stationStaleDays);
  const behind = dates.filter((d) => d.dataAsOf === null || d.dataAsOf < asOf).map((d) => ({ code: d.code, name: d.name, dataAsOf: d.dataAsOf }));
  const latest = db.prepare(
    'SELECT seq, as_of, created_at, imported_at, figures FROM bundle_figures WHERE station_code = ? ORDER BY created_at DESC, id DESC LIMIT 1',
  );
  const reported: ReportedFigures[] = [];
  for (const d of dates) {
    const row = latest.get(d.code) as { seq: number; as_of: string; created_at: string; imported_at: string; figures: string } | undefined;
    if (!row) continue;
    reported.push(
      digest(parseFigures(row.figures), {
        station: { code: d.code, name: d.name },
        seq: row.seq,
        asOf: row.as_of,
        createdAt: row.created_at,
        importedAt: row.imported_at,
        snapshotAsOf: d.dataAsOf,
      }, asOf.slice(0, 4)),
    );
  }
  return { behind, reported };
}

/** The stored figures; anything but rows of counts (a damaged row) is left out rather than shown wrong. */
function parseFigures(text: string): FigureRow[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((r): r is FigureRow => typeof r === 'object' && r !== null && typeof (r as FigureRow).figure === 'string' && Number.isFinite((r as FigureRow).count));
}

type Head = Pick<ReportedFigures, 'station' | 'seq' | 'asOf' | 'createdAt' | 'importedAt' | 'snapshotAsOf'>;

/**
 * The figures as the report shows them. The bundle counts per calendar year: the year shown is the
 * report's own (the year of the day it is read on) when the bundle reaches into it, else the
 * bundle's last year — figures made in January for a December report show that December's whole
 * year, figures made before the report's year show their own year, up to the day they were made.
 */
function digest(rows: FigureRow[], head: Head, reportYear: string): ReportedFigures {
  const madeYear = head.asOf.slice(0, 4);
  const year = reportYear < madeYear ? reportYear : madeYear;
  const to = year === madeYear ? head.asOf : `${year}-12-31`;
  const sum = (figure: string, match: (r: FigureRow) => boolean = () => true) =>
    rows.reduce((total, r) => (r.figure === figure && match(r) ? total + r.count : total), 0);
  const inYear = (r: FigureRow) => String(r.year) === year;
  const is = (dimension: string, ...values: (string | number)[]) => (r: FigureRow) => inYear(r) && values.includes(r[dimension] as string | number);
  const current = (status: string) => sum('current_measures', (r) => r.status === status);
  const tests = (result: string) => sum('drug_tests', is('result', result));
  const contacts = (kind: string) => sum('contacts', is('kind', kind));
  const contactKinds = { face_to_face: contacts('face_to_face'), home_visit: contacts('home_visit'), phone: contacts('phone'), video: contacts('video'), group_activity: contacts('group_activity') };
  const violations = (severity: string) => sum('violations', is('severity', severity));
  return {
    ...head,
    year,
    from: `${year}-01-01`,
    to,
    // SQLite's booleans arrive as 0 and 1.
    persons: sum('persons', (r) => Number(r.archived) === 0),
    measures: { pending_report: current('pending_report'), active: current('active'), suspended: current('suspended') },
    decisions: {
      total: sum('report_in', inYear),
      onTime: sum('report_in', is('report_in', 'on_time')),
      late: sum('report_in', is('report_in', 'late')),
      none: sum('report_in', is('report_in', 'none')),
    },
    tests: { done: tests('negative') + tests('positive'), negative: tests('negative'), positive: tests('positive'), refused: tests('refused'), missed: tests('missed') },
    contacts: { ...contactKinds, total: sum('contacts', inYear) },
    leaves: {
      requested: sum('leaves', (r) => inYear(r) && r.status !== 'cancelled'),
      rejected: sum('leaves', is('status', 'rejected')),
      returned: sum('leaves', is('status', 'returned')),
    },
    absences: sum('absences', inYear),
    violations: {
      general: violations('general'),
      serious: violations('serious'),
      reportedToPolice: sum('violations', (r) => inYear(r) && Number(r.reported) === 1),
    },
    alerts: {
      unreportedBreaches: sum('alerts', (r) => UNREPORTED_BREACH_RULES.includes(r.rule as never)),
      overdueReportIns: sum('alerts', (r) => r.rule === 'report_in_overdue'),
      total: sum('alerts'),
    },
    staff: sum('staff'),
  };
}
