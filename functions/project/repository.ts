import { listingKeys } from '#core/db/keys.ts';
import { ChildIndex, joined, RecordStore } from '#core/db/records.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Table } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { Intervention, Project } from './model.ts';

/**
 * Promotion projects and interventions in the single table.
 *   project        pk PROJECT#<id>        sk PROJECT         gsi1 COMMUNITY#<cid>#PROJECTS / <startOn>#<id>
 *   intervention   pk INTERVENTION#<id>   sk INTERVENTION    gsi1 PROJECT#<pid>#INTERVENTIONS / <startOn>#<id>
 *   child indexes  COMMUNITY#<cid> CHILDREN#PROJECT, PROJECT#<pid> CHILDREN#INTERVENTION (id sets)
 * The child indexes let a page of communities load all their projects, and those projects all
 * their interventions, in a fixed number of BatchGetItem calls. They are contributors of the
 * write pipeline (projectChildIndexes), so every creation joins its parent's set by construction.
 */
export function projectChildIndexes(table: Table): ChildIndex[] {
  return [
    new ChildIndex(table, 'COMMUNITY', 'PROJECT', { childType: 'Project', parentOf: (project: Project) => project.communityId }),
    new ChildIndex(table, 'PROJECT', 'INTERVENTION', { childType: 'Intervention', parentOf: (intervention: Intervention) => intervention.projectId }),
  ];
}

export class ProjectRepository {
  readonly projects: RecordStore<Project>;
  readonly interventions: RecordStore<Intervention>;
  readonly projectsOfCommunity: ChildIndex;
  readonly interventionsOfProject: ChildIndex;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.projects = new RecordStore<Project>(table, {
      kind: 'PROJECT',
      type: 'Project',
      label: 'promotion project',
      listing: (project) => ({ partition: listingKeys.projects(project.communityId), position: projectPosition(project) }),
    });
    this.interventions = new RecordStore<Intervention>(table, {
      kind: 'INTERVENTION',
      type: 'Intervention',
      label: 'intervention',
      listing: (intervention) => ({
        partition: listingKeys.interventions(intervention.projectId),
        position: interventionPosition(intervention),
      }),
    });
    [this.projectsOfCommunity, this.interventionsOfProject] = projectChildIndexes(table) as [ChildIndex, ChildIndex];
  }

  /** A new project, with interventions created along with it (the demo's, a copied plan) in the same write. */
  create(project: Project, regionCode: string, origin: WriteOrigin, interventions: readonly Intervention[] = []): Promise<void> {
    const write = joined(
      this.projects.created(project, regionCode),
      ...interventions.map((intervention) => this.interventions.created(intervention, regionCode, { project })),
    );
    return this.pipeline.commit({ operation: 'CREATE', ...write }, origin);
  }

  /**
   * A new category takes the project's interventions along in the analytics snapshot: the
   * transaction holds to the number of interventions read (`interventionCount`; one added
   * meanwhile makes it CONFLICT, and adding one holds to this project's version in turn).
   */
  update(current: Project, next: Project, regionCode: string, interventionCount: number, origin: WriteOrigin): Promise<void> {
    const moved = next.category !== current.category;
    const write = this.projects.replaced(current, next, regionCode, moved ? { interventionCount } : undefined);
    const interventionAdded = () => new ConflictError(`an intervention was added to project ${current.id} meanwhile; read it again`, 'input.category');
    return this.pipeline.commit(
      {
        operation: 'UPDATE',
        steps: [...write.steps, ...(moved ? [this.interventionsOfProject.countCheckStep(current.id, interventionCount, interventionAdded)] : [])],
        changes: write.changes,
      },
      origin,
    );
  }

  close(current: Project, next: Project, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'CLOSE', ...this.projects.replaced(current, next, regionCode) }, origin);
  }

  /** An intervention counts under its project's category: the write holds to the project as read. */
  createIntervention(intervention: Intervention, project: Project, regionCode: string, origin: WriteOrigin): Promise<void> {
    const projectChanged = () =>
      new ConflictError(`project ${project.id} changed while the intervention was being added; read it again`, 'input.projectId');
    const write = joined(this.interventions.created(intervention, regionCode, { project }), {
      steps: [this.projects.unchangedStep(project, projectChanged)],
      changes: [],
    });
    return this.pipeline.commit({ operation: 'CREATE', ...write }, origin);
  }

  updateIntervention(current: Intervention, next: Intervention, project: Project, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.interventions.replaced(current, next, regionCode, { project }) }, origin);
  }
}

export const projectPosition = (project: Pick<Project, 'startOn' | 'id'>) => `${project.startOn}#${project.id}`;
export const interventionPosition = (intervention: Pick<Intervention, 'startOn' | 'id'>) =>
  `${intervention.startOn ?? '0000-00-00'}#${intervention.id}`;
