import type { ethnicities } from '../../../shared/domain/reference';
import { Weighted } from './random';

/**
 * Districts the synthetic persons come from: real GB/T 2260 county-level codes with their public
 * security bureaus, street offices (街道) and roads. A Nanjing station sees mostly Nanjing people,
 * and some from the provinces that send many migrant workers to Jiangsu or have long drug histories.
 */
export interface Area {
  code: string;
  /** Province, city and district as written at the start of an address. */
  prefix: string;
  city: string;
  /** 宁公(玄)决字: the city's one-character name and the district's short name. */
  cityAbbr: string;
  districtAbbr: string;
  authority: string;
  streets: readonly string[];
  roads: readonly string[];
  /** Share of the station's persons (relative). */
  weight: number;
  ethnicity: 'default' | 'yunnan' | 'guangxi' | 'guizhou' | 'sichuan' | 'hunan';
}

type Ethnicity = (typeof ethnicities)[number];

const nanjing = (code: string, district: string, abbr: string, weight: number, streets: string[], roads: string[]): Area => ({
  code,
  prefix: `江苏省南京市${district}`,
  city: '南京市',
  cityAbbr: '宁',
  districtAbbr: abbr,
  authority: `南京市公安局${district.replace(/区$/, '')}分局`,
  streets,
  roads,
  weight,
  ethnicity: 'default',
});

const area = (
  code: string,
  province: string,
  city: string,
  district: string,
  cityAbbr: string,
  authority: string,
  weight: number,
  streets: string[],
  roads: string[],
  ethnicity: Area['ethnicity'] = 'default',
): Area => ({
  code,
  prefix: `${province}${city}${district}`,
  city,
  cityAbbr,
  districtAbbr: district.replace(/区$/, ''),
  authority,
  streets,
  roads,
  weight,
  ethnicity,
});

export const AREAS: readonly Area[] = [
  nanjing('320102', '玄武区', '玄', 16, ['梅园新村', '新街口', '玄武门', '锁金村', '红山', '孝陵卫', '玄武湖'], ['中山路', '北京东路', '珠江路', '太平北路', '龙蟠路', '玄武大道', '中央路', '长江路', '进香河路']),
  nanjing('320104', '秦淮区', '秦', 12, ['夫子庙', '中华门', '双塘', '朝天宫', '洪武路', '大光路', '红花'], ['中华路', '建康路', '白下路', '瑞金路', '洪武路', '御道街', '龙蟠中路', '大光路']),
  nanjing('320105', '建邺区', '建', 7, ['南苑', '莫愁湖', '沙洲', '兴隆', '双闸', '江心洲'], ['江东中路', '集庆门大街', '应天大街', '嘉陵江东街', '水西门大街', '庐山路', '黄山路']),
  nanjing('320106', '鼓楼区', '鼓', 10, ['宁海路', '华侨路', '湖南路', '中央门', '挹江门', '江东', '热河南路'], ['中山北路', '湖南路', '汉中路', '广州路', '虎踞路', '北京西路', '云南路', '草场门大街']),
  nanjing('320111', '浦口区', '浦', 5, ['江浦', '顶山', '泰山', '沿江', '桥林'], ['浦口大道', '浦珠路', '凤凰大街', '天华路', '柳州北路', '新浦路']),
  nanjing('320113', '栖霞区', '栖', 6, ['尧化', '马群', '迈皋桥', '燕子矶', '仙林', '八卦洲'], ['和燕路', '迈尧路', '尧新大道', '文苑路', '学海路', '马群街']),
  nanjing('320114', '雨花台区', '雨', 4, ['雨花', '赛虹桥', '铁心桥', '西善桥', '板桥'], ['雨花南路', '宁南大道', '软件大道', '小行路', '梅山路']),
  nanjing('320115', '江宁区', '江', 6, ['东山', '秣陵', '淳化', '汤山', '禄口'], ['天元东路', '双龙大道', '竹山路', '胜太路', '东山大街', '秣陵路']),
  nanjing('320116', '六合区', '六', 3, ['雄州', '龙池', '葛塘', '长芦'], ['雄州路', '延安路', '园林西路', '龙津路']),
  area('320213', '江苏省', '无锡市', '梁溪区', '锡', '无锡市公安局梁溪分局', 2, ['崇安寺', '广益', '江海', '扬名', '清名桥'], ['中山路', '解放南路', '人民中路', '学前街', '南长街']),
  area('320302', '江苏省', '徐州市', '鼓楼区', '徐', '徐州市公安局鼓楼分局', 2, ['丰财', '牌楼', '黄楼', '琵琶'], ['中山北路', '复兴北路', '下淀路', '平山路']),
  area('320411', '江苏省', '常州市', '新北区', '常', '常州市公安局新北分局', 1.5, ['河海', '三井', '龙虎塘', '新桥'], ['太湖东路', '通江中路', '河海中路', '龙锦路']),
  area('340102', '安徽省', '合肥市', '瑶海区', '合', '合肥市公安局瑶海分局', 2, ['明光路', '胜利路', '三里街', '和平路'], ['长江东路', '明光路', '胜利路', '铜陵路', '和平路']),
  area('340104', '安徽省', '合肥市', '蜀山区', '合', '合肥市公安局蜀山分局', 1.5, ['西园', '三里庵', '稻香村', '笔架山'], ['长江西路', '黄山路', '潜山路', '望江西路', '稻香路']),
  area('510104', '四川省', '成都市', '锦江区', '成', '成都市公安局锦江区分局', 2, ['春熙路', '书院街', '合江亭', '牛市口', '沙河'], ['春熙路', '东大街', '书院西街', '红星路', '静安路'], 'sichuan'),
  area('510105', '四川省', '成都市', '青羊区', '成', '成都市公安局青羊区分局', 1.5, ['草市街', '少城', '府南', '光华', '金沙'], ['人民中路', '金河路', '长顺街', '清江中路', '蜀汉路'], 'sichuan'),
  area('510107', '四川省', '成都市', '武侯区', '成', '成都市公安局武侯区分局', 1.5, ['浆洗街', '望江路', '玉林', '红牌楼', '簇桥'], ['武侯祠大街', '浆洗街', '玉林南路', '佳灵路', '高升桥路'], 'sichuan'),
  area('530102', '云南省', '昆明市', '五华区', '昆', '昆明市公安局五华分局', 2.5, ['华山', '护国', '大观', '龙翔', '莲华'], ['人民中路', '青年路', '西昌路', '学府路', '龙翔街'], 'yunnan'),
  area('530103', '云南省', '昆明市', '盘龙区', '昆', '昆明市公安局盘龙分局', 2, ['拓东', '鼓楼', '东华', '联盟', '金辰'], ['北京路', '东风东路', '穿金路', '金星路', '白龙路'], 'yunnan'),
  area('450102', '广西壮族自治区', '南宁市', '兴宁区', '邕', '南宁市公安局兴宁分局', 2, ['民生', '朝阳', '兴东', '五塘'], ['民生路', '朝阳路', '兴宁路', '长堽路', '邕武路'], 'guangxi'),
  area('450103', '广西壮族自治区', '南宁市', '青秀区', '邕', '南宁市公安局青秀分局', 1.5, ['新竹', '中山', '津头', '建政', '南湖'], ['民族大道', '东葛路', '桃源路', '竹溪大道', '长湖路'], 'guangxi'),
  area('440106', '广东省', '广州市', '天河区', '穗', '广州市公安局天河区分局', 2, ['沙河', '五山', '员村', '石牌', '林和', '天园'], ['天河路', '体育西路', '中山大道', '黄埔大道', '石牌东路', '龙口西路']),
  area('440104', '广东省', '广州市', '越秀区', '穗', '广州市公安局越秀区分局', 1.5, ['北京', '人民', '东山', '农林', '梅花村', '大塘'], ['北京路', '中山五路', '东风东路', '环市东路', '解放北路', '农林下路']),
  area('440303', '广东省', '深圳市', '罗湖区', '深', '深圳市公安局罗湖分局', 1.5, ['桂园', '黄贝', '东门', '翠竹', '笋岗', '莲塘'], ['深南东路', '人民南路', '东门中路', '宝安南路', '翠竹路']),
  area('520102', '贵州省', '贵阳市', '南明区', '筑', '贵阳市公安局南明分局', 1.5, ['花果园', '遵义路', '兴关路', '太慈桥'], ['中华南路', '遵义路', '宝山南路', '花果园大街', '市南路'], 'guizhou'),
  area('430102', '湖南省', '长沙市', '芙蓉区', '长', '长沙市公安局芙蓉分局', 1.5, ['文艺路', '朝阳街', '韭菜园', '五里牌', '火星'], ['五一大道', '韶山北路', '芙蓉中路', '解放西路', '人民中路'], 'hunan'),
  area('420106', '湖北省', '武汉市', '武昌区', '武', '武汉市公安局武昌区分局', 1.5, ['积玉桥', '中华路', '粮道街', '紫阳', '首义路'], ['中山路', '武珞路', '中南路', '和平大道', '解放路']),
  area('410102', '河南省', '郑州市', '中原区', '郑', '郑州市公安局中原分局', 1.5, ['林山寨', '建设路', '棉纺路', '秦岭路', '汝河路'], ['建设西路', '中原路', '桐柏路', '棉纺路', '伏牛路']),
  area('500103', '', '重庆市', '渝中区', '渝', '重庆市公安局渝中区分局', 1.5, ['解放碑', '朝天门', '七星岗', '上清寺', '大坪', '化龙桥'], ['民族路', '中山一路', '民生路', '解放西路', '大坪正街']),
];

export const areaPool = new Weighted(AREAS.map((a) => [a, a.weight] as const));

const ETHNICITY_POOLS: Record<Area['ethnicity'], Weighted<Ethnicity | null>> = {
  default: new Weighted<Ethnicity | null>([['汉族', 95], ['回族', 1.6], ['满族', 0.6], ['蒙古族', 0.3], ['土家族', 0.3], ['苗族', 0.2], [null, 2]]),
  yunnan: new Weighted<Ethnicity | null>([
    ['汉族', 72], ['彝族', 8], ['白族', 3.5], ['哈尼族', 3], ['傣族', 4], ['回族', 2], ['傈僳族', 1.5], ['佤族', 1.5], ['景颇族', 1.5], ['拉祜族', 1], [null, 2],
  ]),
  guangxi: new Weighted<Ethnicity | null>([['汉族', 68], ['壮族', 25], ['瑶族', 2.5], ['苗族', 1], ['侗族', 1], ['仫佬族', 0.5], [null, 2]]),
  guizhou: new Weighted<Ethnicity | null>([['汉族', 66], ['苗族', 12], ['布依族', 9], ['侗族', 4], ['土家族', 3], ['彝族', 2], ['仡佬族', 1], ['水族', 1], [null, 2]]),
  sichuan: new Weighted<Ethnicity | null>([['汉族', 90], ['彝族', 5], ['藏族', 2], ['羌族', 1], [null, 2]]),
  hunan: new Weighted<Ethnicity | null>([['汉族', 88], ['土家族', 5], ['苗族', 3.5], ['侗族', 1.5], [null, 2]]),
};

export function ethnicityPool(a: Area): Weighted<Ethnicity | null> {
  return ETHNICITY_POOLS[a.ethnicity];
}

export const ESTATES = [
  '阳光花园', '锦绣苑', '幸福里小区', '翠苑', '金色家园', '和平新村', '丽景苑', '东方花园', '世纪新城', '怡景小区', '长青园',
  '华侨新村', '职工宿舍', '滨江花园', '文化新村', '春晖苑', '紫金花园', '工人新村', '富康小区', '嘉园',
] as const;

/** Employers of people in work: small private firms of the kinds that employ them. */
export const EMPLOYER_BRANDS = ['鑫达', '恒通', '宏远', '华盛', '金鼎', '瑞丰', '顺发', '永安', '联创', '天和', '德润', '益民', '广源', '隆昌'] as const;
export const EMPLOYER_TRADES = [
  '物流有限公司', '建筑工程有限公司', '餐饮管理有限公司', '汽车维修服务部', '装饰工程有限公司', '商贸有限公司', '保安服务有限公司',
  '家政服务有限公司', '电子科技有限公司', '物业管理有限公司', '快递服务部', '机械加工厂',
] as const;
export const SELF_EMPLOYED = ['个体（水果店）', '个体（小吃店）', '个体（网约车）', '个体（五金店）', '个体（理发店）', '个体（早餐店）', '个体（修车铺）', '个体（外卖配送）'] as const;
