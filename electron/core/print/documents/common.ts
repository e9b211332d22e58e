import { citationLabel } from '../../../../shared/domain/law';
import { translate } from '../../../../shared/i18n/translate';
import type { Db } from '../../kernel/db/database';
import { getStation } from '../../kernel/settings';
import { esc, html, Html } from '../html';

/** Printouts are official Chinese documents: always zh-CN words. */
export const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);

export const dash = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));

const ISO_DAY = /\d{4}-\d{2}-\d{2}/g;

/** A cell's text, escaped, with every date in it kept on one line ("2026-/11-25" never happens). */
/** A date, a run of digits and masks (an ID number, a phone number) or a rate with its fraction: never broken across lines. */
const UNBROKEN = new RegExp(`${ISO_DAY.source}|[0-9*]{6,}[0-9Xx*]|(?:[0-9.]+%|—)（[0-9]+/[0-9]+）`, 'g');

export function cellText(value: unknown): Html {
  // Cells break long words anywhere (layout.ts); a number broken in two would read as two.
  return new Html(esc(dash(value)).replace(UNBROKEN, (run) => `<span class="nowrap">${run}</span>`));
}

/** 2026-02-20 → 2026年2月20日, as official running text writes dates; anything else as it is. */
export function cnDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (iso ?? '');
}

/**
 * A "label | value" table (pairs per row). A row of fewer pairs than the widest row gives its last
 * value the rest of the row (a long remark on a line of its own), never empty cells beside it.
 */
export function fieldTable(rows: [string, unknown][][]): Html {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return html`<table><tbody>${rows.map(
    (row) =>
      html`<tr>${row.map(([label, value], i) => {
        const span = i === row.length - 1 ? 1 + 2 * (width - row.length) : 1;
        return html`<td class="label">${label}</td><td${span > 1 ? html` colspan="${String(span)}"` : ''}>${cellText(value)}</td>`;
      })}</tr>`,
  )}</tbody></table>`;
}

/**
 * Days of compulsory isolation already served that RR art. 31 subtracts from a 社区戒毒 term
 * (measures.credited_days): why 预计期满 falls earlier than the term counted from report-in.
 * Null when nothing was credited.
 */
export function creditedText(days: number): string | null {
  return days > 0 ? `强制隔离戒毒已执行 ${days} 日折抵（${citationLabel('RR-31')}）` : null;
}

/**
 * A table with a repeated header; an empty body says so in one row. `nowrap`: the columns of
 * short fixed words (dates, kinds, counts, phone numbers) that keep to one line, header and cells;
 * the others take the width left. Never a column of names someone typed (a display name runs to
 * 40 characters, a tester's field to more): kept on one line they squeeze the free text into a
 * column one character wide. Dates inside any cell never break either.
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
 * One who signs a document: staff by their signature alone (a label); the person, a family member
 * or whoever reports in also by fingerprint (指印), as PRINT.md asks of them only.
 */
export type Signatory = string | { label: string; fingerprint: true };

/** The person (or their family) signing: a 指印 blank beside the signature. */
export const withFingerprint = (label: string): Signatory => ({ label, fingerprint: true });

/**
 * Signature lines, each party on two lines that never wrap: the signature blank (and the
 * fingerprint blank for those who leave one), then the date, right-aligned (the 年月日 blanks stay
 * together).
 */
export function signatureLines(parties: readonly Signatory[]): Html {
  return html`<div class="signatures">${parties.map((p) => {
    const { label, fingerprint } = typeof p === 'string' ? { label: p, fingerprint: false } : p;
    const print = fingerprint ? html`　指印：<span class="blank"></span>` : '';
    return html`<div class="signature"><div class="nowrap">${label}（签名）：<span class="blank wide"></span>${print}</div><div class="nowrap sign-date">日期：　　　　年　　月　　日</div></div>`;
  })}</div>`;
}

/**
 * The issuing unit's seal line (落款): its name with （盖章）, then the date, right-aligned. A long
 * name (up to 60 characters) wraps within the page; （盖章） and the date's blanks never break apart.
 */
export function sealLine(unit: string): Html {
  return html`<div class="seal"><div>${unit}<span class="nowrap">（盖章）</span></div><div class="nowrap">　　　　年　　月　　日</div></div>`;
}

/** The unit a person's documents are issued in the name of, and the file's number there (档案编号). */
export interface IssuingUnit {
  name: string;
  code: string;
  fileNo: string;
}

/**
 * Whose documents these are. A supervisor's copy of a station's file (imported from its bundle:
 * persons.origin_station set) stays that station's file: its 建档单位, 执行地 and seal are the
 * station's, and its number is the station's code with the person's id there, as the station
 * prints it (the supervisor's own ids are its import blocks', meaningless on paper). Anywhere
 * else the unit is this database's station.
 */
export function issuingUnit(db: Db, personId: number): IssuingUnit {
  const origin = db
    .prepare(
      `SELECT p.origin_station AS code, p.origin_person_id AS id, s.name FROM persons p
       LEFT JOIN stations s ON s.code = p.origin_station WHERE p.id = ? AND p.origin_station IS NOT NULL`,
    )
    .get(personId) as { code: string; id: number; name: string | null } | undefined;
  // The registry row is written with the station's first accepted bundle; without it, the code still says whose file it is.
  const unit = origin ? { code: origin.code, name: origin.name ?? origin.code, id: origin.id } : { ...getStation(db), id: personId };
  return { name: unit.name, code: unit.code, fileNo: `${unit.code}-${String(unit.id).padStart(6, '0')}` };
}
