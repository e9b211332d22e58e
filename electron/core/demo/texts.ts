import type { CareCategory, HelpCategory, HelpDepartment } from '../../../shared/domain/care';
import type { ContactKind } from '../../../shared/domain/supervision';
import type { Rng } from './random';

/**
 * The words of synthetic records: talk summaries, leave reasons, violation descriptions, help
 * items, care notes. Sentences are put together from short parts, so that thousands of records
 * do not repeat one line, and each part reads like what a 社工 writes in a file.
 */
const MOOD = [
  '情绪平稳', '精神状态良好', '情绪较为低落', '言谈正常，态度配合', '对戒毒有信心', '自述睡眠改善', '表示近期压力较大', '思想稳定',
  '主动汇报近况', '对帮教工作表示理解', '神情略显疲惫', '交流顺畅',
] as const;
const LIFE = [
  '目前在物流公司打零工', '仍在找工作，暂无固定收入', '在亲戚的餐馆帮忙', '与父母同住，家庭关系有所缓和', '近期在跑网约车',
  '每天按时接送孩子上下学', '参加了社区组织的技能培训', '在家照顾生病的母亲', '已找到保安工作，试用期中', '与妻子关系紧张，正在调解',
  '自述已断绝与原吸毒人员的联系', '经济较困难，正在申请低保', '身体状况一般，按时服药', '计划学习电工技术', '作息规律，生活稳定',
] as const;
const ADVICE = [
  '告知其继续遵守社区戒毒协议各项规定', '提醒其按时参加尿检', '鼓励其坚持就业，远离原吸毒圈子', '讲解复吸危害及法律后果',
  '要求其外出三日以上须提前书面报告', '建议其参加心理疏导', '与其共同制定下月生活安排', '肯定其近期表现，鼓励继续保持',
  '提醒其变更住址或联系方式须及时告知', '督促其按约定时间参加帮教谈话',
] as const;
const HOME = ['居住环境整洁', '家中陈设简单', '住房为租住的单间', '与父母同住在老房子里', '家中较为杂乱，已提醒整理', '住房由单位提供'] as const;
const FAMILY = ['母亲', '父亲', '妻子', '丈夫', '姐姐', '哥哥', '女儿', '儿子'] as const;
const FAMILY_SAYS = [
  '反映其近期按时回家，未发现异常', '表示会配合做好监督', '反映其与原来的朋友已少有来往', '担心其找不到稳定工作',
  '反映其偶有晚归，已提醒注意', '对工作站的帮助表示感谢',
] as const;
const PHONE_SAYS = ['正在上班，一切正常', '在家休息，近期无外出计划', '身体有些不适，已去社区医院就诊', '近期在外地出差，已按规定报告', '下周会到站参加谈话'] as const;
const ACTIVITIES = ['禁毒宣传志愿服务', '社区戒毒人员集体教育活动', '心理健康讲座', '技能培训结业活动', '社区公益劳动', '同伴教育小组活动'] as const;
const PERFORMANCE = ['表现积极', '认真听讲并做了发言', '按时到场，态度端正', '主动帮助布置场地', '参与讨论较少'] as const;
const NEXT_STEP = [
  '下次谈话了解其求职进展', '继续关注其家庭关系', '协调社区提供就业信息', '督促按时参加下次尿检', '下次走访时与家属单独交流',
  '跟进低保申请进度', '联系心理咨询师开展疏导', '保持电话联系',
] as const;

/** A talk or visit summary for its kind; `family` is a family member in the working group, if any. */
export function contactSummary(rng: Rng, kind: ContactKind, family: string | null): string {
  switch (kind) {
    case 'face_to_face':
      return `按约到站谈话，${rng.pick(MOOD)}，${rng.pick(LIFE)}。${rng.pick(ADVICE)}。`;
    case 'home_visit': {
      const who = family ?? `其${rng.pick(FAMILY)}`;
      return `入户走访，${rng.pick(HOME)}。${who}在家，${rng.pick(FAMILY_SAYS)}。本人${rng.pick(MOOD)}，${rng.pick(LIFE)}。`;
    }
    case 'phone':
      return `电话联系，本人称${rng.pick(PHONE_SAYS)}。${rng.pick(ADVICE)}。`;
    case 'video':
      return `视频谈话，${rng.pick(MOOD)}，${rng.pick(LIFE)}。${rng.pick(ADVICE)}。`;
    default:
      return `参加${rng.pick(ACTIVITIES)}，${rng.pick(PERFORMANCE)}。`;
  }
}

export const REPORT_IN_TALK = [
  '报到当日谈话：宣读社区戒毒协议主要内容，告知期间应遵守的规定及违反协议的后果，登记联系方式和住址。',
  '报到谈话：了解其吸毒史、家庭和就业情况，告知定期检测和帮教谈话安排，本人表示愿意配合。',
  '报到当日谈话，介绍工作小组成员，约定每月到站谈话时间，本人态度端正。',
] as const;

export const URGE_REPORT_IN = [
  '电话联系，告知其须在收到决定书之日起十五日内到工作站报到，本人称近日到站。',
  '电话督促报到，本人称在外地务工，暂时无法返回，已告知逾期不报到的法律后果。',
  '入户走访未见本人，已向家属送达报到通知，请家属转告其尽快报到。',
] as const;

export function nextStep(rng: Rng): string {
  return rng.pick(NEXT_STEP);
}

export const TEST_PLACES = ['工作站检测室', '社区卫生服务中心', '入户检测', '派出所检测室'] as const;

export const POSITIVE_NOTES = ['现场检测阳性，已留样送检', '本人承认近期吸食，检测阳性', '不定期抽检阳性，已告知其后果'] as const;
export const MISSED_NOTES = ['未按约定时间到站检测，电话无人接听', '称临时有事未到，未按规定请假', '通知后未到站检测'] as const;
export const REFUSED_NOTES = ['到站后拒绝留取尿样', '以身体不适为由拒绝检测', '拒绝接受检测，经劝说无效'] as const;

/** 请假事由 */
export const LEAVE_REASONS = [
  '回老家探望生病的母亲', '赴外地务工（建筑工地）', '陪同家人到外地就医', '参加亲属婚礼', '处理老家房屋拆迁事宜', '回乡奔丧',
  '春节回乡探亲', '到外地参加职业技能考试', '陪同子女到外地办理入学手续', '随单位到外地出差',
] as const;
export const LEAVE_REJECTIONS = [
  '近期尿检安排冲突，且理由不充分，不予批准', '前次请假逾期未销假，暂不批准', '请假期限过长，请缩短后重新申请',
] as const;
export const LEAVE_CANCELS = ['家中事务有变化，本人申请撤销请假', '行程取消，本人申请撤销'] as const;
export const RETURN_NOTES = ['按时返回，已销假', '返回后到站销假，进行尿检', '按期返回', ''] as const;
export const LATE_RETURN_NOTES = ['返程车票改签，延误返回，已批评教育', '称家中事务未处理完，逾期返回，已作书面检查', '逾期返回，未提前报告，已谈话警示'] as const;

/** 擅自离开执行地 */
export const ABSENCE_NOTES = [
  '连续多日联系不上，家属称其去外地找朋友', '走访时发现其不在住所，电话关机', '派出所通报其在外地住宿', '本人事后到站说明外出情况',
] as const;
export const ABSENCE_DISCOVERY = ['missed_contact', 'home_visit', 'police_notice', 'family_report', 'self_report'] as const;

/** 一般违反协议 */
export const GENERAL_VIOLATIONS = [
  '未按约定时间参加帮教谈话，经电话联系后次日到站',
  '住址变更未及时告知工作站',
  '多次不接听工作人员电话，联系困难',
  '与有吸毒史人员交往，经批评教育后表示改正',
  '未按约定参加社区集体教育活动',
  '外出未按规定报告，当日返回',
] as const;

export function absenceViolation(days: number): string {
  return `未经批准擅自离开执行地 ${days} 日，返回后经批评教育，写出书面检查`;
}

export function positiveViolation(kindWord: string, substance: string): string {
  return `在${kindWord}期间吸毒检测结果呈${substance}阳性，属于又吸食毒品的情形`;
}

export const REFUSAL_VIOLATION = '在社区戒毒（康复）期间逃避或者拒绝接受检测三次以上，属于严重违反协议';
export const REPORT_IN_VIOLATION = '收到责令社区戒毒（康复）决定书后逾期未报到，视为拒绝接受社区戒毒（康复）';

export const SUBSTANCE_WORDS: Record<string, string> = {
  heroin: '吗啡（海洛因）',
  methamphetamine: '甲基苯丙胺',
  ketamine: '氯胺酮',
  cannabis: '四氢大麻酚',
  cocaine: '可卡因',
  mdma: 'MDMA',
  synthetic_cannabinoids: '合成大麻素',
  opioid_medicines: '阿片类',
  other: '毒品',
};

export const OVERRIDE_UP = ['近期与有吸毒史人员有接触，经工作小组研判上调一级', '家庭发生变故，情绪波动较大，经研判上调一级'] as const;
export const OVERRIDE_DOWN = ['就业稳定、家属监督到位，经工作小组研判下调一级', '连续检测阴性且主动配合帮教，经研判下调一级'] as const;
export const RISK_NOTES = ['', '', '', '结合走访和检测情况综合评估', '家属参与评估', '工作小组集体研判'] as const;

/** 重点关爱对象: one note per category. */
export const CARE_NOTES: Record<CareCategory, readonly string[]> = {
  unemployed_hardship: ['长期失业，家中有老人需要赡养', '失业，靠父母退休金生活'],
  ill_disabled_no_care: ['患慢性病，无人照料', '肢体残疾，独自生活'],
  living_alone: ['独居，与家人少有来往', '离异后独居，社会交往少'],
  major_family_change: ['配偶近期去世', '近期离婚，子女随对方生活'],
  grudge_extreme_risk: ['与邻居积怨较深，曾有过激言行'],
  petition_dispute: ['因拆迁补偿问题多次信访'],
  long_term_abnormal: ['吸毒史长，偶有精神异常表现', '长期吸食，言行时有异常'],
  ill_uncollectable_crime_risk: ['患严重疾病，不宜收押，有违法犯罪风险'],
  children_neglected: ['父母均有吸毒史，子女由祖父母照看'],
  elderly_uncared: ['父母年迈多病，无人照顾'],
};

export const HELP_GOALS = [
  '帮助其稳定就业，逐步恢复正常生活', '解决基本生活困难，巩固戒断成效', '改善家庭关系，增强家庭支持', '落实社会保障，减少复吸诱因',
] as const;
export const HELP_NEEDS_NOTES = ['', '本人提出就业需求', '家属反映生活困难', '工作小组走访了解'] as const;
export const HELP_REJECTIONS = ['所列需求已由其他渠道解决，请修改后重新提交'] as const;

interface HelpText {
  departments: readonly HelpDepartment[];
  items: readonly string[];
  outcomes: readonly string[];
}

export const HELP_TEXTS: Record<HelpCategory, HelpText> = {
  employment: { departments: ['human_resources'], items: ['推荐到社区公益性岗位', '介绍到物流企业面试', '提供就业岗位信息'], outcomes: ['已上岗，月收入约三千元', '已面试通过，签订劳动合同', '未被录用，继续推荐'] },
  skills_training: { departments: ['human_resources', 'social_organisation'], items: ['参加电工技能培训', '参加厨师培训班', '参加电商培训'], outcomes: ['培训结业，取得职业技能证书', '已完成培训', '中途退出培训'] },
  medical_insurance: { departments: ['human_resources', 'civil_affairs'], items: ['协助办理城乡居民医保', '协助医保接续'], outcomes: ['已办理参保', '已完成医保接续'] },
  unemployment_insurance: { departments: ['human_resources'], items: ['协助申领失业保险金'], outcomes: ['已按月领取失业保险金'] },
  minimum_allowance: { departments: ['civil_affairs'], items: ['协助申请最低生活保障', '协助低保年审'], outcomes: ['已纳入低保', '低保审核未通过，已申请临时救助'] },
  temporary_relief: { departments: ['civil_affairs'], items: ['申请临时救助金', '春节慰问'], outcomes: ['已发放临时救助金一千元', '已送达慰问品'] },
  minor_children: { departments: ['education', 'womens_federation', 'civil_affairs'], items: ['协调子女就近入学', '子女纳入困境儿童关爱'], outcomes: ['子女已入学', '已纳入关爱名单'] },
  elderly: { departments: ['civil_affairs'], items: ['协调父母纳入居家养老服务'], outcomes: ['已安排居家养老服务'] },
  psychological_counselling: { departments: ['social_organisation', 'hospital'], items: ['安排心理咨询师开展个案辅导', '转介心理门诊'], outcomes: ['完成四次个案辅导，情绪明显改善', '已就诊，遵医嘱随访'] },
  methadone_maintenance: { departments: ['hospital', 'health'], items: ['转介美沙酮维持治疗门诊'], outcomes: ['已入组美沙酮维持治疗，每日服药'] },
  housing: { departments: ['civil_affairs', 'other'], items: ['协助申请公共租赁住房'], outcomes: ['已获配租公租房', '已登记轮候'] },
  legal_aid: { departments: ['justice'], items: ['协调法律援助处理劳动争议', '提供法律咨询'], outcomes: ['已追回拖欠工资', '已提供咨询'] },
  other: { departments: ['youth_league', 'other'], items: ['联系志愿者结对帮扶'], outcomes: ['已结对，每月走访一次'] },
};

export const CLEAN_BASIS = [
  '经社区民警、社区医务人员评估，连续三年未发现复吸，历次检测均为阴性，经工作站研究决定不再实行动态管控',
  '戒断三年未复吸，经走访家属和社区核实，生活稳定，决定不再实行动态管控，档案留存',
  '经审核，自末次吸毒以来已满三年，未发现复吸，按《戒毒条例》第七条不再实行动态管控',
] as const;
