import * as z from 'zod';

/**
 * The programme's shared classifications (domain.md): who is at risk and where. Projects,
 * trainings and incidents use them, and the analytics aggregate by them.
 */

/** Categories of safety promotion projects (安全促进项目), as the briefings name them. */
export const PROJECT_CATEGORIES = [
  'WORKPLACE', // 企业/工作场所
  'ELECTRICAL', // 用电
  'FIRE', // 消防 (incl. 库房)
  'PESTICIDE_POISONING', // 农药中毒
  'ROAD_TRAFFIC', // 交通 (motorcycles, market areas)
  'HOME', // 居家
  'ELDERLY', // 老年人
  'SCHOOL_CHILDREN', // 学校儿童, 四点半学校
  'PUBLIC_PLACES', // 公共场所 (manholes, gas lines, transformers)
  'ENVIRONMENT', // 环境, 美丽乡村
  'WATER', // 涉水, drowning
  'PUBLIC_SECURITY', // 社会治安
  'DOG_BITES', // 防狗伤害
  'AGRICULTURAL_MACHINERY', // 农用机械
  'MIGRANT_WORKERS', // 农民工, 八小时以外安全
  'CONSTRUCTION_SITES', // 建筑工地
  'RELIGIOUS_SITES', // 宗教场所
  'FOOD_SAFETY', // 食品安全
  'DISASTERS', // 地质灾害、森林火灾
  'OLD_RESIDENTIAL_COMPOUNDS', // 老旧弃管小区
  'OTHER',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/** High-risk groups (重点人群). */
export const TARGET_GROUPS = [
  'ALL_RESIDENTS',
  'ELDERLY',
  'ELDERLY_LIVING_ALONE',
  'CHILDREN',
  'LEFT_BEHIND_CHILDREN',
  'STUDENTS',
  'MIGRANT_WORKERS',
  'FARMERS',
  'PEOPLE_WITH_DISABILITIES',
  'DRIVERS',
  'WORKERS',
  'WOMEN',
  'OTHER',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** High-risk environments (重点场所). */
export const ENVIRONMENTS = [
  'WORKPLACE',
  'HOME',
  'SCHOOL',
  'PUBLIC_PLACE',
  'ROAD',
  'WATER',
  'RURAL',
  'MARKET',
  'WAREHOUSE',
  'CONSTRUCTION_SITE',
  'RELIGIOUS_SITE',
  'OTHER',
] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * The field rules every input shares: text (core/text.ts), ids (core/ids.ts), numbers with a
 * plausible range, dates with a plausible range. The README's "Input rules" lists the ranges.
 */
export { line, prose } from './text.ts';
/** @deprecated say which: `line` (names, single-line values) or `prose` (long texts keeping line breaks). */
export { prose as text } from './text.ts';
export { idSchema as recordId } from './ids.ts';

/** A whole number from 0 to `max`: people, attendees, quantities, villages. */
export const count = (max: number) =>
  z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `at most ${max.toLocaleString('en')}`);
/** A whole number from 0 with no domain-specific bound: GraphQL's Int already stops at 2^31 − 1. Prefer `count(max)`. */
export const nonNegativeInt = z.number().int('must be a whole number').nonnegative('must not be negative');
/** A record's version as the client read it. */
export const MAX_VERSION = 1_000_000_000;
export const versionNumber = z.number().int('must be a whole number').min(1, 'must be the version you read').max(MAX_VERSION, 'must be the version you read');

/** The largest amount of money any field takes: 100 billion yuan (一千亿元), in fen. */
export const MAX_FEN = 100_000_000_000 * 100;
/** Money arrives from the GraphQL scalar as integer fen. */
export const fen = z.number().int('must be whole fen').nonnegative('must not be negative').max(MAX_FEN, 'at most 100000000000.00 yuan');

/**
 * Dates. A record's dates (launches, committees, projects, activities, surveys, reviews,
 * decisions) are from EARLIEST_DATE (incidents use the same year; the WHO programme began in 1989,
 * China's in 2002) to today in China; a planned date (a project's end, a goal's due date, a
 * certificate's validity, an intervention's dates) may lie up to PLANNING_YEARS ahead.
 */
export const EARLIEST_DATE = '1980-01-01';
export const PLANNING_YEARS = 20;

/** Today's calendar date in China (UTC+8): a date entered in Beijing on the morning of the 2nd is not "in the future". */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const latestPlannedDate = (): string => {
  const today = chinaToday();
  return `${Number(today.slice(0, 4)) + PLANNING_YEARS}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
};

const isoDate = z.iso.date({ message: 'must be a date in the form YYYY-MM-DD' });
const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;
const dateUpTo = (latest: () => string, lateMessage: string) =>
  isoDate.superRefine((date, context) => {
    // A value not in the form already has the format's issue.
    if (!DATE_FORM.test(date)) return;
    if (date < EARLIEST_DATE) context.addIssue({ code: 'custom', message: `must not be before ${EARLIEST_DATE}` });
    else if (date > latest()) context.addIssue({ code: 'custom', message: lateMessage });
  });
/** A date of something that happened: from EARLIEST_DATE to today (China time). */
export const pastDate = dateUpTo(chinaToday, 'must not be in the future');
/** A date that may be planned: from EARLIEST_DATE to PLANNING_YEARS years from today. */
export const plannedDate = dateUpTo(latestPlannedDate, `must not be more than ${PLANNING_YEARS} years ahead`);
/** @deprecated say which: `pastDate` or `plannedDate`. */
export const calendarDate = plannedDate;

export const todayIso = (): string => new Date().toISOString().slice(0, 10);
export const notInFuture = (date: string): boolean => date <= chinaToday();

/** Sorted, without repeats: sets of enum values stored as lists. */
export function uniqueSorted<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

/**
 * The creation lifecycle of domain.md, in order. LAPSED is a designation that was not renewed.
 * Here in core because the policy module decides on stage moves (review decisions).
 */
export const COMMUNITY_STAGES = [
  'PLANNED',
  'LAUNCHED',
  'IMPLEMENTING',
  'SELF_ASSESSED',
  'APPLIED',
  'UNDER_REVIEW',
  'DESIGNATED',
  'LAPSED',
] as const;
export type CommunityStage = (typeof COMMUNITY_STAGES)[number];
