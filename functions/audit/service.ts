import DataLoader from 'dataloader';
import { authorizeRecord, authorizeSheetHistoryRead, authorizeRegionAuditRead, canSeeIncidentDetails, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '#core/errors.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import type { CommunityService } from '#community/service.ts';
import { findRegion } from '#region/region-table.ts';
import { type AuditEntry, PERSONAL_FIELDS } from './model.ts';
import type { AuditPageQuery, AuditRepository } from './repository.ts';

export interface AuditListArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly from?: Date | string | null;
  readonly to?: Date | string | null;
  readonly operation?: string | null;
}

export interface AuditLogArgs extends AuditListArgs {
  readonly communityId?: string | null;
  readonly regionCode?: string | null;
}

/** An entry as a caller sees it: personal text shows as changed, not its words, to those who may not read it. */
export type AuditEntryView = AuditEntry & { readonly redacted: boolean };

/**
 * Reads of the audit trail for one request. The record's visibility was decided by the resolver
 * that returned the record; a community's or a region's log is decided here, by the policy.
 */
export class AuditService {
  private readonly byId: DataLoader<string, AuditEntry | undefined>;

  constructor(
    private readonly repository: AuditRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
  ) {
    // One Query per entry (an index has no batched read), the same id read once per request.
    this.byId = new DataLoader((ids) => Promise.all(ids.map((id) => repository.entryById(id))), { maxBatchSize: 100 });
  }

  /**
   * One entry by its id (`node(id:)`), to whoever some listing shows it: its community's log and
   * its record's history (the community's readers, authorizeRecord) or its region's log (that
   * log's readers, authorizeRegionAuditRead); redacted as the listings redact it. Anyone else, and
   * an id of no entry, NOT_FOUND.
   */
  async get(id: string): Promise<AuditEntryView> {
    requirePrincipal(this.principal);
    const entry = await this.byId.load(id);
    if (!entry) throw new NotFoundError('audit entry', id);
    const community = entry.communityId ? await this.communities.find(entry.communityId) : undefined;
    if (!(this.allows(() => community && authorizeRecord(this.principal, 'record:read', community)) || this.allows(() => entry.regionCode && authorizeRegionAuditRead(this.principal, entry.regionCode)))) {
      throw new NotFoundError('audit entry', id);
    }
    return this.view(entry);
  }

  /** Whether a policy decision allows (it returns something) rather than refuses (it throws FORBIDDEN or NOT_FOUND). */
  private allows(decision: () => unknown): boolean {
    try {
      return Boolean(decision());
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * The history of a record the caller could read (its resolver returned it), newest last;
   * `importAudit`: an imported incident's entry in its import batch (the incident keeps it).
   */
  async history(recordType: string, recordId: string, communityId: string, args: AuditListArgs, importAudit?: string): Promise<Connection<AuditEntryView>> {
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeRecord(this.principal, 'record:read', community);
    const query = this.query(args);
    const page = await this.repository.history(recordType, recordId, query, importAudit);
    return this.connection(page.items, page.hasNextPage, query);
  }

  /** The history of a scoring sheet version (`national-onsite@2`): its publication, which belongs to no community. */
  async sheetHistory(sheetRef: string, args: AuditListArgs): Promise<Connection<AuditEntryView>> {
    authorizeSheetHistoryRead(this.principal);
    const query = this.query(args);
    const page = await this.repository.history('ScoringSheet', sheetRef, query);
    return this.connection(page.items, page.hasNextPage, query);
  }

  /** A community's or a region's log, newest first. */
  async log(args: AuditLogArgs): Promise<Connection<AuditEntryView>> {
    requirePrincipal(this.principal);
    const query = this.query(args);
    if ((args.communityId == null) === (args.regionCode == null)) {
      throw BadUserInputError.field('communityId', 'name exactly one of communityId and regionCode');
    }
    if (args.communityId != null) {
      const community = await this.communities.get(args.communityId);
      authorizeRecord(this.principal, 'record:read', community);
      const page = await this.repository.ofCommunity(community.id, query);
      return this.connection(page.items, page.hasNextPage, query);
    }
    const regionCode = args.regionCode as string;
    if (!findRegion(regionCode)) throw BadUserInputError.field('regionCode', 'is not a GB/T 2260 division code');
    authorizeRegionAuditRead(this.principal, regionCode);
    const page = await this.repository.ofRegion(regionCode, query);
    return this.connection(page.items, page.hasNextPage, query);
  }

  private connection(items: readonly { position: string; node: AuditEntry }[], hasNextPage: boolean, query: AuditPageQuery): Connection<AuditEntryView> {
    const views = items.map(({ position, node }) => ({ position, node: this.view(node) }));
    return connectionOf(views, hasNextPage, query.after !== undefined, async () => {
      throw BadUserInputError.field('totalCount', 'is not counted for audit logs');
    });
  }

  private view(entry: AuditEntry): AuditEntryView {
    const personal = PERSONAL_FIELDS[entry.recordType];
    if (!personal || canSeeIncidentDetails(this.principal, { id: entry.communityId, regionCode: entry.regionCode })) return { ...entry, redacted: false };
    const { reason: _reason, ...rest } = entry;
    return {
      ...rest,
      changes: entry.changes.map((change) => (personal.has(change.field) ? { field: change.field } : change)),
      redacted: true,
    };
  }

  private query(args: AuditListArgs): AuditPageQuery {
    const page = pageRequest(args.first, args.after);
    const instant = (name: 'from' | 'to'): string | undefined => {
      const value = args[name];
      if (value == null) return undefined;
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) throw BadUserInputError.field(name, 'must be a date-time');
      return date.toISOString();
    };
    const from = instant('from');
    const to = instant('to');
    if (from && to && to < from) throw BadUserInputError.field('to', 'must not be before from');
    return { ...page, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(args.operation ? { operation: args.operation } : {}) };
  }
}

export type AuditConnectionModel = Connection<AuditEntryView>;
