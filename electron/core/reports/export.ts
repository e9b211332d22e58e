import { join } from 'node:path';
import type { PeriodReport } from '../../../shared/domain/reports';
import { translate } from '../../../shared/i18n/translate';
import { openWorkbookWriter, safeFileName } from '../kernel/xlsxWrite';
import { rateFormulas, rateRows, reportDate, reportSections, reportTitle } from '../../../shared/domain/reportSections';
import { behindLines, reportedNotes, reportedSections } from '../../../shared/domain/reportsFigures';

/**
 * The report as a workbook: 统计 (section, item, count, how it is counted), 比率 (the rates per
 * unit) and 趋势 (the 12 months). Headers in the user's language. Returns the file's name. At a
 * supervisor 统计 ends with the stations whose files end before the report's day, and 各站报送
 * holds the figures-only bundles, apart from the totals as on the screen and the printout.
 */
export async function writeReportWorkbook(folder: string, r: PeriodReport, month: string | null, locale: 'zh-CN' | 'en', meta: { creator: string; created: Date }): Promise<string> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const f = (key: string) => t(`reports.figure.${key}`);
  const fileName = safeFileName(`${r.station.code}-${reportTitle(r, month, t, locale)}.xlsx`);
  const book = openWorkbookWriter(join(folder, fileName), meta);
  const figures = book.sheet(locale === 'en' ? 'Figures' : '统计', [
    { header: locale === 'en' ? 'Section' : '类别', width: 18 },
    { header: f('item'), width: 30 },
    { header: f('count'), width: 10 },
    { header: f('formulaColumn'), width: 90 },
  ]);
  for (const section of reportSections(r, t, locale)) {
    section.rows.forEach(([label, count], i) => figures.add([section.title, label.trim(), count, i === 0 ? section.formula : null]));
  }
  const behind = behindLines(r, t, locale);
  if (behind.length > 0) {
    figures.add([]);
    figures.add([t('reports.coverage.intro')]);
    for (const line of behind) figures.add([line]);
  }
  figures.done();
  const rates = book.sheet(locale === 'en' ? 'Rates' : '比率', [
    { header: f('rateStation'), width: 36 },
    { header: f('rateReportIn'), width: 22 },
    { header: f('rateControl'), width: 22 },
    { header: f('rateConsolidation'), width: 22 },
    { header: f('ratePending'), width: 22 },
  ]);
  for (const row of rateRows(r, t, { pending: true })) rates.add(row);
  // Each rate's working definition under the table, as on the screen and the printout (DOMAIN: each figure states its formula).
  rates.add([]);
  for (const formula of rateFormulas(r, t, locale)) rates.add([formula]);
  rates.done();
  const trend = book.sheet(locale === 'en' ? 'Trend' : '趋势', [
    { header: f('month'), width: 12, text: true },
    { header: f('tests'), width: 12 },
    { header: f('positives'), width: 12 },
    { header: f('violations'), width: 12 },
  ]);
  for (const m of r.trend) trend.add([m.month, m.tests, m.positives, m.violations]);
  trend.done();
  if (r.reported.length > 0) {
    const c = (key: string) => t(`reports.reported.column.${key}`);
    const reported = book.sheet(t('reports.reported.sheet'), [
      { header: c('station'), width: 36 },
      { header: c('bundle'), width: 24 },
      { header: c('group'), width: 30 },
      { header: f('item'), width: 34 },
      { header: f('count'), width: 10 },
      { header: c('note'), width: 90 },
    ]);
    for (const station of r.reported) {
      const name = `${station.station.name}（${station.station.code}）`;
      const bundle = t('reports.reported.bundle', { seq: station.seq, date: reportDate(station.asOf, locale) });
      const note = reportedNotes(station, t, locale).join(' ');
      reportedSections(station, t, locale).forEach((section, si) =>
        section.rows.forEach(([label, count], i) => reported.add([name, bundle, section.title, label.trim(), count, si === 0 && i === 0 ? note : null])),
      );
    }
    reported.add([]);
    reported.add([t('reports.reported.intro')]);
    reported.done();
  }
  await book.finish();
  return fileName;
}
