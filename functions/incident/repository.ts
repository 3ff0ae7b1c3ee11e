
import { ConflictError } from '#core/errors.ts';
import { guardKeys, listingKeys } from '#core/db/keys.ts';
import { incidentChangeEntryId } from '#core/ids.ts';
import { type AuditEntry, valuesOf } from '#audit/model.ts';
import { AuditRepository } from '#audit/repository.ts';
import { type ListingPage, type ListingPageQuery, RecordStore } from '#core/db/records.ts';
import { batchGet, commit, type ItemKey, type Table, type TransactionStep } from '#core/db/table.ts';
import type { RecordChange, WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Incident, type IncidentChangeRecord, incidentPosition, type InjuryCause, type InjuryPlace } from './model.ts';

/**
 * Incident items in the single table.
 *   incident        pk INCIDENT#<id>                               sk INCIDENT
 *     gsi1          gsi1pk COMMUNITY#<cid>#INCIDENTS               gsi1sk <occurredAt ISO UTC>#<id>   (newest first, period = range)
 *   change record   pk INCIDENT#<id>                               sk CHANGE#<at ISO>#<version>      (kept after a deletion)
 *   externalId      pk INCIDENT_EXTERNAL#<cid>#<externalId>        sk GUARD                          (one incident per source id)
 *   recent index    pk COMMUNITY#<cid>                             sk RECENT_INCIDENTS               (recent-index.ts)
 * Every write is a list of transaction steps, so the incident, its guard, its change record, the
 * recent index and the contributors' steps (the analytics counters) commit together or not at all.
 */
export const INCIDENT_KIND = 'INCIDENT';
export const incidentListing = listingKeys.incidents;

/** What the externalId guard remembers: which incident the source row became, and its content. */
export interface ExternalIdGuard {
  readonly communityId: string;
  readonly externalId: string;
  readonly incidentId: string;
  readonly fingerprint: string;
  /** DELETED once the incident was deleted: a re-sent row is recognised, not recreated. */
  readonly status: 'ACTIVE' | 'DELETED';
  /** The import call that stored the row (`import:<id>`), when an import did. */
  readonly importedVia?: string;
}

/** The guard of an externalId was claimed by another write first: the row is a duplicate after all. */
export class ExternalIdTaken extends ConflictError {
  constructor(readonly communityId: string, readonly externalId: string) {
    super(`an incident with externalId ${externalId} already exists in community ${communityId}`, 'input.externalId');
    this.name = 'ExternalIdTaken';
  }
}

export interface IncidentListQuery {
  readonly communityId: string;
  /** Inclusive, ISO UTC. */
  readonly from?: string;
  /** Exclusive, ISO UTC. */
  readonly to?: string;
  readonly cause?: InjuryCause;
  readonly place?: InjuryPlace;
}

export class IncidentRepository {
  readonly incidents: RecordStore<Incident>;
  /** The change records of incidents are their audit entries (CORRECT, DELETE). */
  private readonly audit: AuditRepository;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.audit = new AuditRepository(table);
    this.incidents = new RecordStore<Incident>(table, {
      kind: INCIDENT_KIND,
      type: 'Incident',
      label: 'incident',
      listing: (incident) => ({ partition: incidentListing(incident.communityId), position: incidentPosition(incident) }),
    });
  }

  /** The incident as stored now: the write path checks versions against it. */
  getConsistent(id: string): Promise<Incident | undefined> {
    return this.incidents.getConsistent(id);
  }

  /** A page of a community's incidents, newest first: one Query (a few with a cause/place filter). */
  page(query: IncidentListQuery & { readonly first: number; readonly after?: string }): Promise<ListingPage<Incident>> {
    return this.incidents.page({ ...this.listingQuery(query), first: query.first, ...(query.after ? { after: query.after } : {}) });
  }

  count(query: IncidentListQuery): Promise<number> {
    return this.incidents.count(this.listingQuery(query));
  }

  /** Steps that create an incident and, when it has one, claim its externalId within its community. */
  createSteps(incident: Incident, fingerprint?: string, importedVia?: string): TransactionStep[] {
    const steps = [this.incidents.createStep(incident)];
    if (incident.externalId !== undefined) {
      const guard: ExternalIdGuard = {
        communityId: incident.communityId,
        externalId: incident.externalId,
        incidentId: incident.id,
        fingerprint: fingerprint ?? '',
        status: 'ACTIVE',
        ...(importedVia ? { importedVia } : {}),
      };
      const { communityId, externalId } = guard;
      steps.push({
        item: {
          Put: {
            TableName: this.table.name,
            Item: { ...guardKey(communityId, externalId), entity: 'IncidentExternalIdGuard', ...guard },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new ExternalIdTaken(communityId, externalId),
      });
    }
    return steps;
  }

  /**
   * Steps that delete an incident read at `before.version` and mark its externalId guard DELETED
   * (the guard stays: a re-import recognises the row). The audit entry keeps the last content.
   */
  private deleteSteps(before: Incident): TransactionStep[] {
    const steps = [this.incidents.deleteStep(before)];
    if (before.externalId !== undefined) {
      steps.push({
        item: {
          Update: {
            TableName: this.table.name,
            Key: guardKey(before.communityId, before.externalId),
            UpdateExpression: 'SET #status = :deleted',
            ConditionExpression: '#incidentId = :id',
            ExpressionAttributeNames: { '#status': 'status', '#incidentId': 'incidentId' },
            ExpressionAttributeValues: { ':deleted': 'DELETED', ':id': before.id },
          },
        },
      });
    }
    return steps;
  }

  /**
   * Steps that undo creations of this request (a bulk import that failed half-way): the incident
   * and its guard go, and no change record is kept, as nothing was ever accepted.
   */
  private rollbackSteps(created: Incident): TransactionStep[] {
    const steps = [this.incidents.deleteStep(created)];
    if (created.externalId !== undefined) {
      steps.push({
        item: {
          Delete: {
            TableName: this.table.name,
            Key: guardKey(created.communityId, created.externalId),
            ConditionExpression: '#incidentId = :id',
            ExpressionAttributeNames: { '#incidentId': 'incidentId' },
            ExpressionAttributeValues: { ':id': created.id },
          },
        },
      });
    }
    return steps;
  }

  /** The change an incident write makes, as the pipeline's contributors see it. */
  change(before: Incident | null, after: Incident | null): RecordChange<Incident> {
    return this.incidents.change(before, after, (after ?? before)?.regionCode ?? '');
  }

  /**
   * The ids of the items the contributors' steps for `change` may touch (each tagged with its
   * contributor): the union over several changes bounds their contributed steps.
   */
  contributedItemIds(change: RecordChange<Incident>): string[] {
    return this.pipeline.contributedItemIds(change);
  }

  /** Every step of a creation's transaction, contributors' included (the bench times it against a PutItem). */
  createTransaction(incident: Incident, origin: WriteOrigin): TransactionStep[] {
    return this.pipeline.transaction({ operation: 'CREATE', steps: this.createSteps(incident), changes: [this.change(null, incident)] }, origin);
  }

  /** A new incident (and its externalId guard), with the recent index's steps. */
  create(incident: Incident, fingerprint: string | undefined, indexSteps: readonly TransactionStep[], origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit(
      { operation: 'CREATE', steps: [...this.createSteps(incident, fingerprint), ...indexSteps], changes: [this.change(null, incident)] },
      origin,
    );
  }

  /**
   * A correction, with the recent index's steps. Its audit entry (named beforehand, listed in the
   * incident's `changeKeys`) is the record of the change: the reason and the fields before and after.
   */
  correct(before: Incident, after: Incident, change: IncidentChangeRecord, indexSteps: readonly TransactionStep[], origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit(
      {
        operation: 'CORRECT',
        steps: [this.incidents.replaceStep(before, after), ...indexSteps],
        changes: [{ ...this.change(before, after), auditEntryId: incidentChangeEntryId(change.incidentId, before.regionCode, change.at, 'CORRECTED', change.version) }],
        reason: change.reason,
      },
      origin,
      change.at,
    );
  }

  /** A deletion: the audit entry keeps the reason and every field the incident had. */
  delete(before: Incident, change: IncidentChangeRecord, indexSteps: readonly TransactionStep[], origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit(
      {
        operation: 'DELETE',
        steps: [...this.deleteSteps(before), ...indexSteps],
        changes: [{ ...this.change(before, null), auditEntryId: incidentChangeEntryId(change.incidentId, before.regionCode, change.at, 'DELETED', change.version) }],
        reason: change.reason,
      },
      origin,
      change.at,
    );
  }

  /**
   * Every step of one transaction of an import: its rows' incidents and guards, the recent index's
   * steps and the contributors' (counters coalesced over the rows, the audit entries: one batch
   * item when each row names its member of the batch, `auditEntryId`, else an entry per row);
   * `via` names the import call, `at` the write's instant (the batch's id carries it). The
   * importer counts them before it commits (commitImport).
   */
  importTransaction(
    entries: readonly { readonly incident: Incident; readonly fingerprint?: string; readonly auditEntryId?: string }[],
    indexSteps: readonly TransactionStep[],
    origin: WriteOrigin,
    via: string,
    at?: string,
  ): TransactionStep[] {
    return this.pipeline.transaction(
      {
        operation: 'IMPORT',
        steps: [...entries.flatMap((entry) => this.createSteps(entry.incident, entry.fingerprint, via)), ...indexSteps],
        changes: entries.map((entry) => ({ ...this.change(null, entry.incident), ...(entry.auditEntryId !== undefined ? { auditEntryId: entry.auditEntryId } : {}) })),
        via,
      },
      origin,
      at,
    );
  }

  /**
   * The first part of a file import's transaction (import-counts.ts): its rows' incidents and
   * guards, the contributors' steps that must come with them (the audit batch), and `pending`, the
   * item that names the rows until `importCountSteps` of the same incidents is committed.
   */
  importRowsTransaction(
    entries: readonly { readonly incident: Incident; readonly fingerprint?: string; readonly auditEntryId?: string }[],
    pending: TransactionStep,
    origin: WriteOrigin,
    via: string,
    at: string,
  ): TransactionStep[] {
    return this.pipeline.recordSteps(
      {
        operation: 'IMPORT',
        steps: [...entries.flatMap((entry) => this.createSteps(entry.incident, entry.fingerprint, via)), pending],
        changes: entries.map((entry) => ({ ...this.change(null, entry.incident), ...(entry.auditEntryId !== undefined ? { auditEntryId: entry.auditEntryId } : {}) })),
        via,
      },
      origin,
      at,
    );
  }

  /** The second part: the deferrable contributors' steps (counters, figures) for incidents a file import created, coalesced. */
  importCountSteps(created: readonly Incident[], origin: WriteOrigin, via: string, at: string): TransactionStep[] {
    return this.pipeline.deferredSteps({ operation: 'IMPORT', changes: created.map((incident) => this.change(null, incident)), via }, origin, at);
  }

  /** The ids of the items one part of the contributors' steps for `change` may touch. */
  partItemIds(change: RecordChange<Incident>, part: 'records' | 'deferred'): string[] {
    return this.pipeline.contributedItemIds(change, part);
  }

  /** Incidents as stored now (strongly consistent), in `ids` order, undefined where gone. */
  getManyConsistent(ids: readonly string[]): Promise<(Incident | undefined)[]> {
    return this.incidents.getMany(ids, { consistent: true });
  }

  /** The steps that undo creations of a failed import call: the incidents and guards go; the trail keeps both the import and its undoing. */
  rollbackTransaction(created: readonly Incident[], indexSteps: readonly TransactionStep[], origin: WriteOrigin, via: string): TransactionStep[] {
    return this.pipeline.transaction(
      {
        operation: 'IMPORT_UNDONE',
        steps: [...created.flatMap((incident) => this.rollbackSteps(incident)), ...indexSteps],
        changes: created.map((incident) => this.change(incident, null)),
        via,
      },
      origin,
    );
  }

  /** Commits the steps of importTransaction or rollbackTransaction all or nothing (a failed condition is its step's error). */
  commitImport(steps: readonly TransactionStep[]): Promise<void> {
    return commit(this.table, steps);
  }

  /** The guards of these externalIds in a community, by externalId: one BatchGetItem per 100. */
  async guards(communityId: string, externalIds: readonly string[]): Promise<Map<string, ExternalIdGuard>> {
    const items = await batchGet(this.table, [...new Set(externalIds)].map((id) => guardKey(communityId, id)));
    return new Map(
      items.map((item) => {
        const { pk: _pk, sk: _sk, entity: _entity, ...guard } = item;
        return [String(item.externalId), guard as unknown as ExternalIdGuard];
      }),
    );
  }

  /** Corrections by key (incident id and audit sort key), in `keys` order: one BatchGetItem per 100. */
  async changesByKey(keys: readonly { readonly incidentId: string; readonly sk: string }[]): Promise<(IncidentChangeRecord | undefined)[]> {
    const entries = await this.audit.entries(keys.map(({ incidentId, sk }) => ({ recordType: 'Incident', recordId: incidentId, position: sk })));
    return entries.map((entry) => entry && changeRecordOf(entry));
  }

  /** An incident's corrections and deletion, oldest first: one Query of its audit history. */
  async changesOf(incidentId: string): Promise<IncidentChangeRecord[]> {
    return (await this.audit.allOf('Incident', incidentId, ['CORRECT', 'DELETE'])).map(changeRecordOf);
  }

  private listingQuery(query: IncidentListQuery): Omit<ListingPageQuery, 'first'> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    if (query.cause) {
      names['#cause'] = 'cause';
      values[':cause'] = query.cause;
      conditions.push('#cause = :cause');
    }
    if (query.place) {
      names['#place'] = 'place';
      values[':place'] = query.place;
      conditions.push('#place = :place');
    }
    return {
      partition: incidentListing(query.communityId),
      descending: true,
      // Positions are `<ISO instant>#<id>`: everything at or after `from` sorts at or after the bare
      // instant, everything at `to` sorts after it, so BETWEEN gives [from, to).
      // DynamoDB refuses an empty key bound: an open start is the smallest position.
      ...(query.from !== undefined || query.to !== undefined ? { from: query.from ?? '0' } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    };
  }
}

export function guardKey(communityId: string, externalId: string): ItemKey {
  return guardKeys.incidentExternalId(communityId, externalId);
}

/** A correction's or deletion's audit entry, as the incident's change record shows it. */
function changeRecordOf(entry: AuditEntry): IncidentChangeRecord {
  const deleted = entry.operation === 'DELETE';
  return {
    incidentId: entry.recordId,
    communityId: entry.communityId,
    kind: deleted ? 'DELETED' : 'CORRECTED',
    reason: entry.reason ?? '',
    actor: entry.actor.subject,
    at: entry.at,
    version: entry.version ?? 0,
    before: valuesOf(entry.changes, 'before') as Partial<Incident>,
    ...(deleted ? {} : { after: valuesOf(entry.changes, 'after') as Partial<Incident> }),
  };
}
