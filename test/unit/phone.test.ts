import { describe, expect, it } from 'vitest';
import { isPhoneNumber, personInputSchema } from '../../shared/schemas/person';
import { composeIdNumber } from '../../shared/domain/idNumber';

describe('phone numbers (shared by the core and the forms)', () => {
  it('accepts an 11-digit mobile starting with 1 and a landline with its area code', () => {
    for (const ok of ['13912345678', '139 1234 5678', '+8613912345678', '025-84561234', '02584561234', '(025)84561234', '（025）84561234', '0511-8456123', '025-84561234-801']) {
      expect(isPhoneNumber(ok), ok).toBe(true);
    }
  });

  it('refuses a 10-digit mobile, a mobile not starting with 1, a landline without area code and letters', () => {
    for (const bad of ['1391234567', '139123456789', '23912345678', '84561234', '8456-1234', '25-84561234', 'abc', '12345']) {
      expect(isPhoneNumber(bad), bad).toBe(false);
    }
  });

  it('is what the person schema checks (empty stays allowed)', () => {
    const base = { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) };
    expect(personInputSchema.safeParse({ ...base, phone: '' }).success).toBe(true);
    expect(personInputSchema.safeParse({ ...base, phone: '13912345678' }).success).toBe(true);
    const tenDigits = personInputSchema.safeParse({ ...base, phone: '1391234567' });
    expect(tenDigits.success).toBe(false);
    expect(tenDigits.error?.issues[0]).toMatchObject({ path: ['phone'], message: 'validation.phone' });
  });
});
