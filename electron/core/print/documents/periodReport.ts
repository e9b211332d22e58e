import type { PeriodReport } from '../../../../shared/domain/reports';
import { rateFormulas, rateRows, reportDate, reportSections, reportTitle } from '../../../../shared/domain/reportSections';
import { behindLines, reportedHeading, reportedNotes, reportedSections } from '../../../../shared/domain/reportsFigures';
import { html, type Html } from '../html';
import { listTable, signatureLines, t } from './common';

/**
 * 统计报表 / 月度工作报表: the period's figures in official layout — title, the unit and the
 * period, each section a table with its formula beneath, the rates with theirs and the decisions
 * still within their 15 days (which 报到率 leaves out), the 12-month trend, and the
 * 填报人 / 审核人 signature lines with the unit's seal. Counts only: no person is named.
 *
 * At a supervisor the totals are of the stations' full snapshots: under the period a line names
 * each station whose files end before the day the report is read on (its figures hold its work up
 * to then only), and the figures-only bundles follow the trend in a section of their own, each
 * saying how it stands to the totals (never added to them).
 */
export function periodReportBody(r: PeriodReport, month: string | null): { title: string; body: Html } {
  const title = reportTitle(r, month, t, 'zh-CN');
  const f = (key: string) => t(`reports.figure.${key}`);
  const sections = reportSections(r, t, 'zh-CN');
  const body = html`<h1 class="title">${title}</h1>
    <p class="plain">填报单位：${r.station.name}（${r.station.code}）　统计期间：${reportDate(r.from, 'zh-CN')}至${reportDate(r.to, 'zh-CN')}</p>
    ${r.behind.length > 0 ? html`<p class="plain note">${t('reports.coverage.intro')}</p>${behindLines(r, t, 'zh-CN').map((line) => html`<p class="plain note">${line}</p>`)}` : ''}
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
    ${r.reported.length > 0 ? reportedBody(r) : ''}
    <h2>${f('formulaColumn')}</h2>
    ${sections.map((s, i) => html`<p class="plain note">${String(i + 1)}. ${s.title}：${s.formula}</p>`)}
    ${signatureLines(['填报人', '审核人'])}
    <p class="plain seal">（单位盖章）</p>`;
  return { title, body };
}

/** 各站报送的统计数字: each station's latest figures-only bundle, apart from the totals above. */
function reportedBody(r: PeriodReport): Html {
  const f = (key: string) => t(`reports.figure.${key}`);
  return html`<h2>${t('reports.reported.title')}</h2>
    <p class="plain note">${t('reports.reported.intro')}</p>
    ${r.reported.map(
      (figures) => html`<div class="keep-with-next"><p class="plain"><strong>${reportedHeading(figures, t, 'zh-CN')}</strong></p>
        ${reportedNotes(figures, t, 'zh-CN').map((line) => html`<p class="plain note">${line}</p>`)}</div>
        <table class="figures"><thead><tr><th class="section">类别</th><th>${f('item')}</th><th class="count">${f('count')}</th></tr></thead><tbody>
        ${reportedSections(figures, t, 'zh-CN').flatMap((s) =>
          s.rows.map(([label, count], i) => html`<tr>${i === 0 ? html`<td class="section" rowspan="${s.rows.length}">${s.title}</td>` : ''}<td>${label}</td><td class="count">${count}</td></tr>`),
        )}
        </tbody></table>`,
    )}`;
}
