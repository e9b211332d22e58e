import { translate } from '../../../../shared/i18n/translate';
import { esc, html, Html } from '../html';

/** Printouts are official Chinese documents: always zh-CN words. */
export const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);

export const dash = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));

const ISO_DAY = /\d{4}-\d{2}-\d{2}/g;

/** A cell's text, escaped, with every date in it kept on one line ("2026-/11-25" never happens). */
export function cellText(value: unknown): Html {
  return new Html(esc(dash(value)).replace(ISO_DAY, (day) => `<span class="nowrap">${day}</span>`));
}

/** 2026-02-20 → 2026年2月20日, as official running text writes dates; anything else as it is. */
export function cnDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (iso ?? '');
}

/** A two-column "label | value" table (pairs per row). */
export function fieldTable(rows: [string, unknown][][]): Html {
  return html`<table><tbody>${rows.map(
    (row) => html`<tr>${row.map(([label, value]) => html`<td class="label">${label}</td><td>${cellText(value)}</td>`)}</tr>`,
  )}</tbody></table>`;
}

/**
 * A table with a repeated header; an empty body says so in one row. `nowrap`: the columns of
 * short words (dates, names, kinds, counts) that keep to one line, header and cells; the others
 * (free text) take the width left. Dates inside any cell never break either.
 */
export function listTable(headers: string[], rows: unknown[][], emptyText = '无记录', nowrap: readonly number[] = []): Html {
  const cls = (i: number) => (nowrap.includes(i) ? new Html(' class="nowrap"') : new Html(''));
  const body =
    rows.length === 0
      ? html`<tr><td class="empty" colspan="${headers.length}">${emptyText}</td></tr>`
      : rows.map((r) => html`<tr>${r.map((cell, i) => html`<td${cls(i)}>${cellText(cell)}</td>`)}</tr>`);
  return html`<table><thead><tr>${headers.map((h, i) => html`<th${cls(i)}>${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * Signature lines, each party on two lines that never wrap: the signature and fingerprint blanks,
 * then the date, right-aligned (the 年月日 blanks stay together).
 */
export function signatureLines(parties: string[]): Html {
  return html`<div class="signatures">${parties.map(
    (p) => html`<div class="signature"><div class="nowrap">${p}（签名）：<span class="blank wide"></span>　指印：<span class="blank"></span></div><div class="nowrap sign-date">日期：　　　　年　　月　　日</div></div>`,
  )}</div>`;
}

/** The issuing unit's seal line (落款): its name with （盖章）, then the date, right-aligned, never wrapped. */
export function sealLine(unit: string): Html {
  return html`<div class="seal"><div class="nowrap">${unit}（盖章）</div><div class="nowrap">　　　　年　　月　　日</div></div>`;
}
