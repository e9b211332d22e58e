import { Rng, Weighted } from './random';

/**
 * Chinese names: surnames weighted roughly by their share of the population (王 李 张 刘 陈 …,
 * with a few two-character surnames, rarely), given names of one or two characters from pools
 * that read as male or female. 单, 曾, 仇 are in the list so that pinyin's surname readings get used.
 */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 710], ['李', 700], ['张', 650], ['刘', 540], ['陈', 450], ['杨', 310], ['黄', 220], ['赵', 200], ['吴', 190], ['周', 190],
  ['徐', 130], ['孙', 130], ['马', 110], ['朱', 110], ['胡', 100], ['郭', 97], ['何', 95], ['林', 90], ['高', 90], ['罗', 87],
  ['郑', 75], ['梁', 70], ['谢', 60], ['宋', 55], ['唐', 54], ['许', 50], ['韩', 49], ['冯', 48], ['邓', 47], ['曹', 46],
  ['彭', 45], ['曾', 44], ['肖', 43], ['田', 42], ['董', 41], ['袁', 40], ['潘', 39], ['于', 38], ['蒋', 37], ['蔡', 36],
  ['余', 35], ['杜', 34], ['叶', 33], ['程', 32], ['苏', 31], ['魏', 30], ['吕', 29], ['丁', 28], ['任', 27], ['沈', 26],
  ['姚', 25], ['卢', 24], ['姜', 23], ['崔', 22], ['钟', 21], ['谭', 20], ['陆', 19], ['汪', 18], ['范', 17], ['金', 16],
  ['石', 15], ['廖', 14], ['贾', 13], ['夏', 12], ['韦', 12], ['付', 11], ['方', 11], ['白', 10], ['邹', 10], ['孟', 10],
  ['熊', 10], ['秦', 9], ['邱', 9], ['江', 9], ['尹', 8], ['薛', 8], ['闫', 8], ['段', 7], ['雷', 7], ['侯', 7],
  ['龙', 7], ['史', 6], ['陶', 6], ['黎', 6], ['贺', 6], ['顾', 6], ['毛', 5], ['郝', 5], ['龚', 5], ['邵', 5],
  ['万', 5], ['钱', 5], ['严', 5], ['覃', 4], ['武', 4], ['戴', 4], ['莫', 4], ['孔', 4], ['向', 4], ['汤', 4],
  ['单', 2], ['仇', 1], ['欧阳', 2], ['司徒', 1], ['司马', 0.5], ['诸葛', 0.5], ['上官', 0.5], ['东方', 0.3], ['皇甫', 0.3], ['令狐', 0.2],
];

const MALE_CHARS = [...'伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠风航弘'];
const FEMALE_CHARS = [...'秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨琰韵园艺咏卿澜纯毓悦昭冰爽琬茗羽希欣飘滢馥筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒影荔丽阳妮宝贝晴容睿雯萱彦宇雨曼紫逸蝶菡'];
/** Characters doubled in girls' names (婷婷, 丹丹 …). */
const DOUBLED = [...'婷丹晶莉娜静燕玲倩琳欢璐悦甜'];

const surnamePool = new Weighted(SURNAMES);

export function surname(rng: Rng): string {
  return surnamePool.draw(rng);
}

export function givenName(rng: Rng, gender: 'male' | 'female', birthYear: number): string {
  const chars = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  if (gender === 'female' && rng.chance(0.05)) {
    const c = rng.pick(DOUBLED);
    return c + c;
  }
  // Single-character given names were commoner for people born in the 1960s–80s.
  const single = rng.chance(birthYear < 1985 ? 0.3 : 0.15);
  if (single) return rng.pick(chars);
  const first = rng.pick(chars);
  let second = rng.pick(chars);
  if (second === first) second = rng.pick(chars);
  return first + second;
}

export function fullName(rng: Rng, gender: 'male' | 'female', birthYear: number, family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender, birthYear);
}

/** Mobile numbers: real 3-digit prefixes of the three carriers, then 8 digits. */
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '147', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188',
  '189', '191', '198', '199',
] as const;

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}
