import { ChildIndex, RecordStore } from '#core/db/records.ts';
import type { Table } from '#core/db/table.ts';
import type { Intervention, Project } from './model.ts';

/**
 * Promotion projects and interventions in the single table.
 *   project        pk PROJECT#<id>        sk PROJECT         gsi1 COMMUNITY#<cid>#PROJECTS / <startOn>#<id>
 *   intervention   pk INTERVENTION#<id>   sk INTERVENTION    gsi1 PROJECT#<pid>#INTERVENTIONS / <startOn>#<id>
 *   child indexes  COMMUNITY#<cid> CHILDREN#PROJECT, PROJECT#<pid> CHILDREN#INTERVENTION (id sets)
 * The child indexes let a page of communities load all their projects, and those projects all
 * their interventions, in a fixed number of BatchGetItem calls.
 */
export class ProjectRepository {
  readonly projects: RecordStore<Project>;
  readonly interventions: RecordStore<Intervention>;
  readonly projectsOfCommunity: ChildIndex;
  readonly interventionsOfProject: ChildIndex;

  constructor(readonly table: Table) {
    this.projects = new RecordStore<Project>(table, {
      kind: 'PROJECT',
      label: 'promotion project',
      listing: (project) => ({ partition: `COMMUNITY#${project.communityId}#PROJECTS`, position: projectPosition(project) }),
    });
    this.interventions = new RecordStore<Intervention>(table, {
      kind: 'INTERVENTION',
      label: 'intervention',
      listing: (intervention) => ({
        partition: `PROJECT#${intervention.projectId}#INTERVENTIONS`,
        position: interventionPosition(intervention),
      }),
    });
    this.projectsOfCommunity = new ChildIndex(table, 'COMMUNITY', 'PROJECT');
    this.interventionsOfProject = new ChildIndex(table, 'PROJECT', 'INTERVENTION');
  }
}

export const projectPosition = (project: Pick<Project, 'startOn' | 'id'>) => `${project.startOn}#${project.id}`;
export const interventionPosition = (intervention: Pick<Intervention, 'startOn' | 'id'>) =>
  `${intervention.startOn ?? '0000-00-00'}#${intervention.id}`;
