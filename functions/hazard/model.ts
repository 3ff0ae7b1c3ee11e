import * as z from 'zod';
import { line, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import { DEFAULT_FREQUENCIES, frequencyOrderIssues, INSPECTION_FREQUENCIES, type InspectionFrequency } from './frequency.ts';
import { HAZARD_SOURCE_KINDS, type HazardSourceKind, RISK_LEVELS, type RiskLevel, SUPERVISED_UNIT_KINDS, type SupervisedUnitKind, UNIT_GRADES, type UnitGrade } from './kinds.ts';

// The kinds, grades and frequencies are the rules' lists (kinds.ts, frequency.ts): one list for the register, checklists and due dates.
export { HAZARD_SOURCE_KINDS, type HazardSourceKind, INSPECTION_FREQUENCIES, type InspectionFrequency, SUPERVISED_UNIT_KINDS, type SupervisedUnitKind };

/**
 * The hazard register of a community (issue 12, "Records"): its supervision grid (网格), the
 * hazard sources (危险源) in its cells and the supervised units (监管对象) with their grades, and
 * the inspection frequency each grade implies in that community. Inspections, hidden dangers and
 * residents' reports build on these records; their rules are pure modules beside them.
 */

// ---- The grid (网格) ----

/** What a cell of the grid is: 村委会, 居委会, 片区, a building, a market, other. */
export const GRID_CELL_KINDS = ['VILLAGE_COMMITTEE', 'RESIDENTS_COMMITTEE', 'AREA', 'BUILDING', 'MARKET', 'OTHER'] as const;
export type GridCellKind = (typeof GRID_CELL_KINDS)[number];

/** How deep a community's grid goes: community → 村/居委会 → 片区 → building → floor is four below the top. */
export const MAX_GRID_DEPTH = 5;

/**
 * The unit responsible for a cell, a hazard source or a supervised unit: an organisation and a
 * post (岗位), never a person's name, so the register outlives a change of staff and holds no
 * personal data.
 */
export const responsibleUnitSchema = z.object({
  organisation: line(100),
  post: line(50),
});
export type ResponsibleUnit = z.infer<typeof responsibleUnitSchema>;

/** A 12-digit village code (村级区划代码); that its first 9 digits are the community's is the service's check. */
export const villageCode = z.string().trim().regex(/^\d{12}$/, 'must be a 12-digit village code');

/** Whether a village code lies in a community's region (its first 9 digits, or the community's shorter code, are the community's). */
export function villageCodeInRegion(code: string, communityRegionCode: string): boolean {
  return code.startsWith(communityRegionCode.slice(0, 9));
}

export const createGridCellInputSchema = z.object({
  communityId: recordId,
  /** The cell above this one; none for a cell directly under the community. */
  parentId: recordId.optional(),
  name: line(100),
  kind: z.enum(GRID_CELL_KINDS),
  villageCode: villageCode.optional(),
  responsibleUnit: responsibleUnitSchema,
});
export type CreateGridCellInput = z.input<typeof createGridCellInputSchema>;

/** A cell stays where it is in the tree (moving a subtree would change every depth below it). */
export const updateGridCellInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  name: line(100).optional(),
  kind: z.enum(GRID_CELL_KINDS).optional(),
  villageCode: villageCode.nullable().optional(),
  responsibleUnit: responsibleUnitSchema.optional(),
});

export const removeRecordInputSchema = z.object({ id: recordId, version: versionNumber });

export interface GridCell {
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly parentId?: string;
  /** 1 directly under the community, its parent's + 1 below. */
  readonly depth: number;
  readonly name: string;
  readonly kind: GridCellKind;
  readonly villageCode?: string;
  readonly responsibleUnit: ResponsibleUnit;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

// ---- Hazard sources (危险源) ----

export { RISK_LEVELS, type RiskLevel };

/** The register's order: red first. */
export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level) + 1;
}

export const HAZARD_SOURCE_STATUSES = ['ACTIVE', 'CONTROLLED', 'REMOVED'] as const;
export type HazardSourceStatus = (typeof HAZARD_SOURCE_STATUSES)[number];

/** China's extent, with a margin: 3.8°N (曾母暗沙) to 53.6°N (漠河), 73.4°E to 135.1°E. */
export const CHINA_BOUNDS = { minLatitude: 3.8, maxLatitude: 53.6, minLongitude: 73.4, maxLongitude: 135.1 } as const;

export const hazardLocationSchema = z
  .object({
    address: line(200),
    latitude: z
      .number()
      .finite('must be a number')
      .min(CHINA_BOUNDS.minLatitude, `must be within China (${CHINA_BOUNDS.minLatitude} to ${CHINA_BOUNDS.maxLatitude} °N)`)
      .max(CHINA_BOUNDS.maxLatitude, `must be within China (${CHINA_BOUNDS.minLatitude} to ${CHINA_BOUNDS.maxLatitude} °N)`)
      .optional(),
    longitude: z
      .number()
      .finite('must be a number')
      .min(CHINA_BOUNDS.minLongitude, `must be within China (${CHINA_BOUNDS.minLongitude} to ${CHINA_BOUNDS.maxLongitude} °E)`)
      .max(CHINA_BOUNDS.maxLongitude, `must be within China (${CHINA_BOUNDS.minLongitude} to ${CHINA_BOUNDS.maxLongitude} °E)`)
      .optional(),
  })
  .superRefine((location, context) => {
    if ((location.latitude === undefined) !== (location.longitude === undefined)) {
      context.addIssue({ code: 'custom', path: [location.latitude === undefined ? 'latitude' : 'longitude'], message: 'give both latitude and longitude, or neither' });
    }
  });
export type HazardLocation = z.infer<typeof hazardLocationSchema>;

const controls = z.array(line(200)).max(30, 'at most 30 controls');

/** OTHER says what it is. */
function otherIsDescribed(value: { kind?: string | undefined; description?: string | null | undefined }, context: z.RefinementCtx): void {
  if (value.kind === 'OTHER' && !value.description) {
    context.addIssue({ code: 'custom', path: ['description'], message: 'is required when kind is OTHER' });
  }
}

export const createHazardSourceInputSchema = z
  .object({
    cellId: recordId,
    kind: z.enum(HAZARD_SOURCE_KINDS),
    description: prose(1000).optional(),
    location: hazardLocationSchema,
    riskLevel: z.enum(RISK_LEVELS),
    controls: controls.default([]),
    responsibleUnit: responsibleUnitSchema,
    status: z.enum(['ACTIVE', 'CONTROLLED']).default('ACTIVE'),
  })
  .superRefine(otherIsDescribed);
export type CreateHazardSourceInput = z.input<typeof createHazardSourceInputSchema>;

/** REMOVED only through removeHazardSource; a source stays in its cell. */
export const updateHazardSourceInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  kind: z.enum(HAZARD_SOURCE_KINDS).optional(),
  description: prose(1000).nullable().optional(),
  location: hazardLocationSchema.optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  controls: controls.optional(),
  responsibleUnit: responsibleUnitSchema.optional(),
  status: z.enum(['ACTIVE', 'CONTROLLED']).optional(),
});

export const removeHazardSourceInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  /** Why it is gone: "化粪池已填埋", "煤气管线改造为天然气". */
  reason: prose(500),
});

export interface HazardSource {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode?: string;
  readonly cellId: string;
  readonly kind: HazardSourceKind;
  readonly description?: string;
  readonly location: HazardLocation;
  readonly riskLevel: RiskLevel;
  readonly controls: readonly string[];
  readonly responsibleUnit: ResponsibleUnit;
  readonly status: HazardSourceStatus;
  readonly removedAt?: string;
  readonly removalReason?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

// ---- Supervised units (监管对象) and the frequencies of their grades ----

/** ABCD分级分类: A the best kept (least often inspected), D the closest watched. */
export const SUPERVISION_GRADES = UNIT_GRADES;
export type SupervisionGrade = UnitGrade;

export const createSupervisedUnitInputSchema = z.object({
  cellId: recordId,
  kind: z.enum(SUPERVISED_UNIT_KINDS),
  name: line(200),
  grade: z.enum(SUPERVISION_GRADES),
  address: line(200).optional(),
  responsibleUnit: responsibleUnitSchema,
});
export type CreateSupervisedUnitInput = z.input<typeof createSupervisedUnitInputSchema>;

export const updateSupervisedUnitInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  kind: z.enum(SUPERVISED_UNIT_KINDS).optional(),
  name: line(200).optional(),
  grade: z.enum(SUPERVISION_GRADES).optional(),
  address: line(200).nullable().optional(),
  responsibleUnit: responsibleUnitSchema.optional(),
});

export interface SupervisedUnit {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode?: string;
  readonly cellId: string;
  readonly kind: SupervisedUnitKind;
  readonly name: string;
  readonly grade: SupervisionGrade;
  readonly address?: string;
  readonly responsibleUnit: ResponsibleUnit;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type GradeFrequencies = Readonly<Record<SupervisionGrade, InspectionFrequency>>;

/** What a community that has set none inspects by: D daily, C weekly, B monthly, A quarterly. */
export const DEFAULT_GRADE_FREQUENCIES: GradeFrequencies = DEFAULT_FREQUENCIES;

const frequency = z.enum(INSPECTION_FREQUENCIES);

export const setInspectionFrequenciesInputSchema = z
  .object({
    communityId: recordId,
    A: frequency,
    B: frequency,
    C: frequency,
    D: frequency,
    /** Omit for the community's first setting; give the version read to replace it. */
    version: versionNumber.optional(),
  })
  .superRefine((input, context) => {
    // A worse grade is never inspected less often than a better one (frequency.ts).
    for (const issue of frequencyOrderIssues(input)) context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
export type SetInspectionFrequenciesInput = z.input<typeof setInspectionFrequenciesInputSchema>;

/** A community's frequencies per grade: one record per community, its id the community's. */
export interface InspectionFrequencySetting {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode?: string;
  readonly frequencies: GradeFrequencies;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
