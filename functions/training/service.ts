import DataLoader from 'dataloader';
import * as z from 'zod';
import { authorizeRecord } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import { applyPatch, isEmptyPatch } from '#core/patch.ts';
import { recordId, uniqueSorted } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import type { ProjectService } from '#project/service.ts';
import {
  type Activity,
  type ActivityKind,
  createActivityInputSchema,
  recordSurveyInputSchema,
  type Survey,
  updateActivityInputSchema,
} from './model.ts';
import { type ActivityRepository, activityListing, surveyId, surveyListing, untaggedSurveyId } from './repository.ts';
import { newId } from '#core/ids.ts';

export interface ActivityListArgs {
  readonly kind?: ActivityKind | null;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export type ActivityConnectionModel = Connection<Activity>;

const deleteActivityInputSchema = z.object({ id: recordId, version: z.number().int().positive('must be the version you read') });

/** Trainings, drills, lectures, publicity campaigns and inspections; and yearly surveys. */
export class ActivityService {
  private readonly activityById: DataLoader<string, Activity | undefined>;
  private readonly surveyById: DataLoader<string, Survey | undefined>;

  constructor(
    private readonly repository: ActivityRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly projects: ProjectService,
    private readonly origin: WriteOrigin,
  ) {
    this.activityById = new DataLoader((ids) => repository.activities.getMany(ids), { maxBatchSize: 100 });
    this.surveyById = new DataLoader((ids) => repository.surveys.getMany(ids), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<Activity> {
    const activity = await this.activityById.load(id);
    const community = activity && (await this.communities.find(activity.communityId));
    if (!activity || !community) throw new NotFoundError('activity', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'activity', id });
    return activity;
  }

  /** Newest first; `from`/`to` bound the date held (inclusive). */
  async ofCommunity(community: Community, args: ActivityListArgs): Promise<ActivityConnectionModel> {
    authorizeRecord(this.principal, 'record:read', community);
    const page = pageRequest(args.first, args.after);
    if (args.from && args.to && args.to < args.from) throw BadUserInputError.field('to', 'must not be before from');
    const listing = {
      partition: activityListing(community.id),
      descending: true,
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: `${args.to}\uffff` } : {}),
      ...(args.kind ? { filter: { expression: '#kind = :kind', names: { '#kind': 'kind' }, values: { ':kind': args.kind } } } : {}),
    };
    const result = await this.repository.activities.page({ ...listing, ...page });
    return connectionOf(result.items, result.hasNextPage, page.after !== undefined, () => this.repository.activities.count(listing));
  }

  async list(communityId: string, args: ActivityListArgs): Promise<ActivityConnectionModel> {
    return this.ofCommunity(await this.communities.get(communityId), args);
  }

  async create(rawInput: unknown): Promise<Activity> {
    const input = parseInput(createActivityInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    authorizeRecord(this.principal, 'record:write', community);
    if (input.projectId) await this.assertProjectOf(community.id, input.projectId);
    const now = new Date().toISOString();
    const activity: Activity = {
      id: newId('activity'),
      ...input,
      regionCode: community.regionCode,
      audienceGroups: uniqueSorted(input.audienceGroups),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.createActivity(activity, community.regionCode, this.origin);
    return activity;
  }

  async update(rawInput: unknown): Promise<Activity> {
    const { id, version, ...changes } = parseInput(updateActivityInputSchema, rawInput);
    const { activity: current, community } = await this.writable(id);
    this.repository.activities.assertVersion(current, version);
    if (changes.projectId) await this.assertProjectOf(current.communityId, changes.projectId);
    if (isEmptyPatch(changes)) return current;
    const patched = applyPatch(current, changes);
    const next: Activity = { ...patched, audienceGroups: uniqueSorted(patched.audienceGroups), version: current.version + 1, updatedAt: new Date().toISOString() };
    await this.repository.updateActivity(current, next, community.regionCode, this.origin);
    this.activityById.clear(id).prime(id, next);
    return next;
  }

  async delete(rawInput: unknown): Promise<Activity> {
    const { id, version } = parseInput(deleteActivityInputSchema, rawInput);
    const { activity: current, community } = await this.writable(id);
    this.repository.activities.assertVersion(current, version);
    await this.repository.deleteActivity(current, community.regionCode, this.origin);
    this.activityById.clear(id);
    return current;
  }

  /** A survey by its id (`node(id:)`): readable as its community's `surveys` are. Batched with the request's other survey reads. */
  async getSurvey(id: string): Promise<Survey> {
    const survey = await this.surveyById.load(id);
    const community = survey && (await this.communities.find(survey.communityId));
    if (!survey || !community) throw new NotFoundError('survey', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'survey', id });
    return survey;
  }

  /** Surveys of a community, by year. */
  async surveysOf(community: Community): Promise<Survey[]> {
    authorizeRecord(this.principal, 'record:read', community);
    // One page holds every year a community can have surveyed.
    const page = await this.repository.surveys.page({ partition: surveyListing(community.id), first: 100 });
    return page.items.map((item) => item.node);
  }

  /**
   * Records a community's survey of a year. Without `version` it must be the year's first survey
   * (CONFLICT otherwise); with the version read it replaces that survey.
   */
  async recordSurvey(rawInput: unknown): Promise<Survey> {
    const { version, ...input } = parseInput(recordSurveyInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    authorizeRecord(this.principal, 'record:write', community);
    const id = surveyId(community.id, input.year);
    const now = new Date().toISOString();
    if (input.surveyedOn && Number(input.surveyedOn.slice(0, 4)) !== input.year) {
      throw BadUserInputError.field('input.surveyedOn', `must fall in ${input.year}`);
    }
    // The year's survey is under its tagged id, or, recorded before ids were tagged, under the
    // untagged one: that one is the year's survey too (no survey is made under it any more).
    const [tagged, untagged] = await this.repository.surveys.getMany([id, untaggedSurveyId(community.id, input.year)]);
    if (version === undefined) {
      if (untagged) throw new ConflictError(`the survey of ${input.year} is already recorded; send its version to replace it`, 'input.year');
      const survey: Survey = { id, ...input, regionCode: community.regionCode, version: 1, createdAt: now, updatedAt: now };
      await this.repository.createSurvey(survey, community.regionCode, this.origin);
      return survey;
    }
    const current = tagged ?? untagged;
    if (!current) throw new NotFoundError('survey', id);
    this.repository.surveys.assertVersion(current, version);
    // A survey is replaced whole: what the new one leaves out is gone. It keeps its id.
    const next: Survey = {
      id: current.id,
      ...input,
      ...(current.regionCode ? { regionCode: current.regionCode } : {}),
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: now,
    };
    await this.repository.replaceSurvey(current, next, community.regionCode, this.origin);
    return next;
  }

  private async writable(id: string): Promise<{ activity: Activity; community: Community }> {
    const activity = await this.activityById.load(id);
    const community = activity && (await this.communities.find(activity.communityId));
    if (!activity || !community) throw new NotFoundError('activity', id);
    authorizeRecord(this.principal, 'record:write', community, { label: 'activity', id });
    return { activity, community };
  }

  private async assertProjectOf(communityId: string, projectId: string): Promise<void> {
    const project = await this.projects.get(projectId).catch(() => undefined);
    if (!project || project.communityId !== communityId) {
      throw BadUserInputError.field('input.projectId', `is not a promotion project of community ${communityId}`);
    }
  }
}
