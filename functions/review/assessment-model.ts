import * as z from 'zod';
import { type CertificationLevel, CERTIFICATION_LEVELS } from '#certification/model.ts';
import { BadUserInputError, type FieldIssue } from '#core/errors.ts';
import { pastDate, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import type { AqtElement } from '#evidence/model.ts';
import { gradeIssues, type Grades, scoreSheet, type SheetResult } from './scoring.ts';
import { type Outcome, type ScoringSheet, SHEET_GRADES, SHEET_PARTS, type SheetGrade, type SheetPart } from './sheet.ts';

/**
 * Assessments of a community on a scoring sheet version (sheet.ts): the community's own
 * self-assessment (自评, kind SELF) and the review team's on-site scores (现场评审, kind ON_SITE,
 * written by the certification chain). Grades are kept per item and part; totals, subtotals,
 * items at zero and the outcome are computed from them (scoring.ts), never typed. An assessment
 * keeps the sheet version it was opened on, for ever.
 */
export const ASSESSMENT_KINDS = ['SELF', 'ON_SITE'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_STATUSES = ['DRAFT', 'SUBMITTED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** What an item's grade may point to as its proof: AVAILABLE evidence, or a record of the community. */
export const ASSESSMENT_LINK_TYPES = ['EVIDENCE', 'COMMITTEE', 'PROJECT', 'INTERVENTION', 'ACTIVITY', 'SURVEY', 'INCIDENT'] as const;
export type AssessmentLinkType = (typeof ASSESSMENT_LINK_TYPES)[number];

export const MAX_NOTE_LENGTH = 300;
export const MAX_FINDING_LENGTH = 500;
export const MAX_LINKS_PER_ITEM = 10;
/** A sheet has at most 100 items (sheet.ts): a save names each at most once. */
export const MAX_ITEMS_PER_SAVE = 100;

export interface AssessmentLink {
  readonly type: AssessmentLinkType;
  readonly id: string;
}

export interface AssessmentItem {
  readonly parts: Partial<Record<SheetPart, SheetGrade>>;
  /** Prose, at most 300 characters. */
  readonly note?: string;
  /** At most 10. */
  readonly links?: readonly AssessmentLink[];
  /** ON_SITE only: the review team's finding (整改意见), prose of at most 500 characters. */
  readonly finding?: string;
}

/** What analytics read of a submitted (or on-site scored) assessment: stored with it. Thousandths of a point. */
export interface AssessmentSummary {
  readonly total: number;
  readonly max: number;
  readonly outcome: Outcome;
  /** Every part graded (a submitted self-assessment always is; on-site scores once the team has scored every part). Absent on older summaries: complete. */
  readonly complete?: boolean;
  readonly zeroItems: readonly string[];
  readonly indicators: readonly { readonly number: number; readonly element: AqtElement; readonly score: number; readonly max: number }[];
}

export interface Assessment {
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in: its community's when it was opened. */
  readonly regionCode: string;
  readonly kind: AssessmentKind;
  readonly status: AssessmentStatus;
  readonly sheetId: string;
  readonly sheetVersion: number;
  readonly level: CertificationLevel;
  /** By sheet item id ("1.1"); items never graded or noted are absent. */
  readonly items: Readonly<Record<string, AssessmentItem>>;
  readonly summary?: AssessmentSummary;
  /** LocalDate. */
  readonly submittedOn?: string;
  /** SELF: the returned self-assessment this one revises. */
  readonly revisionOf?: string;
  /** ON_SITE: the certification it scores. */
  readonly certificationId?: string;
  /** ON_SITE. */
  readonly onSiteReviewOn?: string;
  readonly expertGroup?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A self-assessment as it is opened: an empty DRAFT of the community on the sheet version, at version 1. */
export function openedSelfAssessment(
  id: string,
  community: { readonly id: string; readonly regionCode: string },
  sheet: Pick<ScoringSheet, 'id' | 'version' | 'level'>,
  now: string,
): Assessment {
  return {
    id,
    communityId: community.id,
    regionCode: community.regionCode,
    kind: 'SELF',
    status: 'DRAFT',
    sheetId: sheet.id,
    sheetVersion: sheet.version,
    level: sheet.level,
    items: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

const sheetSlug = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a sheet id: a lowercase slug (a-z, 0-9, -), 2 to 40 characters');

export const openSelfAssessmentInputSchema = z.object({
  communityId: recordId,
  level: z.enum(CERTIFICATION_LEVELS),
  sheetId: sheetSlug.optional(),
  sheetVersion: z.number().int('must be a whole number').min(1, 'must be from 1 to 9999').max(9999, 'must be from 1 to 9999').optional(),
});
export type OpenSelfAssessmentInput = z.input<typeof openSelfAssessmentInputSchema>;

/**
 * One item of a save: its grades per part (a null grade clears the part), its note and links
 * (null clears, a list replaces), and, on ON_SITE assessments only, the finding. Fields left out
 * stay as they were.
 */
export const assessmentItemInputSchema = z
  .object({
    itemId: z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'must be a sheet item id, e.g. 1.1'),
    parts: z
      .array(z.object({ part: z.enum(SHEET_PARTS), grade: z.enum(SHEET_GRADES).nullable() }))
      .max(SHEET_PARTS.length, `at most ${SHEET_PARTS.length} parts`)
      .optional(),
    note: prose(MAX_NOTE_LENGTH).nullable().optional(),
    links: z
      .array(z.object({ type: z.enum(ASSESSMENT_LINK_TYPES), id: recordId }))
      .max(MAX_LINKS_PER_ITEM, `at most ${MAX_LINKS_PER_ITEM} links`)
      .nullable()
      .optional(),
    finding: prose(MAX_FINDING_LENGTH).nullable().optional(),
  })
  .superRefine((item, context) => {
    const parts = (item.parts ?? []).map((part) => part.part);
    parts.forEach((part, index) => {
      if (parts.indexOf(part) !== index) context.addIssue({ code: 'custom', path: ['parts', index, 'part'], message: `${part} appears twice` });
    });
    const links = (item.links ?? []).map((link) => `${link.type}#${link.id}`);
    links.forEach((link, index) => {
      if (links.indexOf(link) !== index) context.addIssue({ code: 'custom', path: ['links', index, 'id'], message: 'this link appears twice' });
    });
  });

export const assessmentItemsInputSchema = z
  .array(assessmentItemInputSchema)
  .max(MAX_ITEMS_PER_SAVE, `at most ${MAX_ITEMS_PER_SAVE} items`)
  .superRefine((items, context) => {
    const ids = items.map((item) => item.itemId);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: [index, 'itemId'], message: `item ${id} appears twice` });
    });
  });
export type AssessmentItemInput = z.output<typeof assessmentItemInputSchema>;

export const saveSelfAssessmentInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  items: assessmentItemsInputSchema,
});

export const submitSelfAssessmentInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  /** Defaults to today in China. */
  submittedOn: pastDate.optional(),
});

export const reviseSelfAssessmentInputSchema = z.object({ id: recordId });

/** An item of a save, checked against its sheet: what to change, by field. */
export interface ItemPatch {
  readonly itemId: string;
  /** undefined: keep; null: clear. */
  readonly parts: Partial<Record<SheetPart, SheetGrade | null>>;
  readonly note?: string | null;
  readonly links?: readonly AssessmentLink[] | null;
  readonly finding?: string | null;
}

/**
 * Parses and checks the items of a save against the sheet (self-assessment and on-site scoring
 * alike): the zod schema (text rules, sizes, duplicates), then each grade with `gradeIssues`
 * (known item, its own part, the sheet's scale) and `finding` only where `kind` is ON_SITE.
 * BAD_USER_INPUT names every offending field: `<prefix>.<i>.parts.<j>.grade`, `<prefix>.<i>.itemId`, ….
 * Links are returned unchecked: whether they exist and belong to the community is a read.
 */
export function parseAssessmentItems(
  sheet: ScoringSheet,
  rawItems: unknown,
  options: { readonly kind: AssessmentKind; readonly prefix?: string },
): ItemPatch[] {
  const prefix = options.prefix ?? 'input.items';
  const parsed = assessmentItemsInputSchema.safeParse(rawItems);
  if (!parsed.success) {
    throw new BadUserInputError(parsed.error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  const issues: FieldIssue[] = [];
  const known = new Set(sheet.items.map((item) => item.id));
  const patches = parsed.data.map((item, index): ItemPatch => {
    const at = `${prefix}.${index}`;
    if (!known.has(item.itemId)) issues.push({ field: `${at}.itemId`, message: `the sheet ${sheet.id}@${sheet.version} has no item ${item.itemId}` });
    if (options.kind !== 'ON_SITE' && item.finding !== undefined) {
      issues.push({ field: `${at}.finding`, message: 'a finding (整改意见) is the review team’s: only on-site assessments have one' });
    }
    const parts = item.parts ?? [];
    const grades: Grades = { [item.itemId]: Object.fromEntries(parts.flatMap((part) => (part.grade === null ? [] : [[part.part, part.grade]]))) };
    if (known.has(item.itemId)) {
      for (const issue of gradeIssues(sheet, grades)) {
        const j = parts.findIndex((part) => part.part === issue.part);
        const ownPart = sheet.items.find((candidate) => candidate.id === item.itemId)?.parts.some((candidate) => candidate.part === issue.part);
        issues.push({ field: `${at}.parts.${j}.${ownPart ? 'grade' : 'part'}`, message: issue.message });
      }
      // A cleared part must still be one of the item's parts.
      const own = new Set(sheet.items.find((candidate) => candidate.id === item.itemId)?.parts.map((part) => part.part));
      parts.forEach((part, j) => {
        if (part.grade === null && !own.has(part.part)) issues.push({ field: `${at}.parts.${j}.part`, message: `item ${item.itemId} has no part ${part.part}` });
      });
    }
    return {
      itemId: item.itemId,
      parts: Object.fromEntries(parts.map((part) => [part.part, part.grade])),
      ...(item.note !== undefined ? { note: item.note } : {}),
      ...(item.links !== undefined ? { links: item.links } : {}),
      ...(item.finding !== undefined ? { finding: item.finding } : {}),
    };
  });
  if (issues.length > 0) throw new BadUserInputError(issues);
  return patches;
}

/** The items after a save: given fields replace, null clears; an item left with nothing is dropped. */
export function mergeItems(current: Readonly<Record<string, AssessmentItem>>, patches: readonly ItemPatch[]): Record<string, AssessmentItem> {
  const next: Record<string, AssessmentItem> = { ...current };
  for (const patch of patches) {
    const was = current[patch.itemId];
    const parts: Partial<Record<SheetPart, SheetGrade>> = { ...(was?.parts ?? {}) };
    for (const [part, grade] of Object.entries(patch.parts) as [SheetPart, SheetGrade | null | undefined][]) {
      if (grade === undefined) continue;
      if (grade === null) delete parts[part];
      else parts[part] = grade;
    }
    const note = patch.note === undefined ? was?.note : (patch.note ?? undefined);
    const links = patch.links === undefined ? was?.links : patch.links && patch.links.length > 0 ? patch.links : undefined;
    const finding = patch.finding === undefined ? was?.finding : (patch.finding ?? undefined);
    const item: AssessmentItem = {
      parts: sortedParts(parts),
      ...(note !== undefined ? { note } : {}),
      ...(links !== undefined ? { links: links.map((link) => ({ type: link.type, id: link.id })) } : {}),
      ...(finding !== undefined ? { finding } : {}),
    };
    if (Object.keys(item.parts).length === 0 && note === undefined && links === undefined && finding === undefined) delete next[patch.itemId];
    else next[patch.itemId] = item;
  }
  return next;
}

function sortedParts(parts: Partial<Record<SheetPart, SheetGrade>>): Partial<Record<SheetPart, SheetGrade>> {
  return Object.fromEntries(SHEET_PARTS.flatMap((part) => (parts[part] === undefined ? [] : [[part, parts[part]]])));
}

/** The grades of an assessment's items, as scoring.ts reads them. */
export function gradesOf(items: Readonly<Record<string, AssessmentItem>>): Grades {
  return Object.fromEntries(Object.entries(items).map(([itemId, item]) => [itemId, item.parts]));
}

/** An assessment's items scored on its sheet. */
export function scoreItems(sheet: ScoringSheet, items: Readonly<Record<string, AssessmentItem>>): SheetResult {
  return scoreSheet(sheet, gradesOf(items));
}

/** What is stored with a submitted or scored assessment, for analytics: total, outcome, items at zero, per-indicator scores. */
export function summarize(sheet: ScoringSheet, items: Readonly<Record<string, AssessmentItem>>): AssessmentSummary {
  const result = scoreItems(sheet, items);
  const elements = new Map(sheet.indicators.map((indicator) => [indicator.number, indicator.element]));
  return {
    total: result.total,
    max: result.max,
    outcome: result.outcome,
    complete: result.complete,
    zeroItems: [...result.zeroItems],
    indicators: result.indicators.map((indicator) => ({
      number: indicator.indicator,
      element: elements.get(indicator.indicator) as AqtElement,
      score: indicator.score,
      max: indicator.max,
    })),
  };
}

/** The parts not graded yet, in sheet order: `1.1 PRESENCE`, …. */
export function ungradedParts(sheet: ScoringSheet, items: Readonly<Record<string, AssessmentItem>>): string[] {
  return sheet.items.flatMap((item) => item.parts.filter((part) => items[item.id]?.parts[part.part] === undefined).map((part) => `${item.id} ${part.part}`));
}

/** Every link of a save, once, with where it was given (the first place). */
export function linksOf(patches: readonly ItemPatch[], prefix = 'input.items'): { link: AssessmentLink; field: string }[] {
  const seen = new Map<string, { link: AssessmentLink; field: string }>();
  patches.forEach((patch, i) => {
    patch.links?.forEach((link, k) => {
      const key = `${link.type}#${link.id}`;
      if (!seen.has(key)) seen.set(key, { link, field: `${prefix}.${i}.links.${k}.id` });
    });
  });
  return [...seen.values()];
}
