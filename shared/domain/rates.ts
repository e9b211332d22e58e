/**
 * The rates a county plan names (报到率, 执行率/管控率, 戒断巩固率). No national document defines
 * them exactly: these are Haven's working definitions, each shown beside its figure (formulas in the
 * reports words, reasons in shared/domain/NOTES.md).
 */
export interface RateView {
  numerator: number;
  denominator: number;
  /** Percent to one decimal; null when there is nothing to divide by. */
  percent: number | null;
}

export interface StationRates {
  /** The station an imported snapshot comes from; null for the database's own files (or the total). */
  station: string | null;
  name: string;
  /** Reported in within 15 days of delivery ÷ decisions delivered in the period whose 15 days have run out. */
  reportIn: RateView & { pending: number };
  /** Under the measure on the day (reported in, not absent) ÷ persons who should be (delivered, deadline passed or reported, not ended). */
  control: RateView;
  /** Three years clean by the day (decided, or as the rules read the file) ÷ persons on file. */
  consolidation: RateView;
}

export interface RatesView {
  from: string;
  to: string;
  /** The day the point-in-time rates are read on: the period's end, or today if it ends later. */
  asOf: string;
  rows: StationRates[];
  /** A supervisor's total over its stations; null at a station. */
  total: StationRates | null;
}

export function rate(numerator: number, denominator: number): RateView {
  return { numerator, denominator, percent: denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : null };
}
