import type { RiskLevel } from '../domain/supervision';

/**
 * The station-configurable risk scoring table (禁毒办通〔2016〕37号: check everyone, analyse
 * each, grade, adjust dynamically). Staff pick an option per assessed factor; the record-based
 * factors are read from the file. The total suggests a level; staff may set another with a reason.
 */
export const assessedFactors = ['drugType', 'severity', 'behaviour', 'family', 'employment'] as const;
export type AssessedFactor = (typeof assessedFactors)[number];
export const derivedFactors = ['priorEpisodes', 'timeClean', 'recentViolations', 'recentPositive'] as const;
export type DerivedFactor = (typeof derivedFactors)[number];

export interface RiskTable {
  /** Points per option of each assessed factor. */
  assessed: Record<AssessedFactor, Record<string, number>>;
  /** Points for what the records say. */
  derived: {
    priorEpisodes: { perEpisode: number; max: number };
    /** Months clean → points: the first band whose `upTo` is ≥ the months applies. */
    timeClean: { upToMonths: number; points: number }[];
    seriousViolationLast12Months: number;
    generalViolationLast12Months: number;
    positiveTestLast12Months: number;
  };
  /** Totals at or above these are high / medium; below is low. */
  thresholds: { high: number; medium: number };
}

export const DEFAULT_RISK_TABLE: RiskTable = {
  assessed: {
    drugType: { cannabis: 1, ketamine: 2, stimulants: 3, opioids: 3, multiple: 4 },
    severity: { use: 1, dependent: 2, severe: 3 },
    behaviour: { cooperative: 0, unstable: 3, aggressive_or_psychotic: 5 },
    family: { supportive: 0, strained: 2, none: 3 },
    employment: { stable: 0, unstable: 1, none: 2 },
  },
  derived: {
    priorEpisodes: { perEpisode: 1, max: 3 },
    timeClean: [
      { upToMonths: 6, points: 3 },
      { upToMonths: 12, points: 2 },
      { upToMonths: 36, points: 1 },
      { upToMonths: 100000, points: 0 },
    ],
    seriousViolationLast12Months: 4,
    generalViolationLast12Months: 2,
    positiveTestLast12Months: 3,
  },
  thresholds: { high: 14, medium: 8 },
};

export interface RecordFactors {
  priorEpisodes: number;
  /** Whole months since the last positive test or known use; null when unknown. */
  monthsClean: number | null;
  seriousViolations12m: number;
  generalViolations12m: number;
  positiveTests12m: number;
}

export interface RiskScore {
  score: number;
  breakdown: Record<string, number>;
  suggestedLevel: RiskLevel;
}

export function scoreRisk(assessed: Record<AssessedFactor, string>, records: RecordFactors, table: RiskTable = DEFAULT_RISK_TABLE): RiskScore {
  const breakdown: Record<string, number> = {};
  for (const factor of Object.keys(table.assessed) as AssessedFactor[]) {
    breakdown[factor] = table.assessed[factor][assessed[factor]] ?? 0;
  }
  breakdown.priorEpisodes = Math.min(table.derived.priorEpisodes.max, records.priorEpisodes * table.derived.priorEpisodes.perEpisode);
  // Unknown time clean counts as the most recent band: better to look again than to miss.
  const months = records.monthsClean ?? 0;
  breakdown.timeClean = table.derived.timeClean.find((band) => months <= band.upToMonths)?.points ?? 0;
  breakdown.recentViolations =
    (records.seriousViolations12m > 0 ? table.derived.seriousViolationLast12Months : 0) +
    (records.generalViolations12m > 0 ? table.derived.generalViolationLast12Months : 0);
  breakdown.recentPositive = records.positiveTests12m > 0 ? table.derived.positiveTestLast12Months : 0;
  const score = Object.values(breakdown).reduce((a, b) => a + b, 0);
  const suggestedLevel: RiskLevel = score >= table.thresholds.high ? 'high' : score >= table.thresholds.medium ? 'medium' : 'low';
  return { score, breakdown, suggestedLevel };
}
