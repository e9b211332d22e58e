import { addDays, type IsoDate } from '../../../shared/domain/dates';
import type { PeriodReport } from '../../../shared/domain/reports';
import { suspensionsOf } from '../../../shared/domain/measures';
import { SERIOUS_BREACH_RULES } from '../../../shared/rules/types';
import { testsDueIn } from '../../../shared/rules/testsDue';
import type { Db } from '../kernel/db/database';
import { getStation } from '../kernel/settings';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { helpStats } from '../help/service';
import { careCounts } from '../keyCare/service';
import { periodRates } from '../rates/service';
import { countedPersonAmong, recordsMadeHere, supersededCopies } from '../kernel/counted';
import { stationNotes } from './stationFigures';

/** Files counted: not archived (a station's own, or every snapshot at a supervisor). */
const ON_FILE = `p.archived_at IS NULL`;

/**
 * Persons counted: files on file where the person counts. A person on file at two stations (a
 * transfer: both hold the same measures, tests and talks) counts once, at one of them
 * (kernel/counted.ts); the ids of the other copies are bound as `@superseded`. This applies to
 * what is counted per person or per measure (the snapshot, decisions, report-ins, tests due, the
 * breaches the worklist finds), and to the records: at a supervisor a person's records count in
 * the copy that counts, which holds the whole history; at a station, its own work only (a file's
 * records and acts from before it arrived by transfer are the sending station's; kernel/counted.ts).
 */
const COUNTED = `${ON_FILE} AND ${countedPersonAmong('p')}`;
const test = recordsMadeHere('t');
const contact = recordsMadeHere('c');
const leave = recordsMadeHere('l');
const violation = recordsMadeHere('v');

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
 * A day whose only test was refused closes its obligation without meeting it.
 */
function testsDue(db: Db, from: IsoDate, to: IsoDate, asOf: IsoDate, superseded: string): { due: number; met: number } {
  const table = getSupervisionSettings(db).testIntervals;
  const measures = db
    .prepare(
      `SELECT m.id, m.person_id, m.report_in_date, m.ended_on FROM measures m JOIN persons p ON p.id = m.person_id
       WHERE ${COUNTED} AND m.report_in_date IS NOT NULL AND m.report_in_date <= @to AND (m.ended_on IS NULL OR m.ended_on >= @from)`,
    )
    .all({ from, to, superseded }) as { id: number; person_id: number; report_in_date: string; ended_on: string | null }[];
  const tests = db.prepare(
    `SELECT date, MIN(result = 'refused') AS refusedOnly FROM drug_tests WHERE person_id = ? AND result <> 'missed' AND date <= ? GROUP BY date ORDER BY date`,
  );
  const risks = db.prepare(`SELECT date, level FROM risk_assessments WHERE person_id = ? ORDER BY date, id`);
  const events = db.prepare('SELECT action, date FROM measure_events WHERE measure_id = ? ORDER BY date, id');
  let due = 0;
  let met = 0;
  for (const m of measures) {
    const until = m.ended_on && m.ended_on < asOf ? m.ended_on : asOf;
    const days = tests.all(m.person_id, until) as { date: string; refusedOnly: number }[];
    const counted = testsDueIn(
      {
        reportIn: m.report_in_date,
        until,
        testDates: days.map((d) => d.date),
        refusedDates: days.filter((d) => d.refusedOnly === 1).map((d) => d.date),
        assessments: risks.all(m.person_id) as { date: string; level: 'high' | 'medium' | 'low' }[],
        suspensions: suspensionsOf(events.all(m.id) as { action: string; date: string }[]),
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

/**
 * Serious breaches and whether each went to the police in time (RR art. 21; DOMAIN "reports"):
 * - reportedInTime: serious violations reported in the period before the station's limit ran out
 *   (policeReportHours from the day the breach arose, in whole days as the worklist escalates);
 * - unreported: serious breaches that had arisen by asOf and were not reported by then — those
 *   recorded as a violation (by the day the breach arose, reported later or not at all), and those
 *   the rules found that nobody has recorded yet (the stored worklist, brought up to date by the
 *   caller; a breach is a fact about its day, so one still unrecorded today was unrecorded then).
 */
function seriousBreachReporting(db: Db, params: { from: IsoDate; to: IsoDate; asOf: IsoDate; superseded: string }): { reportedInTime: number; unreported: number } {
  const limitDays = Math.max(1, Math.ceil(getSupervisionSettings(db).policeReportHours / 24));
  const recorded = one(
    db,
    `WITH v AS (
       SELECT v.reported_to_police_on AS reported,
              CASE WHEN json_extract(v.rule_facts, '$.breachDate') <= v.date THEN json_extract(v.rule_facts, '$.breachDate') ELSE v.date END AS arose,
              ${violation.since('v.reported_to_police_on')} AS reportedHere
       FROM violations v JOIN persons p ON p.id = v.person_id ${violation.join} WHERE ${COUNTED} AND v.severity = 'serious')
     -- Reported in time: an act, counted where it was done. Unreported: a state of the file as it
     -- stands, counted where the person counts (a breach handed over unreported is now to report here).
     SELECT SUM(reportedHere AND reported BETWEEN @from AND @to AND reported < date(arose, '+' || @limitDays || ' days')) AS inTime,
            SUM(arose <= @asOf AND (reported IS NULL OR reported > @asOf)) AS unreported
     FROM v`,
    { ...params, limitDays },
  );
  const unrecorded = one(
    db,
    `SELECT count(*) AS n FROM alerts a JOIN persons p ON p.id = a.person_id
     WHERE ${COUNTED} AND a.rule_id IN (${SERIOUS_BREACH_RULES.map((r) => `'${r}'`).join(', ')}) AND json_extract(a.facts, '$.breachDate') <= @asOf`,
    params,
  );
  return { reportedInTime: n(recorded.inTime), unreported: n(recorded.unreported) + n(unrecorded.n) };
}

/**
 * Persons on file on `asOf` by the state of their measure and by their risk level that day, read
 * from the history, not from the current columns: a past period's report stays what it was when
 * printed later. On file that day: not archived (as every figure here; archiving is not replayed)
 * and the file opened by then (China's day, as the rates read it) or a decision delivered by then:
 * a file entered later for an earlier decision was the station's to supervise that day.
 * The measure is the latest delivered by `asOf`; its state is the last status change dated by then
 * (the register event, dated the delivery, makes it 待报到). A measure kept from before events were
 * recorded has none: its dates answer (ended → how it ended, reported in → 执行中, else 待报到), so
 * a suspension of such a measure cannot be seen. The level is that of the latest assessment dated
 * by then.
 */
function snapshotOn(db: Db, asOf: IsoDate, superseded: string): { measuresOn: Counts; riskOn: Counts } {
  const counted = `SELECT p.id FROM persons p WHERE ${COUNTED}
    AND (date(p.created_at, '+8 hours') <= @asOf OR EXISTS (SELECT 1 FROM measures m WHERE m.person_id = p.id AND m.delivery_date <= @asOf))`;
  const byKey = (rows: { key: string; n: number }[]): Counts => Object.fromEntries(rows.map((r) => [r.key, r.n]));
  const measuresOn = byKey(
    db
      .prepare(
        `WITH counted AS (${counted}),
         latest AS (SELECT c.id, (SELECT m.id FROM measures m WHERE m.person_id = c.id AND m.delivery_date <= @asOf
                                  ORDER BY m.delivery_date DESC, m.id DESC LIMIT 1) AS measure_id FROM counted c)
         SELECT CASE WHEN l.measure_id IS NULL THEN 'none' ELSE coalesce(
                  (SELECT e.to_status FROM measure_events e WHERE e.measure_id = l.measure_id AND e.date <= @asOf ORDER BY e.date DESC, e.id DESC LIMIT 1),
                  (SELECT CASE WHEN m.ended_on <= @asOf AND m.status IN ('completed', 'terminated', 'transferred_out') THEN m.status
                               WHEN m.report_in_date <= @asOf THEN 'active' ELSE 'pending_report' END
                   FROM measures m WHERE m.id = l.measure_id)) END AS key, COUNT(*) AS n
         FROM latest l GROUP BY 1`,
      )
      .all({ asOf, superseded }) as { key: string; n: number }[],
  );
  const riskOn = byKey(
    db
      .prepare(
        `WITH counted AS (${counted})
         SELECT coalesce((SELECT r.level FROM risk_assessments r WHERE r.person_id = c.id AND r.date <= @asOf ORDER BY r.date DESC, r.id DESC LIMIT 1), 'unassessed') AS key,
                COUNT(*) AS n
         FROM counted c GROUP BY 1`,
      )
      .all({ asOf, superseded }) as { key: string; n: number }[],
  );
  return { measuresOn, riskOn };
}

export function periodReport(db: Db, from: IsoDate, to: IsoDate, today: IsoDate): PeriodReport {
  const asOf = to < today ? to : today;
  const superseded = JSON.stringify(supersededCopies(db));
  const params = { from, to, asOf, superseded };
  const station = getStation(db);

  const decisions = one(
    db,
    `SELECT SUM(m.kind = 'community_detox') AS detox, SUM(m.kind = 'community_rehab') AS rehab FROM measures m JOIN persons p ON p.id = m.person_id
     WHERE ${COUNTED} AND m.decision_date BETWEEN @from AND @to`,
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
     WHERE ${COUNTED} AND m.delivery_date BETWEEN @from AND @to
       -- Ended by its deadline without a report-in (death, a sentence, a change of place): none was owed, as in the rates.
       AND NOT (m.report_in_date IS NULL AND m.ended_on IS NOT NULL AND m.ended_on <= deadline AND m.ended_on <= @asOf)`,
    params,
  );
  const tests = one(
    db,
    // Tests done are tests taken: a refusal is its own row (a serious-breach fact, RR art. 20), not a test.
    `SELECT SUM(t.result IN ('negative', 'positive')) AS done, SUM(t.result = 'negative') AS negative, SUM(t.result = 'positive') AS positive,
            SUM(t.result = 'refused') AS refused, SUM(t.result = 'missed') AS missed
     FROM drug_tests t JOIN persons p ON p.id = t.person_id ${test.join} WHERE ${COUNTED} AND ${test.made} AND t.date BETWEEN @from AND @to`,
    params,
  );
  const contacts = one(
    db,
    `SELECT SUM(c.kind = 'face_to_face') AS face_to_face, SUM(c.kind = 'home_visit') AS home_visit, SUM(c.kind = 'phone') AS phone,
            SUM(c.kind = 'video') AS video, SUM(c.kind = 'group_activity') AS group_activity
     FROM contacts c JOIN persons p ON p.id = c.person_id ${contact.join} WHERE ${COUNTED} AND ${contact.made} AND c.date BETWEEN @from AND @to`,
    params,
  );
  const leaves = one(
    db,
    // A leave withdrawn after the period counts, in both rows, as it stood then; one withdrawn by the
    // period's end counts in neither, nor does one withdrawn before migration 0016 (no date kept).
    // A request counts where it was made; a decision and a return where they were made.
    `SELECT SUM(${leave.made} AND l.start_date BETWEEN @from AND @to AND (l.status <> 'cancelled' OR l.cancelled_on > @to)) AS requested,
            SUM(${leave.since('l.decided_on')} AND l.decided_on BETWEEN @from AND @to AND (l.status IN ('approved', 'returned') OR (l.status = 'cancelled' AND l.cancelled_on > @to))) AS approved,
            SUM(${leave.since('l.decided_on')} AND l.decided_on BETWEEN @from AND @to AND l.status = 'rejected') AS rejected,
            SUM(${leave.since('l.returned_on')} AND l.returned_on BETWEEN @from AND @to) AS returned,
            SUM(${leave.since('l.returned_on')} AND l.returned_on BETWEEN @from AND @to AND l.returned_on > l.end_date) AS returnedLate
     FROM leaves l JOIN persons p ON p.id = l.person_id ${leave.join} WHERE ${COUNTED}`,
    params,
  );
  const violations = one(
    db,
    `SELECT SUM(${violation.made} AND v.date BETWEEN @from AND @to AND v.severity = 'general') AS general,
            SUM(${violation.made} AND v.date BETWEEN @from AND @to AND v.severity = 'serious') AS serious,
            SUM(${violation.since('v.reported_to_police_on')} AND v.reported_to_police_on BETWEEN @from AND @to) AS reportedToPolice
     FROM violations v JOIN persons p ON p.id = v.person_id ${violation.join} WHERE ${COUNTED}`,
    params,
  );
  const breaches = seriousBreachReporting(db, params);
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
  const trendFrom = monthStart(to, -11);
  const trendRows = new Map(
    (
      db
        .prepare(
          `SELECT month, SUM(tests) AS tests, SUM(positives) AS positives, SUM(violations) AS violations FROM (
             SELECT substr(t.date, 1, 7) AS month, (t.result IN ('negative', 'positive')) AS tests, (t.result = 'positive') AS positives, 0 AS violations
               FROM drug_tests t JOIN persons p ON p.id = t.person_id ${test.join} WHERE ${COUNTED} AND ${test.made} AND t.date BETWEEN @trendFrom AND @to
             UNION ALL
             SELECT substr(v.date, 1, 7), 0, 0, 1 FROM violations v JOIN persons p ON p.id = v.person_id ${violation.join}
               WHERE ${COUNTED} AND ${violation.made} AND v.date BETWEEN @trendFrom AND @to)
           GROUP BY month`,
        )
        .all({ trendFrom, to, superseded }) as { month: string; tests: number; positives: number; violations: number }[]
    ).map((r) => [r.month, r]),
  );
  const trend = Array.from({ length: 12 }, (_, i) => {
    const month = monthStart(to, i - 11).slice(0, 7);
    const row = trendRows.get(month);
    return { month, tests: n(row?.tests), positives: n(row?.positives), violations: n(row?.violations) };
  });
  const due = testsDue(db, from, to, asOf, superseded);
  const contactCounts = {
    face_to_face: n(contacts.face_to_face),
    home_visit: n(contacts.home_visit),
    phone: n(contacts.phone),
    video: n(contacts.video),
    group_activity: n(contacts.group_activity),
  };
  const care = careCounts(db, asOf);
  const { measuresOn, riskOn } = snapshotOn(db, asOf, superseded);
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
    violations: { general: n(violations.general), serious: n(violations.serious), reportedToPolice: n(violations.reportedToPolice), ...breaches },
    endings: { completed: n(endings.completed), terminated: n(endings.terminated), transferred_out: n(endings.transferred_out), byReason },
    help: helpStats(db, from, to),
    rates: periodRates(db, from, to, today),
    snapshot: {
      measures: {
        pending_report: n(measuresOn.pending_report),
        active: n(measuresOn.active),
        suspended: n(measuresOn.suspended),
        completed: n(measuresOn.completed),
        terminated: n(measuresOn.terminated),
        transferred_out: n(measuresOn.transferred_out),
        none: n(measuresOn.none),
      },
      risk: { high: n(riskOn.high), medium: n(riskOn.medium), low: n(riskOn.low), unassessed: n(riskOn.unassessed) },
      keyCare: care,
    },
    trend,
    // At a supervisor: whose files end before asOf, and the figures-only bundles, apart from the totals.
    ...(station.mode === 'supervisor' ? stationNotes(db, asOf, today) : { behind: [], reported: [] }),
  };
}

/** The calendar month `YYYY-MM` as a period (月度工作报表). */
export function monthPeriod(month: string): { from: IsoDate; to: IsoDate } {
  const from = `${month}-01`;
  return { from, to: addDays(monthStart(from, 1), -1) };
}
