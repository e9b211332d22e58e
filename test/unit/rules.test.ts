import { describe, expect, it } from 'vitest';
import { evaluatePerson, evaluateStation } from '../../shared/rules/engine';
import { DEFAULT_SUPERVISION_SETTINGS } from '../../shared/domain/supervision';
import type { MeasureFacts, PersonFacts, RuleId } from '../../shared/rules/types';
import { alertSentenceKey } from '../../shared/rules/worklist';
import { translate } from '../../shared/i18n/translate';

/** An active community-detox measure reported in on 2026-01-05 (delivered 2026-01-01), everything else empty. */
function facts(overrides: Partial<PersonFacts> = {}, measure: Partial<MeasureFacts> = {}): PersonFacts {
  return {
    personId: 7,
    measures: [{
      id: 3,
      kind: 'community_detox',
      status: 'active',
      deliveryDate: '2026-01-01',
      reportInDate: '2026-01-05',
      termMonths: 36,
      creditedDays: 0,
      suspensions: [],
      ...measure,
    }],
    lastKnownUseDate: '2025-12-20',
    tests: [],
    contacts: [],
    leaves: [],
    absences: [],
    violations: [],
    riskAssessments: [],
    signedAgreementMeasureIds: [3],
    dynamicControlEndedOn: null,
    ...overrides,
  };
}

const rules = (f: PersonFacts, asOf: string) => evaluatePerson(f, asOf).alerts.map((a) => a.ruleId);
const alert = (f: PersonFacts, asOf: string, ruleId: RuleId) => evaluatePerson(f, asOf).alerts.find((a) => a.ruleId === ruleId);

describe('rule 1: report-in within 15 days of delivery', () => {
  const pending = facts({}, { status: 'pending_report', reportInDate: null });
  it.each([
    ['2026-01-10', 'report_in_due'],
    ['2026-01-16', 'report_in_due'], // day 15 after delivery: still on time
    ['2026-01-17', 'report_in_overdue'], // day 16: treated as refusing the measure
  ])('on %s: %s', (asOf, expected) => {
    const ids = rules(pending, asOf);
    expect(ids).toContain(expected);
    expect(ids).not.toContain(expected === 'report_in_due' ? 'report_in_overdue' : 'report_in_due');
  });

  it('says which facts and which article', () => {
    expect(alert(pending, '2026-01-20', 'report_in_overdue')).toMatchObject({
      severity: 'critical',
      article: 'RR-14',
      facts: { from: '2026-01-01', deadline: '2026-01-16', daysOverdue: 4, breachDate: '2026-01-17' },
      dueDate: '2026-01-16',
    });
    // 社区康复 reports in under RR art. 38.
    expect(alert(facts({}, { status: 'pending_report', reportInDate: null, kind: 'community_rehab', termMonths: 24 }), '2026-01-20', 'report_in_overdue')?.article).toBe('RR-38');
    expect(evaluatePerson(pending, '2026-01-10').nextReviewOn).toBe('2026-01-17');
  });
});

describe('rule 2: evading or refusing tests three times', () => {
  const tests = (results: ('refused' | 'missed' | 'negative')[]) => results.map((result, i) => ({ id: i + 1, date: `2026-02-0${i + 1}`, result }));
  it.each([
    [['refused', 'missed'], false],
    [['refused', 'negative', 'missed'], false],
    [['refused', 'missed', 'refused'], true],
  ] as const)('%j → serious breach: %s', (results, breach) => {
    expect(rules(facts({ tests: tests([...results]) }), '2026-02-10').includes('tests_refused')).toBe(breach);
  });
  it('cites RR art. 20 and does not count refusals before the measure', () => {
    const f = facts({ tests: [{ id: 1, date: '2025-12-01', result: 'refused' }, ...tests(['refused', 'refused'])] });
    expect(rules(f, '2026-02-10')).not.toContain('tests_refused');
    expect(alert(facts({ tests: tests(['refused', 'refused', 'missed']) }), '2026-02-10', 'tests_refused')).toMatchObject({ article: 'RR-20', facts: { count: 3 } });
  });
});

describe('rule 3: unauthorized absences', () => {
  it('30 cumulative days are not yet a breach, 31 are', () => {
    const thirty = facts({ absences: [{ id: 1, fromDate: '2026-02-01', toDate: '2026-02-20' }, { id: 2, fromDate: '2026-03-01', toDate: '2026-03-10' }] });
    expect(rules(thirty, '2026-04-01')).not.toContain('absence_breach');
    const thirtyOne = facts({ absences: [{ id: 1, fromDate: '2026-02-01', toDate: '2026-02-20' }, { id: 2, fromDate: '2026-03-01', toDate: '2026-03-11' }] });
    expect(alert(thirtyOne, '2026-04-01', 'absence_breach')).toMatchObject({ facts: { count: 2, totalDays: 31 }, article: 'RR-20' });
  });
  it('the third departure of 3 days or more is a breach (RR art. 19: shorter trips need no report)', () => {
    const two = [{ id: 1, fromDate: '2026-02-01', toDate: '2026-02-03' }, { id: 2, fromDate: '2026-03-01', toDate: '2026-03-03' }];
    expect(rules(facts({ absences: two }), '2026-04-01')).not.toContain('absence_breach');
    expect(alert(facts({ absences: [...two, { id: 3, fromDate: '2026-03-20', toDate: '2026-03-22' }] }), '2026-04-01', 'absence_breach')).toMatchObject({
      facts: { count: 3, totalDays: 9, breachDate: '2026-03-22' },
    });
    const shortTrips = [...two, { id: 3, fromDate: '2026-03-20', toDate: '2026-03-21' }];
    expect(rules(facts({ absences: shortTrips }), '2026-04-01')).not.toContain('absence_breach');
    // Where any departure needs approval, the station counts every one.
    expect(evaluatePerson(facts({ absences: shortTrips }), '2026-04-01', { ...DEFAULT_SUPERVISION_SETTINGS, departureMinDays: 1 }).alerts.map((a) => a.ruleId)).toContain('absence_breach');
  });
  it('counts days of the union: overlapping records never count a day twice', () => {
    const overlapping = [{ id: 1, fromDate: '2026-02-01', toDate: '2026-02-20' }, { id: 2, fromDate: '2026-02-10', toDate: '2026-03-02' }];
    // 2026-02-01 … 2026-03-02 is 30 days, not 20 + 21 = 41.
    expect(rules(facts({ absences: overlapping }), '2026-04-01')).not.toContain('absence_breach');
    const plusOne = [...overlapping, { id: 3, fromDate: '2026-02-25', toDate: '2026-03-03' }];
    expect(alert(facts({ absences: plusOne }), '2026-04-01', 'absence_breach')).toMatchObject({ facts: { count: 1, totalDays: 31, breachDate: '2026-03-03' } });
  });
  it('a 正当理由 takes an absence out of the count', () => {
    const long = [{ id: 1, fromDate: '2026-02-01', toDate: '2026-03-15', goodReason: true }];
    expect(rules(facts({ absences: long }), '2026-04-01')).not.toContain('absence_breach');
  });
  it('leave not returned: absent from the day after its end; day 30 is not a breach, day 31 is', () => {
    const leave = facts({ leaves: [{ id: 2, status: 'approved', startDate: '2026-03-01', endDate: '2026-03-07', returnedOn: null }] });
    expect(rules(leave, '2026-04-06')).not.toContain('absence_breach');
    expect(evaluatePerson(leave, '2026-04-06').nextReviewOn).toBe('2026-04-07');
    expect(alert(leave, '2026-04-07', 'absence_breach')).toMatchObject({ facts: { totalDays: 31, breachDate: '2026-04-07' } });
    // The 销假 stores that absence: one range, counted once.
    const returned = facts({
      leaves: [{ id: 2, status: 'returned', startDate: '2026-03-01', endDate: '2026-03-07', returnedOn: '2026-04-07' }],
      absences: [{ id: 5, fromDate: '2026-03-08', toDate: '2026-04-07' }],
    });
    expect(alert(returned, '2026-04-10', 'absence_breach')?.facts.totalDays).toBe(31);
  });
  it('an absence still running becomes a breach on its 31st day', () => {
    const running = facts({ absences: [{ id: 1, fromDate: '2026-03-01', toDate: null }] });
    expect(rules(running, '2026-03-30')).not.toContain('absence_breach');
    expect(evaluatePerson(running, '2026-03-30').nextReviewOn).toBe('2026-03-31');
    expect(rules(running, '2026-03-31')).toContain('absence_breach');
  });
});

describe('rule 4: positive tests and serious breaches are reported to police', () => {
  const positive = { tests: [{ id: 9, date: '2026-02-03', result: 'positive' as const }] };
  it('goes from "record it" to "report it" to done', () => {
    expect(alert(facts(positive), '2026-02-04', 'positive_test')).toMatchObject({ severity: 'critical', article: 'RR-21', key: 'positive_test:t9' });
    const recorded = facts({ ...positive, violations: [{ id: 4, date: '2026-02-03', severity: 'serious', ruleKey: 'positive_test:t9', reportedToPoliceOn: null }] });
    expect(rules(recorded, '2026-02-04')).not.toContain('positive_test');
    expect(alert(recorded, '2026-02-04', 'violation_unreported')).toMatchObject({ facts: { violationId: 4 }, article: 'RR-21' });
    const reported = facts({ ...positive, violations: [{ id: 4, date: '2026-02-03', severity: 'serious', ruleKey: 'positive_test:t9', reportedToPoliceOn: '2026-02-04' }] });
    expect(rules(reported, '2026-02-05').filter((r) => r === 'positive_test' || r === 'violation_unreported')).toEqual([]);
  });
});

describe('rule 5: leave returning late', () => {
  const leave = (returnedOn: string | null) => facts({ leaves: [{ id: 2, status: returnedOn ? 'returned' : 'approved', startDate: '2026-02-01', endDate: '2026-02-05', returnedOn }] });
  it('is overdue the day after its end without a return check-in', () => {
    expect(rules(leave(null), '2026-02-05')).not.toContain('leave_overdue');
    expect(evaluatePerson(leave(null), '2026-02-05').nextReviewOn).toBe('2026-02-06');
    expect(alert(leave(null), '2026-02-08', 'leave_overdue')).toMatchObject({ facts: { leaveId: 2, daysOverdue: 3 } });
    expect(rules(leave('2026-02-07'), '2026-02-08')).not.toContain('leave_overdue');
  });
});

describe('rule 6: test and contact schedules', () => {
  it('year 1 is monthly: due a week ahead, overdue after; recording a test fulfils it', () => {
    expect(rules(facts(), '2026-01-20')).not.toContain('test_due');
    expect(alert(facts(), '2026-01-28', 'test_due')).toMatchObject({ dueDate: '2026-02-04', facts: { daysLeft: 7 } });
    expect(rules(facts(), '2026-02-05')).toContain('test_overdue');
    const tested = facts({ tests: [{ id: 1, date: '2026-02-03', result: 'negative' }] });
    expect(rules(tested, '2026-02-05').filter((r) => r.startsWith('test_'))).toEqual([]);
  });
  it('year 2 spaces tests two months apart and a high risk level keeps them monthly', () => {
    const year2 = facts({ tests: [{ id: 1, date: '2027-01-10', result: 'negative' }] });
    expect(alert(year2, '2027-03-05', 'test_due')?.dueDate).toBe('2027-03-11');
    const high = { ...year2, riskAssessments: [{ date: '2027-01-01', level: 'high' as const }] };
    expect(alert(high, '2027-02-10', 'test_overdue')?.dueDate).toBe('2027-02-09');
  });
  it('pauses while the measure is suspended', () => {
    expect(rules(facts({}, { status: 'suspended', suspensions: [{ from: '2026-01-10', to: null }] }), '2026-03-01').filter((r) => r.startsWith('test_'))).toEqual([]);
  });
});

describe('rule 7: the term ends', () => {
  it('warns 30 days ahead and after the planned end; a suspension moves both', () => {
    expect(rules(facts(), '2028-12-04')).not.toContain('term_ending');
    expect(alert(facts(), '2028-12-05', 'term_ending')).toMatchObject({ facts: { plannedEnd: '2029-01-04', daysLeft: 30 } });
    expect(rules(facts(), '2029-01-05')).toContain('term_ended');
    const suspended = facts({}, { suspensions: [{ from: '2026-06-01', to: '2026-06-11' }] });
    expect(rules(suspended, '2028-12-05')).not.toContain('term_ending');
    expect(alert(suspended, '2029-01-05', 'term_ending')?.facts.plannedEnd).toBe('2029-01-14');
  });
});

describe('rule 8: three years clean', () => {
  const ended = { status: 'completed', endedOn: '2026-11-30' } as const;
  it('counts from the last positive test or known use; a relapse resets the clock', () => {
    expect(rules(facts({}, ended), '2028-12-19')).not.toContain('three_years_clean');
    expect(alert(facts({}, ended), '2028-12-20', 'three_years_clean')).toMatchObject({ facts: { cleanSince: '2025-12-20', completesOn: '2028-12-20' }, article: 'RR-7' });
    const relapse = facts({ tests: [{ id: 5, date: '2026-06-01', result: 'positive' }], violations: [{ id: 1, date: '2026-06-01', severity: 'serious', ruleKey: 'positive_test:t5', reportedToPoliceOn: '2026-06-02' }] }, ended);
    expect(rules(relapse, '2028-12-20')).not.toContain('three_years_clean');
    expect(alert(relapse, '2029-06-01', 'three_years_clean')?.facts.cleanSince).toBe('2026-06-01');
    expect(rules(facts({ dynamicControlEndedOn: '2029-01-10' }, ended), '2029-02-01')).not.toContain('three_years_clean');
  });
  it('is not offered while the measure still runs (the clock runs from the decision, the term from report-in)', () => {
    expect(rules(facts(), '2028-12-20')).not.toContain('three_years_clean');
  });
});

describe('rule 9: reassessment', () => {
  it('asks for the first assessment 30 days after report-in, then by level', () => {
    expect(alert(facts(), '2026-01-28', 'reassessment_due')?.dueDate).toBe('2026-02-04');
    const low = facts({ riskAssessments: [{ date: '2026-02-01', level: 'low' }] });
    expect(rules(low, '2026-07-01')).not.toContain('reassessment_due');
    expect(alert(low, '2026-07-25', 'reassessment_due')).toMatchObject({ dueDate: '2026-07-31', severity: 'info' });
  });
});

describe('rule 10: staffing', () => {
  it('warns above 30 open measures per staff member', () => {
    expect(evaluateStation({ openMeasures: 60, activeStaff: 2 })).toEqual([]);
    expect(evaluateStation({ openMeasures: 61, activeStaff: 2 })[0]).toMatchObject({ ruleId: 'staffing_ratio', personId: null, facts: { needed: 3 } });
    expect(evaluateStation({ openMeasures: 1, activeStaff: 0 })).toHaveLength(1);
  });
});

describe('rule 11: signed agreement', () => {
  it('is missing after report-in until one is signed (RR art. 16; RR art. 38 for rehab)', () => {
    const unsigned = facts({ signedAgreementMeasureIds: [] });
    expect(alert(unsigned, '2026-01-08', 'agreement_missing')).toMatchObject({ severity: 'info', article: 'RR-16' });
    expect(alert(unsigned, '2026-01-13', 'agreement_missing')?.severity).toBe('warning');
    expect(alert(facts({ signedAgreementMeasureIds: [] }, { kind: 'community_rehab' }), '2026-01-13', 'agreement_missing')?.article).toBe('RR-38');
    expect(rules(facts({ signedAgreementMeasureIds: [] }, { status: 'pending_report', reportInDate: null }), '2026-01-08')).not.toContain('agreement_missing');
  });
});

describe('ended measures', () => {
  it('raise no supervision alerts', () => {
    const ended = facts({ tests: [{ id: 1, date: '2026-02-01', result: 'refused' }] }, { status: 'terminated', endedOn: '2026-05-01' });
    expect(rules(ended, '2026-06-01')).toEqual([]);
  });
});

describe('a serious breach never disappears by itself', () => {
  const refused = [1, 2, 3].map((i) => ({ id: i, date: `2026-02-0${i}`, result: 'refused' as const }));
  it.each([
    ['completed (解除)', { status: 'completed', endedOn: '2029-01-04' }],
    ['terminated (终止)', { status: 'terminated', endedOn: '2026-03-01' }],
    ['transferred out', { status: 'transferred_out', endedOn: '2026-03-01' }],
  ] as const)('three refusals stay after the measure is %s', (_, ended) => {
    expect(alert(facts({ tests: refused }, ended), '2030-01-01', 'tests_refused')).toMatchObject({ severity: 'critical', key: 'tests_refused:m3' });
  });
  it('a late report-in stays a refusal after the person came; a 正当理由 answers it', () => {
    const late = { reportInDate: '2026-01-21', reportIns: [{ from: '2026-01-01', basis: 'delivery' as const, deadline: '2026-01-16', reportedOn: '2026-01-21', goodReason: false }] };
    expect(alert(facts({}, late), '2026-02-01', 'report_in_overdue')).toMatchObject({ severity: 'critical', facts: { reportedOn: '2026-01-21', daysOverdue: 5 } });
    const excused = { ...late, reportIns: [{ ...late.reportIns[0]!, goodReason: true }] };
    expect(rules(facts({}, excused), '2026-02-01')).not.toContain('report_in_overdue');
    // On day 15 the report-in was on time.
    const onTime = { reportInDate: '2026-01-16', reportIns: [{ ...late.reportIns[0]!, reportedOn: '2026-01-16' }] };
    expect(rules(facts({}, onTime), '2026-02-01')).not.toContain('report_in_overdue');
  });
  it('a 正当理由 takes a missed test out of the count', () => {
    const withReason = refused.map((t, i) => (i === 1 ? { ...t, goodReason: true } : t));
    expect(rules(facts({ tests: withReason }), '2026-02-10')).not.toContain('tests_refused');
  });
  it('a breach of an earlier measure stays beside the new one', () => {
    const first: MeasureFacts = { id: 1, kind: 'community_detox', status: 'terminated', deliveryDate: '2024-01-01', reportInDate: '2024-01-05', termMonths: 36, creditedDays: 0, suspensions: [], endedOn: '2024-06-01' };
    const f = facts({ tests: [{ id: 9, date: '2024-03-01', result: 'positive' }] });
    const both = { ...f, measures: [first, ...f.measures] };
    expect(alert(both, '2026-03-01', 'positive_test')).toMatchObject({ key: 'positive_test:t9', severity: 'critical' });
  });
  it('escalates once the police-report limit has passed, and says since when', () => {
    const positive = facts({ tests: [{ id: 9, date: '2026-02-03', result: 'positive' }] });
    expect(alert(positive, '2026-02-03', 'positive_test')?.facts).toMatchObject({ breachDate: '2026-02-03', escalated: false });
    expect(evaluatePerson(positive, '2026-02-03').nextReviewOn).toBe('2026-02-04');
    expect(alert(positive, '2026-02-04', 'positive_test')?.facts.escalated).toBe(true);
    const twoDays = { ...DEFAULT_SUPERVISION_SETTINGS, policeReportHours: 48 };
    expect(evaluatePerson(positive, '2026-02-04', twoDays).alerts.find((a) => a.ruleId === 'positive_test')?.facts.escalated).toBe(false);
    // A recorded violation keeps the day the breach arose.
    const recorded = facts({ ...positive, violations: [{ id: 4, date: '2026-02-10', severity: 'serious', ruleKey: 'positive_test:t9', reportedToPoliceOn: null, breachDate: '2026-02-03' }] });
    expect(alert(recorded, '2026-02-10', 'violation_unreported')?.facts).toMatchObject({ breachDate: '2026-02-03', escalated: true });
  });
});

describe('transfer (RR art. 22)', () => {
  it('the new 15 days run from the change of place; the first report-in still counts', () => {
    const reportIns = [
      { from: '2026-01-01', basis: 'delivery' as const, deadline: '2026-01-16', reportedOn: '2026-01-05', goodReason: false },
      { from: '2026-03-02', basis: 'transfer' as const, deadline: '2026-03-17', reportedOn: null, goodReason: false },
    ];
    const moved = facts({}, { status: 'pending_report', reportIns });
    expect(alert(moved, '2026-03-17', 'report_in_due')).toMatchObject({ article: 'RR-22', facts: { deadline: '2026-03-17' } });
    expect(alert(moved, '2026-03-18', 'report_in_overdue')).toMatchObject({ article: 'RR-22', key: 'report_in_overdue:m3:2026-03-02' });
  });
});

describe('what an earlier measure, a suspension or a transfer leaves behind (review of 30 Nov)', () => {
  const first: MeasureFacts = { id: 1, kind: 'community_detox', status: 'terminated', deliveryDate: '2024-01-01', reportInDate: '2024-01-05', termMonths: 36, creditedDays: 0, suspensions: [], endedOn: '2024-03-05' };
  it('a leave never checked back in under an ended measure is no absence in the next one', () => {
    const later = facts(
      { leaves: [{ id: 2, status: 'approved', startDate: '2024-03-01', endDate: '2024-03-10', returnedOn: null, measureId: 1 }] },
      { id: 3, kind: 'community_rehab', deliveryDate: '2026-03-01', reportInDate: '2026-03-05', termMonths: 36 },
    );
    const both = { ...later, measures: [first, ...later.measures] };
    const ids = rules(both, '2026-04-05');
    expect(ids).not.toContain('absence_breach');
    expect(ids).not.toContain('leave_overdue');
    // Under its own measure it still counts: the leave ran out after that measure had ended, so nothing.
    const stillOpen = facts({ leaves: [{ id: 2, status: 'approved', startDate: '2026-02-01', endDate: '2026-02-05', returnedOn: null, measureId: 3 }] });
    expect(rules(stillOpen, '2026-03-10')).toContain('absence_breach');
  });

  it('days detained (中止) are not days away without permission', () => {
    const detained = facts(
      { leaves: [{ id: 2, status: 'approved', startDate: '2026-03-01', endDate: '2026-03-10', returnedOn: null, measureId: 3 }] },
      { status: 'suspended', suspensions: [{ from: '2026-03-05', to: null }] },
    );
    expect(rules(detained, '2026-04-15')).not.toContain('absence_breach');
    // Released on 1 April (resumed) and still not back: away from then on; on the 31st day a breach.
    const released = facts(
      { leaves: [{ id: 2, status: 'approved', startDate: '2026-03-01', endDate: '2026-03-10', returnedOn: null, measureId: 3 }] },
      { suspensions: [{ from: '2026-03-05', to: '2026-04-01' }] },
    );
    expect(rules(released, '2026-04-30')).not.toContain('absence_breach');
    expect(alert(released, '2026-05-01', 'absence_breach')?.facts).toMatchObject({ totalDays: 31, breachDate: '2026-05-01' });
  });

  it('a missed test does not reset the test schedule', () => {
    const missed = facts({ tests: [{ id: 1, date: '2026-02-05', result: 'missed' }] });
    expect(alert(missed, '2026-02-06', 'test_overdue')).toMatchObject({ dueDate: '2026-02-04' });
    const taken = facts({ tests: [{ id: 1, date: '2026-02-05', result: 'negative' }] });
    expect(rules(taken, '2026-02-06')).not.toContain('test_overdue');
  });

  it('after a change of place the agreement is due a week after the report-in there', () => {
    const reportIns = [
      { from: '2026-01-01', basis: 'delivery' as const, deadline: '2026-01-16', reportedOn: '2026-01-05', goodReason: false },
      { from: '2026-03-02', basis: 'transfer' as const, deadline: '2026-03-17', reportedOn: '2026-03-10', goodReason: false },
    ];
    const moved = facts({ signedAgreementMeasureIds: [] }, { reportIns });
    expect(alert(moved, '2026-03-12', 'agreement_missing')).toMatchObject({ severity: 'info', dueDate: '2026-03-17', facts: { reportInDate: '2026-03-10' } });
  });

  it('every further three refusals, and every further departures over the limits, are a breach of their own', () => {
    const tests = ['2026-02-01', '2026-02-10', '2026-02-20', '2026-03-01', '2026-03-10', '2026-03-20', '2026-04-01'].map((date, i) => ({ id: i + 1, date, result: 'refused' as const }));
    const refused = evaluatePerson(facts({ tests }), '2026-04-02').alerts.filter((a) => a.ruleId === 'tests_refused');
    expect(refused.map((a) => [a.key, a.facts.breachDate, a.facts.count])).toEqual([
      ['tests_refused:m3', '2026-02-20', 3],
      ['tests_refused:m3:2026-03-20', '2026-03-20', 4],
    ]);
    // Recording (and reporting) the first answers the first only.
    const recorded = facts({ tests, violations: [{ id: 1, date: '2026-02-21', severity: 'serious', ruleKey: 'tests_refused:m3', reportedToPoliceOn: '2026-02-21', breachDate: '2026-02-20' }] });
    expect(evaluatePerson(recorded, '2026-04-02').alerts.filter((a) => a.ruleId === 'tests_refused').map((a) => a.key)).toEqual(['tests_refused:m3:2026-03-20']);
    // Two separate absences of 31 days: two breaches; one long absence of 70 days: one.
    const twice = facts({ absences: [{ id: 1, fromDate: '2026-02-01', toDate: '2026-03-03' }, { id: 2, fromDate: '2026-05-01', toDate: '2026-05-31' }] });
    expect(evaluatePerson(twice, '2026-06-15').alerts.filter((a) => a.ruleId === 'absence_breach').map((a) => [a.key, a.facts.breachDate])).toEqual([
      ['absence_breach:m3', '2026-03-03'],
      ['absence_breach:m3:2026-05-31', '2026-05-31'],
    ]);
    const long = facts({ absences: [{ id: 1, fromDate: '2026-02-01', toDate: '2026-04-11' }] });
    expect(evaluatePerson(long, '2026-06-15').alerts.filter((a) => a.ruleId === 'absence_breach')).toHaveLength(1);
  });

  it('three years clean is not offered for a file transferred out, nor after a death', () => {
    const moved = facts({}, { status: 'transferred_out', endedOn: '2026-06-01' });
    expect(rules(moved, '2029-01-01')).not.toContain('three_years_clean');
    const died = facts({}, { status: 'terminated', endedOn: '2026-06-01', endReason: 'death' });
    expect(rules(died, '2029-01-01')).not.toContain('three_years_clean');
    const isolated = facts({}, { status: 'terminated', endedOn: '2026-06-01', endReason: 'compulsory_isolation' });
    expect(rules(isolated, '2029-01-01')).toContain('three_years_clean');
  });
});

describe('discharge notice and working group', () => {
  it('reminds after the term until the police notice is recorded (RR art. 23; 40 for rehab)', () => {
    const completed = { status: 'completed', endedOn: '2029-01-05', dischargeNoticeRecorded: false } as const;
    expect(alert(facts({}, completed), '2029-01-06', 'discharge_notice_missing')).toMatchObject({ severity: 'info', article: 'RR-23', facts: { plannedEnd: '2029-01-04', dueDate: '2029-01-11' } });
    expect(alert(facts({}, completed), '2029-01-12', 'discharge_notice_missing')?.severity).toBe('warning');
    expect(alert(facts({}, { ...completed, kind: 'community_rehab' }), '2029-01-12', 'discharge_notice_missing')?.article).toBe('RR-40');
    expect(rules(facts({}, { ...completed, dischargeNoticeRecorded: true }), '2029-01-12')).not.toContain('discharge_notice_missing');
    expect(rules(facts({}, { dischargeNoticeRecorded: false }), '2029-01-04')).not.toContain('discharge_notice_missing');
  });
  it('warns when a running measure has no full-time staff member (RR art. 17)', () => {
    expect(alert(facts({}, { hasFullTimeStaff: false }), '2026-02-01', 'working_group_missing')).toMatchObject({ severity: 'warning', article: 'RR-17' });
    expect(rules(facts({}, { hasFullTimeStaff: true }), '2026-02-01')).not.toContain('working_group_missing');
  });
});

describe('what overlapping measures, a suspension and a 正当理由 leave behind (review of 1 Dec)', () => {
  const ended: MeasureFacts = { id: 1, kind: 'community_detox', status: 'terminated', deliveryDate: '2025-06-01', reportInDate: '2025-06-05', termMonths: 36, creditedDays: 0, suspensions: [], endedOn: '2026-02-10' };
  it('a decision delivered the day the last measure ended: one positive test is one alert, under the measure it fell in', () => {
    const next = facts({ tests: [{ id: 9, date: '2026-02-10', result: 'positive' }, { id: 10, date: '2026-02-08', result: 'refused' }, { id: 11, date: '2026-02-09', result: 'refused' }, { id: 12, date: '2026-02-10', result: 'refused' }] }, { id: 3, deliveryDate: '2026-02-10', reportInDate: '2026-02-12' });
    const both = { ...next, measures: [ended, ...next.measures] };
    const alerts = evaluatePerson(both, '2026-02-20').alerts;
    expect(alerts.filter((a) => a.ruleId === 'positive_test')).toHaveLength(1);
    // The three refusals are one breach, of the measure they fell in, not a second one of the next.
    expect(alerts.filter((a) => a.ruleId === 'tests_refused').map((a) => a.key)).toEqual(['tests_refused:m1']);
    // A decision dated before the last one ended (dates entered so) counts from the day after.
    const early = { ...both, measures: [ended, { ...next.measures[0]!, deliveryDate: '2026-01-20' }] };
    expect(evaluatePerson(early, '2026-02-20').alerts.filter((a) => a.ruleId === 'positive_test' || a.ruleId === 'tests_refused').map((a) => a.key)).toEqual(['tests_refused:m1', 'positive_test:t9']);
  });

  it('test and talk schedules do not run while the measure is suspended', () => {
    // Last test and talk 1 March; detained 10 March to 10 July (122 days): the 30 days run 1–9 March and from 10 July.
    const released = facts(
      { tests: [{ id: 1, date: '2026-03-01', result: 'negative' }], contacts: [{ id: 1, date: '2026-03-01' }] },
      { suspensions: [{ from: '2026-03-10', to: '2026-07-10' }] },
    );
    expect(rules(released, '2026-07-10').filter((r) => r.endsWith('_overdue'))).toEqual([]);
    expect(alert(released, '2026-07-25', 'test_due')).toMatchObject({ dueDate: '2026-07-31' });
    expect(alert(released, '2026-08-01', 'contact_overdue')).toMatchObject({ dueDate: '2026-07-31' });
  });

  it('the measure year is a calendar year from report-in, moved on by days suspended', () => {
    // Report-in 1 Jan 2024 (a leap year): 31 Dec 2024 is still year 1, so the next test is due in 30 days, not 60.
    const leap = facts({ tests: [{ id: 1, date: '2024-12-31', result: 'negative' }] }, { deliveryDate: '2023-12-28', reportInDate: '2024-01-01' });
    expect(alert(leap, '2025-01-31', 'test_overdue')).toMatchObject({ dueDate: '2025-01-30' });
    // 200 days detained in year 1: on 1 Feb 2025 the measure is in its year 1 still.
    const detained = facts({ tests: [{ id: 1, date: '2025-02-01', result: 'negative' }] }, { deliveryDate: '2023-12-28', reportInDate: '2024-01-01', suspensions: [{ from: '2024-03-01', to: '2024-09-17' }] });
    expect(alert(detained, '2025-03-04', 'test_overdue')).toMatchObject({ dueDate: '2025-03-03' });
  });

  it('while suspended, no leave overdue, reassessment or agreement reminder (the person is detained)', () => {
    const detained = facts(
      { leaves: [{ id: 2, status: 'approved', startDate: '2026-03-01', endDate: '2026-03-05', returnedOn: null, measureId: 3 }], signedAgreementMeasureIds: [] },
      { status: 'suspended', suspensions: [{ from: '2026-03-03', to: null }] },
    );
    const ids = rules(detained, '2026-05-01');
    expect(ids).not.toContain('leave_overdue');
    expect(ids).not.toContain('reassessment_due');
    expect(ids).not.toContain('agreement_missing');
    // Resumed: each comes back.
    const resumed = { ...detained, measures: [{ ...detained.measures[0]!, status: 'active' as const, suspensions: [{ from: '2026-03-03', to: '2026-04-20' }] }] };
    expect(rules(resumed, '2026-05-01')).toEqual(expect.arrayContaining(['leave_overdue', 'reassessment_due', 'agreement_missing']));
  });

  it('a 正当理由 for a late report-in excuses the delay, not staying away: past the deadline the reminder is a warning', () => {
    const excused = facts({}, { status: 'pending_report', reportInDate: null, reportIns: [{ from: '2026-01-01', basis: 'delivery', deadline: '2026-01-16', reportedOn: null, goodReason: true }] });
    expect(alert(excused, '2026-01-10', 'report_in_due')).toMatchObject({ severity: 'info' });
    expect(alert(excused, '2026-06-01', 'report_in_due')).toMatchObject({ severity: 'warning', facts: { goodReason: true, daysLeft: -136 } });
    expect(rules(excused, '2026-06-01')).not.toContain('report_in_overdue');
    // Its sentence says the deadline has passed and a good reason is recorded, not "due by".
    const late = alert(excused, '2026-06-01', 'report_in_due')!;
    expect(translate('zh-CN', alertSentenceKey(late), { deadline: '2026-01-16' })).toBe('报到期限 2026-01-16 已过，尚未报到；已登记正当理由，不视为拒绝，请跟进督促报到');
    expect(translate('en', alertSentenceKey(late), { deadline: '2026-01-16' })).toContain('a good reason is recorded');
    expect(alertSentenceKey(alert(excused, '2026-01-10', 'report_in_due')!)).toBe('rules.report_in_due');
  });
});
