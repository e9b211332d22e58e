import { join } from 'node:path';
import type { PeriodReport } from '../../../shared/domain/reports';
import { translate } from '../../../shared/i18n/translate';
import { openWorkbookWriter, safeFileName } from '../kernel/xlsxWrite';
import { rateFormulas, rateRows, reportSections, reportTitle } from '../../../shared/domain/reportSections';

/**
 * The report as a workbook: 统计 (section, item, count, how it is counted), 比率 (the rates per
 * unit) and 趋势 (the 12 months). Headers in the user's language. Returns the file's name.
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
  await book.finish();
  return fileName;
}
