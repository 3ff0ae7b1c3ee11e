import * as z from 'zod';
import {
  ENVIRONMENTS,
  fen,
  line,
  pastDate,
  plannedDate,
  type ProjectCategory,
  PROJECT_CATEGORIES,
  prose,
  recordId,
  TARGET_GROUPS,
  type Environment,
  type TargetGroup,
  versionNumber,
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

/**
 * A goal's figures are counts, rates or amounts in the goal's own unit: at most a billion either
 * way (DynamoDB stores numbers exactly, the SDK refuses integers beyond 2^53 − 1).
 */
export const MAX_GOAL_VALUE = 1_000_000_000;
const goalValue = z
  .number()
  .finite('must be a finite number')
  .min(-MAX_GOAL_VALUE, `must be from -${MAX_GOAL_VALUE.toLocaleString('en')} to ${MAX_GOAL_VALUE.toLocaleString('en')}`)
  .max(MAX_GOAL_VALUE, `must be from -${MAX_GOAL_VALUE.toLocaleString('en')} to ${MAX_GOAL_VALUE.toLocaleString('en')}`);

export const projectGoalSchema = z.object({
  /** What is measured: "农药中毒发生数", "老年人跌倒知晓率". */
  indicator: line(200),
  baseline: goalValue.optional(),
  target: goalValue,
  /** "起", "%", "人". */
  unit: line(20).optional(),
  dueOn: plannedDate.optional(),
});
export type ProjectGoal = z.infer<typeof projectGoalSchema>;

const projectFields = {
  name: line(200),
  category: z.enum(PROJECT_CATEGORIES),
  targetGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length),
  environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length),
  background: prose(4000).optional(),
  goals: z.array(projectGoalSchema).max(50, 'at most 50 goals'),
  leadAgency: line(100),
  partnerAgencies: z.array(line(100)).max(50, 'at most 50 partner agencies'),
  /** Budget in fen. */
  budget: fen.optional(),
  /** A planned project may start later. */
  startOn: plannedDate,
  endOn: plannedDate.optional(),
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
    version: versionNumber,
    name: projectFields.name.optional(),
    category: projectFields.category.optional(),
    targetGroups: projectFields.targetGroups.optional(),
    environments: projectFields.environments.optional(),
    background: prose(4000).nullable().optional(),
    goals: projectFields.goals.optional(),
    leadAgency: projectFields.leadAgency.optional(),
    partnerAgencies: projectFields.partnerAgencies.optional(),
    budget: fen.nullable().optional(),
    startOn: plannedDate.optional(),
    endOn: plannedDate.nullable().optional(),
    status: z.enum(['PLANNED', 'IN_PROGRESS']).optional(),
  })
  .superRefine(endNotBeforeStart);
export type UpdateProjectInput = z.input<typeof updateProjectInputSchema>;

export const closeProjectInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  closedOn: pastDate,
  /** The effect: injuries and accidents, awareness, coverage; and what improves next. */
  outcome: prose(4000),
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
  description: prose(2000),
  responsibleUnit: line(100),
  /** Planned interventions carry their planned dates. */
  startOn: plannedDate,
  completedOn: plannedDate,
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
    version: versionNumber,
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
