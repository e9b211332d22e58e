import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citations } from '../../shared/domain/law';
import { translate } from '../../shared/i18n/translate';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

describe('words that follow the statutes', () => {
  it('参照 is AL art. 48’s, not RR art. 38’s (which is report-in and the 社区康复协议)', () => {
    expect(citations['RR-38'].summary).toBe('应自收到责令社区康复决定书之日起十五日内报到，签订社区康复协议。');
    expect(citations['AL-48'].summary).toContain('参照社区戒毒');
  });

  it('a termination for a compulsory education measure says so as RR art. 24 does (收容教养 was abolished in 2021)', () => {
    expect(translate('zh-CN', 'measure.terminationReason.compulsory_education')).toBe('被采取强制性教育措施');
    expect(translate('en', 'measure.terminationReason.compulsory_education')).toBe('Put under a compulsory education measure');
    expect(citations['RR-24'].summary).toContain('采取强制性教育措施');
    expect(readFileSync('shared/i18n/zh-CN.ts', 'utf8')).not.toContain('收容教养');
  });

  it('the end of dynamic control is 不再实行动态管控 (RR art. 7) everywhere, the audit log too', () => {
    expect(translate('zh-CN', 'audit.actions.clean.endDynamicControl')).toBe('不再实行动态管控');
    expect(readFileSync('shared/i18n/zh-CN.ts', 'utf8')).not.toContain('解除动态管控');
    expect(citations['RR-7'].summary).toContain('不再实行动态管控');
  });
});

describe('printed words that follow the forms and PRINT.md', () => {
  it('the case file labels the first known use as the form does: 首次发现使用日期', async () => {
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), drugHistory: { firstUseDate: '2019-06-01' } } });
    expect((await call(core, 'print:render', { document: 'caseFile', personId })).html).toMatch(/首次发现使用日期<\/td>\s*<td><span class="nowrap">2019-06-01<\/span><\/td>/);
  });

  it('a calendar month prints as the 月度工作报表', async () => {
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    const printed = await call(core, 'print:render', { document: 'monthlyReport', month: '2026-02' });
    expect(printed.title).toBe('2026年2月社区戒毒社区康复月度工作报表');
    expect(printed.html).toContain('<h1 class="title">2026年2月社区戒毒社区康复月度工作报表</h1>');
  });
});
