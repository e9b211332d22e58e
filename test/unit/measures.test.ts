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
  type MeasureAction,
  type MeasureStatus,
} from '../../shared/domain/measures';

const LEGAL: Record<MeasureStatus, MeasureAction[]> = {
  pending_report: ['report_in', 'terminate', 'transfer_out'],
  active: ['suspend', 'complete', 'terminate', 'transfer_out'],
  suspended: ['resume', 'terminate', 'transfer_out'],
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
