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

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const nonNegativeInt = z.number().int('must be a whole number').nonnegative('must not be negative');
export const calendarDate = z.iso.date({ message: 'must be a date in the form YYYY-MM-DD' });
export const recordId = z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters');
/** Money arrives from the GraphQL scalar as integer fen. */
export const fen = z.number().int('must be whole fen').nonnegative('must not be negative').max(Number.MAX_SAFE_INTEGER);

export const todayIso = (): string => new Date().toISOString().slice(0, 10);
export const notInFuture = (date: string): boolean => date <= todayIso();

/** Sorted, without repeats: sets of enum values stored as lists. */
export function uniqueSorted<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
