import { chinaToday } from '#core/taxonomy.ts';
import DataLoader from 'dataloader';
import {
  authorizeCommunity,
  authorizeCommunityMove,
  authorizeStageChange,
  canReadCommunity,
  communityListScope,
  requirePrincipal,
} from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '#core/errors.ts';
import { type Connection, connectionOf, pageInMemory, pageRequest } from '#core/pagination.ts';
import { applyPatch } from '#core/patch.ts';
import { parseInput } from '#core/validation.ts';
import { findRegion, regionLevelOf } from '#region/region-table.ts';
import { isAllowedTransition, STAGE_TRANSITIONS } from './lifecycle.ts';
import {
  type Community,
  type CommunityStage,
  createCommunityInputSchema,
  updateCommunityInputSchema,
} from './model.ts';
import { type CommunityMove, communityPosition, type CommunityRepository } from './repository.ts';
import { newId } from '#core/ids.ts';

export interface CommunityListArgs {
  readonly regionCode?: string | null;
  readonly stage?: CommunityStage | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** What the communities query returns; type resolvers see this shape. */
export type CommunityConnectionModel = Connection<Community>;

/** Stage changes are dated in China, as every LocalDate input is (taxonomy.ts pastDate). */
const today = chinaToday;

/**
 * Community use cases for one request: validation, policy, lifecycle, then the repository.
 * The loader batches every community read of the request into BatchGetItem calls.
 */
export class CommunityService {
  private readonly loader: DataLoader<string, Community | undefined>;

  constructor(
    private readonly repository: CommunityRepository,
    private readonly principal: Principal | null,
    private readonly origin: WriteOrigin,
  ) {
    this.loader = new DataLoader((ids) => repository.getMany(ids), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<Community> {
    const caller = requirePrincipal(this.principal);
    const community = await this.loader.load(id);
    // Missing and not visible answer alike, so existence does not leak.
    if (!community || !canReadCommunity(caller, community)) throw new NotFoundError('community', id);
    return community;
  }

  /**
   * The community behind a record, for the policy to decide on: no authorization here, the
   * caller authorizes with it. Batched with every other community read of the request.
   */
  async find(id: string): Promise<Community | undefined> {
    return this.loader.load(id);
  }

  /** After another service wrote a community (a certification moving its stage), reads see the new one. */
  remember(community: Community): void {
    this.loader.clear(community.id).prime(community.id, community);
  }

  /** The community a new record goes to: NOT_FOUND when it does not exist. */
  async require(id: string): Promise<Community> {
    const community = await this.loader.load(id);
    if (!community) throw new NotFoundError('community', id);
    return community;
  }

  async list(args: CommunityListArgs): Promise<Connection<Community>> {
    const regionCode = args.regionCode ?? null;
    if (regionCode !== null && !findRegion(regionCode)) {
      throw BadUserInputError.field('regionCode', `${regionCode} is not a GB/T 2260 division code`);
    }
    const scope = communityListScope(this.principal, regionCode);
    const page = pageRequest(args.first, args.after);
    const stage = args.stage ?? null;

    if (scope.kind === 'communities') {
      // Editors hold a handful of communities: read them in one batch and page in memory.
      const own = (await this.loader.loadMany(scope.communityIds)).filter(
        (community): community is Community =>
          community !== undefined &&
          !(community instanceof Error) &&
          community.regionCode.startsWith(scope.regionPrefix ?? '') &&
          (stage === null || community.stage === stage),
      );
      return pageInMemory(own.map((node) => ({ position: communityPosition(node), node })), page);
    }

    const query = { regionPrefix: scope.regionPrefix, stage };
    const result = await this.repository.page({ ...query, ...page });
    for (const { node } of result.items) this.loader.prime(node.id, node);
    return connectionOf(result.items, result.hasNextPage, page.after !== undefined, () => this.repository.count(query));
  }

  async create(rawInput: unknown): Promise<Community> {
    requirePrincipal(this.principal);
    const input = parseInput(createCommunityInputSchema, rawInput, { nullMeansAbsent: true });
    assertKnownRegion(input.regionCode);
    const now = new Date().toISOString();
    const community: Community = {
      id: newId('community'),
      ...input,
      stageHistory: [{ stage: input.stage, on: input.launchedOn && input.stage === 'LAUNCHED' ? input.launchedOn : today() }],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    authorizeCommunity(this.principal, 'community:create', community);
    await this.repository.create(community, this.origin);
    return community;
  }

  async update(rawInput: unknown): Promise<Community> {
    requirePrincipal(this.principal);
    const { id, version, stage, stageChangedOn, ...changes } = parseInput(updateCommunityInputSchema, rawInput);
    const current = await this.repository.get(id);
    if (!current) throw new NotFoundError('community', id);

    const { regionCode: newRegion, ...profile } = changes;
    const moving = newRegion !== undefined && newRegion !== current.regionCode;
    const profileChanged = Object.keys(profile).length > 0;
    if (profileChanged) authorizeCommunity(this.principal, 'community:update', current);
    if (moving) {
      assertKnownRegion(newRegion);
      // The region decides who sees and counts a community: moving it is a reviewer's or an admin's change.
      authorizeCommunityMove(this.principal, current, newRegion);
    }
    let stageHistory = current.stageHistory;
    if (stage !== undefined && stage !== current.stage) {
      authorizeStageChange(this.principal, current, current.stage, stage);
      stageHistory = nextStageHistory(current, stage, stageChangedOn ?? today(), 'input.stageChangedOn');
    } else if (!profileChanged && !moving) {
      authorizeCommunity(this.principal, 'community:read', current);
    }
    // Compare after authorization, so a stale version tells nothing to someone not allowed.
    if (current.version !== version) {
      throw new ConflictError(
        `community ${id} is at version ${current.version}, not ${version}; read it again`,
        'input.version',
      );
    }

    if (!profileChanged && !moving && stageHistory === current.stageHistory) return current;

    const next = applyChanges(current, changes, stage ?? current.stage, stageHistory);
    const stageMoved = next.stage !== current.stage;
    await this.repository.update(current, next, this.origin, stageMoved && !profileChanged && !moving ? 'STAGE_CHANGE' : 'UPDATE');
    this.loader.clear(id).prime(id, next);
    return next;
  }
}

/**
 * The stage moves a record's write carries along (a certification step, a self-assessment's
 * submission): each is checked against the lifecycle when it is made, and once the write commits
 * the request reads the moved community. One per request service.
 */
export class StageMoves {
  private readonly moved: Community[] = [];

  constructor(private readonly communities: CommunityService) {}

  move(community: Community, stage: CommunityStage, on: string, dateField: string): CommunityMove {
    const next = withStage(community, stage, nextStageHistory(community, stage, on, dateField));
    this.moved.push(next);
    return { before: community, after: next };
  }

  /** Runs the write; the moves made for it take effect in this request only if it commits. */
  async commit(write: () => Promise<void>): Promise<void> {
    try {
      await write();
      for (const community of this.moved) this.communities.remember(community);
    } finally {
      this.moved.length = 0;
    }
  }
}

/**
 * The history after a move to `stage` on `on`: the move must follow the lifecycle, and be dated
 * neither before the last move nor in the future. `dateField` names the input the date came from.
 */
export function nextStageHistory(current: Community, stage: CommunityStage, on: string, dateField: string): Community['stageHistory'] {
  if (!isAllowedTransition(current.stage, stage)) {
    const allowed = STAGE_TRANSITIONS[current.stage].join(', ');
    throw BadUserInputError.field('input.stage', `cannot move from ${current.stage} to ${stage}; allowed: ${allowed}`);
  }
  const last = current.stageHistory.at(-1);
  if (last && on < last.on) throw BadUserInputError.field(dateField, `must not be before the last stage change (${last.on})`);
  if (on > today()) throw BadUserInputError.field(dateField, 'must not be in the future');
  return [...current.stageHistory, { stage, on }];
}

/** The community after a stage move, one version on. */
export function withStage(current: Community, stage: CommunityStage, stageHistory: Community['stageHistory']): Community {
  return { ...current, stage, stageHistory, version: current.version + 1, updatedAt: new Date().toISOString() };
}

function assertKnownRegion(code: string): void {
  const level = regionLevelOf(code);
  if (!findRegion(code) || (level !== 'COUNTY' && level !== 'TOWN')) {
    throw BadUserInputError.field('input.regionCode', `${code} is not a county or town/street in GB/T 2260`);
  }
}

function applyChanges(
  current: Community,
  changes: Record<string, unknown>,
  stage: CommunityStage,
  stageHistory: Community['stageHistory'],
): Community {
  return { ...applyPatch(current, changes), stage, stageHistory, version: current.version + 1, updatedAt: new Date().toISOString() };
}
