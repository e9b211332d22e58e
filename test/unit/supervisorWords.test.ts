import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import { resources } from '../../renderer/i18n/resources';
import { bundleMessage } from '../../renderer/features/bundles/common';

/** Words of the supervisor's screens (导入导出, 统计报表) as a county user reads them. */
describe('the supervisor’s words', () => {
  it('names a refused bundle’s kind in words, not by its code', async () => {
    await i18n.init({ resources, lng: 'zh-CN', fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
    const refusal = (lng: string) => bundleMessage(i18n.getFixedT(lng), 'errors.BUNDLE_WRONG_KIND', { kind: 'transfer' });
    expect(refusal('zh-CN')).toContain('（转出档案）');
    expect(refusal('en')).toContain('(Transfer file)');
    for (const lng of ['zh-CN', 'en']) expect(refusal(lng)).not.toContain('transfer)');
    // Other parameters pass through as they are.
    expect(bundleMessage(i18n.getFixedT('zh-CN'), 'errors.BUNDLE_STALE', { seq: 3, last: 5 })).toContain('3');
  });

  it('says 请 once, names the settings tab as it is called, and says how a station’s age is counted', () => {
    const { zhCN, en } = { zhCN: resources['zh-CN'].translation.bundlesUi.stations, en: resources.en.translation.bundlesUi.stations };
    expect(zhCN.auditFlagHint.unverifiable).not.toContain('请请');
    expect(en.staleHint).toContain('Supervision plan');
    expect(en.staleHint).not.toMatch(/\bschedules\b/);
    expect(zhCN.staleHint).toContain('全部档案');
    expect(en.staleHint).toContain('All files');
  });

  it('introduces 统计报表 at a supervisor as all stations’ figures, not “this station’s”', () => {
    const zh = resources['zh-CN'].translation.reportsUi;
    const en = resources.en.translation.reportsUi;
    expect(zh.introSupervisor).toMatch(/^各站汇总/);
    expect(zh.introSupervisor).not.toContain('本站');
    expect(en.introSupervisor).toMatch(/^All stations together/);
    expect(en.introSupervisor).not.toContain('this station');
  });
});
