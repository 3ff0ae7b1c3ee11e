import { authorizeRecord, authorizeSheetHistoryRead, authorizeRegionAuditRead, canSeeIncidentDetails, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
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
  constructor(
    private readonly repository: AuditRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
  ) {}

  /** The history of a record the caller could read (its resolver returned it), newest last. */
  async history(recordType: string, recordId: string, communityId: string, args: AuditListArgs): Promise<Connection<AuditEntryView>> {
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeRecord(this.principal, 'record:read', community);
    const query = this.query(args);
    const page = await this.repository.history(recordType, recordId, query);
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
