import { chinaDay, type IsoDate } from '../../shared/domain/dates';

/**
 * The day forms start on. The core's clock decides what "today" is (it refuses later dates), so
 * the session's `today` is used while the PC's calendar day has not moved on since it was read.
 */
let known: { today: IsoDate; readOn: IsoDate } | null = null;

export function rememberCoreToday(today: IsoDate): void {
  known = { today, readOn: chinaDay(new Date()) };
}

export function todayIso(): IsoDate {
  const local = chinaDay(new Date());
  return known && known.readOn === local ? known.today : local;
}
