import * as z from 'zod';
import { AQT_ELEMENTS } from '#evidence/model.ts';
import { CERTIFICATION_LEVELS } from '#certification/model.ts';

/**
 * A scoring sheet (评定表) as data: one JSON file per sheet version (functions/review/sheets/),
 * or a version an ADMIN published (sheet-repository.ts). Validated here, at load time, by this
 * zod schema and the integrity checks below; an assessment keeps the version it was made on.
 *
 *   indicators   first-level indicators (一级指标): the 12 AQ/T 9001-2006 elements, or ISCCC's 6
 *   items        second-level items (二级指标): id, text, indicator, what evidence shows it, the
 *                source of its text, and its parts with their points
 *   scale        the grades of a part and the share of its points each gives
 *   rule         the outcome: PASS, RECTIFY (限期整改) or FAIL, from the total and items at zero
 *
 * Points are written as decimals (0.8) and computed in thousandths (800), so 0.8 × 70 % is 560
 * exactly and a total of 99.9 never rounds up to 100.
 */
export const SHEET_PARTS = ['PRESENCE', 'TRACES', 'EFFECT', 'COMPLIANCE'] as const;
export type SheetPart = (typeof SHEET_PARTS)[number];

export const SHEET_GRADES = ['A', 'B', 'C', 'D', 'MET', 'PARTLY', 'NOT_MET'] as const;
export type SheetGrade = (typeof SHEET_GRADES)[number];

export const SHEET_KINDS = ['SCORED', 'CHECKLIST'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export const OUTCOMES = ['PASS', 'RECTIFY', 'FAIL'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What the platform's own data says about an item (suggestions.ts): the sheet names, per item,
 * which facts bear on it. Every item's traces also read the AVAILABLE evidence of its element.
 */
export const SHEET_SIGNALS = [
  'COMMITTEE_SECTORS', // 跨部门: members from at least 5 sectors
  'WORKING_GROUPS', // project groups (项目组)
  'GOALS', // long-term and annual goals: projects with goals
  'FUNDING', // budgets recorded on projects
  'SURVEY_RATES', // awareness and participation ≥ 80 %
  'PROJECTS', // promotion projects and their interventions
  'ACTIVITIES', // trainings, lectures, publicity in the last 12 months
  'DRILLS', // an emergency drill in the last 12 months
  'INSPECTIONS', // inspections in the last 12 months
  'INCIDENT_RECORDS', // incidents recorded in the last full year
  'INCIDENT_TREND', // incidents fewer in the last full year than the year before
  'ARCHIVE', // the archive covers every element
  'HAZARD_REGISTER', // hazard sources in the register, by level, each inspected (element 3)
  'INSPECTION_COVERAGE', // supervised units and sources inspected as often as their grade asks (element 8)
  'DANGER_RECTIFICATION', // hidden dangers found, rectified and verified; none overdue (elements 8 and 11)
  'RESIDENT_REPORTS', // residents' reports answered within 7 days; none unanswered longer (element 8: supervision by residents)
] as const;
export type SheetSignal = (typeof SHEET_SIGNALS)[number];

/** Slug of a sheet: `national-onsite`, `city`, `isccc`. */
const sheetId = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a lowercase slug (a-z, 0-9, -), 2 to 40 characters');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
/** Points with at most three decimals: 0.8, 1.2, 0.65. */
const points = z
  .number()
  .positive('must be positive')
  .max(1000, 'at most 1000')
  .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, 'at most three decimals');

export const sheetItemSchema = z.object({
  /** `<indicator>.<n>`, e.g. "1.1", "7.3". */
  id: z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'must be <indicator>.<n>, e.g. 1.1'),
  indicator: z.number().int().min(1).max(12),
  text: text(300),
  textEn: text(300).optional(),
  /** What shows it: the evidence a reviewer looks for. */
  evidence: text(500),
  /** Where the text comes from: the sheet itself, or `AQ/T 9001-2006 §…` where the sheet's text is not public. */
  source: text(200),
  parts: z
    .array(z.object({ part: z.enum(SHEET_PARTS), points }))
    .min(1, 'an item has at least one part')
    .max(SHEET_PARTS.length),
  signals: z.array(z.enum(SHEET_SIGNALS)).max(SHEET_SIGNALS.length).default([]),
});
export type SheetItem = z.infer<typeof sheetItemSchema>;

const threshold = z.object({
  /** The least total that reaches this outcome. */
  minTotal: z.number().min(0),
  /** Whether an item at zero (all its parts scoring nothing) keeps the sheet from this outcome. */
  noZeroItem: z.boolean(),
});

export const scoringSheetSchema = z.object({
  id: sheetId,
  version: z.number().int().min(1).max(9999),
  level: z.enum(CERTIFICATION_LEVELS),
  kind: z.enum(SHEET_KINDS),
  title: text(200),
  titleEn: text(200).optional(),
  /** Where the sheet comes from and how sure its content is. */
  source: text(1000),
  effectiveFrom: z.iso.date().optional(),
  indicators: z
    .array(
      z.object({
        number: z.number().int().min(1).max(12),
        name: text(100),
        nameEn: text(100).optional(),
        /** The AQ/T 9001 element whose evidence shows this indicator (ISCCC's map to the nearest). */
        element: z.enum(AQT_ELEMENTS),
      }),
    )
    .min(1)
    .max(12),
  items: z.array(sheetItemSchema).min(1).max(100),
  /** The grades a part may take, best first, with the share of the part's points each gives. */
  scale: z
    .array(
      z.object({
        grade: z.enum(SHEET_GRADES),
        percent: z.number().int().min(0).max(100),
        meaning: text(100),
      }),
    )
    .min(2)
    .max(4),
  total: points,
  rule: z.object({
    pass: threshold,
    rectify: threshold.optional(),
    /** Where the rule comes from. */
    source: text(300),
  }),
});
export type ScoringSheet = z.infer<typeof scoringSheetSchema>;
export type SheetInput = z.input<typeof scoringSheetSchema>;

export interface SheetIssue {
  readonly path: string;
  readonly message: string;
}

/** Thousandths of a point: the unit every computation uses. */
export const milli = (value: number): number => Math.round(value * 1000);

/**
 * Validates a sheet: the zod schema, then what a schema cannot say: indicators numbered 1..n
 * once each, item ids unique and matching their indicator, every indicator with items, parts
 * once per item, parts summing to the total, a scale that starts at 100 % and ends at 0 %, and
 * thresholds within the total. Returns the sheet or every issue found (paths like `items.3.parts`).
 */
export function validateSheet(value: unknown): { sheet: ScoringSheet; issues?: undefined } | { sheet?: undefined; issues: SheetIssue[] } {
  const parsed = scoringSheetSchema.safeParse(value);
  if (!parsed.success) return { issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  const sheet = parsed.data;
  const issues: SheetIssue[] = [];
  const numbers = sheet.indicators.map((indicator) => indicator.number);
  numbers.forEach((number, index) => {
    if (number !== index + 1) issues.push({ path: `indicators.${index}.number`, message: `must be ${index + 1}: indicators are numbered 1 to ${numbers.length} in order` });
  });
  const ids = new Set<string>();
  const itemsPerIndicator = new Map<number, number>();
  sheet.items.forEach((item, index) => {
    if (ids.has(item.id)) issues.push({ path: `items.${index}.id`, message: `${item.id} appears twice` });
    ids.add(item.id);
    if (!item.id.startsWith(`${item.indicator}.`)) issues.push({ path: `items.${index}.id`, message: `must start with its indicator (${item.indicator}.)` });
    if (item.indicator > sheet.indicators.length) issues.push({ path: `items.${index}.indicator`, message: `there is no indicator ${item.indicator}` });
    itemsPerIndicator.set(item.indicator, (itemsPerIndicator.get(item.indicator) ?? 0) + 1);
    const parts = item.parts.map((part) => part.part);
    if (new Set(parts).size !== parts.length) issues.push({ path: `items.${index}.parts`, message: 'a part appears twice' });
    const checklistPart = parts.includes('COMPLIANCE');
    if ((sheet.kind === 'CHECKLIST') !== checklistPart || (checklistPart && parts.length > 1)) {
      issues.push({ path: `items.${index}.parts`, message: sheet.kind === 'CHECKLIST' ? 'a checklist item has the one part COMPLIANCE' : 'a scored item has PRESENCE, TRACES and/or EFFECT' });
    }
  });
  for (const indicator of sheet.indicators) {
    if (!itemsPerIndicator.has(indicator.number)) issues.push({ path: 'items', message: `indicator ${indicator.number} has no item` });
  }
  const sum = sheet.items.reduce((total, item) => total + item.parts.reduce((partTotal, part) => partTotal + milli(part.points), 0), 0);
  if (sum !== milli(sheet.total)) issues.push({ path: 'total', message: `the items' points sum to ${sum / 1000}, not ${sheet.total}` });
  const grades = sheet.scale.map((step) => step.grade);
  if (new Set(grades).size !== grades.length) issues.push({ path: 'scale', message: 'a grade appears twice' });
  const checklistGrades = grades.some((grade) => grade === 'MET' || grade === 'PARTLY' || grade === 'NOT_MET');
  if ((sheet.kind === 'CHECKLIST') !== checklistGrades || grades.some((grade) => (grade === 'MET' || grade === 'PARTLY' || grade === 'NOT_MET') !== checklistGrades)) {
    issues.push({ path: 'scale', message: sheet.kind === 'CHECKLIST' ? 'a checklist grades MET, PARTLY, NOT_MET' : 'a scored sheet grades A, B, C, D' });
  }
  sheet.scale.forEach((step, index) => {
    const previous = sheet.scale[index - 1];
    if (previous && step.percent >= previous.percent) issues.push({ path: `scale.${index}.percent`, message: 'grades go from best to worst: each gives less than the one before' });
  });
  if (sheet.scale[0]?.percent !== 100) issues.push({ path: 'scale.0.percent', message: 'the best grade gives 100 %' });
  if (sheet.scale.at(-1)?.percent !== 0) issues.push({ path: `scale.${sheet.scale.length - 1}.percent`, message: 'the worst grade gives 0 %' });
  const { pass, rectify } = sheet.rule;
  if (milli(pass.minTotal) > milli(sheet.total)) issues.push({ path: 'rule.pass.minTotal', message: `must not exceed the total (${sheet.total})` });
  if (rectify && milli(rectify.minTotal) >= milli(pass.minTotal)) issues.push({ path: 'rule.rectify.minTotal', message: 'must be below rule.pass.minTotal' });
  return issues.length > 0 ? { issues } : { sheet };
}

/** A sheet's key: `national-onsite@1`. */
export const sheetRef = (sheet: Pick<ScoringSheet, 'id' | 'version'>) => `${sheet.id}@${sheet.version}`;
