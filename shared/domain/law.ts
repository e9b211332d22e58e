import type { MeasureKind } from './measures';

/**
 * The legal basis Haven cites, in one place so that a correction is one edit. Texts are short
 * summaries (条文要旨) of 《中华人民共和国禁毒法》 (AL) and 《戒毒条例》 (RR), not quotations; each was
 * checked against the article summaries of DOMAIN.md (test/unit/citations.test.ts lists them).
 */
export interface Citation {
  law: 'AL' | 'RR' | 'NCB2016' | 'POLICY' | 'TESTING';
  article: number | null;
  /** i18n-independent Chinese summary, printed as is. */
  summary: string;
}

export const citations = {
  'AL-33': { law: 'AL', article: 33, summary: '对吸毒成瘾人员，公安机关可以责令其接受社区戒毒；社区戒毒的期限为三年。' },
  'AL-35': { law: 'AL', article: 35, summary: '接受社区戒毒的人员应当遵守协议并接受检测；违反协议的予以批评教育，严重违反协议或者复吸的，应当及时向公安机关报告。' },
  'AL-38': {
    law: 'AL',
    article: 38,
    summary: '拒绝接受社区戒毒、在社区戒毒期间吸食注射毒品、严重违反社区戒毒协议的，可以决定强制隔离戒毒。',
  },
  'AL-39': { law: 'AL', article: 39, summary: '怀孕或者正在哺乳自己不满一周岁婴儿的妇女不适用强制隔离戒毒；不满十六周岁的未成年人可以不适用。' },
  'AL-48': { law: 'AL', article: 48, summary: '对解除强制隔离戒毒的人员，可以责令其接受不超过三年的社区康复；社区康复参照社区戒毒的规定实施。' },
  'RR-7': { law: 'RR', article: 7, summary: '戒毒人员的个人信息应当保密；对戒断三年未复吸的人员，不再实行动态管控。' },
  'RR-13': { law: 'RR', article: 13, summary: '责令社区戒毒的决定书送达本人及其家属，并通知执行地乡（镇）人民政府、城市街道办事处。' },
  'RR-14': { law: 'RR', article: 14, summary: '应自收到责令社区戒毒决定书之日起十五日内报到；无正当理由逾期不报到的，视为拒绝接受社区戒毒。社区戒毒自报到之日起计算。' },
  'RR-15': { law: 'RR', article: 15, summary: '乡（镇）人民政府、城市街道办事处应当确定专职工作人员，制定社区戒毒工作计划。' },
  'RR-16': { law: 'RR', article: 16, summary: '报到后应及时签订社区戒毒协议，明确具体措施、应遵守的规定和违反协议的责任。' },
  'RR-17': { law: 'RR', article: 17, summary: '社区戒毒工作小组由专职工作人员、社区民警、社区医务人员、家庭成员和禁毒志愿者等组成。' },
  'RR-18': { law: 'RR', article: 18, summary: '社区戒毒工作采取戒毒知识辅导、教育劝诫、职业技能培训和职业指导、就学就业就医援助等措施。' },
  'RR-19': {
    law: 'RR',
    article: 19,
    summary: '应履行社区戒毒协议，根据公安机关要求定期接受检测，离开执行地所在县（市、区）三日以上须书面报告。',
  },
  'RR-20': {
    law: 'RR',
    article: 20,
    summary: '逃避或拒绝接受检测三次以上，擅自离开执行地所在县（市、区）三次以上或累计超过三十日的，属于严重违反社区戒毒协议。',
  },
  'RR-21': { law: 'RR', article: 21, summary: '拒绝接受社区戒毒、期间又吸食注射毒品、严重违反社区戒毒协议的，专职工作人员应及时向公安机关报告。' },
  'RR-22': { law: 'RR', article: 22, summary: '变更执行地的，移交档案，本人应自变更之日起十五日内到新执行地报到，社区戒毒时间连续计算，并重新签订协议。' },
  'RR-23': { law: 'RR', article: 23, summary: '社区戒毒期满解除，公安机关出具解除社区戒毒通知书，并在解除之日起七日内通知执行地。' },
  'RR-24': { law: 'RR', article: 24, summary: '被收监执行刑罚或采取强制性教育措施的，社区戒毒终止；被拘留、逮捕的，社区戒毒中止，释放后继续。' },
  'RR-31': { law: 'RR', article: 31, summary: '强制隔离戒毒人员被所外就医转为社区戒毒的，已执行的强制隔离戒毒期限折抵社区戒毒期限。' },
  'RR-37': { law: 'RR', article: 37, summary: '社区康复不超过三年，在户籍所在地或者现居住地执行。' },
  'RR-38': { law: 'RR', article: 38, summary: '应自收到责令社区康复决定书之日起十五日内报到，签订社区康复协议。' },
  'RR-40': { law: 'RR', article: 40, summary: '社区康复期满解除，公安机关出具解除社区康复通知书，并在解除之日起七日内通知执行地。' },
  'RR-43': { law: 'RR', article: 43, summary: '泄露戒毒人员个人信息的，依法给予处分。' },
  'RR-44': {
    law: 'RR',
    article: 44,
    summary: '工作人员未与戒毒人员签订协议、不落实措施，或者不报告拒绝接受社区戒毒、复吸、严重违反协议情形的，依法给予处分。',
  },
  'NCB-2016-37': { law: 'NCB2016', article: null, summary: '对在册的戒毒康复人员逐一排查、分析、分级，实行高、中、低三级风险动态评估管控。' },
  'POLICY-STAFFING': { law: 'POLICY', article: null, summary: '社区戒毒社区康复专职工作人员与在册人员的配比原则上不低于 1:30。' },
  'TEST-PROCEDURE': {
    law: 'TESTING',
    article: null,
    summary: '现场检测由两名以上工作人员进行；女性被检测人的尿液由女性工作人员采集；现场检测阳性的，检材分为 A、B 两份留存备检。',
  },
} as const satisfies Record<string, Citation>;

export type CitationId = keyof typeof citations;

/**
 * The article each obligation rests on, by kind of measure. 社区康复 has its own articles for
 * report-in and the agreement (RR art. 38) and for discharge (RR art. 40); the rest applies
 * "参照" (AL art. 48), so the 社区戒毒 article is cited.
 */
export const measureCitations: Record<MeasureKind, { reportIn: CitationId; agreement: CitationId; discharge: CitationId }> = {
  community_detox: { reportIn: 'RR-14', agreement: 'RR-16', discharge: 'RR-23' },
  community_rehab: { reportIn: 'RR-38', agreement: 'RR-38', discharge: 'RR-40' },
};

/**
 * Why a measure was terminated, and where the law says so. Death ends a measure in practice but
 * no article covers it: it cites none (null), and printed text says "依实际情况".
 */
export const terminationCitations: Record<string, CitationId | null> = {
  imprisoned: 'RR-24',
  compulsory_education: 'RR-24',
  compulsory_isolation: 'AL-38',
  death: null,
  other: null,
};

/** "《戒毒条例》第二十条" style label for a citation. */
export function citationLabel(id: CitationId): string {
  const c: Citation = citations[id];
  const law =
    c.law === 'AL'
      ? '《中华人民共和国禁毒法》'
      : c.law === 'RR'
        ? '《戒毒条例》'
        : c.law === 'NCB2016'
          ? '禁毒办通〔2016〕37号'
          : c.law === 'TESTING'
            ? '《吸毒检测程序规定》'
            : '国家禁毒委有关规范';
  return c.article === null ? law : `${law}第${chineseNumber(c.article)}条`;
}

export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}
