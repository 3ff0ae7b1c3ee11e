import DataLoader from 'dataloader';
import { authorizeRecord, canSeeIncidentDetails, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { RequestReadLog } from '#core/read-log.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '#core/errors.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import { applyPatch } from '#core/patch.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import { type CommunityDirectory, type ImportReport, IncidentImporter, MAX_IMPORT_RECORDS } from './import.ts';
import {
  changeKey,
  correctIncidentInputSchema,
  createIncidentInputSchema,
  deleteIncidentInputSchema,
  fingerprintOf,
  type Incident,
  type IncidentChangeRecord,
  INCIDENT_FIELD_NAMES,
  incidentFactsSchema,
  instant,
  type InjuryCause,
  type InjuryPlace,
  withoutNulls,
} from './model.ts';
import { RECENT_INCIDENTS, RecentIncidentIndex } from './recent-index.ts';
import type { IncidentListQuery, IncidentRepository } from './repository.ts';
import { retryingRaces } from './retry.ts';
import { newId } from '#core/ids.ts';

export interface IncidentListArgs {
  /** Inclusive; a Date from the DateTime scalar, or an ISO string. */
  readonly from?: Date | string | null;
  /** Exclusive. */
  readonly to?: Date | string | null;
  readonly cause?: InjuryCause | null;
  readonly place?: InjuryPlace | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export type IncidentConnectionModel = Connection<Incident>;

export interface DeletedIncident {
  readonly id: string;
  readonly communityId: string;
  readonly change: IncidentChangeRecord;
}

/**
 * Incident use cases for one request: zod, then the policy, then the repository. Reads batch
 * through DataLoaders: incidents by id, and the recent-incidents items of a page of communities.
 * Every write goes through `retryingRaces`: one that lost a race on its community's
 * recent-incidents item (a floor moved across it) or on its counter items is computed again.
 */
export class IncidentService {
  private readonly incidentById: DataLoader<string, Incident | undefined>;
  private readonly recentOfCommunity: DataLoader<string, Incident[]>;
  private readonly changeByKey: DataLoader<{ readonly incidentId: string; readonly sk: string }, IncidentChangeRecord | undefined, string>;
  private readonly index: RecentIncidentIndex;

  constructor(
    private readonly repository: IncidentRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityDirectory,
    private readonly origin: WriteOrigin,
    private readonly reads: RequestReadLog,
  ) {
    this.index = new RecentIncidentIndex(repository.table);
    this.incidentById = new DataLoader((ids) => repository.incidents.getMany(ids), { maxBatchSize: 100 });
    this.recentOfCommunity = new DataLoader((ids) => this.index.incidentsOf(ids), { maxBatchSize: 100 });
    this.changeByKey = new DataLoader((keys) => repository.changesByKey(keys), {
      maxBatchSize: 100,
      cacheKeyFn: (key) => `${key.incidentId}|${key.sk}`,
    });
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.incidentById.load(id);
    const community = incident && (await this.communities.find(incident.communityId));
    if (!incident || !community) throw new NotFoundError('incident', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'incident', id });
    return incident;
  }

  async list(communityId: string, args: IncidentListArgs): Promise<IncidentConnectionModel> {
    requirePrincipal(this.principal);
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    return this.ofCommunity(community, args);
  }

  /** A community's incidents, newest first, in a period [from, to) and by cause and place. */
  async ofCommunity(community: Community, args: IncidentListArgs): Promise<IncidentConnectionModel> {
    authorizeRecord(this.principal, 'record:read', community);
    const page = pageRequest(args.first, args.after);
    const query: IncidentListQuery = {
      communityId: community.id,
      ...period(args),
      ...(args.cause ? { cause: args.cause } : {}),
      ...(args.place ? { place: args.place } : {}),
    };
    const result = await this.repository.page({ ...query, ...page });
    for (const { node } of result.items) this.incidentById.prime(node.id, node);
    return connectionOf(result.items, result.hasNextPage, page.after !== undefined, () => this.repository.count(query));
  }

  /**
   * The newest incidents of a community (the caller resolved it, so may see it), from its
   * recent-incidents item: one BatchGetItem for the items of every community in the response.
   */
  async recent(community: Community, first: number | null | undefined): Promise<Incident[]> {
    const size = first ?? RECENT_INCIDENTS;
    if (!Number.isInteger(size) || size < 0 || size > RECENT_INCIDENTS) {
      throw BadUserInputError.field('first', `must be a whole number from 0 to ${RECENT_INCIDENTS}`);
    }
    authorizeRecord(this.principal, 'record:read', community);
    return (await this.recentOfCommunity.load(community.id)).slice(0, size);
  }

  /**
   * The description, for callers who may see it (analysts do not); each read of it is logged as
   * an audit event (who, which incident, when), never the text.
   */
  async descriptionOf(incident: Incident): Promise<string | null> {
    if (incident.description === undefined || !(await this.detailsVisible(incident))) return null;
    this.reads.personalData('Incident', incident, ['description']);
    return incident.description;
  }

  /** Whether the caller sees the description and the record of changes (analysts do not). */
  async detailsVisible(incident: Incident): Promise<boolean> {
    const community = await this.communities.find(incident.communityId);
    return community !== undefined && canSeeIncidentDetails(this.principal, community);
  }

  /**
   * The incident's corrections, oldest first; null for callers who may not see details. Batched:
   * the records of every incident in the response come in one BatchGetItem per 100.
   */
  async changesOf(incident: Incident): Promise<IncidentChangeRecord[] | null> {
    if (!(await this.detailsVisible(incident))) return null;
    const keys = (incident.changeKeys ?? []).map((sk) => ({ incidentId: incident.id, sk }));
    const records = await this.changeByKey.loadMany(keys);
    const failed = records.find((record) => record instanceof Error);
    if (failed) throw failed;
    return records.filter((record): record is IncidentChangeRecord => record !== undefined && !(record instanceof Error));
  }

  /** The record of changes of an incident, also after its deletion. Analysts: FORBIDDEN. */
  async changesOfId(incidentId: string): Promise<IncidentChangeRecord[]> {
    const caller = requirePrincipal(this.principal);
    const [incident, changes] = await Promise.all([this.incidentById.load(incidentId), this.repository.changesOf(incidentId)]);
    const communityId = incident?.communityId ?? changes[0]?.communityId;
    const community = communityId === undefined ? undefined : await this.communities.find(communityId);
    if (!community) throw new NotFoundError('incident', incidentId);
    authorizeRecord(caller, 'record:read', community, { label: 'incident', id: incidentId });
    if (!canSeeIncidentDetails(caller, community)) throw new ForbiddenError(`${caller.role} may not read the record of changes of an incident`);
    return changes;
  }

  async create(rawInput: unknown): Promise<Incident> {
    requirePrincipal(this.principal);
    const { communityId, externalId, ...facts } = parseInput(createIncidentInputSchema, withoutNulls(rawInput));
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeRecord(this.principal, 'record:write', community);
    const now = new Date().toISOString();
    const incident: Incident = {
      id: newId('incident'),
      communityId,
      regionCode: community.regionCode,
      ...(externalId !== undefined ? { externalId } : {}),
      ...withoutUndefined(facts),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await retryingRaces(`the incidents of community ${communityId}`, async () => {
      const state = await this.index.read(communityId);
      const changes = [{ before: null, after: incident }];
      const fingerprint = externalId !== undefined ? fingerprintOf(facts) : undefined;
      await this.repository.create(incident, fingerprint, this.index.steps(state, changes), this.origin);
      await this.index.settle(state, changes);
    });
    this.incidentById.prime(incident.id, incident);
    this.recentOfCommunity.clear(communityId);
    return incident;
  }

  /** Corrects an incident read at `version`; the reason and both versions are kept in a change record. */
  async correct(rawInput: unknown): Promise<Incident> {
    const caller = requirePrincipal(this.principal);
    const { id, version, reason, ...changes } = parseInput(correctIncidentInputSchema, rawInput);
    const corrected = await retryingRaces(`incident ${id}`, async () => {
      const current = await this.writable(id);
      this.repository.incidents.assertVersion(current, version);
      const patched = applyPatch(current, changes);
      // The corrected whole must hold together, as a new incident must.
      const facts = parseInput(incidentFactsSchema, Object.fromEntries(INCIDENT_FIELD_NAMES.map((field) => [field, patched[field]])));
      const updatedAt = new Date().toISOString();
      const nextVersion = current.version + 1;
      const next: Incident = {
        ...withoutFacts(current),
        ...withoutUndefined(facts),
        changeKeys: [...(current.changeKeys ?? []), changeKey({ incidentId: id, at: updatedAt, version: nextVersion, kind: 'CORRECTED' }, current.regionCode)],
        version: nextVersion,
        updatedAt,
      };
      if (INCIDENT_FIELD_NAMES.every((field) => next[field] === current[field])) {
        throw BadUserInputError.field('input', 'changes nothing: a correction must change at least one field');
      }
      const change: IncidentChangeRecord = {
        incidentId: id,
        communityId: current.communityId,
        kind: 'CORRECTED',
        reason,
        actor: caller.subject,
        at: next.updatedAt,
        version: next.version,
        before: current,
        after: next,
      };
      // The corrected version replaces the old one in the top ten, or moves in or out of it.
      const state = await this.index.read(current.communityId);
      const moved = [{ before: current, after: next }];
      await this.repository.correct(current, next, change, this.index.steps(state, moved), this.origin);
      await this.index.settle(state, moved);
      return next;
    });
    this.incidentById.clear(id).prime(id, corrected);
    this.recentOfCommunity.clear(corrected.communityId);
    return corrected;
  }

  /** Deletes an incident read at `version`; the record of the deletion (reason, last content) stays. */
  async delete(rawInput: unknown): Promise<DeletedIncident> {
    const caller = requirePrincipal(this.principal);
    const { id, version, reason } = parseInput(deleteIncidentInputSchema, rawInput);
    const deleted = await retryingRaces(`incident ${id}`, async () => {
      const current = await this.writable(id);
      this.repository.incidents.assertVersion(current, version);
      const change: IncidentChangeRecord = {
        incidentId: id,
        communityId: current.communityId,
        kind: 'DELETED',
        reason,
        actor: caller.subject,
        at: new Date().toISOString(),
        version: current.version,
        before: current,
      };
      const state = await this.index.read(current.communityId);
      const changes = [{ before: current, after: null }];
      await this.repository.delete(current, change, this.index.steps(state, changes), this.origin);
      await this.index.settle(state, changes);
      return { id, communityId: current.communityId, change };
    });
    this.incidentById.clear(id);
    this.recentOfCommunity.clear(deleted.communityId);
    return deleted;
  }

  /**
   * Up to 1,000 records into one community, all or nothing: when any row is refused, the report
   * lists why and nothing is written; when a write fails half-way, what this call created is
   * deleted again. Re-sent rows (same externalId, same content) are recognised, not doubled.
   */
  async importRecords(communityId: string, records: readonly unknown[]): Promise<ImportReport> {
    const caller = requirePrincipal(this.principal);
    if (records.length > MAX_IMPORT_RECORDS) {
      throw BadUserInputError.field('records', `at most ${MAX_IMPORT_RECORDS} records per call, not ${records.length}; use npm run import for files`);
    }
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeRecord(caller, 'record:write', community);
    const importer = new IncidentImporter(this.repository, this.index, this.communities, caller, this.origin);
    const prepared = await importer.prepare(records.map((record, index) => ({ row: index + 1, communityId, record })));
    if ([...prepared.outcomes.values()].some((outcome) => outcome.status === 'REJECTED')) {
      return importer.report(communityId, { prepared, written: new Map(), completed: false });
    }
    const result = await importer.write(prepared, { atomic: true });
    this.recentOfCommunity.clear(communityId);
    return importer.report(communityId, result);
  }

  /** The incident as stored now (strongly consistent), when the caller may change it. */
  private async writable(id: string): Promise<Incident> {
    const incident = await this.repository.getConsistent(id);
    const community = incident && (await this.communities.find(incident.communityId));
    if (!incident || !community) throw new NotFoundError('incident', id);
    authorizeRecord(this.principal, 'record:write', community, { label: 'incident', id });
    return incident;
  }
}

/** [from, to) from the DateTime arguments, as listing bounds. */
function period(args: IncidentListArgs): Pick<IncidentListQuery, 'from' | 'to'> {
  const bound = (name: 'from' | 'to'): string | undefined => {
    const value = args[name];
    if (value === null || value === undefined) return undefined;
    const parsed = instant.safeParse(value);
    if (!parsed.success) throw BadUserInputError.field(name, parsed.error.issues[0]?.message ?? 'must be a date-time');
    return parsed.data;
  };
  const from = bound('from');
  const to = bound('to');
  if (from !== undefined && to !== undefined && to <= from) throw BadUserInputError.field('to', 'must be after from');
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** The incident without its facts, so that facts cleared by a correction do not survive. */
function withoutFacts(incident: Incident): Pick<Incident, 'id' | 'communityId' | 'regionCode' | 'externalId' | 'version' | 'createdAt' | 'updatedAt'> {
  const facts = new Set<string>(INCIDENT_FIELD_NAMES);
  return Object.fromEntries(Object.entries(incident).filter(([field]) => !facts.has(field))) as Pick<
    Incident,
    'id' | 'communityId' | 'regionCode' | 'externalId' | 'version' | 'createdAt' | 'updatedAt'
  >;
}
