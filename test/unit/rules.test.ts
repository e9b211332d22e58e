import { describe, expect, it } from 'vitest';
import { evaluatePerson, evaluateStation } from '../../shared/rules/engine';
import type { PersonFacts, RuleId } from '../../shared/rules/types';

/** An active community-detox measure reported in on 2026-01-05 (delivered 2026-01-01), everything else empty. */
function facts(overrides: Partial<PersonFacts> = {}, measure: Partial<NonNullable<PersonFacts['measure']>> = {}): PersonFacts {
  return {
    personId: 7,
    measure: {
      id: 3,
      kind: 'community_detox',
      status: 'active',
      deliveryDate: '2026-01-01',
      reportInDate: '2026-01-05',
      termMonths: 36,
      creditedDays: 0,
      suspensions: [],
      ...measure,
    },
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
      facts: { deliveryDate: '2026-01-01', deadline: '2026-01-16', daysOverdue: 4 },
      dueDate: '2026-01-16',
    });
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
  it('the third departure is a breach', () => {
    const two = [{ id: 1, fromDate: '2026-02-01', toDate: '2026-02-02' }, { id: 2, fromDate: '2026-03-01', toDate: '2026-03-02' }];
    expect(rules(facts({ absences: two }), '2026-04-01')).not.toContain('absence_breach');
    expect(rules(facts({ absences: [...two, { id: 3, fromDate: '2026-03-20', toDate: '2026-03-21' }] }), '2026-04-01')).toContain('absence_breach');
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
  it('counts from the last positive test or known use; a relapse resets the clock', () => {
    expect(rules(facts(), '2028-12-19')).not.toContain('three_years_clean');
    expect(alert(facts(), '2028-12-20', 'three_years_clean')).toMatchObject({ facts: { cleanSince: '2025-12-20', completesOn: '2028-12-20' }, article: 'RR-7' });
    const relapse = facts({ tests: [{ id: 5, date: '2027-06-01', result: 'positive' }], violations: [{ id: 1, date: '2027-06-01', severity: 'serious', ruleKey: 'positive_test:t5', reportedToPoliceOn: '2027-06-02' }] });
    expect(rules(relapse, '2028-12-20')).not.toContain('three_years_clean');
    expect(alert(relapse, '2030-06-01', 'three_years_clean')?.facts.cleanSince).toBe('2027-06-01');
    expect(rules(facts({ dynamicControlEndedOn: '2029-01-10' }), '2029-02-01')).not.toContain('three_years_clean');
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
  it('is missing after report-in until one is signed (RR art. 16; RR art. 44 for rehab)', () => {
    const unsigned = facts({ signedAgreementMeasureIds: [] });
    expect(alert(unsigned, '2026-01-08', 'agreement_missing')).toMatchObject({ severity: 'info', article: 'RR-16' });
    expect(alert(unsigned, '2026-01-13', 'agreement_missing')?.severity).toBe('warning');
    expect(alert(facts({ signedAgreementMeasureIds: [] }, { kind: 'community_rehab' }), '2026-01-13', 'agreement_missing')?.article).toBe('RR-44');
    expect(rules(facts({ signedAgreementMeasureIds: [] }, { status: 'pending_report', reportInDate: null }), '2026-01-08')).not.toContain('agreement_missing');
  });
});

describe('ended measures', () => {
  it('raise no supervision alerts', () => {
    const ended = facts({ tests: [{ id: 1, date: '2026-02-01', result: 'refused' }] }, { status: 'completed' });
    expect(rules(ended, '2026-06-01').filter((r) => r !== 'three_years_clean')).toEqual([]);
  });
});
