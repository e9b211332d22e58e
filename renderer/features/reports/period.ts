import dayjs from 'dayjs';
import type { IsoDate } from '../../../shared/domain/dates';

export const quickPeriods = ['thisMonth', 'lastMonth', 'thisYear'] as const;
export type QuickPeriod = (typeof quickPeriods)[number];

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** 本月 / 上月 / 本年 as whole calendar periods around `today`. */
export function quickPeriod(kind: QuickPeriod, today: IsoDate): Period {
  const day = dayjs(today);
  const base = kind === 'lastMonth' ? day.subtract(1, 'month') : day;
  const unit = kind === 'thisYear' ? 'year' : 'month';
  return { from: base.startOf(unit).format('YYYY-MM-DD'), to: base.endOf(unit).format('YYYY-MM-DD') };
}

/** Which quick choice a period is, if any. */
export function quickOf(period: Period, today: IsoDate): QuickPeriod | null {
  return quickPeriods.find((kind) => {
    const p = quickPeriod(kind, today);
    return p.from === period.from && p.to === period.to;
  }) ?? null;
}
