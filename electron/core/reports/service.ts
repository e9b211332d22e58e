import { addDays, type IsoDate } from '../../../shared/domain/dates';
import type { PeriodReport } from '../../../shared/domain/reports';
import { testsDueIn } from '../../../shared/rules/testsDue';
import type { Db } from '../kernel/db/database';
import { getStation } from '../kernel/settings';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { helpStats } from '../help/service';
import { careCounts } from '../keyCare/service';
import { periodRates } from '../rates/service';

/** Persons counted: not archived (a station's own, or every snapshot at a supervisor). */
const ON_FILE = `p.archived_at IS NULL`;

type Counts = Record<string, number | null>;

function one(db: Db, sql: string, params: Record<string, unknown>): Counts {
  return (db.prepare(sql).get(params) as Counts | undefined) ?? {};
}

const n = (v: number | null | undefined) => Number(v ?? 0);

/** The first day of the month `months` before (negative) or after the month of `day`. */
function monthStart(day: IsoDate, months: number): IsoDate {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * Tests that fell due in the period and were met, replayed per measure that ran in it (see
 * shared/rules/testsDue.ts). Reads the measures, their tests and their risk assessments once each.
 */
function testsDue(db: Db, from: IsoDate, to: IsoDate, asOf: IsoDate): { due: number; met: number } {
  const table = getSupervisionSettings(db).testIntervals;
  const measures = db
    .prepare(
      `SELECT m.id, m.person_id, m.report_in_date, m.ended_on FROM measures m JOIN persons p ON p.id = m.person_id
       WHERE ${ON_FILE} AND m.report_in_date IS NOT NULL AND m.report_in_date <= @to AND (m.ended_on IS NULL OR m.ended_on >= @from)`,
    )
    .all({ from, to }) as { id: number; person_id: number; report_in_date: string; ended_on: string | null }[];
  const tests = db.prepare(`SELECT date FROM drug_tests WHERE person_id = ? AND result <> 'missed' AND date <= ? ORDER BY date`).pluck();
  const risks = db.prepare(`SELECT date, level FROM risk_assessments WHERE person_id = ? ORDER BY date, id`);
  let due = 0;
  let met = 0;
  for (const m of measures) {
    const until = m.ended_on && m.ended_on < asOf ? m.ended_on : asOf;
    const counted = testsDueIn(
      {
        reportIn: m.report_in_date,
        until,
        testDates: tests.all(m.person_id, until) as string[],
        assessments: risks.all(m.person_id) as { date: string; level: 'high' | 'medium' | 'low' }[],
      },
      table,
      from,
      to,
    );
    due += counted.due;
    met += counted.met;
  }
  return { due, met };
}

export function periodReport(db: Db, from: IsoDate, to: IsoDate, today: IsoDate): PeriodReport {
  const asOf = to < today ? to : today;
  const params = { from, to, asOf };
  const station = getStation(db);

  const decisions = one(
    db,
    `SELECT SUM(m.kind = 'community_detox') AS detox, SUM(m.kind = 'community_rehab') AS rehab FROM measures m JOIN persons p ON p.id = m.person_id
     WHERE ${ON_FILE} AND m.decision_date BETWEEN @from AND @to`,
    params,
  );
  const reportIns = one(
    db,
    // The deadline day itself is still on time (reportInDeadline): the 15 days have run out only
    // once asOf is past it, as in the rates. Read as of asOf, so that a past month's figures stay
    // what they were: a report-in after it leaves the person missing in that month.
    `SELECT SUM(deadline < @asOf AND m.report_in_date IS NOT NULL AND m.report_in_date <= deadline) AS onTime,
            SUM(deadline < @asOf AND m.report_in_date IS NOT NULL AND m.report_in_date > deadline AND m.report_in_date <= @asOf) AS late,
            SUM(deadline < @asOf AND (m.report_in_date IS NULL OR m.report_in_date > @asOf)) AS missing,
            SUM(deadline >= @asOf) AS pending
     FROM (SELECT m.*, date(m.delivery_date, '+15 days') AS deadline FROM measures m) m JOIN persons p ON p.id = m.person_id
     WHERE ${ON_FILE} AND m.delivery_date BETWEEN @from AND @to`,
    params,
  );
  const tests = one(
    db,
    `SELECT SUM(t.result <> 'missed') AS done, SUM(t.result = 'negative') AS negative, SUM(t.result = 'positive') AS positive,
            SUM(t.result = 'refused') AS refused, SUM(t.result = 'missed') AS missed
     FROM drug_tests t JOIN persons p ON p.id = t.person_id WHERE ${ON_FILE} AND t.date BETWEEN @from AND @to`,
    params,
  );
  const contacts = one(
    db,
    `SELECT SUM(c.kind = 'face_to_face') AS face_to_face, SUM(c.kind = 'home_visit') AS home_visit, SUM(c.kind = 'phone') AS phone,
            SUM(c.kind = 'video') AS video, SUM(c.kind = 'group_activity') AS group_activity
     FROM contacts c JOIN persons p ON p.id = c.person_id WHERE ${ON_FILE} AND c.date BETWEEN @from AND @to`,
    params,
  );
  const leaves = one(
    db,
    `SELECT SUM(l.start_date BETWEEN @from AND @to AND l.status <> 'cancelled') AS requested,
            SUM(l.decided_on BETWEEN @from AND @to AND l.status IN ('approved', 'returned', 'registered')) AS approved,
            SUM(l.decided_on BETWEEN @from AND @to AND l.status = 'rejected') AS rejected,
            SUM(l.returned_on BETWEEN @from AND @to) AS returned,
            SUM(l.returned_on BETWEEN @from AND @to AND l.returned_on > l.end_date) AS returnedLate
     FROM leaves l JOIN persons p ON p.id = l.person_id WHERE ${ON_FILE}`,
    params,
  );
  const violations = one(
    db,
    `SELECT SUM(v.date BETWEEN @from AND @to AND v.severity = 'general') AS general,
            SUM(v.date BETWEEN @from AND @to AND v.severity = 'serious') AS serious,
            SUM(v.reported_to_police_on BETWEEN @from AND @to) AS reportedToPolice
     FROM violations v JOIN persons p ON p.id = v.person_id WHERE ${ON_FILE}`,
    params,
  );
  const endings = one(
    db,
    `SELECT SUM(m.status = 'completed') AS completed, SUM(m.status = 'terminated') AS terminated, SUM(m.status = 'transferred_out') AS transferred_out
     FROM measures m JOIN persons p ON p.id = m.person_id WHERE ${ON_FILE} AND m.ended_on BETWEEN @from AND @to`,
    params,
  );
  const byReason = Object.fromEntries(
    (
      db
        .prepare(
          `SELECT coalesce(e.reason_code, 'other') AS reason, COUNT(*) AS n FROM measure_events e JOIN measures m ON m.id = e.measure_id
           JOIN persons p ON p.id = m.person_id WHERE ${ON_FILE} AND e.action = 'terminate' AND e.date BETWEEN @from AND @to GROUP BY 1`,
        )
        .all(params) as { reason: string; n: number }[]
    ).map((r) => [r.reason, r.n]),
  );
  const measuresNow = Object.fromEntries(
    (
      db
        .prepare(
          `SELECT coalesce(m.status, 'none') AS status, COUNT(*) AS n FROM persons p LEFT JOIN measures m ON m.id = p.current_measure_id
           WHERE ${ON_FILE} GROUP BY 1`,
        )
        .all() as { status: string; n: number }[]
    ).map((r) => [r.status, r.n]),
  );
  const riskNow = Object.fromEntries(
    (db.prepare(`SELECT coalesce(p.risk_level, 'unassessed') AS level, COUNT(*) AS n FROM persons p WHERE ${ON_FILE} GROUP BY 1`).all() as { level: string; n: number }[]).map(
      (r) => [r.level, r.n],
    ),
  );
  const trendFrom = monthStart(to, -11);
  const trendRows = new Map(
    (
      db
        .prepare(
          `SELECT month, SUM(tests) AS tests, SUM(positives) AS positives, SUM(violations) AS violations FROM (
             SELECT substr(t.date, 1, 7) AS month, (t.result <> 'missed') AS tests, (t.result = 'positive') AS positives, 0 AS violations
               FROM drug_tests t JOIN persons p ON p.id = t.person_id WHERE ${ON_FILE} AND t.date BETWEEN @trendFrom AND @to
             UNION ALL
             SELECT substr(v.date, 1, 7), 0, 0, 1 FROM violations v JOIN persons p ON p.id = v.person_id WHERE ${ON_FILE} AND v.date BETWEEN @trendFrom AND @to)
           GROUP BY month`,
        )
        .all({ trendFrom, to }) as { month: string; tests: number; positives: number; violations: number }[]
    ).map((r) => [r.month, r]),
  );
  const trend = Array.from({ length: 12 }, (_, i) => {
    const month = monthStart(to, i - 11).slice(0, 7);
    const row = trendRows.get(month);
    return { month, tests: n(row?.tests), positives: n(row?.positives), violations: n(row?.violations) };
  });
  const due = testsDue(db, from, to, asOf);
  const contactCounts = {
    face_to_face: n(contacts.face_to_face),
    home_visit: n(contacts.home_visit),
    phone: n(contacts.phone),
    video: n(contacts.video),
    group_activity: n(contacts.group_activity),
  };
  const care = careCounts(db, asOf);
  return {
    from,
    to,
    asOf,
    station: { code: station.code, name: station.name, mode: station.mode },
    decisions: { community_detox: n(decisions.detox), community_rehab: n(decisions.rehab), total: n(decisions.detox) + n(decisions.rehab) },
    reportIns: { onTime: n(reportIns.onTime), late: n(reportIns.late), missing: n(reportIns.missing), pending: n(reportIns.pending) },
    tests: {
      done: n(tests.done),
      negative: n(tests.negative),
      positive: n(tests.positive),
      refused: n(tests.refused),
      missed: n(tests.missed),
      due: due.due,
      dueMet: due.met,
    },
    contacts: { ...contactCounts, total: Object.values(contactCounts).reduce((a, b) => a + b, 0) },
    leaves: { requested: n(leaves.requested), approved: n(leaves.approved), rejected: n(leaves.rejected), returned: n(leaves.returned), returnedLate: n(leaves.returnedLate) },
    violations: { general: n(violations.general), serious: n(violations.serious), reportedToPolice: n(violations.reportedToPolice) },
    endings: { completed: n(endings.completed), terminated: n(endings.terminated), transferred_out: n(endings.transferred_out), byReason },
    help: helpStats(db, from, to),
    rates: periodRates(db, from, to, today),
    snapshot: {
      measures: {
        pending_report: n(measuresNow.pending_report),
        active: n(measuresNow.active),
        suspended: n(measuresNow.suspended),
        completed: n(measuresNow.completed),
        terminated: n(measuresNow.terminated),
        transferred_out: n(measuresNow.transferred_out),
        none: n(measuresNow.none),
      },
      risk: { high: n(riskNow.high), medium: n(riskNow.medium), low: n(riskNow.low), unassessed: n(riskNow.unassessed) },
      keyCare: care,
    },
    trend,
  };
}

/** The calendar month `YYYY-MM` as a period (月度工作报表). */
export function monthPeriod(month: string): { from: IsoDate; to: IsoDate } {
  const from = `${month}-01`;
  return { from, to: addDays(monthStart(from, 1), -1) };
}
