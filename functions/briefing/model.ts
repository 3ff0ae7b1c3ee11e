import * as z from 'zod';
import { BadUserInputError } from '#core/errors.ts';
import { chinaToday, line, recordId } from '#core/taxonomy.ts';
import { monthOf, type Period } from '#analytics/model.ts';

/**
 * A briefing (简报) as the offices write them (../shared/seed/, 篇1, 篇2, 篇8): the title
 * 安全社区创建简报, an issue line "YYYY年第N期" with the issuing office and the date, a headline, then
 * sections of prose with their figures. The document model is what the DOCX and the Markdown
 * writers both render, so the two say the same thing.
 */

/** A year, or a quarter of it: the periods the offices brief on. */
export interface BriefingPeriod extends Period {
  readonly year: number;
  readonly quarter: number | null;
}

/** "2009年" or "2009年第二季度". */
export function periodName(period: Pick<BriefingPeriod, 'year' | 'quarter'>): string {
  return period.quarter === null ? `${period.year}年` : `${period.year}年第${CHINESE_NUMERALS[period.quarter]}季度`;
}

export const CHINESE_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** 一, 二, … 十, 十一 …: the section numbers of a briefing. */
export function chineseOrdinal(n: number): string {
  if (n <= 10) return CHINESE_NUMERALS[n] ?? String(n);
  if (n < 20) return `十${CHINESE_NUMERALS[n - 10]}`;
  return String(n);
}

const briefingInputSchema = z
  .object({
    regionCode: z.string().trim().min(1, 'must not be empty').nullish(),
    communityId: recordId.nullish(),
    period: z
      .object({
        year: z.number().int('must be a whole number').min(1989, 'the programme began in 1989').max(2199, 'must be before 2200'),
        quarter: z.number().int('must be a whole number').min(1, 'must be 1 to 4').max(4, 'must be 1 to 4').nullish(),
      })
      .strict(),
    /** The issue number of the year (第N期); by default the quarter, or 1 for a year. */
    issue: z.number().int('must be a whole number').min(1, 'must be 1 to 99').max(99, 'must be 1 to 99').nullish(),
    /** The issuing office; by default the region's 安全生产委员会办公室, or the community's 安全社区促进委员会办公室. */
    office: line(100).nullish(),
    /** The date of issue (China); by default today. Re-reviews due are counted from it. */
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD').nullish(),
  })
  .strict();

export type BriefingTarget = { readonly kind: 'REGION'; readonly regionCode: string } | { readonly kind: 'COMMUNITY'; readonly communityId: string };

export interface BriefingRequest {
  readonly target: BriefingTarget;
  readonly period: BriefingPeriod;
  readonly issue: number;
  readonly office: string | null;
  readonly issuedOn: string;
}

/** The mutation's arguments, checked: exactly one of regionCode and communityId; a year or a quarter that has begun. */
export function parseBriefingRequest(input: unknown, today: string = chinaToday()): BriefingRequest {
  const parsed = briefingInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw BadUserInputError.field((issue?.path ?? []).map(String).join('.') || 'input', issue?.message ?? 'is not a briefing request');
  }
  const { regionCode, communityId, period: asked, issue, office, issuedOn } = parsed.data;
  if ((regionCode == null) === (communityId == null)) {
    throw BadUserInputError.field('regionCode', regionCode == null ? 'give regionCode or communityId' : 'give regionCode or communityId, not both');
  }
  const quarter = asked.quarter ?? null;
  const first = quarter === null ? 1 : (quarter - 1) * 3 + 1;
  const period: BriefingPeriod = {
    label: quarter === null ? String(asked.year) : `${asked.year}-Q${quarter}`,
    from: monthOf(asked.year, first),
    to: monthOf(asked.year, quarter === null ? 12 : first + 2),
    year: asked.year,
    quarter,
  };
  if (period.from > today.slice(0, 7)) throw BadUserInputError.field(quarter === null ? 'period.year' : 'period.quarter', 'has not begun yet');
  const issued = issuedOn ?? today;
  if (Number.isNaN(Date.parse(`${issued}T00:00:00Z`)) || new Date(`${issued}T00:00:00Z`).toISOString().slice(0, 10) !== issued) {
    throw BadUserInputError.field('issuedOn', 'must be a date, YYYY-MM-DD');
  }
  if (issued > today) throw BadUserInputError.field('issuedOn', 'must not be in the future');
  if (issued < `${period.from}-01`) throw BadUserInputError.field('issuedOn', 'must not be before the period begins');
  return {
    target: regionCode != null ? { kind: 'REGION', regionCode } : { kind: 'COMMUNITY', communityId: communityId as string },
    period,
    issue: issue ?? quarter ?? 1,
    office: office ?? null,
    issuedOn: issued,
  };
}

/** One block of a section: a paragraph of prose, a list, or a table of figures. */
export type BriefingBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly caption: string; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface BriefingSection {
  /** "一、创建工作进展". */
  readonly heading: string;
  readonly blocks: readonly BriefingBlock[];
}

export interface BriefingDocument {
  /** 安全社区创建简报. */
  readonly title: string;
  /** "2009年第1期". */
  readonly issueLine: string;
  readonly office: string;
  /** "2010年1月20日". */
  readonly dateLine: string;
  /** "牡丹区2009年安全社区创建工作情况". */
  readonly headline: string;
  readonly sections: readonly BriefingSection[];
  /** The closing note: where the figures come from. */
  readonly note: string;
}

export const BRIEFING_TITLE = '安全社区创建简报';

/** "2010年1月20日". */
export function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
