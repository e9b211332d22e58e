import { careCategories, helpCategories } from './care';
import type { PeriodReport } from './reports';

type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ReportSection {
  /** `reports.section.<key>` / `reports.formula.<key>`. */
  key: string;
  title: string;
  rows: [label: string, count: number][];
  formula: string;
}

/** 2026-03-02 → 2026年3月2日 (dates in official text); kept ISO in English. */
export function reportDate(day: string, locale: 'zh-CN' | 'en'): string {
  if (locale === 'en') return day;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * The report's counted sections, each with its rows and its formula, in the order a station hands
 * them in: the screen, the printout and the spreadsheet are all made from this (one list, three layouts).
 */
export function reportSections(r: PeriodReport, t: Translate, locale: 'zh-CN' | 'en'): ReportSection[] {
  const f = (key: string) => t(`reports.figure.${key}`);
  const sub = (label: string) => `　${label}`;
  return [
    {
      key: 'decisions',
      title: t('reports.section.decisions'),
      rows: [[f('decisionsDetox'), r.decisions.community_detox], [f('decisionsRehab'), r.decisions.community_rehab], [f('decisionsTotal'), r.decisions.total]],
      formula: t('reports.formula.decisions'),
    },
    {
      key: 'reportIns',
      title: t('reports.section.reportIns'),
      rows: [[f('reportOnTime'), r.reportIns.onTime], [f('reportLate'), r.reportIns.late], [f('reportMissing'), r.reportIns.missing], [f('reportPending'), r.reportIns.pending]],
      formula: t('reports.formula.reportIns'),
    },
    {
      key: 'tests',
      title: t('reports.section.tests'),
      rows: [
        [f('testsDone'), r.tests.done],
        [sub(f('testsNegative')), r.tests.negative],
        [sub(f('testsPositive')), r.tests.positive],
        // Not a part of the tests done: a refusal is a serious-breach fact (RR art. 20), not a test.
        [f('testsRefused'), r.tests.refused],
        [f('testsMissed'), r.tests.missed],
        [f('testsDue'), r.tests.due],
        [f('testsDueMet'), r.tests.dueMet],
      ],
      formula: t('reports.formula.tests'),
    },
    {
      key: 'contacts',
      title: t('reports.section.contacts'),
      rows: [
        ...(['face_to_face', 'home_visit', 'phone', 'video', 'group_activity'] as const).map((k): [string, number] => [t(`supervision.contactKind.${k}`), r.contacts[k]]),
        [f('contactsTotal'), r.contacts.total],
      ],
      formula: t('reports.formula.contacts'),
    },
    {
      key: 'leaves',
      title: t('reports.section.leaves'),
      rows: [
        [f('leavesRequested'), r.leaves.requested],
        [f('leavesApproved'), r.leaves.approved],
        [f('leavesRejected'), r.leaves.rejected],
        [f('leavesReturned'), r.leaves.returned],
        [f('leavesReturnedLate'), r.leaves.returnedLate],
      ],
      formula: t('reports.formula.leaves'),
    },
    {
      key: 'violations',
      title: t('reports.section.violations'),
      rows: [
        [f('violationsGeneral'), r.violations.general],
        [f('violationsSerious'), r.violations.serious],
        [f('violationsReported'), r.violations.reportedToPolice],
        [f('violationsReportedInTime'), r.violations.reportedInTime],
        [f('violationsUnreported'), r.violations.unreported],
      ],
      formula: t('reports.formula.violations'),
    },
    {
      key: 'endings',
      title: t('reports.section.endings'),
      rows: [
        [f('endingsCompleted'), r.endings.completed],
        [f('endingsTerminated'), r.endings.terminated],
        ...Object.entries(r.endings.byReason).map(([reason, n]): [string, number] => [sub(t(`measure.terminationReason.${reason}`)), n ?? 0]),
        [f('endingsTransferred'), r.endings.transferred_out],
      ],
      formula: t('reports.formula.endings'),
    },
    {
      key: 'help',
      title: t('reports.section.help'),
      rows: [
        [f('helpTotal'), r.help.total],
        [f('helpPersons'), r.help.persons],
        ...helpCategories.filter((c) => (r.help.byCategory[c] ?? 0) > 0).map((c): [string, number] => [sub(t(`help.category.${c}`)), r.help.byCategory[c] ?? 0]),
      ],
      formula: t('reports.formula.help'),
    },
    {
      key: 'snapshotMeasures',
      title: t('reports.section.snapshotMeasures', { asOf: reportDate(r.asOf, locale) }),
      rows: (Object.keys(r.snapshot.measures) as (keyof PeriodReport['snapshot']['measures'])[]).map((k): [string, number] => [t(`measure.status.${k}`), r.snapshot.measures[k]]),
      formula: t('reports.formula.snapshotMeasures'),
    },
    {
      key: 'snapshotRisk',
      title: t('reports.section.snapshotRisk', { asOf: reportDate(r.asOf, locale) }),
      rows: (['high', 'medium', 'low', 'unassessed'] as const).map((k): [string, number] => [t(`supervision.riskLevel.${k}`), r.snapshot.risk[k]]),
      formula: t('reports.formula.snapshotRisk'),
    },
    {
      key: 'snapshotCare',
      title: t('reports.section.snapshotCare', { asOf: reportDate(r.asOf, locale) }),
      rows: careCategories.filter((c) => (r.snapshot.keyCare[c] ?? 0) > 0).map((c): [string, number] => [t(`care.category.${c}`), r.snapshot.keyCare[c] ?? 0]),
      formula: t('reports.formula.snapshotCare'),
    },
  ];
}

/**
 * The rate rows (each station's at a supervisor, then the total), as text cells. `pending` adds the
 * decisions still within their 15 days, which 报到率 leaves out (figure `ratePending`).
 */
export function rateRows(r: PeriodReport, t: Translate, options: { pending?: boolean } = {}): string[][] {
  const text = (x: { percent: number | null; numerator: number; denominator: number }) => (x.percent === null ? '—（0/0）' : `${x.percent}%（${x.numerator}/${x.denominator}）`);
  const rows = [...r.rates.rows, ...(r.rates.total ? [{ ...r.rates.total, name: t('reports.figure.decisionsTotal') }] : [])];
  return rows.map((row) => [
    row.station ? `${row.name}（${row.station}）` : row.name,
    text(row.reportIn),
    text(row.control),
    text(row.consolidation),
    ...(options.pending ? [String(row.reportIn.pending)] : []),
  ]);
}

/** The three rates' working definitions, as the screen states them (no national document defines them). */
export function rateFormulas(r: PeriodReport, t: Translate, locale: 'zh-CN' | 'en'): string[] {
  const asOf = reportDate(r.rates.asOf, locale);
  return (['rateReportIn', 'rateControl', 'rateConsolidation'] as const).map((key) => t(`reports.formula.${key}`, { asOf }));
}

export function reportTitle(r: PeriodReport, month: string | null, t: Translate, locale: 'zh-CN' | 'en'): string {
  return month
    ? t('reports.monthlyTitle', { year: month.slice(0, 4), month: locale === 'en' ? month.slice(5, 7) : String(Number(month.slice(5, 7))) })
    : t('reports.periodTitle', { from: reportDate(r.from, locale), to: reportDate(r.to, locale) });
}
