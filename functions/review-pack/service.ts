import DataLoader from 'dataloader';
import type { CommunityService } from '#community/service.ts';
import { authorizeReviewPack, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { NotFoundError } from '#core/errors.ts';
import { newId, parseId } from '#core/ids.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { chinaToday } from '#core/taxonomy.ts';
import type { ReviewPackLauncher } from './launcher.ts';
import {
  effectiveStatus,
  REVIEW_PACK_LEASE_MS,
  REVIEW_PACK_RETENTION_MS,
  REVIEW_PACK_URL_SECONDS,
  type ReviewPack,
  type ReviewPackProgress,
  type ReviewPackStatus,
  reviewPackFileName,
  reviewPackKey,
} from './model.ts';
import { PackInProgress, type ReviewPackRepository } from './repository.ts';
import type { ReviewPackLinks } from './storage.ts';

/** A pack as the API shows it (the GraphQL ReviewPack): the record, its progress, and a fresh link when DONE. */
export interface ReviewPackView {
  readonly id: string;
  readonly communityId: string;
  readonly status: ReviewPackStatus;
  readonly progress: ReviewPackProgress;
  readonly fileName: string;
  readonly url: string | null;
  readonly expiresAt: string | null;
  readonly bytes: number | null;
  readonly failureReason: string | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * Review packs for one request. The policy decides first (authorizeReviewPack: editors of the
 * community, reviewers in region, admins), then the write: the pack QUEUED and the community's
 * guard in one transaction; when another pack holds the guard nothing is written and that pack is
 * the answer. The job is launched after the commit, so it always finds its record.
 */
export class ReviewPackService {
  constructor(
    private readonly repository: ReviewPackRepository,
    private readonly launcher: ReviewPackLauncher,
    private readonly links: ReviewPackLinks,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
    private readonly now: () => Date = () => new Date(),
  ) {
    // A request reads packs by id together (`nodes`): 50 packs, each record and gauge, per BatchGetItem.
    this.byId = new DataLoader((ids) => repository.getMany(ids), { maxBatchSize: 50 });
  }

  private readonly byId: DataLoader<string, { pack: ReviewPack; progress: ReviewPackProgress } | undefined>;

  async request(rawCommunityId: unknown): Promise<ReviewPackView> {
    const caller = requirePrincipal(this.principal);
    const communityId = parseId(rawCommunityId, 'communityId');
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeReviewPack(caller, community);
    const now = this.now();
    const running = await this.repository.runningPackId(communityId, now);
    if (running) return this.view(await this.existing(running));
    const id = newId('reviewPack');
    const pack: ReviewPack = {
      id,
      communityId,
      regionCode: community.regionCode,
      status: 'QUEUED',
      requestedBy: caller.subject,
      requestedAt: now.toISOString(),
      leaseExpiresAt: new Date(now.getTime() + REVIEW_PACK_LEASE_MS).toISOString(),
      key: reviewPackKey(id),
      fileName: reviewPackFileName(community.name, chinaToday()),
      version: 1,
      updatedAt: now.toISOString(),
    };
    try {
      await this.repository.request(pack, this.origin);
    } catch (error) {
      // Two requests at once: the other one's pack took the guard; it is the answer to both.
      if (!(error instanceof PackInProgress)) throw error;
      const winner = await this.repository.runningPackId(communityId, now);
      if (!winner) throw error;
      return this.view(await this.existing(winner));
    }
    await this.launcher.launch(id);
    return this.view({ pack, progress: { files: 0, bytes: 0 } });
  }

  async get(rawId: unknown): Promise<ReviewPackView> {
    const caller = requirePrincipal(this.principal);
    const id = parseId(rawId, 'id');
    const found = await this.byId.load(id);
    const community = found && (await this.communities.find(found.pack.communityId));
    if (!found || !community) throw new NotFoundError('review pack', id);
    authorizeReviewPack(caller, community, { label: 'review pack', id });
    return this.view(found);
  }

  private async existing(id: string): Promise<{ pack: ReviewPack; progress: ReviewPackProgress }> {
    const found = await this.repository.get(id);
    if (!found) throw new Error(`the guard names review pack ${id}, which does not exist`);
    return found;
  }

  private async view({ pack, progress }: { pack: ReviewPack; progress: ReviewPackProgress }): Promise<ReviewPackView> {
    const now = this.now();
    const { status, failureReason } = effectiveStatus(pack, now);
    const stored = status === 'DONE' && pack.finishedAt !== undefined && Date.parse(pack.finishedAt) + REVIEW_PACK_RETENTION_MS > now.getTime();
    const url = stored ? await this.links.sign(pack, REVIEW_PACK_URL_SECONDS) : null;
    return {
      id: pack.id,
      communityId: pack.communityId,
      status,
      progress: status === 'DONE' ? { ...progress, files: pack.files ?? progress.files, bytes: progress.totalBytes ?? progress.bytes } : progress,
      fileName: pack.fileName,
      url,
      expiresAt: url ? new Date(now.getTime() + REVIEW_PACK_URL_SECONDS * 1000).toISOString() : null,
      bytes: pack.bytes ?? null,
      failureReason: failureReason ?? null,
      requestedBy: pack.requestedBy,
      requestedAt: pack.requestedAt,
      startedAt: pack.startedAt ?? null,
      finishedAt: pack.finishedAt ?? null,
    };
  }
}
