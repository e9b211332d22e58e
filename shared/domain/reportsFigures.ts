import { reportDate } from './reportSections';
import type { PeriodReport, ReportedFigures } from './reports';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * What 统计报表 says at a supervisor besides its totals — whose files end before the day it is read
 * on, and each station's own reported figures — in the words the screen, the printout and the
 * spreadsheet share (one list, three layouts, as reportSections.ts).
 */

const stationName = (s: { code: string; name: string }) => `${s.name}（${s.code}）`;

/**
 * One line per station whose files here end before `asOf`: its figures above hold its work only up
 * to the day its last full bundle was made, or none of it.
 */
export function behindLines(r: PeriodReport, t: Translate, locale: 'zh-CN' | 'en'): string[] {
  const reported = new Set(r.reported.map((f) => f.station.code));
  return r.behind.map((s) =>
    s.dataAsOf === null
      ? t(reported.has(s.code) ? 'reports.coverage.noneWithFigures' : 'reports.coverage.none', { station: stationName(s) })
      : t('reports.coverage.line', { station: stationName(s), date: reportDate(s.dataAsOf, locale) }),
  );
}

/** The heading of a station's reported figures: which bundle, made when. */
export function reportedHeading(f: ReportedFigures, t: Translate, locale: 'zh-CN' | 'en'): string {
  return t('reports.reported.heading', { station: stationName(f.station), seq: f.seq, date: reportDate(f.asOf, locale) });
}

/** The days the figures cover, and how they stand to the totals above (none of them is added to those). */
export function reportedNotes(f: ReportedFigures, t: Translate, locale: 'zh-CN' | 'en'): string[] {
  const day = (d: string) => reportDate(d, locale);
  return [
    t('reports.reported.period', { from: day(f.from), to: day(f.to), asOf: day(f.asOf) }),
    f.snapshotAsOf === null ? t('reports.reported.onlyFigures') : t('reports.reported.alsoFiles', { date: day(f.snapshotAsOf) }),
  ];
}

export interface ReportedSection {
  key: 'onFile' | 'year' | 'alerts';
  title: string;
  rows: [label: string, count: number][];
}

/** The figures in three groups: on file (as of the day made), the year's counts, the station's own worklist that day. */
export function reportedSections(f: ReportedFigures, t: Translate, locale: 'zh-CN' | 'en'): ReportedSection[] {
  const g = (key: string) => t(`reports.reported.figure.${key}`);
  const r = (key: string) => t(`reports.figure.${key}`);
  const sub = (label: string) => `　${label}`;
  const day = (d: string) => reportDate(d, locale);
  return [
    {
      key: 'onFile',
      title: t('reports.reported.section.onFile', { asOf: day(f.asOf) }),
      rows: [
        [g('persons'), f.persons],
        [sub(t('measure.status.pending_report')), f.measures.pending_report],
        [sub(t('measure.status.active')), f.measures.active],
        [sub(t('measure.status.suspended')), f.measures.suspended],
        [g('staff'), f.staff],
      ],
    },
    {
      key: 'year',
      title: t('reports.reported.section.year', { from: day(f.from), to: day(f.to) }),
      rows: [
        [g('decisions'), f.decisions.total],
        [sub(r('reportOnTime')), f.decisions.onTime],
        [sub(r('reportLate')), f.decisions.late],
        [sub(g('reportNone')), f.decisions.none],
        [r('testsDone'), f.tests.done],
        [sub(r('testsPositive')), f.tests.positive],
        [r('testsRefused'), f.tests.refused],
        [r('testsMissed'), f.tests.missed],
        [r('contactsTotal'), f.contacts.total],
        [r('leavesRequested'), f.leaves.requested],
        [sub(r('leavesRejected')), f.leaves.rejected],
        [sub(r('leavesReturned')), f.leaves.returned],
        [g('absences'), f.absences],
        [r('violationsGeneral'), f.violations.general],
        [r('violationsSerious'), f.violations.serious],
        [r('violationsReported'), f.violations.reportedToPolice],
      ],
    },
    {
      key: 'alerts',
      title: t('reports.reported.section.alerts', { asOf: day(f.asOf) }),
      rows: [
        [g('unreportedBreaches'), f.alerts.unreportedBreaches],
        [sub(g('overdueReportIns')), f.alerts.overdueReportIns],
        [g('alertsTotal'), f.alerts.total],
      ],
    },
  ];
}
