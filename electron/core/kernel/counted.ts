import type { Db } from './db/database';

/**
 * One person, one count, at a supervisor. A person moved from station A to station B (变更执行地,
 * RR art. 22) is on file at both: A keeps its file (the measure 转出) and sends it in every full
 * bundle; B's copy came with the whole history and runs on. Counted at both, the county would see
 * the person twice: two files open or ended, two risk levels, the same unanswered breach under A
 * and B, a decision in two denominators.
 *
 * Of the copies of one ID number held by different stations, the person counts only at the one
 * holding the newest measure: the latest decision or delivery date among its measures; on a tie
 * (both copies hold the same measure, as after a transfer) the copy that received it by transfer
 * (more `transfer_in` events: its file runs on, the other's measure ended with the transfer),
 * then the station whose last full bundle was made later, then the station code, so that exactly
 * one copy counts. A database's own files (origin_station NULL: every file at a station) always
 * count.
 *
 * This decides where a person counts (open files, measures and their dates, risk levels, key care,
 * the worklist, staffing, the rates), and at a supervisor where their records count too: the copy
 * that counts holds the whole history (a transfer carries it), so the county's totals have every
 * record once, even when the old station archives its copy or takes the file back later. A
 * station's own figures count its own work (recordsMadeHere).
 */

/** Ids of copies that do not count: another station's copy of the same ID number outranks them. */
export const SUPERSEDED_COPIES = `
  WITH shared AS (
    -- ID numbers on more than one file: an ordered pass over the ID number index, no row read.
    -- Only where other stations' files are (a supervisor, or a station that took a transfer):
    -- SQLite tests the constant EXISTS once, and a station's 30,000 files cost nothing (3 ms before).
    SELECT id_number FROM persons WHERE EXISTS (SELECT 1 FROM stations) GROUP BY id_number HAVING count(*) > 1),
  last_full AS (
    SELECT station_code, max(json_extract(details, '$.createdAt')) AS made FROM bundle_log
    WHERE outcome = 'accepted' AND kind = 'full' GROUP BY station_code),
  copies AS MATERIALIZED (
    SELECT c.id, c.id_number, c.origin_station AS station,
      coalesce((SELECT max(max(m.decision_date, m.delivery_date)) FROM measures m WHERE m.person_id = c.id), '') AS newest,
      (SELECT count(*) FROM measures m JOIN measure_events e ON e.measure_id = m.id WHERE m.person_id = c.id AND e.action = 'transfer_in') AS received,
      coalesce((SELECT f.made FROM last_full f WHERE f.station_code = c.origin_station), '') AS made
    FROM shared s JOIN persons c ON c.id_number = s.id_number
    WHERE c.origin_station IS NOT NULL)
  SELECT c.id FROM copies c
  WHERE EXISTS (SELECT 1 FROM copies o WHERE o.id_number = c.id_number AND o.station <> c.station
                  AND (o.newest, o.received, o.made, o.station) > (c.newest, c.received, c.made, c.station))`;

/**
 * SQL condition: the person row `alias` counts as a person here. Use it beside `archived_at IS
 * NULL` wherever persons are counted (`… JOIN persons p … WHERE p.archived_at IS NULL AND
 * ${countedPerson('p')}`). The subquery runs once per statement (5 ms at 30,000 persons); a
 * database's own files are never in it. Not written `origin_station IS NULL OR …`: SQLite then
 * reads the list again for every row (30 ms instead of 8).
 */
export function countedPerson(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`not an alias: ${alias}`);
  return `${alias}.id NOT IN (${SUPERSEDED_COPIES})`;
}

/** The ids of the copies that do not count (a supervisor's; none at a station). */
export function supersededCopies(db: Db): number[] {
  return db.prepare(SUPERSEDED_COPIES).pluck().all() as number[];
}

/**
 * The same condition for a statement run many times over (once per station): the ids are found
 * once (`supersededCopies`) and bound as JSON to the named parameter `@superseded`.
 */
export function countedPersonAmong(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`not an alias: ${alias}`);
  return `${alias}.id NOT IN (SELECT value FROM json_each(@superseded))`;
}

/**
 * A station's own work, in its own figures. A file received by transfer brought the sending
 * station's tests, talks, leave, violations and help with it, each with the created_at it had
 * there; the file's `transfer_in` event is written when it arrives here (its created_at). So at
 * the receiving station a record created before the file's latest arrival is not its work, and
 * an act on a record (a police report, a decision, a return, help given) dated before the day it
 * arrived was not either; both are from the arrival on. A file that never came by transfer has
 * all of it counted.
 *
 * At a supervisor the files are the stations' copies (origin_station set) and none of this
 * applies: a person's records count in the one copy that counts (countedPerson), which holds the
 * whole history, and in no other — whichever station made each.
 *
 * `recordsMadeHere('t')` gives the join to put after the record table's alias `t` (which has
 * person_id and created_at; `p` is the person row), the condition that the row was made here, and
 * `since(column)`, the condition that the act dated by that column was done here. The arrivals
 * are read once per statement, through a partial index of the few `transfer_in` events (0019).
 */
export function recordsMadeHere(alias: string, person = 'p'): { join: string; made: string; since: (dateColumn: string) => string } {
  for (const name of [alias, person]) if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not an alias: ${name}`);
  const arrived = `arrived_${alias}`;
  const own = `(${person}.origin_station IS NOT NULL OR ${arrived}.at IS NULL`;
  return {
    join: `LEFT JOIN (SELECT m.person_id, max(e.created_at) AS at, date(max(e.created_at), '+8 hours') AS day
                      FROM measure_events e JOIN measures m ON m.id = e.measure_id
                      WHERE e.action = 'transfer_in' GROUP BY m.person_id) ${arrived} ON ${arrived}.person_id = ${alias}.person_id`,
    made: `${own} OR ${alias}.created_at >= ${arrived}.at)`,
    since: (dateColumn: string) => `${own} OR ${dateColumn} >= ${arrived}.day)`,
  };
}
