import { describe, expect, it } from 'vitest';
import { dueBasisOf, passedDueDays, scheduled } from '#hazard/inspection-schedule.ts';
import type { SupervisedUnit } from '#hazard/model.ts';

/** The due item's pure rules: the day from the basis and frequencies, and the due days that passed uninspected. */
const unit: SupervisedUnit = {
  id: 'u1', communityId: 'c1', regionCode: '210102001', cellId: 'x', kind: 'SHOP', name: '五金店', grade: 'B',
  responsibleUnit: { organisation: '五金店', post: '店长' }, version: 1, createdAt: '2026-01-30T20:00:00.000Z', updatedAt: '2026-01-30T20:00:00.000Z',
};

describe('a subject’s due item', () => {
  it('is due one interval after its last inspection or, never inspected, its registration (the China day), under the frequencies read', () => {
    const defaults = { communityId: 'c1', frequencies: null, version: 0 };
    // Registered at 04:00 on 31 January in China: monthly by default (B), due on the last day of February.
    expect(scheduled(dueBasisOf('SUPERVISED_UNIT', unit, '210102001'), defaults)).toMatchObject({ registeredOn: '2026-01-31', frequency: 'MONTHLY', dueOn: '2026-02-28', frequenciesVersion: 0, rev: 1 });
    const weekly = { communityId: 'c1', frequencies: { A: 'MONTHLY', B: 'WEEKLY', C: 'WEEKLY', D: 'DAILY' } as const, version: 3 };
    const previous = scheduled(dueBasisOf('SUPERVISED_UNIT', unit, '210102001'), defaults);
    const next = scheduled(dueBasisOf('SUPERVISED_UNIT', unit, '210102001', '2026-03-05'), weekly, { ...previous, missedThrough: '2026-02-28' });
    expect(next).toMatchObject({ frequency: 'WEEKLY', dueOn: '2026-03-12', frequenciesVersion: 3, missedThrough: '2026-02-28', rev: 2 });
  });

  it('counts the due day, then one interval after another, before the day asked, after those counted', () => {
    expect(passedDueDays({ dueOn: '2026-03-01', frequency: 'DAILY' }, '2026-03-04')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(passedDueDays({ dueOn: '2026-03-01', frequency: 'DAILY', missedThrough: '2026-03-02' }, '2026-03-04')).toEqual(['2026-03-03']);
    expect(passedDueDays({ dueOn: '2026-03-01', frequency: 'DAILY' }, '2026-03-01')).toEqual([]);
    // Calendar months, clamped: 31 January, then 28 February, then 28 March.
    expect(passedDueDays({ dueOn: '2026-01-31', frequency: 'MONTHLY' }, '2026-04-01')).toEqual(['2026-01-31', '2026-02-28', '2026-03-28']);
    // A schedule reset to a day at or before those counted (an inspection entered late) counts only the days after them.
    expect(passedDueDays({ dueOn: '2026-03-02', frequency: 'WEEKLY', missedThrough: '2026-03-10' }, '2026-03-20')).toEqual(['2026-03-16']);
    // Bounded: a daily subject forgotten for years counts at most 400 days a run (the next run the rest).
    expect(passedDueDays({ dueOn: '2020-01-01', frequency: 'DAILY' }, '2026-01-01')).toHaveLength(400);
  });
});
