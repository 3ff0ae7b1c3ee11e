import { describe, expect, it } from 'vitest';
import {
  type Contribution,
  type CountedHiddenDanger,
  type CountedInspection,
  type CountedResidentReport,
  CreationDeltas,
  hiddenDangerContributions,
  inspectionContributions,
  missedInspectionContributions,
  residentReportContributions,
} from '#analytics/creation-counters.ts';
import { hiddenDangerFigures, inspectionFigures, medianDays, percentOf } from '#analytics/creation-figures.ts';
import { carryMissedDues } from '#analytics/recompute.ts';

/**
 * The counter contributions of issue 12's records, offline: which attributes an inspection, a
 * hidden danger and a resident's report add to which period, and what a move changes (the
 * record before −1, after +1, merged per item).
 */
const REGION = '210102001';

/** The merged values of one period's item, at the record's own region (every shard together). */
function valuesAt(contributions: readonly Contribution[], period: string, regionCode = REGION): Record<string, number> {
  const values: Record<string, number> = {};
  for (const entry of new CreationDeltas().add(contributions, 1).items()) {
    if (entry.regionCode !== regionCode || entry.period !== period) continue;
    for (const [attribute, value] of entry.deltas) values[attribute] = (values[attribute] ?? 0) + value;
  }
  return values;
}

/** What a change from `before` to `after` writes to a period's item at the record's region. */
function changeAt(before: readonly Contribution[], after: readonly Contribution[], period: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const entry of new CreationDeltas().change(before, after).items()) {
    if (entry.regionCode !== REGION || entry.period !== period) continue;
    for (const [attribute, value] of entry.deltas) values[attribute] = value;
  }
  return values;
}

const inspection: CountedInspection = { communityId: 'c1', regionCode: REGION, subjectType: 'SUPERVISED_UNIT', heldOn: '2026-11-03', failedCount: 0, dueOn: '2026-11-04', onSchedule: true };

describe('inspection contributions', () => {
  it('count an inspection held on schedule in its day’s year and month: held, by subject type, on schedule, a due settled', () => {
    const contributions = inspectionContributions(inspection, 'unused');
    expect(contributions.map((contribution) => contribution.period)).toEqual(['Y2026', 'M2026-11']);
    expect(valuesAt(contributions, 'M2026-11')).toEqual({ in: 1, in_k_SUPERVISED_UNIT: 1, in_sch: 1, in_due: 1 });
    // Every level of the region path has the same.
    expect(valuesAt(contributions, 'Y2026', '2101')).toEqual({ in: 1, in_k_SUPERVISED_UNIT: 1, in_sch: 1, in_due: 1 });
  });

  it('count a late inspection as held, not on schedule nor due (its due was missed, the job counted it)', () => {
    expect(valuesAt(inspectionContributions({ ...inspection, onSchedule: false, subjectType: 'HAZARD_SOURCE', failedCount: 2 }, 'unused'), 'M2026-11')).toEqual({
      in: 1,
      in_k_HAZARD_SOURCE: 1,
      in_fail: 1,
    });
  });

  it('count an inspection recorded before dueOn and onSchedule as held only', () => {
    const { dueOn: _dueOn, onSchedule: _onSchedule, regionCode: _region, ...older } = inspection;
    const contributions = inspectionContributions(older, REGION);
    expect(contributions[0]?.regionCode).toBe(REGION);
    expect(valuesAt(contributions, 'M2026-11')).toEqual({ in: 1, in_k_SUPERVISED_UNIT: 1 });
  });

  it('count missed due days in the period of each day, a due and a miss each', () => {
    const contributions = missedInspectionContributions(REGION, 'c1', ['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(valuesAt(contributions, 'M2026-10')).toEqual({ in_due: 1, in_miss: 1 });
    expect(valuesAt(contributions, 'M2026-11')).toEqual({ in_due: 2, in_miss: 2 });
    expect(valuesAt(contributions, 'Y2026')).toEqual({ in_due: 3, in_miss: 3 });
    expect(missedInspectionContributions(REGION, 'c1', [])).toEqual([]);
  });

  it('a recount keeps the job’s misses and adds them to the recounted dues', () => {
    const stored = new Map([
      ['in_due', 5],
      ['in_miss', 3],
      ['in_sch', 2],
    ]);
    expect(Object.fromEntries(carryMissedDues(stored, new Map([['in_sch', 2], ['in_due', 2]])))).toEqual({ in_sch: 2, in_due: 5, in_miss: 3 });
    // An item only the job wrote stays as it is.
    expect(Object.fromEntries(carryMissedDues(new Map([['in_due', 1], ['in_miss', 1]]), new Map()))).toEqual({ in_due: 1, in_miss: 1 });
    expect(Object.fromEntries(carryMissedDues(undefined, new Map([['in', 1]])))).toEqual({ in: 1 });
  });
});

const danger: CountedHiddenDanger = { communityId: 'c1', regionCode: REGION, severity: 'MAJOR', foundOn: '2026-10-20', deadline: '2026-11-05', state: 'OPEN' };

describe('hidden danger contributions', () => {
  it('count a danger found in the period of foundOn, by severity and by what found it, and now by state', () => {
    const contributions = hiddenDangerContributions(danger, 'unused');
    expect(valuesAt(contributions, 'M2026-10')).toEqual({ hd: 1, hd_MAJOR: 1, hd_by_OFFICE: 1 });
    expect(valuesAt(contributions, 'NOW')).toEqual({ hd_now: 1, hd_now_OPEN: 1 });
    expect(valuesAt(hiddenDangerContributions({ ...danger, inspectionId: 'i1', severity: 'GENERAL' }, 'unused'), 'M2026-10')).toEqual({ hd: 1, hd_GENERAL: 1, hd_by_INSPECTION: 1 });
    expect(valuesAt(hiddenDangerContributions({ ...danger, reportId: 'r1' }, 'unused'), 'M2026-10')).toEqual({ hd: 1, hd_MAJOR: 1, hd_by_REPORT: 1 });
  });

  const rectified: CountedHiddenDanger = { ...danger, state: 'RECTIFIED', rectifiedAt: '2026-11-05T16:30:00.000Z' };

  it('count a rectification on its China day: late when after the deadline day', () => {
    // 16:30 UTC on the 5th is 00:30 on the 6th in China: a day after the deadline.
    expect(valuesAt(hiddenDangerContributions(rectified, 'unused'), 'M2026-11')).toEqual({ hd_rect: 1, hd_rect_late: 1 });
    // 15:59 UTC on the 5th is 23:59 on the 5th in China: the deadline day itself, in time.
    expect(valuesAt(hiddenDangerContributions({ ...rectified, rectifiedAt: '2026-11-05T15:59:00.000Z' }, 'unused'), 'M2026-11')).toEqual({ hd_rect: 1 });
  });

  it('move the counters with the danger: a failed verification takes the rectification back', () => {
    const open = hiddenDangerContributions(danger, 'unused');
    const rectifying = hiddenDangerContributions({ ...danger, state: 'RECTIFYING' }, 'unused');
    expect(changeAt(open, rectifying, 'NOW')).toEqual({ hd_now_OPEN: -1, hd_now_RECTIFYING: 1 });
    expect(changeAt(open, rectifying, 'M2026-10')).toEqual({});
    const back = hiddenDangerContributions({ ...rectified, state: 'RECTIFYING' }, 'unused');
    expect(changeAt(hiddenDangerContributions(rectified, 'unused'), back, 'M2026-11')).toEqual({ hd_rect: -1, hd_rect_late: -1 });
  });

  it('count a verification on its China day with the days it took, and the danger as done in the period it was found', () => {
    const verified = hiddenDangerContributions({ ...rectified, state: 'VERIFIED', verifiedAt: '2026-11-09T02:00:00.000Z' }, 'unused');
    expect(valuesAt(verified, 'M2026-11')).toEqual({ hd_rect: 1, hd_rect_late: 1, hd_ver: 1, hd_vd_20: 1, hd_vd_sum: 20 });
    expect(valuesAt(verified, 'M2026-10')).toEqual({ hd: 1, hd_MAJOR: 1, hd_by_OFFICE: 1, hd_done: 1 });
    expect(valuesAt(verified, 'NOW')).toEqual({ hd_now: 1, hd_now_VERIFIED: 1 });
  });

  it('put a verification after more than 365 days in the last bucket, with its real days in the sum', () => {
    const late = hiddenDangerContributions({ ...danger, foundOn: '2025-01-01', deadline: '2025-12-31', state: 'VERIFIED', rectifiedAt: '2026-03-01T02:00:00.000Z', verifiedAt: '2026-03-02T02:00:00.000Z' }, 'unused');
    expect(valuesAt(late, 'M2026-03')).toMatchObject({ hd_ver: 1, hd_vd_366: 1, hd_vd_sum: 425 });
    const sameDay = hiddenDangerContributions({ ...danger, state: 'VERIFIED', rectifiedAt: '2026-10-20T01:00:00.000Z', verifiedAt: '2026-10-20T03:00:00.000Z' }, 'unused');
    expect(valuesAt(sameDay, 'M2026-10')).toEqual({ hd: 1, hd_MAJOR: 1, hd_by_OFFICE: 1, hd_done: 1, hd_rect: 1, hd_ver: 1, hd_vd_0: 1 });
  });
});

const report: CountedResidentReport = { communityId: 'c1', regionCode: REGION, receivedOn: '2026-11-01', status: 'RECEIVED' };

describe('resident report contributions', () => {
  it('count a report received in the period of its day, and as open now until answered', () => {
    const contributions = residentReportContributions(report, 'unused');
    expect(valuesAt(contributions, 'M2026-11')).toEqual({ rr: 1 });
    expect(valuesAt(contributions, 'NOW')).toEqual({ rr_open: 1 });
  });

  it('count an answer within 7 days (day 7 included) as in time, day 8 not', () => {
    const onDay7 = residentReportContributions({ ...report, status: 'ANSWERED', outcome: 'HIDDEN_DANGER', answeredOn: '2026-11-08' }, 'unused');
    expect(valuesAt(onDay7, 'M2026-11')).toEqual({ rr: 1, rr_ans: 1, rr_ans7: 1, rr_hd: 1 });
    expect(valuesAt(onDay7, 'NOW')).toEqual({});
    const onDay8 = residentReportContributions({ ...report, status: 'ANSWERED', outcome: 'NO_DANGER', answeredOn: '2026-11-09' }, 'unused');
    expect(valuesAt(onDay8, 'M2026-11')).toEqual({ rr: 1, rr_ans: 1, rr_no: 1 });
  });

  it('move an answered report out of the open ones, its received period gaining the answer', () => {
    const before = residentReportContributions(report, 'unused');
    const after = residentReportContributions({ ...report, status: 'ANSWERED', outcome: 'NO_DANGER', answeredOn: '2026-11-02' }, 'unused');
    expect(changeAt(before, after, 'NOW')).toEqual({ rr_open: -1 });
    expect(changeAt(before, after, 'Y2026')).toEqual({ rr_ans: 1, rr_ans7: 1, rr_no: 1 });
  });
});

describe('hazard figures from counter items', () => {
  it('take the median days to verification from the histogram: the middle one, or the mean of the two middle ones', () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([{ hd_vd_3: 1 }])).toBe(3);
    // 0, 2, 2, 9 (two shards of one region): the 2nd and 3rd.
    expect(medianDays([{ hd_vd_0: 1, hd_vd_2: 1 }, { hd_vd_2: 1, hd_vd_9: 1 }])).toBe(2);
    expect(medianDays([{ hd_vd_1: 1, hd_vd_4: 1 }])).toBe(2.5);
    expect(medianDays([{ hd_vd_5: 2, hd_vd_366: 3 }])).toBe(366);
  });

  it('give coverage and the rectification rate in percent with one decimal, null without a base', () => {
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBeNull();
    expect(inspectionFigures([{ in: 4, in_sch: 3, in_due: 4, in_miss: 1, in_fail: 1, in_k_SUPERVISED_UNIT: 3, in_k_HAZARD_SOURCE: 1 }])).toEqual({
      held: 4,
      bySubjectType: [
        { subjectType: 'SUPERVISED_UNIT', held: 3 },
        { subjectType: 'HAZARD_SOURCE', held: 1 },
      ],
      onSchedule: 3,
      due: 4,
      missed: 1,
      failed: 1,
      coveragePercent: 75,
    });
    const figures = hiddenDangerFigures([{ hd_now_OPEN: 2, hd_now_RECTIFYING: 1, hd_now_VERIFIED: 5 }], [{ hd: 8, hd_done: 5, hd_ver: 5, hd_vd_sum: 33, hd_vd_4: 2, hd_vd_7: 3 }], { overdue: 1, overdueMajor: 0 });
    expect(figures).toMatchObject({ found: 8, foundAndVerified: 5, rectificationRatePercent: 62.5, verified: 5, medianDaysToVerification: 7, averageDaysToVerification: 6.6, awaitingRectification: 3, overdue: 1 });
  });
});
