import { rate, type RatesView, type StationRates } from '../../../shared/domain/rates';
import type { Db } from '../kernel/db/database';
import { getStation } from '../kernel/settings';
import { countedPersonAmong, supersededCopies } from '../kernel/counted';

/**
 * The rates of a period, per station (a supervisor's snapshots, by origin) or for the database's
 * own files (a station). The point-in-time rates are read on `asOf` (the period's end, or today).
 * The consolidation rate reads the stored worklist (three_years_clean), so the caller brings it up
 * to date first. A person on file at two stations (a transfer) is counted, in numerators and
 * denominators alike, only at the station where the person counts (kernel/counted.ts).
 */
interface Counts {
  station: string | null;
  a: number;
  b: number;
  c?: number;
}

// The deadline is delivery + 15 days and that day itself is still on time (reportInDeadline; the
// worklist fires only after it): the 15 days have run out only once asOf is past the deadline, and a
// decision whose deadline is asOf itself is still within them.
// A measure that ended by its deadline without a report-in (终止: death, a prison sentence, a
// change of place) owed none: it counts nowhere here, as the worklist raises nothing for it.
const REPORT_IN = `
  SELECT p.origin_station AS station,
         SUM(date(m.delivery_date, '+15 days') < @asOf) AS b,
         SUM(date(m.delivery_date, '+15 days') < @asOf AND m.report_in_date IS NOT NULL AND m.report_in_date <= date(m.delivery_date, '+15 days')) AS a,
         SUM(date(m.delivery_date, '+15 days') >= @asOf) AS c
  FROM measures m JOIN persons p ON p.id = m.person_id
  WHERE p.archived_at IS NULL AND ${countedPersonAmong('p')} AND m.delivery_date BETWEEN @from AND @to
    AND NOT (m.report_in_date IS NULL AND m.ended_on IS NOT NULL AND m.ended_on <= date(m.delivery_date, '+15 days') AND m.ended_on <= @asOf)
  GROUP BY p.origin_station`;

// Absent without leave on the day: a recorded absence, or a leave (approved or registered) past its
// end with no 销假 by the day — away without permission from the day after the end (NOTES "Leave not
// returned"; that absence is shown, not stored, until 销假 stores it).
const CONTROL = `
  SELECT p.origin_station AS station,
         COUNT(*) AS b,
         SUM(m.report_in_date IS NOT NULL AND m.report_in_date <= @asOf AND NOT EXISTS (
           SELECT 1 FROM absences x WHERE x.person_id = m.person_id AND x.from_date <= @asOf AND (x.to_date IS NULL OR x.to_date >= @asOf)) AND NOT EXISTS (
           SELECT 1 FROM leaves l WHERE l.person_id = m.person_id AND l.status IN ('approved', 'registered') AND l.end_date < @asOf
             AND (l.returned_on IS NULL OR l.returned_on > @asOf))) AS a
  FROM measures m JOIN persons p ON p.id = m.person_id
  WHERE p.archived_at IS NULL AND ${countedPersonAmong('p')} AND m.delivery_date <= @asOf
    AND (m.report_in_date <= @asOf OR date(m.delivery_date, '+15 days') < @asOf)
    AND (m.ended_on IS NULL OR m.ended_on > @asOf)
  GROUP BY p.origin_station`;

// created_at is a UTC instant; the day a file was opened is China's (UTC+8), as chinaDay reads it.
const CONSOLIDATION = `
  SELECT p.origin_station AS station,
         COUNT(*) AS b,
         SUM(EXISTS (SELECT 1 FROM dynamic_control_decisions d WHERE d.person_id = p.id AND d.decided_on <= @asOf)
             OR EXISTS (SELECT 1 FROM alerts a WHERE a.person_id = p.id AND a.rule_id = 'three_years_clean'
                          AND json_extract(a.facts, '$.completesOn') <= @asOf)) AS a
  FROM persons p
  WHERE p.archived_at IS NULL AND ${countedPersonAmong('p')} AND date(p.created_at, '+8 hours') <= @asOf
  GROUP BY p.origin_station`;

export function periodRates(db: Db, from: string, to: string, today: string): RatesView {
  const asOf = to < today ? to : today;
  const params = { from, to, asOf, superseded: JSON.stringify(supersededCopies(db)) };
  const read = (sql: string) => new Map((db.prepare(sql).all(params) as Counts[]).map((r) => [r.station, r]));
  const reportIn = read(REPORT_IN);
  const control = read(CONTROL);
  const consolidation = read(CONSOLIDATION);
  const self = getStation(db);
  const supervisor = self.mode === 'supervisor';
  const names = new Map<string | null, string>(
    supervisor ? (db.prepare('SELECT code, name FROM stations ORDER BY code').all() as { code: string; name: string }[]).map((s) => [s.code, s.name]) : [[null, self.name]],
  );
  // A supervisor's rows are its stations (own files it has none); a station's, its own files.
  const keys = supervisor ? [...new Set([...names.keys(), ...reportIn.keys(), ...control.keys(), ...consolidation.keys()])].filter((k) => k !== null).sort() : [null];
  const row = (station: string | null, name: string, pick: (m: Map<string | null, Counts>) => Counts[]): StationRates => {
    const sum = (m: Map<string | null, Counts>, f: 'a' | 'b' | 'c') => pick(m).reduce((s, r) => s + Number(r[f] ?? 0), 0);
    return {
      station,
      name,
      reportIn: { ...rate(sum(reportIn, 'a'), sum(reportIn, 'b')), pending: sum(reportIn, 'c') },
      control: rate(sum(control, 'a'), sum(control, 'b')),
      consolidation: rate(sum(consolidation, 'a'), sum(consolidation, 'b')),
    };
  };
  const rows = keys.map((k) => row(k, names.get(k) ?? k ?? self.name, (m) => (m.has(k) ? [m.get(k) as Counts] : [])));
  const total = supervisor ? row(null, '', (m) => [...m.entries()].filter(([k]) => k !== null).map(([, v]) => v)) : null;
  return { from, to, asOf, rows, total };
}
