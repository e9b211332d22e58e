import { translate } from '../../../../shared/i18n/translate';
import { html, type Html } from '../html';

/** Printouts are official Chinese documents: always zh-CN words. */
export const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);

export const dash = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));

/** A two-column "label | value" table (pairs per row). */
export function fieldTable(rows: [string, unknown][][]): Html {
  return html`<table><tbody>${rows.map(
    (row) => html`<tr>${row.map(([label, value]) => html`<td class="label">${label}</td><td>${dash(value)}</td>`)}</tr>`,
  )}</tbody></table>`;
}

/** A table with a repeated header; an empty body says so in one row. */
export function listTable(headers: string[], rows: unknown[][], emptyText = '无记录'): Html {
  const body =
    rows.length === 0
      ? html`<tr><td class="empty" colspan="${headers.length}">${emptyText}</td></tr>`
      : rows.map((r) => html`<tr>${r.map((cell) => html`<td>${dash(cell)}</td>`)}</tr>`);
  return html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}

export function signatureLines(parties: string[]): Html {
  return html`<table class="signatures"><tbody>${parties.map(
    (p) => html`<tr><td>${p}（签名）：____________　指印：______　日期：____年___月___日</td></tr>`,
  )}</tbody></table>`;
}
