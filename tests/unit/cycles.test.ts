import { describe, expect, it } from 'vitest';
import { CYCLES, cyclesSchema, reReviewDueOn, siteVisitRequired, titleYears } from '#certification/cycles.ts';

describe('the re-review cycle, as data', () => {
  it('holds titles three years (city) and five (national, ISCCC), an ISCCC site visit every second cycle', () => {
    expect([titleYears('CITY'), titleYears('NATIONAL'), titleYears('INTERNATIONAL')]).toEqual([3, 5, 5]);
    expect([1, 2, 3, 4].map((cycle) => siteVisitRequired('INTERNATIONAL', cycle))).toEqual([false, true, false, true]);
    expect([1, 2].map((cycle) => siteVisitRequired('NATIONAL', cycle))).toEqual([true, true]);
    expect(CYCLES.atRiskAfterMonths).toBe(12);
  });

  it('falls due on the anniversary, 29 February on the 28th of a common year, the written validity first', () => {
    const due = (level: 'CITY' | 'NATIONAL' | 'INTERNATIONAL', designatedOn: string, validUntil?: string) =>
      reReviewDueOn({ decision: 'DESIGNATED', level, designatedOn, ...(validUntil ? { validUntil } : {}) });
    expect(due('CITY', '2024-02-29')).toBe('2027-02-28');
    expect(due('NATIONAL', '2024-02-29')).toBe('2029-02-28');
    expect(due('CITY', '2025-02-28')).toBe('2028-02-28');
    expect(due('CITY', '2021-02-28')).toBe('2024-02-28');
    expect(due('NATIONAL', '2009-01-15', '2013-12-31')).toBe('2013-12-31');
    expect(reReviewDueOn({ decision: 'REJECTED', level: 'CITY', designatedOn: '2009-01-15' })).toBeUndefined();
  });

  it('refuses a cycles file without a level or with a term of no years', () => {
    expect(cyclesSchema.safeParse({ ...CYCLES, levels: { CITY: { years: 3 }, NATIONAL: { years: 5 } } }).success).toBe(false);
    expect(cyclesSchema.safeParse({ ...CYCLES, levels: { ...CYCLES.levels, CITY: { years: 0 } } }).success).toBe(false);
  });
});
