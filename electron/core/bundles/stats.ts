import { alertsAsOf } from '../worklist/asOf';
import type { Db } from '../kernel/db/database';
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
  drug_tests: `SELECT substr(date, 1, 4) AS year, result, count(*) AS count FROM drug_tests GROUP BY 1, 2`,
  contacts: `SELECT substr(date, 1, 4) AS year, kind, count(*) AS count FROM contacts GROUP BY 1, 2`,
  leaves: `SELECT substr(start_date, 1, 4) AS year, status, count(*) AS count FROM leaves GROUP BY 1, 2`,
  absences: `SELECT substr(from_date, 1, 4) AS year, count(*) AS count FROM absences GROUP BY 1`,
  violations: `SELECT substr(date, 1, 4) AS year, severity, reported_to_police_on IS NOT NULL AS reported, count(*) AS count
               FROM violations GROUP BY 1, 2, 3`,
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
