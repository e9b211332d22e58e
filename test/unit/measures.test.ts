import { describe, expect, it } from 'vitest';
import {
  actionsFrom,
  canApply,
  dayCount,
  measureActions,
  measureStatuses,
  plannedEnd,
  reportInDeadline,
  suspendedDays,
  suspensionsOf,
  type MeasureAction,
  type MeasureStatus,
} from '../../shared/domain/measures';

const LEGAL: Record<MeasureStatus, MeasureAction[]> = {
  pending_report: ['report_in', 'terminate', 'transfer_out'],
  active: ['suspend', 'complete', 'terminate', 'transfer_out'],
  // Not transfer_out: a detained person's file stays until release (resume), then moves.
  suspended: ['resume', 'terminate'],
  completed: [],
  terminated: [],
  transferred_out: [],
};

describe('measure state machine', () => {
  it('allows exactly the legal transitions', () => {
    for (const status of measureStatuses) {
      for (const action of measureActions) {
        expect(canApply(action, status), `${action} from ${status}`).toBe(LEGAL[status].includes(action));
      }
      expect(actionsFrom(status).sort()).toEqual([...LEGAL[status]].sort());
    }
  });
});

describe('term computation', () => {
  const base = { reportInDate: '2024-03-01', termMonths: 36, suspensions: [], creditedDays: 0 };

  it('ends the day before the third anniversary of report-in', () => {
    expect(plannedEnd(base, '2025-01-01')).toBe('2027-02-28');
    expect(plannedEnd({ ...base, reportInDate: null }, '2025-01-01')).toBeNull();
    expect(plannedEnd({ ...base, termMonths: 24 }, '2025-01-01')).toBe('2026-02-28');
  });

  it('is extended by suspended days, including a suspension still running', () => {
    const closed = { ...base, suspensions: [{ from: '2025-01-10', to: '2025-02-09' }] };
    expect(suspendedDays(closed.suspensions, '2025-06-01')).toBe(30);
    expect(plannedEnd(closed, '2025-06-01')).toBe('2027-03-30');
    const open = { ...base, suspensions: [{ from: '2025-01-10', to: null }] };
    expect(plannedEnd(open, '2025-01-20')).toBe('2027-03-10');
    expect(plannedEnd(open, '2025-01-30')).toBe('2027-03-20');
    const two = { ...base, suspensions: [{ from: '2025-01-10', to: '2025-01-20' }, { from: '2025-05-01', to: '2025-05-06' }] };
    expect(plannedEnd(two, '2026-01-01')).toBe('2027-03-15');
  });

  it('ends on the last day of a month that lacks the report-in day', () => {
    // 29 Feb 2024 + 3 years: no 29 Feb 2027, so the term runs to 28 Feb (not 27 Feb, a day short).
    expect(plannedEnd({ ...base, reportInDate: '2024-02-29' }, '2025-01-01')).toBe('2027-02-28');
    expect(plannedEnd({ ...base, reportInDate: '2024-02-28' }, '2025-01-01')).toBe('2027-02-27');
    expect(plannedEnd({ ...base, reportInDate: '2025-01-31', termMonths: 1 }, '2025-01-31')).toBe('2025-02-28');
    expect(plannedEnd({ ...base, reportInDate: '2025-01-28', termMonths: 1 }, '2025-01-31')).toBe('2025-02-27');
    expect(plannedEnd({ ...base, reportInDate: '2024-01-31', termMonths: 1 }, '2024-01-31')).toBe('2024-02-29');
  });

  it('ends a suspension still open at a later report-in (a file transferred out while suspended)', () => {
    const events = [
      { action: 'report_in', date: '2024-01-05' },
      { action: 'suspend', date: '2024-06-01' },
      { action: 'transfer_out', date: '2024-07-01' },
      { action: 'transfer_in', date: '2024-07-05' },
      { action: 'report_in', date: '2024-07-10' },
    ];
    const suspensions = suspensionsOf(events);
    expect(suspensions).toEqual([{ from: '2024-06-01', to: '2024-07-10' }]);
    const term = { ...base, reportInDate: '2024-01-05', suspensions };
    // The same end whenever it is read: the pause has ended.
    expect(plannedEnd(term, '2024-07-10')).toBe(plannedEnd(term, '2030-01-01'));
    expect(plannedEnd(term, '2030-01-01')).toBe('2027-02-12');
  });

  it('is shortened by days credited from compulsory isolation', () => {
    expect(plannedEnd({ ...base, creditedDays: 100 }, '2025-01-01')).toBe('2026-11-20');
  });

  it('counts the day of the term without suspended days', () => {
    expect(dayCount(base, '2024-03-01')).toBe(1);
    expect(dayCount(base, '2024-03-31')).toBe(31);
    expect(dayCount({ ...base, suspensions: [{ from: '2024-03-11', to: '2024-03-21' }] }, '2024-03-31')).toBe(21);
    expect(dayCount(base, '2024-02-01')).toBeNull();
  });

  it('gives 15 days after delivery for report-in', () => {
    expect(reportInDeadline('2026-01-01')).toBe('2026-01-16');
  });
});
