import type { PeriodReport } from '../../../../shared/domain/reports';
import { rateFormulas, rateRows, reportDate, reportSections, reportTitle } from '../../../../shared/domain/reportSections';
import { html, type Html } from '../html';
import { listTable, signatureLines, t } from './common';

/**
 * 统计报表 / 月度工作报表: the period's figures in official layout — title, the unit and the
 * period, each section a table with its formula beneath, the rates with theirs and the decisions
 * still within their 15 days (which 报到率 leaves out), the 12-month trend, and the
 * 填报人 / 审核人 signature lines with the unit's seal. Counts only: no person is named.
 */
export function periodReportBody(r: PeriodReport, month: string | null): { title: string; body: Html } {
  const title = reportTitle(r, month, t, 'zh-CN');
  const f = (key: string) => t(`reports.figure.${key}`);
  const sections = reportSections(r, t, 'zh-CN');
  const body = html`<h1 class="title">${title}</h1>
    <p class="plain">填报单位：${r.station.name}（${r.station.code}）　统计期间：${reportDate(r.from, 'zh-CN')}至${reportDate(r.to, 'zh-CN')}</p>
    <table class="figures"><thead><tr><th class="section">类别</th><th>${f('item')}</th><th class="count">${f('count')}</th></tr></thead><tbody>
    ${sections.flatMap((s, si) =>
      s.rows.map(
        ([label, count], i) =>
          html`<tr>${i === 0 ? html`<td class="section" rowspan="${s.rows.length}">${s.title}<sup>${String(si + 1)}</sup></td>` : ''}<td>${label}</td><td class="count">${count}</td></tr>`,
      ),
    )}
    </tbody></table>
    <h2>${t('reports.section.rates')}</h2>
    ${listTable([f('rateStation'), f('rateReportIn'), f('rateControl'), f('rateConsolidation'), f('ratePending')], rateRows(r, t, { pending: true }))}
    ${rateFormulas(r, t, 'zh-CN').map((line) => html`<p class="plain note">${line}</p>`)}
    <h2>${t('reports.section.trend')}</h2>
    ${listTable([f('month'), f('tests'), f('positives'), f('violations')], r.trend.map((m) => [`${m.month.slice(0, 4)}年${Number(m.month.slice(5))}月`, m.tests, m.positives, m.violations]))}
    <p class="plain note">${f('formulaColumn')}：${t('reports.formula.trend')}</p>
    <h2>${f('formulaColumn')}</h2>
    ${sections.map((s, i) => html`<p class="plain note">${String(i + 1)}. ${s.title}：${s.formula}</p>`)}
    ${signatureLines(['填报人', '审核人'])}
    <p class="plain seal">（单位盖章）</p>`;
  return { title, body };
}
