import type { contactRelations, educationLevels, employmentStatuses, maritalStatuses, substances, useMethods } from '../../../shared/domain/reference';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import type { PersonInput } from '../../../shared/schemas/person';
import { plusMonths, toIso, yearOf } from './days';
import { fullName, givenName, mobile, surname } from './names';
import { AREAS, areaPool, EMPLOYER_BRANDS, EMPLOYER_TRADES, ESTATES, ethnicityPool, SELF_EMPLOYED, type Area } from './places';
import { Rng, Weighted } from './random';

/**
 * The person's own file: identity, addresses, social situation, family contacts and drug
 * history, drawn from distributions that look like a station's caseload (mostly men, mostly
 * 25–54, junior secondary schooling, many out of work, methamphetamine ahead of heroin).
 */
type Education = (typeof educationLevels)[number];
type Employment = (typeof employmentStatuses)[number];
type Marital = (typeof maritalStatuses)[number];
type Substance = (typeof substances)[number];
type Method = (typeof useMethods)[number];
type Relation = (typeof contactRelations)[number];
type Contact = { name: string; relation: Relation; phone: string; address: string };

export interface Identity {
  gender: 'male' | 'female';
  age: number;
  birth: number;
  area: Area;
  idNumber: string;
  family: string;
  name: string;
}

const ageBands = new Weighted<[number, number]>([
  [[16, 17], 1],
  [[18, 24], 10],
  [[25, 34], 30],
  [[35, 44], 30],
  [[45, 54], 20],
  [[55, 65], 9],
]);

/** Age on `at`, birth day, district and a unique, valid ID number (sequence odd for men, even for women). */
export function identity(rng: Rng, at: number, usedIds: Set<string>, adult: boolean): Identity {
  const gender = rng.chance(0.8) ? 'male' : 'female';
  const [minAge, maxAge] = adult ? [25, 54] : ageBands.draw(rng);
  const age = rng.int(minAge, maxAge);
  const birth = rng.int(plusMonths(at, -12 * (age + 1)) + 1, plusMonths(at, -12 * age));
  let area = areaPool.draw(rng);
  let idNumber = '';
  for (let attempt = 0; ; attempt++) {
    const sequence = gender === 'male' ? 2 * rng.int(0, 499) + 1 : 2 * rng.int(1, 499);
    idNumber = composeIdNumber(area.code, toIso(birth), sequence);
    if (!usedIds.has(idNumber)) break;
    if (attempt % 20 === 19) area = AREAS[(AREAS.indexOf(area) + 1) % AREAS.length] as Area;
  }
  usedIds.add(idNumber);
  const family = surname(rng);
  return { gender, age, birth, area, idNumber, family, name: family + givenName(rng, gender, yearOf(birth)) };
}

export function address(rng: Rng, area: Area): string {
  const road = `${rng.pick(area.roads)}${rng.int(1, 399)}号`;
  const room = `${rng.int(1, 18)}0${rng.int(1, 4)}室`;
  const x = rng.next();
  if (x < 0.55) return `${area.prefix}${road}${rng.pick(ESTATES)}${rng.int(1, 30)}栋${room}`;
  if (x < 0.85) return `${area.prefix}${road}${room}`;
  return `${area.prefix}${rng.pick(area.streets)}街道${road}附${rng.int(1, 9)}号${room}`;
}

const educationPool = new Weighted<Education | null>([
  ['none', 2], ['primary', 11], ['junior', 45], ['senior', 18], ['vocational', 12], ['college', 7], ['bachelor', 4], ['postgraduate', 0.5], [null, 0.5],
]);

function maritalPool(age: number): Weighted<Marital | null> {
  if (age < 22) return maritalYoung;
  if (age < 30) return maritalTwenties;
  if (age < 45) return maritalMiddle;
  return maritalOlder;
}
const maritalYoung = new Weighted<Marital | null>([['single', 92], ['married', 6], ['divorced', 2]]);
const maritalTwenties = new Weighted<Marital | null>([['single', 60], ['married', 29], ['divorced', 10], [null, 1]]);
const maritalMiddle = new Weighted<Marital | null>([['single', 27], ['married', 42], ['divorced', 28], ['widowed', 2], [null, 1]]);
const maritalOlder = new Weighted<Marital | null>([['single', 14], ['married', 50], ['divorced', 28], ['widowed', 7], [null, 1]]);

function employmentFor(rng: Rng, age: number): Employment | null {
  const pool: [Employment | null, number][] = [
    ['unemployed', 38], ['employed', 20], ['self_employed', 18], ['farming', 6], ['other', 10], [null, 1],
    ['student', age <= 22 ? 25 : 0], ['retired', age >= 55 ? 25 : 0],
  ];
  return new Weighted(pool.filter(([, w]) => w > 0)).draw(rng);
}

export function social(rng: Rng, id: Identity) {
  let education = educationPool.draw(rng);
  if (id.age < 19 && (education === 'college' || education === 'bachelor' || education === 'postgraduate')) education = 'senior';
  const employment = employmentFor(rng, id.age);
  const employer =
    employment === 'employed'
      ? `${id.area.city.replace(/市$/, '')}${rng.pick(EMPLOYER_BRANDS)}${rng.pick(EMPLOYER_TRADES)}`
      : employment === 'self_employed' && rng.chance(0.7)
        ? rng.pick(SELF_EMPLOYED)
        : '';
  return { education, employment, employer, maritalStatus: maritalPool(id.age).draw(rng) };
}

const contactCounts = new Weighted([[0, 12], [1, 38], [2, 33], [3, 17]] as const);

/** 0–3 family contacts who fit the person: parents while young enough, a spouse if married, children if old enough. */
export function contacts(rng: Rng, id: Identity, married: boolean, home: string): Contact[] {
  const count = contactCounts.draw(rng);
  const birthYear = yearOf(id.birth);
  const candidates: (() => Contact)[] = [];
  const phone = () => (rng.chance(0.9) ? mobile(rng) : '');
  const near = () => (rng.chance(0.5) ? home : '');
  if (id.age < 60) {
    const parent: Relation = id.age < 18 && rng.chance(0.5) ? 'guardian' : 'parent';
    candidates.push(() => ({ name: fullName(rng, 'male', birthYear - 28, id.family), relation: parent, phone: phone(), address: near() }));
    candidates.push(() => ({ name: fullName(rng, 'female', birthYear - 26), relation: 'parent', phone: phone(), address: near() }));
  }
  if (married) {
    const spouse = id.gender === 'male' ? 'female' : 'male';
    candidates.push(() => ({ name: fullName(rng, spouse, birthYear), relation: 'spouse', phone: phone(), address: near() }));
  }
  if (id.age >= 38) {
    const childFamily = id.gender === 'male' ? id.family : undefined;
    candidates.push(() => ({ name: fullName(rng, rng.chance(0.5) ? 'male' : 'female', birthYear + 25, childFamily), relation: 'child', phone: phone(), address: '' }));
  }
  candidates.push(() => ({ name: fullName(rng, rng.chance(0.5) ? 'male' : 'female', birthYear, id.family), relation: 'sibling', phone: phone(), address: '' }));
  candidates.push(() => ({ name: fullName(rng, rng.chance(0.5) ? 'male' : 'female', birthYear - 10), relation: 'relative', phone: phone(), address: '' }));
  if (rng.chance(0.3)) candidates.push(() => ({ name: fullName(rng, 'male', birthYear), relation: 'friend', phone: phone(), address: '' }));
  const chosen: Contact[] = [];
  while (chosen.length < count && candidates.length > 0) {
    const [make] = candidates.splice(rng.int(0, candidates.length - 1), 1);
    chosen.push((make as () => Contact)());
  }
  return chosen;
}

const methods: Record<Substance, Weighted<Method>> = {
  heroin: new Weighted<Method>([['smoking', 45], ['injecting', 35], ['inhaling', 15], ['snorting', 5]]),
  methamphetamine: new Weighted<Method>([['inhaling', 60], ['smoking', 34], ['oral', 4], ['injecting', 2]]),
  ketamine: new Weighted<Method>([['snorting', 90], ['oral', 5], ['smoking', 5]]),
  cannabis: new Weighted<Method>([['smoking', 95], ['oral', 5]]),
  cocaine: new Weighted<Method>([['snorting', 85], ['injecting', 10], ['smoking', 5]]),
  mdma: new Weighted<Method>([['oral', 100]]),
  synthetic_cannabinoids: new Weighted<Method>([['smoking', 90], ['inhaling', 10]]),
  opioid_medicines: new Weighted<Method>([['oral', 90], ['injecting', 10]]),
  other: new Weighted<Method>([['other', 100]]),
};

function substancePool(age: number, area: Area): Weighted<Substance> {
  const southWest = area.ethnicity !== 'default' && area.ethnicity !== 'hunan';
  const guangdong = area.code.startsWith('44');
  return new Weighted<Substance>([
    ['methamphetamine', 60],
    ['heroin', (age >= 40 ? 35 : 8) * (southWest ? 2 : 1)],
    ['ketamine', (age < 35 ? 12 : 3) * (guangdong ? 2 : 1)],
    ['cannabis', 4],
    ['mdma', age < 35 ? 1.5 : 0.3],
    ['synthetic_cannabinoids', age < 30 ? 3 : 0.3],
    ['cocaine', 0.7],
    ['opioid_medicines', 1.5],
    ['other', 0.5],
  ]);
}

/** Earlier episodes as a station writes them in the file, with how many years each took. */
const priorKinds = [
  ['强制隔离戒毒二年', 2],
  ['社区戒毒三年（期满解除）', 3],
  ['自愿戒毒', 1],
  ['社区康复三年（期满解除）', 3],
  ['强制隔离戒毒二年（提前解除）', 2],
] as const;
const episodeCounts = new Weighted([[0, 45], [1, 25], [2, 15], [3, 10], [4, 5]] as const);

/**
 * Substances and method; first use before the first measure (at 14 at the earliest); earlier
 * episodes 0–4. Those that Haven does not hold (they ended before `historyBefore`, the start of
 * the records) are written out in `priorMeasures`, one after another without overlapping;
 * `recorded` counts the episodes Haven does hold before the latest measure.
 */
export function drugHistory(rng: Rng, id: Identity, firstDecision: number, historyBefore: number, recorded: number) {
  const pool = substancePool(id.age, id.area);
  const first = pool.draw(rng);
  const list: Substance[] = [first];
  if (rng.chance(0.2)) {
    const second = pool.draw(rng);
    if (second !== first) list.push(second);
  }
  const method = rng.chance(0.03) ? null : list.length > 1 && rng.chance(0.5) ? 'mixed' : methods[first].draw(rng);
  const earliest = plusMonths(id.birth, 14 * 12);
  const latest = firstDecision - 30;
  const firstUse = latest < earliest ? null : rng.int(Math.max(earliest, latest - 15 * 365), latest);
  const episodes: string[] = [];
  if (firstUse !== null) {
    let limit = yearOf(Math.min(historyBefore, firstDecision));
    for (let wanted = episodeCounts.draw(rng); wanted > 0; wanted--) {
      const [kind, years] = rng.pick(priorKinds);
      const start = limit - years - rng.int(0, 2);
      if (start <= yearOf(firstUse)) break;
      episodes.unshift(`${start}年${kind}`);
      limit = start;
    }
  }
  return {
    substances: list,
    method,
    firstUseDate: firstUse === null ? null : toIso(firstUse),
    priorEpisodes: episodes.length + recorded,
    priorMeasures: episodes.join('；'),
  };
}

const NOTES = ['父母年迈，家庭经济困难', '有美沙酮维持治疗史', '患有慢性乙肝，定期复查', '与家人关系紧张，需加强家访', '已在社区参加技能培训', '独居，联系电话常变更'];

/** Everything of the person's file except the drug history and staff, as personInputSchema takes it. */
/** `openedFrom`: the earliest day the file can be opened; an infant's birth date lies before it. */
export function personFields(rng: Rng, id: Identity, openedFrom: number): Omit<PersonInput, 'drugHistory' | 'staffUserId'> {
  const householdAddress = address(rng, id.area);
  const residenceAddress = rng.chance(0.7) ? householdAddress : address(rng, id.area);
  const s = social(rng, id);
  const fertile = id.gender === 'female' && id.age >= 18 && id.age <= 45;
  const pregnant = fertile && rng.chance(0.02);
  const breastfeedingInfant = fertile && !pregnant && rng.chance(0.015);
  return {
    name: id.name,
    formerNames: rng.chance(0.01) ? id.family + givenName(rng, id.gender, yearOf(id.birth)) : '',
    idNumber: id.idNumber,
    ethnicity: ethnicityPool(id.area).draw(rng),
    phone: rng.chance(0.92) ? mobile(rng) : '',
    householdAddress,
    residenceAddress,
    ...s,
    familyContacts: contacts(rng, id, s.maritalStatus === 'married', householdAddress),
    pregnant,
    breastfeedingInfant,
    // Weeks to months before the file is opened (AL art. 39 protects until one year, so by the
    // demo's day it has often lapsed); no draw, so the rest of the random stream is unchanged.
    infantBirthDate: breastfeedingInfant ? toIso(openedFrom - 20 - (Math.abs(id.birth) % 300)) : null,
    notes: rng.chance(0.05) ? rng.pick(NOTES) : '',
  };
}
