import { milli, type Outcome, type ScoringSheet, type SheetGrade, type SheetPart } from './sheet.ts';

/**
 * The arithmetic of a sheet, in thousandths of a point (sheet.ts): a part scores its points ×
 * its grade's percent; an item the sum of its parts; an indicator the sum of its items; the
 * total the sum of all. "An item at zero" is an item whose graded parts together score nothing
 * (review.md). The outcome follows the sheet's rule and says why.
 *
 * A draft may leave parts ungraded: they score nothing and the result says the sheet is not
 * complete; the outcome is then the projection of what is graded so far.
 */
export type Grades = Readonly<Record<string, Readonly<Partial<Record<SheetPart, SheetGrade>>>>>;

export interface ItemScore {
  readonly itemId: string;
  readonly indicator: number;
  /** Thousandths. */
  readonly score: number;
  readonly max: number;
  readonly graded: boolean;
  readonly zero: boolean;
}

export interface IndicatorScore {
  readonly indicator: number;
  readonly score: number;
  readonly max: number;
}

export interface SheetResult {
  /** Thousandths of a point. */
  readonly total: number;
  readonly max: number;
  readonly indicators: readonly IndicatorScore[];
  readonly items: readonly ItemScore[];
  /** Items whose graded parts score nothing, in sheet order. */
  readonly zeroItems: readonly string[];
  readonly gradedParts: number;
  readonly parts: number;
  readonly complete: boolean;
  readonly outcome: Outcome;
  /** Why the rule gives this outcome, in words a community office reads. */
  readonly reason: string;
}

export class GradeError extends Error {
  constructor(
    readonly itemId: string,
    readonly part: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks grades against a sheet: known items, their own parts, the sheet's scale. */
export function gradeIssues(sheet: ScoringSheet, grades: Grades): GradeError[] {
  const issues: GradeError[] = [];
  const scale = new Set(sheet.scale.map((step) => step.grade));
  const items = new Map(sheet.items.map((item) => [item.id, item]));
  for (const [itemId, parts] of Object.entries(grades)) {
    const item = items.get(itemId);
    if (!item) {
      issues.push(new GradeError(itemId, '', `the sheet ${sheet.id}@${sheet.version} has no item ${itemId}`));
      continue;
    }
    for (const [part, grade] of Object.entries(parts)) {
      if (grade === undefined) continue;
      if (!item.parts.some((candidate) => candidate.part === part)) issues.push(new GradeError(itemId, part, `item ${itemId} has no part ${part}`));
      else if (!scale.has(grade)) issues.push(new GradeError(itemId, part, `grade ${grade} is not on this sheet's scale (${[...scale].join(', ')})`));
    }
  }
  return issues;
}

export function scoreSheet(sheet: ScoringSheet, grades: Grades): SheetResult {
  const percent = new Map(sheet.scale.map((step) => [step.grade, step.percent]));
  let gradedParts = 0;
  let parts = 0;
  const items: ItemScore[] = sheet.items.map((item) => {
    const given = grades[item.id] ?? {};
    let score = 0;
    let max = 0;
    let graded = 0;
    for (const part of item.parts) {
      const points = milli(part.points);
      max += points;
      parts += 1;
      const grade = given[part.part];
      if (grade === undefined) continue;
      graded += 1;
      // Integer thousandths × whole percent: exact when divisible, rounded half up otherwise.
      score += Math.round((points * (percent.get(grade) ?? 0)) / 100);
    }
    gradedParts += graded;
    return { itemId: item.id, indicator: item.indicator, score, max, graded: graded === item.parts.length, zero: graded > 0 && score === 0 };
  });
  const indicators = sheet.indicators.map((indicator) => {
    const own = items.filter((item) => item.indicator === indicator.number);
    return { indicator: indicator.number, score: sum(own.map((item) => item.score)), max: sum(own.map((item) => item.max)) };
  });
  const total = sum(items.map((item) => item.score));
  const zeroItems = items.filter((item) => item.zero).map((item) => item.itemId);
  const complete = gradedParts === parts;
  const { outcome, reason } = outcomeOf(sheet, total, zeroItems);
  return {
    total,
    max: milli(sheet.total),
    indicators,
    items,
    zeroItems,
    gradedParts,
    parts,
    complete,
    outcome,
    reason: complete ? reason : `${reason} (projected: ${parts - gradedParts} of ${parts} parts are not graded yet and count as nothing)`,
  };
}

/** The sheet's rule applied to a total (thousandths) and the items at zero. */
export function outcomeOf(sheet: ScoringSheet, total: number, zeroItems: readonly string[]): { outcome: Outcome; reason: string } {
  const { pass, rectify } = sheet.rule;
  const shown = points(total);
  const zeros = zeroItems.length > 0 ? `item${zeroItems.length > 1 ? 's' : ''} ${zeroItems.join(', ')} at 0` : '';
  if (total >= milli(pass.minTotal) && !(pass.noZeroItem && zeroItems.length > 0)) {
    return { outcome: 'PASS', reason: `total ${shown} reaches the pass mark ${pass.minTotal}${pass.noZeroItem ? ' with no item at 0' : ''}` };
  }
  if (rectify && total >= milli(rectify.minTotal) && !(rectify.noZeroItem && zeroItems.length > 0)) {
    return { outcome: 'RECTIFY', reason: `total ${shown} is below the pass mark ${pass.minTotal} but reaches ${rectify.minTotal}: rectification within a time limit (限期整改)` };
  }
  if (zeroItems.length > 0 && (pass.noZeroItem || rectify?.noZeroItem) && total >= milli(rectify?.minTotal ?? pass.minTotal)) {
    return { outcome: 'FAIL', reason: `${zeros}: an item at 0 fails the sheet whatever the total (${shown})` };
  }
  const floor = rectify ? rectify.minTotal : pass.minTotal;
  return { outcome: 'FAIL', reason: `total ${shown} is below ${floor}${zeros ? `; ${zeros}` : ''}` };
}

/** Thousandths as points, with the decimals they need: 99900 → "99.9", 150000 → "150". */
export function points(thousandths: number): string {
  return String(thousandths / 1000);
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
