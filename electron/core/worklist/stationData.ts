import { chinaDay, daysBetween, type IsoDate } from '../../../shared/domain/dates';
import type { StationDataView } from '../../../shared/domain/bundles';
import type { Db } from '../kernel/db/database';

/**
 * How old each station's data is at a supervisor. The county supervises against today, so 待办
 * and 工作台 evaluate every snapshot as of today; a station's files, though, show its work only up
 * to the day it made its last full bundle. The screens and the reports say that day beside what
 * they show (a bundle 60 days old shows items fallen due since, which the station may long have
 * handled). A figures-only bundle does not update the files, so it does not make them younger.
 * The stations table reads its age and red flag from here too, so every screen agrees.
 */
export function stationDataDates(db: Db, today: IsoDate, staleAfterDays: number): StationDataView[] {
  const rows = db
    .prepare(
      `SELECT s.code, s.name,
         (SELECT json_extract(l.details, '$.createdAt') FROM bundle_log l
          WHERE l.station_code = s.code AND l.outcome = 'accepted' AND l.kind = 'full' ORDER BY l.id DESC LIMIT 1) AS made,
         (SELECT f.as_of FROM bundle_figures f WHERE f.station_code = s.code ORDER BY f.created_at DESC, f.id DESC LIMIT 1) AS figures
       FROM stations s ORDER BY s.code`,
    )
    .all() as { code: string; name: string; made: string | null; figures: string | null }[];
  return rows.map((r) => {
    const dataAsOf = r.made ? chinaDay(new Date(r.made)) : null;
    const ageDays = dataAsOf ? daysBetween(dataAsOf, today) : null;
    return {
      code: r.code,
      name: r.name,
      dataAsOf,
      madeAt: r.made,
      ageDays,
      stale: ageDays === null || ageDays > staleAfterDays,
      staleAfterDays,
      figuresAsOf: r.figures,
    };
  });
}
