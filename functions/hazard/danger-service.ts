import DataLoader from 'dataloader';
import { authorizeDangerMove, authorizeEscalatedHazards, authorizeHiddenDanger, CHAIN_LEVEL_DIGITS, type ChainPosition } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, decodeCursor, encodeCursor, pageRequest } from '#core/pagination.ts';
import { chinaToday, recordId } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import { addDays } from '#core/dates.ts';
import { provinceCodes } from '#region/region-table.ts';
import { type DangerAction, type DangerState, ESCALATION_AFTER_DAYS, escalatedTo, escalationThreshold, moveInputIssues, transition } from './danger-lifecycle.ts';
import { createHiddenDangerInputSchema, dangerMoveInputSchema, type HiddenDanger, newHiddenDanger, rejectVerificationInputSchema, reportRectifiedInputSchema } from './danger-model.ts';
import { hiddenDangerListing, type HiddenDangerRepository } from './danger-repository.ts';
import type { HazardService } from './service.ts';
import type { Evidence } from '#evidence/model.ts';

/** Reads evidence records by id (the evidence repository), to check the photos a rectification names. */
export interface EvidenceReader {
  get(id: string): Promise<Evidence | undefined>;
}

/** A photo after is evidence of the danger (owner type HIDDEN_DANGER) requested or available: not rejected, withdrawn or expired. */
const USABLE_PHOTO_STATUSES: readonly Evidence['status'][] = ['PENDING_UPLOAD', 'AVAILABLE'];

export interface HiddenDangerArgs {
  readonly state?: DangerState | null;
  /** true: only those OVERDUE today (China); false: only those not. */
  readonly overdue?: boolean | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export type HiddenDangerConnectionModel = Connection<HiddenDanger>;

const LABEL = 'hidden danger';

/**
 * A community's hidden dangers (隐患) for one request: recorded by its editors, moved through
 * their life by danger-lifecycle.ts's rules (the policy's "Hidden dangers" section asks it who
 * may make each move), each move one write with its audit entry under the version read.
 */
export class HiddenDangerService {
  private readonly byId: DataLoader<string, HiddenDanger | undefined>;

  constructor(
    private readonly repository: HiddenDangerRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly hazards: HazardService,
    private readonly evidence: EvidenceReader,
    private readonly origin: WriteOrigin,
  ) {
    this.byId = new DataLoader((ids) => repository.dangers.getMany(ids), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<HiddenDanger> {
    return (await this.visible(id)).danger;
  }

  /**
   * A community's dangers by deadline, earliest first. `overdue: true` reads only the range of
   * deadlines before today (the listing's key) and keeps those awaiting their fix.
   */
  async list(communityId: string, args: HiddenDangerArgs): Promise<HiddenDangerConnectionModel> {
    const parsed = recordId.safeParse(communityId);
    if (!parsed.success) throw BadUserInputError.field('communityId', parsed.error.issues[0]?.message ?? 'is not an id');
    const community = await this.communities.find(parsed.data);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeHiddenDanger(this.principal, 'danger:read', community);
    const today = chinaToday();
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (args.state) {
      conditions.push('#state = :state');
      names['#state'] = 'state';
      values[':state'] = args.state;
    }
    let range: { from?: string; to?: string } = {};
    if (args.overdue === true) {
      range = { from: '0', to: `${today}#` };
      conditions.push('#state IN (:open, :rectifying)');
      names['#state'] = 'state';
      Object.assign(values, { ':open': 'OPEN', ':rectifying': 'RECTIFYING' });
    } else if (args.overdue === false) {
      conditions.push('(#deadline >= :today OR NOT (#state IN (:open, :rectifying)))');
      Object.assign(names, { '#deadline': 'deadline', '#state': 'state' });
      Object.assign(values, { ':today': today, ':open': 'OPEN', ':rectifying': 'RECTIFYING' });
    }
    const listing = {
      partition: hiddenDangerListing(community.id),
      ...range,
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    };
    const request = pageRequest(args.first, args.after);
    const result = await this.repository.dangers.page({ ...listing, ...request });
    return connectionOf(result.items, result.hasNextPage, request.after !== undefined, () => this.repository.dangers.count(listing));
  }

  /**
   * The dangers escalated to a level today: a county, city or province (`regionCode` of 6, 4 or 2
   * digits), or the national centre (no region code): those of its communities awaiting their fix
   * long enough past their deadline to have climbed to it (danger-lifecycle.ts escalatedTo, as the
   * reminders job sends them), by province, then earliest deadline first. Read from the sparse
   * listings of dangers awaiting their fix (the level's province, or every province for the
   * national centre) up to the latest deadline that can have climbed that far: bounded by what is
   * open, never by history. A cursor is `<province>|<listing position>`.
   */
  async escalated(regionCode: string | null | undefined, args: { readonly first?: number | null; readonly after?: string | null }): Promise<HiddenDangerConnectionModel> {
    const national = regionCode === null || regionCode === undefined;
    const code = regionCode ?? '';
    const level = national
      ? 'NATIONAL'
      : (Object.entries(CHAIN_LEVEL_DIGITS) as [ChainPosition['level'], number][]).find(([, digits]) => digits === code.length && /^\d+$/.test(code))?.[0];
    if (!level) throw BadUserInputError.field('regionCode', 'must be the code of a province (2 digits), city (4) or county (6), or absent for the national centre');
    authorizeEscalatedHazards(this.principal, national ? null : code);
    const request = pageRequest(args.first, args.after);
    const today = chinaToday();
    // The nearest level is reached on the first day after the deadline, so yesterday's deadlines are the latest that can have climbed.
    const lastDeadline = addDays(today, -ESCALATION_AFTER_DAYS[0]);
    const threshold = escalationThreshold({ level, regionCode: national ? null : code });
    const reached = (danger: HiddenDanger) =>
      (danger.regionCode ?? '').startsWith(code) && escalatedTo(danger, danger.regionCode ?? '', today).some((position) => escalationThreshold(position) === threshold);
    const provinces = national ? provinceCodes() : [code.slice(0, 2)];
    const cursor = request.after === undefined ? undefined : decodeCursor(request.after);
    const [cursorProvince, cursorPosition] = cursor?.includes('|') ? (cursor.split('|', 2) as [string, string]) : [undefined, undefined];
    if (cursor !== undefined && (!cursorProvince || !provinces.includes(cursorProvince))) throw BadUserInputError.field('after', 'is a cursor of another listing');
    const start = cursorProvince ? { province: cursorProvince, position: cursorPosition ?? '' } : undefined;
    const kept: { position: string; node: HiddenDanger }[] = [];
    for await (const entry of this.reachedIn(provinces, lastDeadline, reached, start)) {
      kept.push(entry);
      if (kept.length > request.first) break;
    }
    const total = async () => {
      let count = 0;
      for await (const _entry of this.reachedIn(provinces, lastDeadline, reached)) count += 1;
      return count;
    };
    return connectionOf(kept.slice(0, request.first), kept.length > request.first, request.after !== undefined, total);
  }

  /** The dangers of `provinces` awaiting their fix by `lastDeadline` that `reached` keeps, province by province, from `start` on. */
  private async *reachedIn(
    provinces: readonly string[],
    lastDeadline: string,
    reached: (danger: HiddenDanger) => boolean,
    start?: { readonly province: string; readonly position: string },
  ): AsyncGenerator<{ position: string; node: HiddenDanger }> {
    for (const province of start ? provinces.slice(provinces.indexOf(start.province)) : provinces) {
      let after = province === start?.province && start.position ? encodeCursor(start.position) : undefined;
      for (;;) {
        const page = await this.repository.awaitingBy(province, lastDeadline, 100, after);
        for (const item of page.items) if (reached(item.node)) yield { position: `${province}|${item.position}`, node: item.node };
        const last = page.items.at(-1);
        if (!page.hasNextPage || !last) break;
        after = encodeCursor(last.position);
      }
    }
  }

  async create(rawInput: unknown): Promise<HiddenDanger> {
    const input = parseInput(createHiddenDangerInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.find(input.communityId);
    if (!community) throw new NotFoundError('community', input.communityId);
    authorizeHiddenDanger(this.principal, 'danger:create', community);
    if (input.subject) await this.assertSubjectOf(community, input.subject);
    if (input.inspectionId && (await this.repository.inspectionCommunity(input.inspectionId)) !== community.id) {
      throw BadUserInputError.field('input.inspectionId', `is not an inspection of community ${community.id}`);
    }
    const { communityId: _community, inspectionId, ...rest } = input;
    const danger = newHiddenDanger(rest, community, inspectionId ? { inspectionId } : {});
    await this.repository.create(danger, community.regionCode, this.origin);
    return danger;
  }

  startRectification(rawInput: unknown): Promise<HiddenDanger> {
    const { id, version } = parseInput(dangerMoveInputSchema, rawInput);
    return this.move(id, version, 'START_RECTIFICATION', () => ({}));
  }

  async reportRectified(rawInput: unknown): Promise<HiddenDanger> {
    const { id, version, photoEvidenceIds, note } = parseInput(reportRectifiedInputSchema, rawInput, { nullMeansAbsent: true });
    assertMoveInput('REPORT_RECTIFIED', { photoEvidenceIds });
    await this.visible(id);
    await this.assertPhotosOf(id, photoEvidenceIds);
    return this.move(id, version, 'REPORT_RECTIFIED', (caller, now) => ({
      photoEvidenceIds: [...new Set(photoEvidenceIds)],
      rectificationNote: note,
      rectifiedBy: caller.subject,
      rectifiedAt: now,
    }));
  }

  verify(rawInput: unknown): Promise<HiddenDanger> {
    const { id, version } = parseInput(dangerMoveInputSchema, rawInput);
    return this.move(id, version, 'VERIFY', (caller, now) => ({ verifiedBy: caller.subject, verifiedAt: now }));
  }

  rejectVerification(rawInput: unknown): Promise<HiddenDanger> {
    const { id, version, reason } = parseInput(rejectVerificationInputSchema, rawInput, { nullMeansAbsent: true });
    assertMoveInput('REJECT_VERIFICATION', { reason: reason ?? null });
    return this.move(id, version, 'REJECT_VERIFICATION', () => ({ rejectionReason: reason }), reason);
  }

  private async move(id: string, version: number, action: DangerAction, changes: (caller: Principal, now: string) => Partial<HiddenDanger>, reason?: string): Promise<HiddenDanger> {
    const { danger: current, community } = await this.visible(id);
    const caller = authorizeDangerMove(this.principal, community, current, action);
    this.repository.dangers.assertVersion(current, version);
    const step = transition(current.state, action);
    if (step.refusal !== undefined) throw BadUserInputError.field('input.id', step.refusal);
    const now = new Date().toISOString();
    const next: HiddenDanger = { ...current, ...changes(caller, now), state: step.to, version: current.version + 1, updatedAt: now };
    await this.repository.move(current, next, community.regionCode, this.origin, reason);
    this.byId.clear(id).prime(id, next);
    return next;
  }

  /** Each photo is evidence of this danger, requested or available; else BAD_USER_INPUT naming it (input.photoEvidenceIds.<i>). */
  private async assertPhotosOf(dangerId: string, photoEvidenceIds: readonly string[]): Promise<void> {
    const found = await Promise.all(photoEvidenceIds.map((id) => this.evidence.get(id)));
    found.forEach((evidence, index) => {
      if (evidence?.ownerType !== 'HIDDEN_DANGER' || evidence.ownerId !== dangerId) {
        throw BadUserInputError.field(`input.photoEvidenceIds.${index}`, `is not evidence of hidden danger ${dangerId}: request the photo's upload with ownerType HIDDEN_DANGER first`);
      }
      if (!USABLE_PHOTO_STATUSES.includes(evidence.status)) throw BadUserInputError.field(`input.photoEvidenceIds.${index}`, `is ${evidence.status}: send a photo that is uploaded or on its way`);
    });
  }

  /** A danger and its community as the caller may see them (NOT_FOUND otherwise). */
  private async visible(id: string): Promise<{ danger: HiddenDanger; community: Community }> {
    const danger = await this.byId.load(id);
    const community = danger && (await this.communities.find(danger.communityId));
    if (!danger || !community) throw new NotFoundError(LABEL, id);
    authorizeHiddenDanger(this.principal, 'danger:read', community, { label: LABEL, id });
    return { danger, community };
  }

  /** The subject is a supervised unit or hazard source of the community, or BAD_USER_INPUT on input.subject.id. */
  private async assertSubjectOf(community: Community, subject: { readonly type: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE'; readonly id: string }): Promise<void> {
    const record = await (subject.type === 'SUPERVISED_UNIT' ? this.hazards.getUnit(subject.id) : this.hazards.getSource(subject.id)).catch(() => undefined);
    if (!record || record.communityId !== community.id) {
      throw BadUserInputError.field('input.subject.id', `is not a ${subject.type === 'SUPERVISED_UNIT' ? 'supervised unit' : 'hazard source'} of community ${community.id}`);
    }
  }
}

function assertMoveInput(action: DangerAction, input: Parameters<typeof moveInputIssues>[1]): void {
  const [issue] = moveInputIssues(action, input);
  if (issue) throw BadUserInputError.field(`input.${issue.field}`, issue.message);
}
