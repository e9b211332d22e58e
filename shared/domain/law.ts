/**
 * The legal basis Haven cites, in one place so that a correction is one edit. Texts are short
 * summaries (条文要旨) of 《中华人民共和国禁毒法》 (AL) and 《戒毒条例》 (RR), not quotations.
 */
export interface Citation {
  law: 'AL' | 'RR' | 'NCB2016' | 'POLICY';
  article: number | null;
  /** i18n-independent Chinese summary, printed as is. */
  summary: string;
}

export const citations = {
  'AL-33': { law: 'AL', article: 33, summary: '对吸毒成瘾人员，公安机关可以责令其接受社区戒毒；社区戒毒的期限为三年。' },
  'AL-38': {
    law: 'AL',
    article: 38,
    summary: '拒绝接受社区戒毒、在社区戒毒期间吸食注射毒品、严重违反社区戒毒协议的，可以决定强制隔离戒毒。',
  },
  'AL-39': { law: 'AL', article: 39, summary: '怀孕或者正在哺乳自己不满一周岁婴儿的妇女不适用强制隔离戒毒；不满十六周岁的未成年人可以不适用。' },
  'AL-48': { law: 'AL', article: 48, summary: '对解除强制隔离戒毒的人员，可以责令其接受不超过三年的社区康复。' },
  'RR-7': { law: 'RR', article: 7, summary: '对戒断三年未复吸的人员，不再实行动态管控。' },
  'RR-14': { law: 'RR', article: 14, summary: '应自收到责令社区戒毒决定书之日起十五日内报到；无正当理由逾期不报到的，视为拒绝接受社区戒毒。' },
  'RR-16': { law: 'RR', article: 16, summary: '报到后应及时签订社区戒毒协议，明确具体措施、应遵守的规定和违反协议的责任。' },
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
  'RR-22': { law: 'RR', article: 22, summary: '变更执行地的，应在规定期限内到新执行地报到，社区戒毒时间连续计算。' },
  'RR-23': { law: 'RR', article: 23, summary: '社区戒毒自期满之日起解除，公安机关出具解除通知书并在七日内通知执行地。' },
  'RR-24': { law: 'RR', article: 24, summary: '被拘留、逮捕的，社区戒毒中止，释放后继续；被收监执行刑罚或采取强制性教育措施的，社区戒毒终止。' },
  'RR-44': { law: 'RR', article: 44, summary: '社区康复参照社区戒毒的规定实施，应签订社区康复协议。' },
  'NCB-2016-37': { law: 'NCB2016', article: null, summary: '对社会面吸毒人员逐一排查、分析、分级，实行高、中、低三级风险动态评估管控。' },
  'POLICY-STAFFING': { law: 'POLICY', article: null, summary: '社区戒毒社区康复专职工作人员与在册人员的配比原则上不低于 1:30。' },
} as const satisfies Record<string, Citation>;

export type CitationId = keyof typeof citations;

/** "《戒毒条例》第二十条" style label for a citation. */
export function citationLabel(id: CitationId): string {
  const c: Citation = citations[id];
  const law =
    c.law === 'AL' ? '《中华人民共和国禁毒法》' : c.law === 'RR' ? '《戒毒条例》' : c.law === 'NCB2016' ? '禁毒办通〔2016〕37号' : '国家禁毒委有关规范';
  return c.article === null ? law : `${law}第${chineseNumber(c.article)}条`;
}

function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}
