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
