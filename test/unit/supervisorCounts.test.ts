import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, loggedInSupervisor } from './support/core';
import { otherStation, register, send, supervised, type StationCore } from './support/stations';

/**
 * What a supervisor counts when a person moved from one station to another (变更执行地): both
 * stations send the file (the old one with its measure 转出, the new one with the whole history),
 * and the person counts once, where the newest measure runs (electron/core/kernel/counted.ts).
 * And how old a station's files are, and which bundle a file's header names: the last full one.
 */
const DAY = 86_400_000;

describe('a person transferred between two stations, at the supervisor', () => {
  it('counts once, at the station where the file runs on: files, breaches, worklist, rates, decisions', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    const staff = a.session.user.id;
    // 张三 moves to B with a positive test nobody has reported to the police: a serious breach that travels with the file.
    const moved = await supervised(a.core, '张三', 231, staff);
    await call(a.core, 'tests:create', { personId: moved.personId, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
    // A serious violation recorded at A, not yet reported to the police when the file moves.
    await call(a.core, 'violations:create', { personId: moved.personId, violation: { date: '2026-02-21', severity: 'serious', description: '拒不配合检测' } });
    await supervised(a.core, '李四', 452, staff);
    await call(a.core, 'measures:transition', { measureId: moved.measureId, action: 'transfer_out', date: '2026-03-02', reason: '迁居外区', destination: '另一街道' });
    b.clock.advance(DAY / 24); // the file arrives at B an hour after A recorded the test
    const arrived = await send(a, b, await register(a, b), 'transfer', moved.personId);
    // B's own work once the file came: a talk, and the police report of the violation A recorded.
    await call(b.core, 'contacts:create', { personId: arrived.personId as number, contact: { date: '2026-03-02', kind: 'face_to_face', summary: '到站谈话' } });
    const [handedOver] = await call(b.core, 'violations:list', { personId: arrived.personId as number });
    await call(b.core, 'violations:reportToPolice', { violationId: handedOver!.id, date: '2026-03-02', reportedTo: '玄武分局' });

    // B's full bundle first, then A's: the file that runs on still counts, however recent the other bundle.
    b.clock.advance(DAY);
    await send(b, sup, await register(b, sup), 'full');
    a.clock.advance(2 * DAY);
    await send(a, sup, await register(a, sup), 'full');
    sup.clock.advance(3 * DAY);

    // Both files are there (each station's snapshot as it sent it) ...
    expect((await call(sup.core, 'persons:list', { query: '张三' })).rows.map((r) => r.station).sort()).toEqual(['JS-NJ-01', 'JS-NJ-02']);
    // ... but the breach is on the worklist once, under B, and in the badges once.
    const breaches = await call(sup.core, 'worklist:list', { group: 'serious_breach' });
    expect(breaches.rows.map((r) => [r.personName, r.station, r.ruleId])).toEqual([['张三', 'JS-NJ-02', 'positive_test']]);
    expect((await call(sup.core, 'worklist:counts', {})).byGroup.serious_breach).toBe(1);

    // The stations table: 张三 is B's (待报到 there), no longer A's; A keeps 李四 alone.
    const stations = await call(sup.core, 'bundles:stations', {});
    const byCode = Object.fromEntries(stations.map((s) => [s.code, s]));
    expect(byCode['JS-NJ-01']).toMatchObject({ persons: 2, measures: { active: 1, ended: 0, pendingReport: 0 }, unreportedBreaches: 0, openMeasures: 1 });
    expect(byCode['JS-NJ-02']).toMatchObject({ persons: 1, measures: { active: 0, ended: 0, pendingReport: 1 }, unreportedBreaches: 1, openMeasures: 1 });

    // Two persons, two decisions, two report-ins in the county: not three.
    const report = await call(sup.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' });
    expect(report.decisions.total).toBe(2);
    expect(report.reportIns).toMatchObject({ onTime: 2 });
    expect(Object.values(report.snapshot.measures).reduce((x, y) => x + y, 0)).toBe(2);
    expect(report.snapshot.measures).toMatchObject({ active: 1, pending_report: 1, transferred_out: 0 });
    expect(Object.values(report.snapshot.risk).reduce((x, y) => x + y, 0)).toBe(2);
    expect(report.violations.unreported).toBe(1);
    // The positive test was made at A: it came to B with the file and counts at A only, in the
    // county and in B's own figures; B's own work after the file came counts at B.
    expect(report.tests).toMatchObject({ done: 1, positive: 1 });
    expect(report.trend.reduce((sum, m) => sum + m.positives, 0)).toBe(1);
    expect((await call(b.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' })).tests).toMatchObject({ done: 0, positive: 0 });
    expect((await call(b.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' })).contacts.total).toBe(1);
    expect(report.contacts.total).toBe(1);
    // The violation was recorded at A and reported at B: each act counts where it was done, and
    // in the county once, with the file as it stands (reported).
    expect((await call(a.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' })).violations).toMatchObject({ serious: 1, reportedToPolice: 0 });
    expect((await call(b.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' })).violations).toMatchObject({ serious: 0, reportedToPolice: 1 });
    expect(report.violations).toMatchObject({ serious: 1, reportedToPolice: 1 });
    expect((await call(a.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' })).tests).toMatchObject({ done: 1, positive: 1 });
    const rates = await call(sup.core, 'rates:period', { from: '2026-01-01', to: '2026-03-31' });
    expect(rates.total?.reportIn).toMatchObject({ numerator: 2, denominator: 2 });
    expect(rates.rows.map((r) => [r.station, r.reportIn.denominator, r.consolidation.denominator])).toEqual([
      ['JS-NJ-01', 1, 1],
      ['JS-NJ-02', 1, 1],
    ]);
  });
});

describe('a person with files at two stations without a transfer', () => {
  it('counts where the newer decision was made, whichever station sent its files last', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    const idNumber = composeIdNumber('320102', '1988-05-17', 231);
    // B decided on him in January; A's file is of a decision a year older, never reported in.
    const decide = async (s: StationCore, decisionDate: string) => {
      const { personId } = await call(s.core, 'persons:create', { person: { name: '张三', idNumber } });
      await call(s.core, 'measures:create', {
        personId,
        decision: { kind: 'community_detox', decisionNumber: `宁公决字〔${decisionDate.slice(0, 4)}〕1号`, decisionAuthority: '玄武分局', decisionDate, deliveryDate: decisionDate, termMonths: 36 },
      });
    };
    await decide(b, '2026-01-10');
    await decide(a, '2025-01-10');
    await send(b, sup, await register(b, sup), 'full');
    a.clock.advance(DAY);
    await send(a, sup, await register(a, sup), 'full');
    const stations = Object.fromEntries((await call(sup.core, 'bundles:stations', {})).map((s) => [s.code, s]));
    expect(stations['JS-NJ-01']).toMatchObject({ persons: 1, measures: { pendingReport: 0 }, missingReportIns: 0 });
    expect(stations['JS-NJ-02']).toMatchObject({ persons: 1, measures: { pendingReport: 1 }, missingReportIns: 1 });
    expect((await call(sup.core, 'worklist:list', { group: 'serious_breach' })).rows.map((r) => r.station)).toEqual(['JS-NJ-02']);
  });
});

describe('the stations table', () => {
  it('counts as 逾期未报到 the persons past their deadline and still not reported in; a late report-in is a breach, not a missing person', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const sup = await loggedInSupervisor();
    const decide = async (serial: number, deliveryDate: string) => {
      const { personId } = await call(a.core, 'persons:create', { person: { name: `测试${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
      const measure = await call(a.core, 'measures:create', {
        personId,
        decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: deliveryDate, deliveryDate, termMonths: 36 },
      });
      return measure.id;
    };
    // Delivered 1 January: the deadline was 16 January. One came on the 20th, one never came; one
    // delivered on 20 February still has until 7 March.
    await call(a.core, 'measures:transition', { measureId: await decide(231, '2026-01-01'), action: 'report_in', date: '2026-01-20' });
    await decide(452, '2026-01-01');
    await decide(673, '2026-02-20');
    await send(a, sup, await register(a, sup), 'full');
    const [row] = await call(sup.core, 'bundles:stations', {});
    expect(row).toMatchObject({ measures: { pendingReport: 2, active: 1 }, missingReportIns: 1, unreportedBreaches: 2 });
  });

  it('counts a person moved here by their report-in at this station: from the day the file moved, not from the first decision', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    const staff = a.session.user.id;
    // Both delivered on 1 January and reported in at A; both move to B on 2 March (B's deadline: 17 March).
    const came = await supervised(a.core, '张三', 231, staff);
    const away = await supervised(a.core, '李四', 452, staff);
    const toB = await register(a, b);
    const arrivals: number[] = [];
    for (const m of [came, away]) {
      await call(a.core, 'measures:transition', { measureId: m.measureId, action: 'transfer_out', date: '2026-03-02', reason: '迁居外区', destination: '另一街道' });
      arrivals.push((await send(a, b, toB, 'transfer', m.personId)).personId as number);
    }
    const atB = async (personId: number) => (await call(b.core, 'measures:list', { personId }))[0]!.id;
    // 张三 reports in at B on the 10th; 李四 never does.
    b.clock.set('2026-03-10T09:00:00+08:00');
    await call(b.core, 'measures:transition', { measureId: await atB(arrivals[0]!), action: 'report_in', date: '2026-03-10' });
    const toSup = await register(b, sup);
    // On the 17th (the deadline itself) he is not yet missing; on the 18th he is.
    b.clock.set('2026-03-17T09:00:00+08:00');
    await send(b, sup, toSup, 'full');
    sup.clock.set('2026-03-17T10:00:00+08:00');
    const row = async () => (await call(sup.core, 'bundles:stations', {})).find((s) => s.code === 'JS-NJ-02')!;
    expect(await row()).toMatchObject({ missingReportIns: 0 });
    sup.clock.set('2026-03-18T10:00:00+08:00');
    expect(await row()).toMatchObject({ missingReportIns: 1 });
  });
});

describe('the worklist at a supervisor', () => {
  it('names the station’s caseworker on each row, and counts the chosen station’s files only', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    // Each station has one person whose report-in is overdue (delivered, never reported in).
    for (const [station, serial] of [[a, 231], [b, 452]] as const) {
      const { personId } = await call(station.core, 'persons:create', {
        person: { name: `王${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial), staffUserId: 1 },
      });
      await call(station.core, 'measures:create', {
        personId,
        decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: '2026-01-02', deliveryDate: '2026-01-05', termMonths: 36 },
      });
      await send(station, sup, await register(station, sup), 'full');
    }
    const rows = (await call(sup.core, 'worklist:list', {})).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.staffName))).toEqual(new Set(['王站长']));

    const all = await call(sup.core, 'worklist:counts', {});
    const onlyB = await call(sup.core, 'worklist:counts', { stationCode: 'js-nj-02' });
    expect(all.byGroup.serious_breach).toBe(2);
    expect(onlyB.byGroup.serious_breach).toBe(1);
    const listed = await call(sup.core, 'worklist:list', { stationCode: 'JS-NJ-02' });
    const counted = Object.entries(onlyB.byGroup).reduce((sum, [group, n]) => sum + (group === 'station' ? 0 : n), 0);
    expect(counted).toBe(listed.total);
    expect((await call(sup.core, 'worklist:counts', { stationCode: 'NOPE-01' })).byGroup.serious_breach).toBe(0);
  });
});

describe('how current a station’s files are at the supervisor', () => {
  it('ages from the last full bundle, and a file’s header names that bundle, whatever came after', async () => {
    const station = await loggedIn('2026-03-02T09:00:00+08:00');
    const sup = await loggedInSupervisor();
    await call(station.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const recipient = await register(station, sup);
    await send(station, sup, recipient, 'full');
    const fullImported = (await call(sup.core, 'bundles:log', {}))[0]!.at;
    // Sixty days on, the station sends figures only: its files here are still sixty days old.
    station.clock.advance(60 * DAY);
    sup.clock.advance(60 * DAY);
    await send(station, sup, recipient, 'stats');
    const [row] = await call(sup.core, 'bundles:stations', {});
    expect(row).toMatchObject({ lastSeq: 2, lastKind: 'stats', lastCreatedAt: '2026-03-02T01:00:00.000Z', ageDays: 60, stale: true });
    expect(await call(sup.core, 'bundles:origin', { code: 'JS-NJ-01' })).toEqual({
      code: 'JS-NJ-01',
      name: '南京市某街道社区戒毒社区康复工作站',
      bundleCreatedAt: '2026-03-02T01:00:00.000Z',
      importedAt: fullImported,
      seq: 1,
    });
  });
});
