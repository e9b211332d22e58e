import { describe, expect, it } from 'vitest';
import { citationLabel, citations, measureCitations, terminationCitations, type CitationId } from '../../shared/domain/law';
import { evaluatePerson } from '../../shared/rules/engine';
import type { MeasureFacts, PersonFacts } from '../../shared/rules/types';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

/**
 * Every citation Haven prints, checked against the article summaries of DOMAIN.md (《禁毒法》 AL,
 * 《戒毒条例》 RR). A correction is one edit in shared/domain/law.ts; this list says what each
 * citation must be, so a wrong article fails here.
 */
const EXPECTED: Record<CitationId, { label: string; mentions: string }> = {
  'AL-33': { label: '《中华人民共和国禁毒法》第三十三条', mentions: '社区戒毒的期限为三年' },
  'AL-35': { label: '《中华人民共和国禁毒法》第三十五条', mentions: '报告' },
  'AL-38': { label: '《中华人民共和国禁毒法》第三十八条', mentions: '强制隔离戒毒' },
  'AL-39': { label: '《中华人民共和国禁毒法》第三十九条', mentions: '可以不适用' },
  'AL-48': { label: '《中华人民共和国禁毒法》第四十八条', mentions: '不超过三年的社区康复' },
  'RR-7': { label: '《戒毒条例》第七条', mentions: '戒断三年未复吸' },
  'RR-13': { label: '《戒毒条例》第十三条', mentions: '送达' },
  'RR-14': { label: '《戒毒条例》第十四条', mentions: '十五日内报到' },
  'RR-15': { label: '《戒毒条例》第十五条', mentions: '专职工作人员' },
  'RR-16': { label: '《戒毒条例》第十六条', mentions: '社区戒毒协议' },
  'RR-17': { label: '《戒毒条例》第十七条', mentions: '工作小组' },
  'RR-18': { label: '《戒毒条例》第十八条', mentions: '教育劝诫' },
  'RR-19': { label: '《戒毒条例》第十九条', mentions: '三日以上须书面报告' },
  'RR-20': { label: '《戒毒条例》第二十条', mentions: '三次以上' },
  'RR-21': { label: '《戒毒条例》第二十一条', mentions: '及时向公安机关报告' },
  'RR-22': { label: '《戒毒条例》第二十二条', mentions: '十五日内到新执行地报到' },
  'RR-23': { label: '《戒毒条例》第二十三条', mentions: '解除社区戒毒通知书' },
  'RR-24': { label: '《戒毒条例》第二十四条', mentions: '终止' },
  'RR-31': { label: '《戒毒条例》第三十一条', mentions: '折抵' },
  'RR-37': { label: '《戒毒条例》第三十七条', mentions: '社区康复不超过三年' },
  'RR-38': { label: '《戒毒条例》第三十八条', mentions: '社区康复协议' },
  'RR-40': { label: '《戒毒条例》第四十条', mentions: '解除社区康复通知书' },
  'RR-43': { label: '《戒毒条例》第四十三条', mentions: '个人信息' },
  'RR-44': { label: '《戒毒条例》第四十四条', mentions: '处分' },
  'NCB-2016-37': { label: '禁毒办通〔2016〕37号', mentions: '三级风险' },
  'POLICY-STAFFING': { label: '国家禁毒委有关规范', mentions: '1:30' },
  'TEST-PROCEDURE': { label: '《吸毒检测程序规定》', mentions: '两名以上工作人员' },
};

function facts(kind: MeasureFacts['kind'], measure: Partial<MeasureFacts>, extra: Partial<PersonFacts> = {}): PersonFacts {
  return {
    personId: 1,
    measures: [{ id: 1, kind, status: 'active', deliveryDate: '2026-01-01', reportInDate: '2026-01-05', termMonths: kind === 'community_detox' ? 36 : 12, creditedDays: 0, suspensions: [], ...measure }],
    lastKnownUseDate: '2025-12-01',
    tests: [],
    contacts: [],
    leaves: [],
    absences: [],
    violations: [],
    riskAssessments: [],
    signedAgreementMeasureIds: [],
    dynamicControlEndedOn: null,
    ...extra,
  };
}

const articleOf = (f: PersonFacts, asOf: string, ruleId: string) => evaluatePerson(f, asOf).alerts.find((a) => a.ruleId === ruleId)?.article;

describe('citations', () => {
  it('each one is the article it must be', () => {
    expect(Object.keys(citations).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [id, want] of Object.entries(EXPECTED) as [CitationId, (typeof EXPECTED)[CitationId]][]) {
      expect(citationLabel(id), id).toBe(want.label);
      expect(citations[id].summary, id).toContain(want.mentions);
    }
    // RR art. 44 is the staff's discipline, never the 社区康复 agreement.
    expect(citations['RR-44'].summary).not.toContain('社区康复协议');
  });

  it('alerts cite the article of their measure kind', () => {
    const table: [string, MeasureFacts['kind'], Partial<MeasureFacts>, string, CitationId][] = [
      ['report_in_overdue', 'community_detox', { status: 'pending_report', reportInDate: null }, '2026-02-01', 'RR-14'],
      ['report_in_overdue', 'community_rehab', { status: 'pending_report', reportInDate: null }, '2026-02-01', 'RR-38'],
      ['agreement_missing', 'community_detox', {}, '2026-02-01', 'RR-16'],
      ['agreement_missing', 'community_rehab', {}, '2026-02-01', 'RR-38'],
      ['term_ended', 'community_detox', {}, '2029-02-01', 'RR-23'],
      ['term_ended', 'community_rehab', {}, '2027-02-01', 'RR-40'],
      ['discharge_notice_missing', 'community_rehab', { status: 'completed', endedOn: '2027-01-05', dischargeNoticeRecorded: false }, '2027-02-01', 'RR-40'],
      ['working_group_missing', 'community_detox', { hasFullTimeStaff: false }, '2026-02-01', 'RR-17'],
      ['test_overdue', 'community_detox', {}, '2026-03-01', 'RR-19'],
      ['contact_overdue', 'community_detox', {}, '2026-03-01', 'RR-18'],
    ];
    for (const [rule, kind, measure, asOf, article] of table) expect(articleOf(facts(kind, measure), asOf, rule), `${rule} ${kind}`).toBe(article);
    const refused = [1, 2, 3].map((id) => ({ id, date: `2026-02-0${id}`, result: 'refused' as const }));
    expect(articleOf(facts('community_rehab', {}, { tests: refused }), '2026-02-10', 'tests_refused')).toBe('RR-20');
    expect(articleOf(facts('community_detox', {}, { tests: [{ id: 9, date: '2026-02-01', result: 'positive' }] }), '2026-02-10', 'positive_test')).toBe('RR-21');
  });

  it('maps kinds and endings to their articles; death cites none', () => {
    expect(measureCitations).toEqual({
      community_detox: { reportIn: 'RR-14', agreement: 'RR-16', discharge: 'RR-23' },
      community_rehab: { reportIn: 'RR-38', agreement: 'RR-38', discharge: 'RR-40' },
    });
    expect(terminationCitations).toEqual({ imprisoned: 'RR-24', compulsory_education: 'RR-24', compulsory_isolation: 'AL-38', death: null, other: null });
  });

  it('templates and printed records carry the right articles', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const templates = await call(ctx.core, 'agreements:templates', {});
    const latest = (kind: string) => templates.filter((t) => t.kind === kind).sort((a, b) => b.version - a.version)[0]!;
    expect(latest('community_detox').body).toContain('《戒毒条例》第十六条');
    const rehab = latest('community_rehab');
    // 2: the corrected articles (0007); 3: the report-in here (0014).
    expect(rehab.version).toBe(3);
    expect(rehab.body).toContain('第四十八条和《戒毒条例》第三十八条');
    expect(rehab.body).not.toContain('第四十四条');
    // The first version stays as it was: agreements signed with it keep their text.
    expect(templates.find((t) => t.kind === 'community_rehab' && t.version === 1)?.body).toContain('第四十四条');

    const { personId } = await call(ctx.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1985-03-01', 11) } });
    const m = await call(ctx.core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '公康字1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 1 },
    });
    await call(ctx.core, 'measures:transition', { measureId: m.id, action: 'report_in', date: '2026-01-05' });
    await call(ctx.core, 'measures:transition', { measureId: m.id, action: 'complete', date: '2026-03-02' });
    const preview = await call(ctx.core, 'print:render', { document: 'measureEnd', measureId: m.id });
    expect(preview.html).toContain('《戒毒条例》第四十条');
    expect(preview.html).not.toContain('第二十三条');

    const died = await call(ctx.core, 'persons:create', { person: { name: '王五', idNumber: composeIdNumber('320102', '1980-03-01', 13) } });
    const m2 = await call(ctx.core, 'measures:create', {
      personId: died.personId,
      decision: { kind: 'community_detox', decisionNumber: '公戒字2号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
    });
    await call(ctx.core, 'measures:transition', { measureId: m2.id, action: 'report_in', date: '2026-01-05' });
    await call(ctx.core, 'measures:transition', { measureId: m2.id, action: 'terminate', date: '2026-03-01', reasonCode: 'death', reason: '因病去世' });
    const deathRecord = await call(ctx.core, 'print:render', { document: 'measureEnd', measureId: m2.id });
    expect(deathRecord.html).toContain('依实际情况');
    expect(deathRecord.html).not.toContain('第二十四条');
  });
});
