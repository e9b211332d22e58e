import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

describe('个人档案 (case file printout)', () => {
  it('prints the day the file was opened in China time, not the UTC date of the timestamp', async () => {
    // 01:30 on 01-05 in China is 17:30 on 01-04 in UTC.
    const { core } = await loggedIn('2026-01-05T01:30:00+08:00');
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const printed = await call(core, 'print:render', { document: 'caseFile', personId });
    expect(printed.html).toMatch(/建档日期<\/td>\s*<td>2026-01-05<\/td>/);
  });
});

describe('个人档案: 特殊情形 (AL art. 39)', () => {
  const circumstances = (page: string) => /特殊情形<\/td>\s*<td>([^<]*)<\/td>/.exec(page)?.[1];

  it('names breastfeeding only while the infant is under one on the print day, and a person under 16', async () => {
    // Today is 2026-03-02.
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    const print = async (person: { name: string; idNumber: string; breastfeedingInfant?: boolean; infantBirthDate?: string }) => {
      const { personId } = await call(core, 'persons:create', { person });
      return circumstances((await call(core, 'print:render', { document: 'caseFile', personId })).html);
    };
    // The infant turned one on 2025-06-01: the flag is still set, the circumstance is over.
    expect(await print({ name: '李梅', idNumber: composeIdNumber('320102', '1990-05-17', 242), breastfeedingInfant: true, infantBirthDate: '2024-06-01' })).toBe('—');
    expect(await print({ name: '王芳', idNumber: composeIdNumber('320102', '1992-05-17', 244), breastfeedingInfant: true, infantBirthDate: '2025-06-01' })).toBe('哺乳不满一周岁婴儿（至2026年5月31日）');
    // Born 2011-05-17: 14 on the print day, from the birth date (no flag to set).
    expect(await print({ name: '小明', idNumber: composeIdNumber('320102', '2011-05-17', 231) })).toBe('不满十六周岁');
    expect(await print({ name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) })).toBe('—');
  });
});
