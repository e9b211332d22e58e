import type { RiskLevel, SupervisionSettings } from '../../../shared/domain/supervision';
import { assessedFactors, scoreRisk, type AssessedFactor, type RecordFactors, type RiskTable } from '../../../shared/rules/risk';
import type { PersonData } from '../../../shared/schemas/person';
import { toIso } from './days';
import type { RiskScored } from './ops';
import { Rng, Weighted } from './random';

/**
 * Risk assessments as the risk service scores them: the options staff pick for the assessed
 * factors, and the record-based factors read off the person's file on the day. The planner keeps
 * its own list of the person's tests, violations and decisions and computes what
 * electron/core/risk/service.ts recordFactors() would read from the database at that moment
 * (the services-path test compares every stored number).
 */
export interface FileSoFar {
  priorEpisodes: number;
  /** Days of positive tests, in order. */
  positives: number[];
  violations: { day: number; severity: 'general' | 'serious' }[];
  /** Decision days of the measures registered so far: [decision day, registration (delivery) day]. */
  decisions: [number, number][];
}

export function recordFactorsOn(file: FileSoFar, day: number): RecordFactors {
  let lastPositive: number | null = null;
  let positives12m = 0;
  for (const p of file.positives) {
    if (p <= day) lastPositive = p;
    if (p > day - 365 && p <= day) positives12m++;
  }
  let lastDecision: number | null = null;
  for (const [decided, registered] of file.decisions) if (registered <= day && decided <= day && (lastDecision === null || decided > lastDecision)) lastDecision = decided;
  const cleanSince = lastPositive === null ? lastDecision : lastDecision === null ? lastPositive : Math.max(lastPositive, lastDecision);
  let serious = 0;
  let general = 0;
  for (const v of file.violations) {
    if (v.day > day - 365 && v.day <= day) {
      if (v.severity === 'serious') serious++;
      else general++;
    }
  }
  return {
    priorEpisodes: file.priorEpisodes,
    monthsClean: cleanSince === null ? null : Math.floor((day - cleanSince) / 30.44),
    seriousViolations12m: serious,
    generalViolations12m: general,
    positiveTests12m: positives12m,
  };
}

/** The stored assessment as createAssessment builds it (derived facts, points); the next due day follows from the level staff set. */
export function scoreOn(file: FileSoFar, day: number, factors: Record<AssessedFactor, string>, table: RiskTable): Omit<RiskScored, 'nextDueDate'> {
  const records = recordFactorsOn(file, day);
  const { score, breakdown, suggestedLevel } = scoreRisk(factors, records, table);
  const derived: Record<string, number | string> = { ...records, monthsClean: records.monthsClean ?? '' };
  for (const [k, v] of Object.entries(breakdown)) derived[`points.${k}`] = v;
  return { derived, score, suggestedLevel };
}

export function nextDue(day: number, level: RiskLevel, settings: SupervisionSettings): string {
  return toIso(day + settings.reassessmentDays[level]);
}

/**
 * An option of the station's table: the wished one when the table has it, otherwise the option at
 * the same rank by points (a station that renamed its options still gets plausible picks).
 */
function option(table: RiskTable, factor: AssessedFactor, wished: string, rank: number): string {
  const options = table.assessed[factor];
  if (wished in options) return wished;
  const sorted = Object.keys(options).sort((a, b) => (options[a] as number) - (options[b] as number));
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(rank * (sorted.length - 1))))] as string;
}

const severityPool = new Weighted<[string, number]>([
  [['use', 0], 35],
  [['dependent', 0.5], 45],
  [['severe', 1], 20],
]);

function drugType(person: PersonData): [string, number] {
  const list = person.drugHistory.substances;
  if (list.length > 1) return ['multiple', 1];
  switch (list[0]) {
    case 'heroin':
    case 'opioid_medicines':
      return ['opioids', 0.75];
    case 'ketamine':
      return ['ketamine', 0.25];
    case 'cannabis':
    case 'synthetic_cannabinoids':
      return ['cannabis', 0];
    default:
      return ['stimulants', 0.5];
  }
}

/** What staff pick for one measure (the file's facts decide most of it). `worst` picks the top of every scale. */
export function assessedOptions(rng: Rng, person: PersonData, table: RiskTable, worst: boolean): Record<AssessedFactor, string> {
  const [drug, drugRank] = drugType(person);
  const [severity, severityRank] = severityPool.draw(rng);
  const behaviour = rng.chance(0.8) ? (['cooperative', 0] as const) : rng.chance(0.85) ? (['unstable', 0.5] as const) : (['aggressive_or_psychotic', 1] as const);
  const family =
    person.familyContacts.length === 0 ? (['none', 1] as const) : rng.chance(0.25) ? (['strained', 0.5] as const) : (['supportive', 0] as const);
  const employment =
    person.employment === 'employed'
      ? (['stable', 0] as const)
      : person.employment === 'unemployed' || person.employment === null
        ? (['none', 1] as const)
        : rng.chance(0.6)
          ? (['unstable', 0.5] as const)
          : (['stable', 0] as const);
  const wished: Record<AssessedFactor, [string, number]> = { drugType: [drug, drugRank], severity: [severity, severityRank], behaviour: [...behaviour], family: [...family], employment: [...employment] };
  return Object.fromEntries(
    assessedFactors.map((f) => {
      const options = table.assessed[f];
      if (worst) return [f, Object.keys(options).sort((a, b) => (options[b] as number) - (options[a] as number))[0] as string];
      const [name, rank] = wished[f];
      return [f, option(table, f, name, rank)];
    }),
  ) as Record<AssessedFactor, string>;
}

/** After a serious violation staff see the behaviour as unstable for a while. */
export function withUnstableBehaviour(factors: Record<AssessedFactor, string>, table: RiskTable): Record<AssessedFactor, string> {
  return { ...factors, behaviour: option(table, 'behaviour', 'unstable', 0.5) };
}

const LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

export function shiftLevel(level: RiskLevel, by: 1 | -1): RiskLevel {
  return LEVELS[Math.min(2, Math.max(0, LEVELS.indexOf(level) + by))] as RiskLevel;
}
