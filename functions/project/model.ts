import * as z from 'zod';
import {
  calendarDate,
  ENVIRONMENTS,
  fen,
  type ProjectCategory,
  PROJECT_CATEGORIES,
  recordId,
  TARGET_GROUPS,
  text,
  type Environment,
  type TargetGroup,
} from '#core/taxonomy.ts';

/**
 * Safety promotion projects (安全促进项目) and their interventions (干预措施). A project is a
 * programme against one injury problem; an intervention one concrete measure inside it.
 */
export const PROJECT_STATUSES = ['PLANNED', 'IN_PROGRESS', 'CLOSED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The intervention kinds of AQ/T 9001's project element. */
export const INTERVENTION_KINDS = ['POLICY', 'MANAGEMENT', 'SERVICE', 'PUBLICITY', 'ENVIRONMENT', 'FACILITIES', 'PRODUCTS'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

export const INTERVENTION_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

export const projectGoalSchema = z.object({
  /** What is measured: "农药中毒发生数", "老年人跌倒知晓率". */
  indicator: text(200),
  baseline: z.number().finite().optional(),
  target: z.number().finite(),
  /** "起", "%", "人". */
  unit: text(20).optional(),
  dueOn: calendarDate.optional(),
});
export type ProjectGoal = z.infer<typeof projectGoalSchema>;

const projectFields = {
  name: text(200),
  category: z.enum(PROJECT_CATEGORIES),
  targetGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length),
  environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length),
  background: text(4000).optional(),
  goals: z.array(projectGoalSchema).max(50, 'at most 50 goals'),
  leadAgency: text(100),
  partnerAgencies: z.array(text(100)).max(50, 'at most 50 partner agencies'),
  /** Budget in fen. */
  budget: fen.optional(),
  startOn: calendarDate,
  endOn: calendarDate.optional(),
  status: z.enum(PROJECT_STATUSES),
};

function endNotBeforeStart(value: { startOn?: string | null | undefined; endOn?: string | null | undefined }, context: z.RefinementCtx): void {
  if (value.startOn && value.endOn && value.endOn < value.startOn) {
    context.addIssue({ code: 'custom', path: ['endOn'], message: 'must not be before startOn' });
  }
}

export const createProjectInputSchema = z
  .object({
    communityId: recordId,
    ...projectFields,
    targetGroups: projectFields.targetGroups.default([]),
    environments: projectFields.environments.default([]),
    goals: projectFields.goals.default([]),
    partnerAgencies: projectFields.partnerAgencies.default([]),
    status: z.enum(['PLANNED', 'IN_PROGRESS']).default('PLANNED'),
  })
  .superRefine(endNotBeforeStart);
export type CreateProjectInput = z.input<typeof createProjectInputSchema>;

export const updateProjectInputSchema = z
  .object({
    id: recordId,
    version: z.number().int().positive('must be the version you read'),
    name: projectFields.name.optional(),
    category: projectFields.category.optional(),
    targetGroups: projectFields.targetGroups.optional(),
    environments: projectFields.environments.optional(),
    background: text(4000).nullable().optional(),
    goals: projectFields.goals.optional(),
    leadAgency: projectFields.leadAgency.optional(),
    partnerAgencies: projectFields.partnerAgencies.optional(),
    budget: fen.nullable().optional(),
    startOn: calendarDate.optional(),
    endOn: calendarDate.nullable().optional(),
    status: z.enum(['PLANNED', 'IN_PROGRESS']).optional(),
  })
  .superRefine(endNotBeforeStart);
export type UpdateProjectInput = z.input<typeof updateProjectInputSchema>;

export const closeProjectInputSchema = z.object({
  id: recordId,
  version: z.number().int().positive('must be the version you read'),
  closedOn: calendarDate,
  /** The effect: injuries and accidents, awareness, coverage; and what improves next. */
  outcome: text(4000),
});

export interface Project {
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in for analytics: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly name: string;
  readonly category: ProjectCategory;
  readonly targetGroups: readonly TargetGroup[];
  readonly environments: readonly Environment[];
  readonly background?: string;
  readonly goals: readonly ProjectGoal[];
  readonly leadAgency: string;
  readonly partnerAgencies: readonly string[];
  readonly budget?: number;
  readonly startOn: string;
  readonly endOn?: string;
  readonly status: ProjectStatus;
  readonly closedOn?: string;
  readonly outcome?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const interventionFields = {
  kind: z.enum(INTERVENTION_KINDS),
  description: text(2000),
  responsibleUnit: text(100),
  startOn: calendarDate,
  completedOn: calendarDate,
  status: z.enum(INTERVENTION_STATUSES),
};

function completedNotBeforeStart(value: { startOn?: string | null | undefined; completedOn?: string | null | undefined }, context: z.RefinementCtx): void {
  if (value.startOn && value.completedOn && value.completedOn < value.startOn) {
    context.addIssue({ code: 'custom', path: ['completedOn'], message: 'must not be before startOn' });
  }
}

export const createInterventionInputSchema = z
  .object({
    projectId: recordId,
    kind: interventionFields.kind,
    description: interventionFields.description,
    responsibleUnit: interventionFields.responsibleUnit,
    startOn: interventionFields.startOn.optional(),
    completedOn: interventionFields.completedOn.optional(),
    status: interventionFields.status.default('PLANNED'),
  })
  .superRefine(completedNotBeforeStart);
export type CreateInterventionInput = z.input<typeof createInterventionInputSchema>;

export const updateInterventionInputSchema = z
  .object({
    id: recordId,
    version: z.number().int().positive('must be the version you read'),
    kind: interventionFields.kind.optional(),
    description: interventionFields.description.optional(),
    responsibleUnit: interventionFields.responsibleUnit.optional(),
    startOn: interventionFields.startOn.nullable().optional(),
    completedOn: interventionFields.completedOn.nullable().optional(),
    status: interventionFields.status.optional(),
  })
  .superRefine(completedNotBeforeStart);

export interface Intervention {
  readonly id: string;
  readonly projectId: string;
  readonly communityId: string;
  /** The region the record counts in for analytics: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly kind: InterventionKind;
  readonly description: string;
  readonly responsibleUnit: string;
  readonly startOn?: string;
  readonly completedOn?: string;
  readonly status: InterventionStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
