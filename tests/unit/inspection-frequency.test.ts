import { describe, expect, it } from 'vitest';
import { addMonths } from '#core/dates.ts';
import {
  afterInterval,
  DEFAULT_FREQUENCIES,
  frequencyOf,
  frequencyOrderIssues,
  INSPECTION_FREQUENCIES,
  inspectionDue,
  inspectionFrequenciesSchema,
  inspectionStatus,
  nextInspectionDue,
  RISK_LEVEL_GRADES,
} from '#hazard/frequency.ts';

describe('intervals in China calendar days', () => {
  it('DAILY and WEEKLY count days, across month and year ends and 29 February', () => {
    expect(afterInterval('2026-01-31', 'DAILY')).toBe('2026-02-01');
    expect(afterInterval('2026-12-31', 'DAILY')).toBe('2027-01-01');
    expect(afterInterval('2028-02-28', 'DAILY')).toBe('2028-02-29');
    expect(afterInterval('2027-02-28', 'DAILY')).toBe('2027-03-01');
    expect(afterInterval('2026-12-29', 'WEEKLY')).toBe('2027-01-05');
    expect(afterInterval('2028-02-25', 'WEEKLY')).toBe('2028-03-03');
    expect(afterInterval('2027-02-25', 'WEEKLY')).toBe('2027-03-04');
  });

  it('MONTHLY, QUARTERLY and YEARLY count calendar months; a day the month lacks falls on its last day', () => {
    expect(afterInterval('2026-01-31', 'MONTHLY')).toBe('2026-02-28');
    expect(afterInterval('2028-01-31', 'MONTHLY')).toBe('2028-02-29');
    expect(afterInterval('2026-03-31', 'MONTHLY')).toBe('2026-04-30');
    expect(afterInterval('2026-12-15', 'MONTHLY')).toBe('2027-01-15');
    expect(afterInterval('2026-11-30', 'QUARTERLY')).toBe('2027-02-28');
    expect(afterInterval('2027-11-30', 'QUARTERLY')).toBe('2028-02-29');
    expect(afterInterval('2026-08-31', 'QUARTERLY')).toBe('2026-11-30');
    expect(afterInterval('2028-02-29', 'YEARLY')).toBe('2029-02-28');
    expect(afterInterval('2027-02-28', 'YEARLY')).toBe('2028-02-28');
    expect(afterInterval('2026-10-01', 'YEARLY')).toBe('2027-10-01');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
  });

  it('the frequencies, most often first', () => {
    expect(INSPECTION_FREQUENCIES).toEqual(['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY']);
  });
});

describe('due dates from grades and frequencies', () => {
  it('defaults: D daily, C weekly, B monthly, A quarterly; a community that set its own is read instead', () => {
    expect(DEFAULT_FREQUENCIES).toEqual({ A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' });
    expect(frequencyOf('B')).toBe('MONTHLY');
    expect(frequencyOf('B', null)).toBe('MONTHLY');
    expect(frequencyOf('B', { A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' })).toBe('QUARTERLY');
  });

  it('from the last inspection, by the grade: a late inspection moves the next one', () => {
    const registeredOn = '2025-06-01';
    expect(nextInspectionDue({ grade: 'D', lastInspectedOn: '2026-01-31', registeredOn })).toBe('2026-02-01');
    expect(nextInspectionDue({ grade: 'C', lastInspectedOn: '2026-01-29', registeredOn })).toBe('2026-02-05');
    expect(nextInspectionDue({ grade: 'B', lastInspectedOn: '2026-01-31', registeredOn })).toBe('2026-02-28');
    expect(nextInspectionDue({ grade: 'B', lastInspectedOn: '2028-01-31', registeredOn })).toBe('2028-02-29');
    expect(nextInspectionDue({ grade: 'A', lastInspectedOn: '2025-11-30', registeredOn })).toBe('2026-02-28');
    // Inspected on its due day of 28 February, a monthly unit is next due on 28 March, not the 31st.
    expect(nextInspectionDue({ grade: 'B', lastInspectedOn: '2026-02-28', registeredOn })).toBe('2026-03-28');
    const own = { A: 'YEARLY', B: 'QUARTERLY', C: 'QUARTERLY', D: 'WEEKLY' } as const;
    expect(nextInspectionDue({ grade: 'A', frequencies: own, lastInspectedOn: '2028-02-29', registeredOn })).toBe('2029-02-28');
  });

  it('a hazard source is due as the grade its risk level matches: red as D (daily), blue as A (quarterly)', () => {
    expect(RISK_LEVEL_GRADES).toEqual({ RED: 'D', ORANGE: 'C', YELLOW: 'B', BLUE: 'A' });
    expect(nextInspectionDue({ grade: RISK_LEVEL_GRADES.RED, lastInspectedOn: '2026-02-28', registeredOn: '2025-01-01' })).toBe('2026-03-01');
    expect(nextInspectionDue({ grade: RISK_LEVEL_GRADES.BLUE, lastInspectedOn: '2026-02-28', registeredOn: '2025-01-01' })).toBe('2026-05-28');
  });

  it('never inspected: due one interval after the day the unit was registered', () => {
    expect(nextInspectionDue({ grade: 'D', registeredOn: '2026-03-31' })).toBe('2026-04-01');
    expect(nextInspectionDue({ grade: 'B', registeredOn: '2026-03-31', lastInspectedOn: null })).toBe('2026-04-30');
    expect(nextInspectionDue({ grade: 'A', registeredOn: '2027-11-30' })).toBe('2028-02-29');
    expect(nextInspectionDue({ grade: 'C', registeredOn: '2026-12-28' })).toBe('2027-01-04');
  });

  it('an inspection recorded before the unit was registered (imported history) still counts from that inspection', () => {
    expect(nextInspectionDue({ grade: 'B', registeredOn: '2026-03-10', lastInspectedOn: '2026-03-01' })).toBe('2026-04-01');
  });
});

describe('DUE on the due day, OVERDUE from the next', () => {
  it('the days either side', () => {
    expect(inspectionStatus('2026-02-28', '2026-02-27')).toEqual({ status: 'NOT_YET_DUE', daysLeft: 1, daysOverdue: 0 });
    expect(inspectionStatus('2026-02-28', '2026-02-28')).toEqual({ status: 'DUE', daysLeft: 0, daysOverdue: 0 });
    expect(inspectionStatus('2026-02-28', '2026-03-01')).toEqual({ status: 'OVERDUE', daysLeft: 0, daysOverdue: 1 });
    expect(inspectionStatus('2028-02-28', '2028-03-01')).toEqual({ status: 'OVERDUE', daysLeft: 0, daysOverdue: 2 });
    expect(inspectionStatus('2026-12-31', '2027-01-01').status).toBe('OVERDUE');
  });

  it('a unit on a day: its due day, its frequency and where it stands', () => {
    const unit = { grade: 'C' as const, lastInspectedOn: '2026-02-24', registeredOn: '2025-01-01' };
    expect(inspectionDue(unit, '2026-03-02')).toEqual({ dueOn: '2026-03-03', frequency: 'WEEKLY', status: 'NOT_YET_DUE', daysLeft: 1, daysOverdue: 0 });
    expect(inspectionDue(unit, '2026-03-03').status).toBe('DUE');
    expect(inspectionDue(unit, '2026-03-10')).toMatchObject({ status: 'OVERDUE', daysOverdue: 7 });
    // A daily unit inspected today is next due tomorrow: never overdue on the day it was inspected.
    expect(inspectionDue({ grade: 'D', lastInspectedOn: '2026-03-03', registeredOn: '2025-01-01' }, '2026-03-03').status).toBe('NOT_YET_DUE');
  });
});

describe("a community's frequencies", () => {
  const issuesOf = (value: unknown) => {
    const parsed = inspectionFrequenciesSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('the defaults and any order that watches a lower grade at least as often are accepted', () => {
    expect(issuesOf(DEFAULT_FREQUENCIES)).toEqual([]);
    expect(issuesOf({ A: 'YEARLY', B: 'YEARLY', C: 'MONTHLY', D: 'DAILY' })).toEqual([]);
    expect(issuesOf({ A: 'DAILY', B: 'DAILY', C: 'DAILY', D: 'DAILY' })).toEqual([]);
  });

  it('a grade inspected less often than the grade above it is refused, named on that grade', () => {
    expect(issuesOf({ A: 'QUARTERLY', B: 'MONTHLY', C: 'YEARLY', D: 'DAILY' })).toEqual([['C', 'grade C is watched more closely than B: it must be inspected at least as often (B is MONTHLY)']]);
    expect(issuesOf({ A: 'MONTHLY', B: 'QUARTERLY', C: 'WEEKLY', D: 'MONTHLY' }).map(([path]) => path)).toEqual(['B', 'D']);
  });

  it('the order check on its own, for an input with more fields: a grade not given breaks nothing', () => {
    expect(frequencyOrderIssues({ A: 'MONTHLY', B: 'QUARTERLY' })).toEqual([{ field: 'B', message: 'grade B is watched more closely than A: it must be inspected at least as often (A is MONTHLY)' }]);
    expect(frequencyOrderIssues({ A: 'MONTHLY', C: 'YEARLY' })).toEqual([]);
    expect(frequencyOrderIssues(DEFAULT_FREQUENCIES)).toEqual([]);
  });

  it('every grade once, known frequencies only, nothing else', () => {
    expect(issuesOf({ A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY' }).map(([path]) => path)).toEqual(['D']);
    expect(issuesOf({ ...DEFAULT_FREQUENCIES, D: 'HOURLY' }).map(([path]) => path)).toEqual(['D']);
    expect(issuesOf({ ...DEFAULT_FREQUENCIES, E: 'DAILY' }).map(([path]) => path)).toEqual(['']);
  });
});
