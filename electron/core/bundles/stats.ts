import { alertsAsOf } from '../worklist/asOf';
import type { Db } from '../kernel/db/database';
import { recordsMadeHere } from '../kernel/counted';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import type { FigureRow, FigureValue } from '../../../shared/domain/bundles';

/**
 * The figures of a `stats` bundle: counts only, grouped by kinds, states and years, with no
 * name, number, date of a person or free text: nothing that identifies anyone. Each row is
 * `{ figure, count, …dimensions }` (shared/domain/bundles.ts). The supervisor keeps them as
 * received (bundle_figures) and shows a station's latest on 统计报表 beside, never inside, the
 * totals of the full snapshots (electron/core/reports/stationFigures.ts reads these names).
 */
export type { FigureRow, FigureValue };

/** A station's own records: not those a file brought with it when it came by transfer (kernel/counted.ts). */
const own = (table: string, alias: string) => {
  const made = recordsMadeHere(alias);
  return `${table} ${alias} JOIN persons p ON p.id = ${alias}.person_id ${made.join} WHERE ${made.made}`;
};

const QUERIES: Record<string, string> = {
  persons: `SELECT gender, archived_at IS NOT NULL AS archived, count(*) AS count FROM persons WHERE origin_station IS NULL GROUP BY 1, 2`,
  measures: `SELECT kind, status, count(*) AS count FROM measures GROUP BY 1, 2`,
  current_measures: `SELECT m.kind, m.status, count(*) AS count FROM persons p JOIN measures m ON m.id = p.current_measure_id
                     WHERE p.archived_at IS NULL AND p.origin_station IS NULL GROUP BY 1, 2`,
  // 报到率: decisions delivered per year, reported in within 15 days, late, or not (yet).
  report_in: `SELECT substr(delivery_date, 1, 4) AS year,
                CASE WHEN report_in_date IS NULL THEN 'none'
                     WHEN julianday(report_in_date) - julianday(delivery_date) <= 15 THEN 'on_time' ELSE 'late' END AS report_in,
                count(*) AS count
              FROM measures GROUP BY 1, 2`,
  drug_tests: `SELECT substr(t.date, 1, 4) AS year, t.result, count(*) AS count FROM ${own('drug_tests', 't')} GROUP BY 1, 2`,
  contacts: `SELECT substr(c.date, 1, 4) AS year, c.kind, count(*) AS count FROM ${own('contacts', 'c')} GROUP BY 1, 2`,
  leaves: `SELECT substr(l.start_date, 1, 4) AS year, l.status, count(*) AS count FROM ${own('leaves', 'l')} GROUP BY 1, 2`,
  absences: `SELECT substr(a.from_date, 1, 4) AS year, count(*) AS count FROM ${own('absences', 'a')} GROUP BY 1`,
  violations: `SELECT substr(v.date, 1, 4) AS year, v.severity, v.reported_to_police_on IS NOT NULL AS reported, count(*) AS count
               FROM ${own('violations', 'v')} GROUP BY 1, 2, 3`,
  staff: `SELECT role, count(*) AS count FROM users WHERE disabled = 0 GROUP BY 1`,
};

export function stationFigures(db: Db, today: string): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const [figure, sql] of Object.entries(QUERIES)) {
    for (const row of db.prepare(sql).all() as Record<string, FigureValue>[]) rows.push({ figure, ...row, count: Number(row.count) });
  }
  const alerts = new Map<string, number>();
  for (const alert of alertsAsOf(db, today, getSupervisionSettings(db))) alerts.set(alert.ruleId, (alerts.get(alert.ruleId) ?? 0) + 1);
  for (const [rule, count] of [...alerts].sort(([a], [b]) => a.localeCompare(b))) rows.push({ figure: 'alerts', rule, count });
  return rows;
}

/** A figures row read back from a bundle: flat, scalar values only. */
export function isFigureRow(value: unknown): value is FigureRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  if (typeof row.figure !== 'string' || typeof row.count !== 'number' || !Number.isInteger(row.count) || row.count < 0) return false;
  return Object.values(row).every((v) => v === null || typeof v === 'string' || typeof v === 'number');
}
