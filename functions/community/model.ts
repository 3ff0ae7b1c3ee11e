import * as z from 'zod';
import { COMMUNITY_STAGES, type CommunityStage, count, line, pastDate, prose, recordId, versionNumber } from '#core/taxonomy.ts';

/**
 * The community (社区 / 创建单位) as the domain knows it: the zod schemas validate every input at
 * the boundary, and the inferred types are what the repository stores and the resolvers return.
 */

export const COMMUNITY_KINDS = [
  'STREET', // 街道办事处
  'TOWN', // 镇
  'TOWNSHIP', // 乡
  'DISTRICT', // 区/县 as a whole
  'ENTERPRISE_LED', // 企业主导型, e.g. 胜利油田滨南社区
  'DEVELOPMENT_ZONE', // 开发区 / 园区
  'RESIDENTIAL', // 居民社区
] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

export { COMMUNITY_STAGES, type CommunityStage };

/** Sectors a promotion committee (安全社区促进委员会) draws its members from. */
export const COMMITTEE_SECTORS = [
  'GOVERNMENT', // 党委政府
  'SAFETY_SUPERVISION', // 安监
  'POLICE', // 公安
  'FIRE', // 消防
  'HEALTH', // 卫生
  'EDUCATION', // 教育
  'TRANSPORT', // 交通
  'POWER_SUPPLY', // 供电
  'AGRICULTURE', // 农业、农机
  'CIVIL_AFFAIRS', // 民政
  'ENTERPRISE', // 企业
  'VOLUNTEERS', // 志愿者
  'RESIDENTS', // 居（村）委会
  'MEDIA', // 宣传
  'OTHER',
] as const;
export type CommitteeSector = (typeof COMMITTEE_SECTORS)[number];

export const COMMITTEE_ROLES = ['CHAIR', 'VICE_CHAIR', 'MEMBER', 'SECRETARIAT', 'WORKING_GROUP_LEAD'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];


/** GB/T 2260 county (6 digits) or town/street (9 digits) code: a community sits at one of these. */
export const communityRegionCode = z
  .string()
  .regex(/^(\d{6}|\d{9})$/, 'must be a 6-digit county or 9-digit town/street division code');

/** Population of a community: the most populous county-level divisions have about 6 million. */
export const MAX_POPULATION = 10_000_000;
/** Area in km²: the largest county-level divisions (若羌县) have about 200,000. */
export const MAX_AREA_KM2 = 250_000;
/** Villages or residents' committees under one community. */
const MAX_SUBDIVISIONS = 10_000;

const population = count(MAX_POPULATION);
const areaKm2 = z.number().positive('must be positive').max(MAX_AREA_KM2, `at most ${MAX_AREA_KM2.toLocaleString('en')} km²`);
const subdivisions = count(MAX_SUBDIVISIONS);

export const committeeMemberSchema = z.object({
  organisation: line(100),
  sector: z.enum(COMMITTEE_SECTORS),
  role: z.enum(COMMITTEE_ROLES),
  /** The post, never a person's name: "分管副主任", "派出所所长". */
  position: line(100).optional(),
});
export type CommitteeMember = z.infer<typeof committeeMemberSchema>;

export const workingGroupSchema = z.object({
  name: line(100),
  leadOrganisation: line(100),
  focus: line(200).optional(),
});
export type WorkingGroup = z.infer<typeof workingGroupSchema>;

export const promotionCommitteeSchema = z.object({
  chairUnit: line(100),
  establishedOn: pastDate.optional(),
  members: z.array(committeeMemberSchema).max(200, 'at most 200 members'),
  workingGroups: z.array(workingGroupSchema).max(100, 'at most 100 working groups').default([]),
});
export type PromotionCommittee = z.infer<typeof promotionCommitteeSchema>;

export const createCommunityInputSchema = z.object({
  name: line(100),
  kind: z.enum(COMMUNITY_KINDS),
  regionCode: communityRegionCode,
  stage: z.enum(COMMUNITY_STAGES).default('PLANNED'),
  launchedOn: pastDate.optional(),
  population: population.optional(),
  areaKm2: areaKm2.optional(),
  administrativeVillages: subdivisions.optional(),
  residentialCommittees: subdivisions.optional(),
  description: prose(2000).optional(),
  committee: promotionCommitteeSchema.optional(),
});
export type CreateCommunityInput = z.input<typeof createCommunityInputSchema>;

export const updateCommunityInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  name: line(100).optional(),
  kind: z.enum(COMMUNITY_KINDS).optional(),
  regionCode: communityRegionCode.optional(),
  stage: z.enum(COMMUNITY_STAGES).optional(),
  /** When the stage change took effect; defaults to today. */
  stageChangedOn: pastDate.optional(),
  launchedOn: pastDate.nullable().optional(),
  population: population.nullable().optional(),
  areaKm2: areaKm2.nullable().optional(),
  administrativeVillages: subdivisions.nullable().optional(),
  residentialCommittees: subdivisions.nullable().optional(),
  description: prose(2000).nullable().optional(),
  committee: promotionCommitteeSchema.nullable().optional(),
});
export type UpdateCommunityInput = z.input<typeof updateCommunityInputSchema>;

export interface StageChange {
  readonly stage: CommunityStage;
  readonly on: string;
}

/** The stored community, as the repository returns it and the resolvers map it. */
export interface Community {
  readonly id: string;
  readonly name: string;
  readonly kind: CommunityKind;
  readonly regionCode: string;
  readonly stage: CommunityStage;
  readonly stageHistory: readonly StageChange[];
  readonly launchedOn?: string;
  readonly population?: number;
  readonly areaKm2?: number;
  readonly administrativeVillages?: number;
  readonly residentialCommittees?: number;
  readonly description?: string;
  readonly committee?: PromotionCommittee;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
