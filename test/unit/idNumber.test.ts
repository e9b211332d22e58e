import { describe, expect, it } from 'vitest';
import { ageOn, composeIdNumber, maskIdNumber, parseIdNumber } from '../../shared/domain/idNumber';
import { idNumberSchema } from '../../shared/schemas/person';

const TODAY = '2026-03-02';

describe('GB 11643 ID numbers', () => {
  it('accepts a valid number and derives birth date and gender', () => {
    // The standard's own example: 11010519491231002X, a woman born 1949-12-31.
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' });
    const male = composeIdNumber('320102', '1990-01-01', 123);
    expect(parseIdNumber(male, TODAY)).toMatchObject({ ok: true, birthDate: '1990-01-01', gender: 'male' });
    expect(parseIdNumber(` ${male.slice(0, 9)} ${male.slice(9)} `, TODAY)).toMatchObject({ ok: true, idNumber: male });
    expect(parseIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it.each([
    ['', 'empty'],
    ['110105491231002', 'legacy15'],
    ['1101051949123100', 'length'],
    ['11010519491231002Y', 'characters'],
    ['99010519491231002X', 'area'],
    ['110105194902300021', 'birthDate'],
    ['110105194912310021', 'checkDigit'],
  ])('refuses %j as %s', (input, problem) => {
    expect(parseIdNumber(input, TODAY)).toEqual({ ok: false, problem });
  });

  it('refuses impossible and future birth dates even with a correct check digit', () => {
    expect(parseIdNumber(composeIdNumber('320102', '1990-02-30', 1).replace('19900230', '19900230'), TODAY)).toMatchObject({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber(composeIdNumber('320102', '2027-01-01', 1), TODAY)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber(composeIdNumber('320102', '1899-12-31', 1), TODAY)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber(composeIdNumber('320102', '2000-02-29', 1), TODAY)).toMatchObject({ ok: true });
  });

  it('gives the schema a message key per problem, with the 15-digit legacy case explained', () => {
    const result = idNumberSchema.safeParse('110105491231002');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('validation.idNumber.legacy15');
  });

  it('masks all but the area prefix and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('computes age in full years', () => {
    expect(ageOn('1990-03-02', '2026-03-01')).toBe(35);
    expect(ageOn('1990-03-02', '2026-03-02')).toBe(36);
  });
});
