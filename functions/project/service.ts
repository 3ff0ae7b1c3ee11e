import DataLoader from 'dataloader';
import { authorizeRecord } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import { type Connection, pageInMemory, pageRequest } from '#core/pagination.ts';
import { applyPatch, isEmptyPatch } from '#core/patch.ts';
import { notInFuture, type ProjectCategory, uniqueSorted } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import {
  closeProjectInputSchema,
  createInterventionInputSchema,
  createProjectInputSchema,
  type Intervention,
  type Project,
  type ProjectStatus,
  updateInterventionInputSchema,
  updateProjectInputSchema,
} from './model.ts';
import { interventionPosition, projectPosition, type ProjectRepository } from './repository.ts';
import { newId } from '#core/ids.ts';

export interface ProjectListArgs {
  readonly category?: ProjectCategory | null;
  readonly status?: ProjectStatus | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export type ProjectConnectionModel = Connection<Project>;

/**
 * Promotion projects and their interventions for one request. Reads of a page of communities
 * batch: the community → project ids sets, the projects, the project → intervention ids sets and
 * the interventions each load through one DataLoader.
 */
export class ProjectService {
  private readonly projectById: DataLoader<string, Project | undefined>;
  private readonly interventionById: DataLoader<string, Intervention | undefined>;
  private readonly projectIdsOfCommunity: DataLoader<string, string[]>;
  private readonly interventionIdsOfProject: DataLoader<string, string[]>;

  constructor(
    private readonly repository: ProjectRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
  ) {
    this.projectById = new DataLoader((ids) => repository.projects.getMany(ids), { maxBatchSize: 100 });
    this.interventionById = new DataLoader((ids) => repository.interventions.getMany(ids), { maxBatchSize: 100 });
    this.projectIdsOfCommunity = new DataLoader((ids) => repository.projectsOfCommunity.childIds(ids), { maxBatchSize: 100 });
    this.interventionIdsOfProject = new DataLoader((ids) => repository.interventionsOfProject.childIds(ids), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<Project> {
    const project = await this.projectById.load(id);
    const community = project && (await this.communities.find(project.communityId));
    if (!project || !community) throw new NotFoundError('promotion project', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'promotion project', id });
    return project;
  }

  async getIntervention(id: string): Promise<Intervention> {
    const intervention = await this.interventionById.load(id);
    const community = intervention && (await this.communities.find(intervention.communityId));
    if (!intervention || !community) throw new NotFoundError('intervention', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'intervention', id });
    return intervention;
  }

  /** The projects of a community the caller may read (the community resolver authorized it). */
  async ofCommunity(community: Community, args: ProjectListArgs): Promise<ProjectConnectionModel> {
    authorizeRecord(this.principal, 'record:read', community);
    const page = pageRequest(args.first, args.after);
    const projects = await this.loadAll(this.projectById, await this.projectIdsOfCommunity.load(community.id));
    const matching = projects.filter(
      (project) => (!args.category || project.category === args.category) && (!args.status || project.status === args.status),
    );
    return pageInMemory(matching.map((node) => ({ position: projectPosition(node), node })), page);
  }

  async list(communityId: string, args: ProjectListArgs): Promise<ProjectConnectionModel> {
    return this.ofCommunity(await this.communities.get(communityId), args);
  }

  /** A project's interventions, oldest first. */
  async interventionsOf(project: Project): Promise<Intervention[]> {
    const interventions = await this.loadAll(this.interventionById, await this.interventionIdsOfProject.load(project.id));
    return interventions.sort((a, b) => (interventionPosition(a) < interventionPosition(b) ? -1 : 1));
  }

  async interventionCount(project: Project): Promise<number> {
    return (await this.interventionIdsOfProject.load(project.id)).length;
  }

  async create(rawInput: unknown): Promise<Project> {
    const input = parseInput(createProjectInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    authorizeRecord(this.principal, 'record:write', community);
    const now = new Date().toISOString();
    const project: Project = {
      id: newId('project'),
      ...input,
      regionCode: community.regionCode,
      targetGroups: uniqueSorted(input.targetGroups),
      environments: uniqueSorted(input.environments),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.create(project, community.regionCode, this.origin);
    this.projectIdsOfCommunity.clear(community.id);
    return project;
  }

  async update(rawInput: unknown): Promise<Project> {
    const { id, version, ...changes } = parseInput(updateProjectInputSchema, rawInput);
    const { project: current, community } = await this.writableProject(id);
    this.repository.projects.assertVersion(current, version);
    if (isEmptyPatch(changes)) return current;
    const patched = applyPatch(current, changes);
    if (patched.endOn && patched.endOn < patched.startOn) throw BadUserInputError.field('input.endOn', 'must not be before startOn');
    const next: Project = {
      ...patched,
      targetGroups: uniqueSorted(patched.targetGroups),
      environments: uniqueSorted(patched.environments),
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    const interventions = next.category !== current.category ? (await this.interventionIdsOfProject.load(id)).length : 0;
    await this.repository.update(current, next, community.regionCode, interventions, this.origin);
    this.projectById.clear(id).prime(id, next);
    return next;
  }

  /** Closing records the outcome (effect and improvement plan); a closed project is read-only. */
  async close(rawInput: unknown): Promise<Project> {
    const { id, version, closedOn, outcome } = parseInput(closeProjectInputSchema, rawInput);
    const { project: current, community } = await this.writableProject(id);
    this.repository.projects.assertVersion(current, version);
    if (closedOn < current.startOn) throw BadUserInputError.field('input.closedOn', `must not be before the project started (${current.startOn})`);
    if (!notInFuture(closedOn)) throw BadUserInputError.field('input.closedOn', 'must not be in the future');
    const next: Project = { ...current, status: 'CLOSED', closedOn, outcome, version: current.version + 1, updatedAt: new Date().toISOString() };
    await this.repository.close(current, next, community.regionCode, this.origin);
    this.projectById.clear(id).prime(id, next);
    return next;
  }

  async createIntervention(rawInput: unknown): Promise<Intervention> {
    const input = parseInput(createInterventionInputSchema, rawInput, { nullMeansAbsent: true });
    const { project, community } = await this.writableProject(input.projectId, 'input.projectId');
    const now = new Date().toISOString();
    const intervention: Intervention = {
      id: newId('intervention'),
      ...input,
      communityId: project.communityId,
      regionCode: project.regionCode ?? community.regionCode,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.createIntervention(intervention, project, community.regionCode, this.origin);
    this.interventionIdsOfProject.clear(project.id);
    return intervention;
  }

  async updateIntervention(rawInput: unknown): Promise<Intervention> {
    const { id, version, ...changes } = parseInput(updateInterventionInputSchema, rawInput);
    const current = await this.interventionById.load(id);
    if (!current) throw new NotFoundError('intervention', id);
    const { project, community } = await this.writableProject(current.projectId, 'input.id', { label: 'intervention', id });
    this.repository.interventions.assertVersion(current, version);
    if (isEmptyPatch(changes)) return current;
    const patched = applyPatch(current, changes);
    if (patched.startOn && patched.completedOn && patched.completedOn < patched.startOn) {
      throw BadUserInputError.field('input.completedOn', 'must not be before startOn');
    }
    const next: Intervention = { ...patched, version: current.version + 1, updatedAt: new Date().toISOString() };
    await this.repository.updateIntervention(current, next, project, community.regionCode, this.origin);
    this.interventionById.clear(id).prime(id, next);
    return next;
  }

  /** A project the caller may change (visible, theirs to write, and not closed), and its community. */
  private async writableProject(
    id: string,
    field = 'input.id',
    asked: { label: string; id: string } = { label: 'promotion project', id },
  ): Promise<{ project: Project; community: Community }> {
    const project = await this.projectById.load(id);
    const community = project && (await this.communities.find(project.communityId));
    if (!project || !community) throw new NotFoundError(asked.label, asked.id);
    authorizeRecord(this.principal, 'record:write', community, asked);
    if (project.status === 'CLOSED') throw BadUserInputError.field(field, `project ${id} is closed`);
    return { project, community };
  }

  private async loadAll<T>(loader: DataLoader<string, T | undefined>, ids: readonly string[]): Promise<T[]> {
    const loaded = await loader.loadMany(ids);
    return loaded.filter((value): value is T => value !== undefined && !(value instanceof Error));
  }
}
