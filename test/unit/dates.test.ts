import { describe, expect, it } from 'vitest';
import { addDays, addMonths, chinaDay, daysBetween, isIsoDate } from '../../shared/domain/dates';

/** The engine's own formatting, which fromUtc's arithmetic replaced: every answer must match it. */
const viaDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('calendar days', () => {
  it('addDays agrees with Date for every day from 1900 to 2100, forwards and backwards, across leap days', () => {
    const start = Date.UTC(1900, 0, 1);
    const end = Date.UTC(2100, 11, 31);
    let checked = 0;
    const wrong: string[] = [];
    for (let ms = start; ms <= end; ms += 86_400_000) {
      const day = viaDate(ms);
      if (addDays(day, 0) !== day || addDays(day, 1) !== viaDate(ms + 86_400_000) || addDays(day, -400) !== viaDate(ms - 400 * 86_400_000)) wrong.push(day);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(201 * 365 + 49);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('chinaDay is the UTC+8 calendar day of any instant, midnight and the hours around it included', () => {
    let seed = 17;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const wrong: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Date.UTC(1970, 0, 1) + Math.floor(next() * (Date.UTC(2099, 0, 1) - Date.UTC(1970, 0, 1)));
      if (chinaDay(new Date(ms)) !== viaDate(ms + 8 * 3_600_000)) wrong.push(ms);
    }
    expect(wrong).toEqual([]);
    expect(chinaDay(new Date('2026-11-29T15:59:59.999Z'))).toBe('2026-11-29');
    expect(chinaDay(new Date('2026-11-29T16:00:00.000Z'))).toBe('2026-11-30');
  });

  it('isIsoDate accepts real days only; addMonths and daysBetween keep their meaning', () => {
    for (const good of ['2024-02-29', '2026-12-31', '1900-01-01', '2000-02-29', '0100-01-01', '9999-12-31']) expect(isIsoDate(good)).toBe(true);
    // Date.UTC reads years 0–99 as 1900–1999: such a day is no day here.
    for (const bad of ['0099-01-01', '2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2100-02-29', '2026-1-01', '20260101']) expect(isIsoDate(bad)).toBe(false);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
    expect(addMonths('2026-11-30', 36)).toBe('2029-11-30');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });
});
