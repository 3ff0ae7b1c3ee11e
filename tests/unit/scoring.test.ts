import { describe, expect, it } from 'vitest';
import { bundledSheet } from '#review/bundled-sheets.ts';
import { type Grades, gradeIssues, outcomeOf, points, scoreSheet } from '#review/scoring.ts';
import type { ScoringSheet, SheetGrade, SheetPart } from '#review/sheet.ts';

/**
 * The arithmetic of scoring.ts at its edges, on the bundled national sheet (50 items × 0.8 / 1.0 /
 * 1.2, 150 points, PASS ≥ 100 and RECTIFY ≥ 75 with no item at 0): totals are exact thousandths.
 */
const national = bundledSheet('national-onsite', 1)!;
const city = bundledSheet('city', 1)!;

/** Every part of every item at `grade`, then the overrides. */
function graded(sheet: ScoringSheet, grade: SheetGrade, overrides: Record<string, Partial<Record<SheetPart, SheetGrade>>> = {}): Grades {
  return Object.fromEntries(
    sheet.items.map((item) => [item.id, { ...Object.fromEntries(item.parts.map((part) => [part.part, grade])), ...overrides[item.id] }]),
  );
}

/** The national sheet's items in order, for building totals. */
const ids = national.items.map((item) => item.id);

describe('scoreSheet on the national sheet', () => {
  it('150 with every part at A: PASS, complete, nothing at zero', () => {
    const result = scoreSheet(national, graded(national, 'A'));
    expect(result.total).toBe(150_000);
    expect(result.max).toBe(150_000);
    expect(result.complete).toBe(true);
    expect(result.gradedParts).toBe(150);
    expect(result.parts).toBe(150);
    expect(result.zeroItems).toEqual([]);
    expect(result.outcome).toBe('PASS');
    expect(result.indicators).toHaveLength(12);
    expect(result.indicators[0]).toEqual({ indicator: 1, score: 15_000, max: 15_000 });
    expect(result.reason).toContain('150');
  });

  it('a B on a 0.8 part is 0.56 exactly, a C on 1.2 is 0.36, a B on 1.0 is 0.7', () => {
    const one = (parts: Partial<Record<SheetPart, SheetGrade>>) => scoreSheet(national, { '1.1': parts }).items[0]!.score;
    expect(one({ PRESENCE: 'B' })).toBe(560);
    expect(one({ EFFECT: 'C' })).toBe(360);
    expect(one({ TRACES: 'B' })).toBe(700);
    expect(one({ PRESENCE: 'B', TRACES: 'B', EFFECT: 'B' })).toBe(2_100);
    expect(points(560)).toBe('0.56');
  });

  it('99.9 is RECTIFY and 100 is PASS (no rounding up)', () => {
    expect(scoreSheet(national, graded(national, 'B')).total).toBe(105_000);
    const exact = (target: number) => findGrades(target);
    const at100 = exact(100_000);
    const at999 = exact(99_900);
    expect(scoreSheet(national, at100).total).toBe(100_000);
    expect(scoreSheet(national, at100).outcome).toBe('PASS');
    expect(scoreSheet(national, at999).total).toBe(99_900);
    expect(scoreSheet(national, at999).outcome).toBe('RECTIFY');
    expect(scoreSheet(national, at999).reason).toContain('99.9');
  });

  it('74.9 is FAIL and 75 is RECTIFY', () => {
    const at75 = findGrades(75_000);
    const at749 = findGrades(74_900);
    expect(scoreSheet(national, at75).total).toBe(75_000);
    expect(scoreSheet(national, at75).outcome).toBe('RECTIFY');
    expect(scoreSheet(national, at749).total).toBe(74_900);
    expect(scoreSheet(national, at749).outcome).toBe('FAIL');
    expect(scoreSheet(national, at749).reason).toContain('below 75');
  });

  it('140 with one item at zero is FAIL, naming the item', () => {
    // Item 7.3 at D on every part, the other 49 items graded to make exactly 140.
    const grades = findGrades(140_000, { '7.3': { PRESENCE: 'D', TRACES: 'D', EFFECT: 'D' } });
    const result = scoreSheet(national, grades);
    expect(result.total).toBe(140_000);
    expect(result.zeroItems).toEqual(['7.3']);
    expect(result.outcome).toBe('FAIL');
    expect(result.reason).toContain('7.3');
    // The same grades with 7.3 at C on one part: no item at zero, PASS.
    const lifted = scoreSheet(national, { ...grades, '7.3': { PRESENCE: 'C', TRACES: 'D', EFFECT: 'D' } });
    expect(lifted.zeroItems).toEqual([]);
    expect(lifted.outcome).toBe('PASS');
  });

  it('an item at zero fails a total that would reach RECTIFY, too', () => {
    const grades = findGrades(80_000, { '12.3': { PRESENCE: 'D', TRACES: 'D', EFFECT: 'D' } });
    expect(scoreSheet(national, grades).outcome).toBe('FAIL');
  });

  it('an incomplete draft projects: ungraded parts count as nothing and the reason says so', () => {
    const draft: Grades = Object.fromEntries(ids.slice(0, 40).map((id) => [id, { PRESENCE: 'A', TRACES: 'A', EFFECT: 'A' }]));
    const result = scoreSheet(national, draft);
    expect(result.total).toBe(120_000);
    expect(result.complete).toBe(false);
    expect(result.gradedParts).toBe(120);
    expect(result.outcome).toBe('PASS');
    expect(result.reason).toContain('projected: 30 of 150 parts are not graded yet');
    // Ungraded items are not "at zero"; a graded part at D alone is.
    expect(result.zeroItems).toEqual([]);
    const partial = scoreSheet(national, { ...draft, '12.1': { PRESENCE: 'D' } });
    expect(partial.zeroItems).toEqual(['12.1']);
    expect(partial.items.find((item) => item.itemId === '12.1')).toMatchObject({ graded: false, zero: true });
    expect(partial.outcome).toBe('FAIL');
  });

  it('indicator subtotals add up to the total', () => {
    const grades = findGrades(123_460);
    const result = scoreSheet(national, grades);
    expect(result.indicators.reduce((sum, indicator) => sum + indicator.score, 0)).toBe(result.total);
    expect(result.indicators.reduce((sum, indicator) => sum + indicator.max, 0)).toBe(150_000);
  });
});

describe('scoreSheet on the city sheet', () => {
  it('100 all A; pass at 90; below 80 fails', () => {
    expect(scoreSheet(city, graded(city, 'A'))).toMatchObject({ total: 100_000, outcome: 'PASS', complete: true });
    expect(outcomeOf(city, 90_000, []).outcome).toBe('PASS');
    expect(outcomeOf(city, 89_999, []).outcome).toBe('RECTIFY');
    expect(outcomeOf(city, 80_000, []).outcome).toBe('RECTIFY');
    expect(outcomeOf(city, 79_999, []).outcome).toBe('FAIL');
    expect(outcomeOf(city, 99_000, ['3.2']).outcome).toBe('FAIL');
  });
});

describe('gradeIssues', () => {
  it('names unknown items, parts the item lacks and grades off the scale', () => {
    const isccc = bundledSheet('isccc', 1)!;
    const issues = gradeIssues(isccc, { '9.9': { COMPLIANCE: 'MET' }, '1.1': { PRESENCE: 'MET', COMPLIANCE: 'A' }, '1.2': { COMPLIANCE: 'PARTLY' } });
    expect(issues.map((issue) => [issue.itemId, issue.part])).toEqual([
      ['9.9', ''],
      ['1.1', 'PRESENCE'],
      ['1.1', 'COMPLIANCE'],
    ]);
    expect(gradeIssues(national, graded(national, 'C'))).toEqual([]);
  });
});

/**
 * Grades of the national sheet whose total is exactly `target` thousandths (a multiple of 20,
 * the step the parts' scores share): the overrides as given, the other parts found by a
 * depth-first search over A, B and C, best first, pruned by what the remaining parts can give.
 */
function findGrades(target: number, overrides: Record<string, Partial<Record<SheetPart, SheetGrade>>> = {}): Grades {
  const percent: Record<string, number> = { A: 100, B: 70, C: 30, D: 0 };
  const parts = national.items.flatMap((item) =>
    overrides[item.id] ? [] : item.parts.map((part) => ({ itemId: item.id, part: part.part, points: Math.round(part.points * 1000) })),
  );
  const fixed = Object.entries(overrides).reduce(
    (sum, [itemId, given]) =>
      sum +
      Object.entries(given).reduce((partSum, [part, grade]) => {
        const points = national.items.find((item) => item.id === itemId)!.parts.find((candidate) => candidate.part === part)!.points;
        return partSum + Math.round((Math.round(points * 1000) * percent[grade!]!) / 100);
      }, 0),
    0,
  );
  // Depth-first over parts with the four grades, best grade first, pruned by what is left to reach.
  // No D among them, so no item but the overridden ones is at zero.
  const chosen: SheetGrade[] = [];
  const maxFrom: number[] = [];
  const minFrom: number[] = [];
  for (let index = parts.length - 1, max = 0, min = 0; index >= 0; index -= 1) {
    max += parts[index]!.points;
    min += (parts[index]!.points * 30) / 100;
    maxFrom[index] = max;
    minFrom[index] = min;
  }
  const search = (index: number, remaining: number): boolean => {
    if (index >= parts.length) return remaining === 0;
    if (remaining < minFrom[index]! || remaining > maxFrom[index]!) return false;
    for (const grade of ['A', 'B', 'C'] as const) {
      const score = (parts[index]!.points * percent[grade]!) / 100;
      chosen[index] = grade;
      if (search(index + 1, remaining - score)) return true;
    }
    return false;
  };
  if (!search(0, target - fixed)) throw new Error(`no grades make ${target}`);
  const grades: Record<string, Partial<Record<SheetPart, SheetGrade>>> = Object.fromEntries(Object.entries(overrides).map(([id, given]) => [id, { ...given }]));
  parts.forEach((part, index) => {
    grades[part.itemId] = { ...grades[part.itemId], [part.part]: chosen[index] };
  });
  return grades;
}
