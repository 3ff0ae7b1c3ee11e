import { randomUUID } from 'node:crypto';
import { authorizeRecord } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { AppError, type FieldIssue } from '#core/errors.ts';
import { auditEntryId, idIssue, newId } from '#core/ids.ts';
import { batchMemberId } from '#audit/trail.ts';
import type { Community } from '#community/model.ts';
import { fingerprintOf, type Incident, type ImportRecord, importRecordSchema, withoutNulls } from './model.ts';
import { applied, needsSettling, planChange, type RecentIncidentIndex, type RecentIndexState } from './recent-index.ts';
import { type ExternalIdGuard, ExternalIdTaken, type IncidentRepository } from './repository.ts';
import type { RecordChange } from '#core/db/pipeline.ts';
import type { TransactionStep } from '#core/db/table.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { backoff } from '#core/db/backoff.ts';
import { isWriteRace, retryingRaces } from './retry.ts';
import { TRANSACTION_ITEM_LIMIT } from './import-limits.ts';
import { COUNTS_ITEM_BUDGET, countedCopy, ImportCounts, type PendingUnit } from './import-counts.ts';

/**
 * Bulk import of incidents, shared by the `importIncidents` mutation (one community, at most
 * 1,000 rows, all or nothing) and the `npm run import` CLI (any number of rows in batches, bad
 * rows reported and skipped). Both go through the same two phases:
 *
 * 1. prepare: every row is validated with the same zod schema as createIncident, its community
 *    checked against the policy, and its externalId looked up (BatchGetItem on the guards). A row
 *    whose externalId is already imported with the same content is a DUPLICATE (PREVIOUSLY_DELETED
 *    when that incident was deleted since: it is not recreated); with different content, REJECTED.
 *    Nothing is written.
 * 2. write: the new rows of each community go in TransactWriteItems, one after the other, packed
 *    greedily up to DynamoDB's TRANSACTION_ITEM_LIMIT of 100 items: incident, guard and audit
 *    entry per row, the steps the contributors (the analytics counters) coalesce for the rows of
 *    the transaction, and the community's recent-incidents item: 30 time-ordered rows of one
 *    month per transaction (9 counter items). The packer's count is an upper bound, and the
 *    transaction as built is counted again before it is sent: a contributor that writes more
 *    than it declared makes the chunk shorter, never the transaction refused.
 *
 * A re-sent row is recognised by its guard, so an import interrupted at any point can be run again
 * and creates each row exactly once.
 */
export { MAX_IMPORT_RECORDS, TRANSACTION_ITEM_LIMIT } from './import-limits.ts';
/** What the packer fills: the whole transaction (each transaction is counted as built before it is sent). */
export const TRANSACTION_ITEM_BUDGET = TRANSACTION_ITEM_LIMIT;
/** What the packer lets a transaction's audit batch item hold (estimated by auditBytesOf); DynamoDB's item limit is 400 KB. */
const AUDIT_BATCH_BYTES = 300_000;
/** Every row the packer weighs names this member: the audit trail then counts one batch item for all of them. */
const PACKING_MEMBER = batchMemberId(auditEntryId('00', '1970-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'), 0);
/** Rows validated between two looks at pending I/O (prepare). */
const PREPARE_SLICE = 25;
/** Communities written in parallel by one import (each community's transactions run in order). */
const COMMUNITY_CONCURRENCY = 4;
/** A file import's row transactions of one community in flight at once (they share no item: import-counts.ts). */
const ROW_TRANSACTIONS_IN_FLIGHT = 2;
/** Attempts of one row transaction against races (another import claiming the same externalIds). */
const ROW_ATTEMPTS = 10;

export type ImportRowStatus = 'CREATED' | 'DUPLICATE' | 'PREVIOUSLY_DELETED' | 'VALID' | 'REJECTED';

export interface ImportRowOutcome {
  /** 1-based position of the row in the call (the CLI: the data row of the file, header excluded). */
  readonly row: number;
  readonly externalId: string | null;
  readonly communityId: string | null;
  readonly status: ImportRowStatus;
  /** The incident the row became (CREATED) or was recognised as (DUPLICATE, PREVIOUSLY_DELETED). */
  readonly incidentId: string | null;
  /** Why a REJECTED row was refused; `field` is the record's field (the CSV column). */
  readonly errors: readonly FieldIssue[];
}

export interface ImportReport {
  readonly communityId: string;
  /** COMPLETED: every row is now stored (created or recognised). REJECTED: nothing was written. */
  readonly outcome: 'COMPLETED' | 'REJECTED';
  readonly received: number;
  readonly created: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rows: readonly ImportRowOutcome[];
}

/** What a report is made of: the prepared rows, what writing them did, and whether they stay. */
export interface ImportReportSource {
  readonly prepared: PreparedImport;
  readonly written: ReadonlyMap<number, ImportRowOutcome>;
  readonly completed: boolean;
}

/** One row handed to the importer: the record as received, and where it goes. */
export interface ImportRow {
  readonly row: number;
  /** The community the row belongs to; a row without one is rejected naming `communityId`. */
  readonly communityId: string | undefined;
  readonly record: unknown;
  /** Problems found before validation (e.g. a CSV cell that is not a number). */
  readonly issues?: readonly FieldIssue[];
}

/** One transaction of an import, built: the rows packed, those it holds as built, their changes and its steps. */
interface BuiltTransaction {
  readonly packed: readonly NewRow[];
  readonly chunk: readonly NewRow[];
  readonly changes: readonly { readonly before: null; readonly after: Incident }[];
  readonly steps: TransactionStep[];
}

interface NewRow {
  readonly row: number;
  readonly incident: Incident;
  readonly fingerprint: string;
}

/** The outcome of phase 1: what each row is, and the incidents phase 2 will create. */
export interface PreparedImport {
  readonly outcomes: Map<number, ImportRowOutcome>;
  /** Rows to create, grouped by community, in row order. */
  readonly newRows: Map<string, NewRow[]>;
  /** Rows that repeat an earlier row of the same call with the same content: they share its fate. */
  readonly repeats: Map<number, number>;
  readonly rowCount: number;
}

export interface CommunityDirectory {
  find(id: string): Promise<Community | undefined>;
}

export class IncidentImporter {
  /**
   * The import call's id: every incident it writes carries it on its audit entry (`via`) and its
   * guard. An import job names its calls after itself (`import:<jobId>`), so a re-run of a job that
   * died mid-way counts the rows its first run stored as CREATED, not as duplicates: the same counts.
   */
  readonly callId: string;
  /** The file import's deferred counting (import-counts.ts). */
  private readonly counts: ImportCounts;
  /** Communities whose pending items (of a run that died) this importer has looked for already. */
  private readonly adopted = new Set<string>();
  /** Per community, the latest counts commit of a file import's batch: in flight while the next batch's rows go in. */
  private readonly counting = new Map<string, Promise<void>>();
  /** The first counts commit that failed: no further batch is written, and `settled` passes it on. */
  private countFailure: { readonly error: unknown } | undefined;

  constructor(
    private readonly repository: IncidentRepository,
    private readonly index: RecentIncidentIndex,
    private readonly communities: CommunityDirectory,
    private readonly principal: Principal,
    private readonly origin: WriteOrigin,
    options: { readonly callId?: string } = {},
  ) {
    this.callId = options.callId ?? `import:${randomUUID()}`;
    this.counts = new ImportCounts(repository.table, repository, index, origin, this.callId);
  }

  /** Phase 1: validation and recognition of re-sent rows. Reads only. */
  async prepare(rows: readonly ImportRow[]): Promise<PreparedImport> {
    const outcomes = new Map<number, ImportRowOutcome>();
    const reject = (row: ImportRow, errors: readonly FieldIssue[], externalId: string | null = null) =>
      outcomes.set(row.row, { row: row.row, externalId, communityId: row.communityId ?? null, status: 'REJECTED', incidentId: null, errors });

    const allowed = await this.allowedCommunities(rows);
    const valid: { row: ImportRow; record: ImportRecord; community: Community; fingerprint: string }[] = [];
    for (const [position, row] of rows.entries()) {
      // The file import prepares a batch while the previous one is written: a response that
      // arrived meanwhile is handled (and the next transaction sent) between slices of rows.
      if (position % PREPARE_SLICE === PREPARE_SLICE - 1) await yieldToIo();
      const parsed = importRecordSchema.safeParse(withoutNulls(row.record));
      const issues: FieldIssue[] = [...(row.issues ?? [])];
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path.map(String).join('.');
          // A cell already refused before validation is reported once.
          if (!issues.some((known) => known.field === field)) issues.push({ field, message: issue.message });
        }
      }
      const community = row.communityId === undefined ? 'is required (a column, or --community)' : (allowed.get(row.communityId) ?? 'no such community');
      if (typeof community === 'string') issues.push({ field: 'communityId', message: community });
      if (issues.length > 0 || !parsed.success || typeof community === 'string') reject(row, issues, rawExternalId(row.record));
      else valid.push({ row, record: parsed.data, community, fingerprint: fingerprintOf(parsed.data) });
    }

    // Rows repeating an externalId of this call: the first one stands for them all.
    const leaders = new Map<string, (typeof valid)[number]>();
    const repeats = new Map<number, number>();
    const distinct: typeof valid = [];
    for (const entry of valid) {
      const key = `${entry.community.id}#${entry.record.externalId}`;
      const leader = leaders.get(key);
      if (!leader) {
        leaders.set(key, entry);
        distinct.push(entry);
      } else if (leader.fingerprint === entry.fingerprint) repeats.set(entry.row.row, leader.row.row);
      else reject(entry.row, [{ field: 'externalId', message: `repeats row ${leader.row.row} with different content` }], entry.record.externalId);
    }

    const newRows = new Map<string, NewRow[]>();
    const now = new Date().toISOString();
    for (const [communityId, entries] of groupBy(distinct, (entry) => entry.community.id)) {
      const guards = await this.repository.guards(communityId, entries.map((entry) => entry.record.externalId));
      for (const entry of entries) {
        const known = classifyAgainstGuard(entry.row.row, communityId, entry.record.externalId, entry.fingerprint, guards.get(entry.record.externalId), this.callId);
        if (known) {
          outcomes.set(entry.row.row, known);
          continue;
        }
        const { externalId, ...facts } = entry.record;
        const incident: Incident = {
          id: newId('incident'),
          communityId,
          regionCode: entry.community.regionCode,
          externalId,
          ...withoutUndefined(facts),
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        const list = newRows.get(communityId) ?? [];
        list.push({ row: entry.row.row, incident, fingerprint: entry.fingerprint });
        newRows.set(communityId, list);
      }
    }
    return { outcomes, newRows, repeats, rowCount: rows.length };
  }

  /** Outcomes in row order, with the repeats taking their leader's outcome. */
  outcomesOf(prepared: PreparedImport, written: ReadonlyMap<number, ImportRowOutcome> = new Map()): ImportRowOutcome[] {
    const all = new Map([...prepared.outcomes, ...written]);
    for (const rows of prepared.newRows.values()) {
      for (const entry of rows) {
        if (!all.has(entry.row)) all.set(entry.row, created(entry, 'VALID'));
      }
    }
    for (const [row, leaderRow] of prepared.repeats) {
      const leader = all.get(leaderRow);
      if (leader) {
        const status = leader.status === 'CREATED' ? 'DUPLICATE' : leader.status;
        all.set(row, { ...leader, row, status, errors: status === 'REJECTED' ? leader.errors : [] });
      }
    }
    return [...all.values()].sort((a, b) => a.row - b.row);
  }

  /**
   * Phase 2: creates the new rows. `atomic` (the mutation's all or nothing): when a write fails
   * half-way, or a row turns out refused because another import claimed its externalId with other
   * content meanwhile, the incidents this call created are deleted again; the failure is passed on,
   * the refusal answered as a REJECTED report; each transaction carries its rows' counters and
   * recent index. Otherwise (the CLI and the import job) they stay and a re-run recognises them;
   * the counters and the index follow the rows in one commit per community (import-counts.ts),
   * which also counts what a run that died left pending.
   */
  async write(prepared: PreparedImport, options: { readonly atomic: boolean }): Promise<ImportReportSource> {
    const written = new Map<number, ImportRowOutcome>();
    const committed: Incident[] = [];
    const communities = [...prepared.newRows.entries()];
    if (!options.atomic && this.countFailure) throw this.countFailure.error;
    try {
      await inParallel(communities, COMMUNITY_CONCURRENCY, async ([communityId, rows]) => {
        const outcomes = options.atomic ? await this.writeCommunity(communityId, rows, committed, true) : await this.writeCommunityRows(communityId, rows);
        for (const outcome of outcomes) written.set(outcome.row, outcome);
      });
      if (!options.atomic) {
        // A run that died after its last rows and before their counts: the re-run finds every row stored.
        const recognised = new Set([...prepared.outcomes.values()].filter((outcome) => outcome.status !== 'REJECTED').map((outcome) => outcome.communityId ?? ''));
        for (const communityId of recognised) if (communityId !== '' && !this.counting.has(communityId)) this.enqueueCounts(communityId, []);
      }
    } catch (error) {
      if (options.atomic && committed.length > 0) await this.undo(committed, error);
      throw error;
    }
    const refused = [...written.values()].some((outcome) => outcome.status === 'REJECTED');
    if (options.atomic && refused) {
      await this.undo(committed);
      const notWritten = new Map([...written].map(([row, outcome]) => [row, outcome.status === 'REJECTED' ? outcome : { ...outcome, status: 'VALID' as const, incidentId: null }]));
      return { prepared, written: notWritten, completed: false };
    }
    return { prepared, written, completed: true };
  }

  /** The report of a call: COMPLETED when it was written, REJECTED when any row was refused. */
  report(communityId: string, source: ImportReportSource): ImportReport {
    const rows = this.outcomesOf(source.prepared, source.written);
    return {
      communityId,
      outcome: source.completed ? 'COMPLETED' : 'REJECTED',
      received: source.prepared.rowCount,
      created: rows.filter((row) => row.status === 'CREATED').length,
      duplicates: rows.filter((row) => row.status === 'DUPLICATE' || row.status === 'PREVIOUSLY_DELETED').length,
      rejected: rows.filter((row) => row.status === 'REJECTED').length,
      rows,
    };
  }

  /**
   * The new rows of one community, transaction after transaction, carrying the recent index along.
   * Pipelined: while a transaction is in flight, the next one is packed and built from the index
   * state this one leaves (what `settle` would return when it has nothing to do), so DynamoDB does
   * not wait for this process between transactions. A failed transaction discards the one built
   * after it; a state that needs settling (a refill) is settled first and the next one built after.
   */
  private async writeCommunity(communityId: string, rows: readonly NewRow[], committed: Incident[], atomic: boolean): Promise<ImportRowOutcome[]> {
    const outcomes: ImportRowOutcome[] = [];
    let state = await this.index.read(communityId);
    // In time order, a transaction's rows share their months: the contributors' counter updates
    // (one per region level and month or year) coalesce and the packer fits nearly as many rows.
    let pending = [...rows].sort((a, b) => a.incident.occurredAt.localeCompare(b.incident.occurredAt) || a.row - b.row);
    let attempt = 0;
    let ready: BuiltTransaction | undefined;
    while (pending.length > 0) {
      const current = ready ?? this.built(pending, state);
      ready = undefined;
      try {
        const sending = this.repository.commitImport(current.steps);
        // Handled below; until then a failure must not count as unhandled.
        sending.catch(() => undefined);
        const rest = pending.slice(current.chunk.length);
        let next: { readonly state: RecentIndexState; readonly built: BuiltTransaction } | undefined;
        if (rest.length > 0 && !needsSettling(state, current.changes)) {
          // Let the request leave first: building is synchronous work.
          await yieldToIo();
          const after = applied(state, planChange(state, current.changes));
          next = { state: after, built: this.built(rest, after) };
        }
        await sending;
        state = next ? next.state : await this.index.settle(state, current.changes);
        ready = next?.built;
        committed.push(...current.chunk.map((entry) => entry.incident));
        outcomes.push(...current.chunk.map((entry) => created(entry, 'CREATED')));
        pending = rest;
        attempt = 0;
      } catch (error) {
        ready = undefined;
        attempt += 1;
        const packed = current.packed;
        if (error instanceof ExternalIdTaken) {
          const recognised = await this.recognised(communityId, packed, outcomes);
          pending = pending.filter((entry) => !recognised.has(entry.row));
          // All or nothing: a refused row ends the call, whose creations are then undone.
          if (atomic && outcomes.some((outcome) => outcome.status === 'REJECTED')) return outcomes;
          // Nothing of the refused transaction was written: the state read still holds.
          if (recognised.size > 0) continue;
        }
        if (!(isWriteRace(error) || error instanceof ExternalIdTaken) || attempt >= 10) throw error;
        await backoff(attempt);
        state = await this.index.read(communityId);
      }
    }
    return outcomes;
  }

  /**
   * The file import's rows of one community (import-counts.ts): transactions of rows (incidents,
   * guards, the audit batch, a pending item), ROW_TRANSACTIONS_IN_FLIGHT at once, then one commit
   * of their counters and recent index. Rows another import claimed meanwhile are recognised as
   * in writeCommunity. When a transaction fails, what the others stored is still counted before
   * the failure is passed on.
   */
  private async writeCommunityRows(communityId: string, rows: readonly NewRow[]): Promise<ImportRowOutcome[]> {
    const outcomes: ImportRowOutcome[] = [];
    const units: PendingUnit[] = [];
    const queue = [...rows].sort((a, b) => a.incident.occurredAt.localeCompare(b.incident.occurredAt) || a.row - b.row);
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (queue.length > 0 && failure === undefined) {
        const { rows: chunk, items } = this.nextRowChunk(queue);
        queue.splice(0, chunk.length);
        try {
          await this.sendRows(communityId, chunk, items, outcomes, units, queue);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: ROW_TRANSACTIONS_IN_FLIGHT }, worker));
    // The counts follow the previous batch's (one at a time per community: they share the counter
    // and index items) and stay in flight while the caller sends the next batch's rows.
    const counted = this.enqueueCounts(communityId, units);
    if (failure) {
      await counted.catch(() => undefined);
      throw failure.error;
    }
    return outcomes;
  }

  /** Queues the counts of `units` behind the community's previous counts commit. */
  private enqueueCounts(communityId: string, units: readonly PendingUnit[]): Promise<void> {
    const counted = (this.counting.get(communityId) ?? Promise.resolve()).then(() => this.countPending(communityId, units));
    this.counting.set(communityId, counted);
    counted.catch((error: unknown) => {
      this.countFailure ??= { error };
    });
    return counted;
  }

  /**
   * Resolves once every counts commit of the file import's batches is in (import-counts.ts);
   * rejects with the first that failed (its rows stay pending: the next import counts them).
   * A file import calls it after its last batch.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.counting.values()].map((counted) => counted.catch(() => undefined)));
    if (this.countFailure) throw this.countFailure.error;
  }

  /**
   * After ExternalIdTaken: another import claimed some of these rows first. Those are recognised
   * now (their outcomes added to `outcomes`), the rest go on; returns the rows recognised.
   */
  private async recognised(communityId: string, rows: readonly NewRow[], outcomes: ImportRowOutcome[]): Promise<Set<number>> {
    const taken = await this.repository.guards(communityId, rows.map((entry) => entry.incident.externalId ?? ''));
    const recognised = new Set<number>();
    for (const entry of rows) {
      const known = classifyAgainstGuard(entry.row, communityId, entry.incident.externalId ?? '', entry.fingerprint, taken.get(entry.incident.externalId ?? ''), this.callId);
      if (known) {
        outcomes.push(known);
        recognised.add(entry.row);
      }
    }
    return recognised;
  }

  /** One transaction of rows, sent until it is in; rows cut off by the transaction's limit go back to the head of `queue`. */
  private async sendRows(
    communityId: string,
    chunk: readonly NewRow[],
    items: ReadonlySet<string>,
    outcomes: ImportRowOutcome[],
    units: PendingUnit[],
    queue: NewRow[],
  ): Promise<void> {
    let rows = chunk;
    for (let attempt = 1; rows.length > 0; attempt += 1) {
      const built = this.builtRows(communityId, rows, items);
      try {
        await this.repository.commitImport(built.steps);
        units.push(built.unit);
        outcomes.push(...built.chunk.map((entry) => created(entry, 'CREATED')));
        if (built.chunk.length < rows.length) queue.unshift(...rows.slice(built.chunk.length));
        return;
      } catch (error) {
        if (error instanceof ExternalIdTaken) {
          const recognised = await this.recognised(communityId, rows, outcomes);
          rows = rows.filter((entry) => !recognised.has(entry.row));
          if (recognised.size > 0) {
            attempt = 0;
            continue;
          }
        }
        if (!(isWriteRace(error) || error instanceof ExternalIdTaken) || attempt >= ROW_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  /** A row transaction of `rows` (as many as fit as built): its rows named as members of its audit batch, its pending unit and its steps. */
  private builtRows(communityId: string, rows: readonly NewRow[], items: ReadonlySet<string>): { chunk: NewRow[]; unit: PendingUnit; steps: TransactionStep[] } {
    const at = new Date().toISOString();
    const batchId = auditEntryId(rows[0]?.incident.regionCode ?? '', at);
    const members = (head: readonly NewRow[]) =>
      head.map((entry, index) => {
        const auditEntryId = batchMemberId(batchId, index);
        return { ...entry, incident: { ...entry.incident, importAudit: auditEntryId } as Incident, auditEntryId };
      });
    let unit: PendingUnit = { communityId, batchId, incidents: [] };
    const { chunk, steps } = fitted(rows, (head) => {
      const named = members(head);
      unit = { communityId, batchId, incidents: named.map((entry) => countedCopy(entry.incident)), whole: named.map((entry) => entry.incident), items };
      return this.repository.importRowsTransaction(named, this.counts.pendingStep(unit, at), this.origin, this.callId, at);
    });
    return { chunk: members(chunk), unit, steps };
  }

  /**
   * As many rows as one row transaction holds: their own items, the audit batch and the pending
   * item within DynamoDB's 100, the counter items they touch within what one counts commit takes
   * (COUNTS_ITEM_BUDGET, its pending delete included), the audit batch within AUDIT_BATCH_BYTES;
   * with those counter items (the counts commit packs by them).
   */
  private nextRowChunk(pending: readonly NewRow[]): { rows: NewRow[]; items: ReadonlySet<string> } {
    const chunk: NewRow[] = [];
    const records = new Set<string>();
    const deferred = new Set<string>();
    let own = 0;
    let bytes = 0;
    for (const entry of pending) {
      const change = { ...this.repository.change(null, entry.incident), auditEntryId: PACKING_MEMBER };
      const entryOwn = entry.incident.externalId === undefined ? 1 : 2;
      const freshRecords = new Set(this.repository.partItemIds(change, 'records').filter((id) => !records.has(id)));
      const freshDeferred = new Set(this.repository.partItemIds(change, 'deferred').filter((id) => !deferred.has(id)));
      const entryBytes = auditBytesOf(entry.incident);
      const full =
        own + entryOwn + records.size + freshRecords.size + 1 > TRANSACTION_ITEM_LIMIT ||
        deferred.size + freshDeferred.size + 1 > COUNTS_ITEM_BUDGET ||
        bytes + entryBytes > AUDIT_BATCH_BYTES;
      if (full && chunk.length > 0) break;
      chunk.push(entry);
      own += entryOwn;
      bytes += entryBytes;
      for (const id of freshRecords) records.add(id);
      for (const id of freshDeferred) deferred.add(id);
    }
    return { rows: chunk, items: deferred };
  }

  /** Commits the counts of `own` and, the first time for a community, of what a run that died left pending. */
  private async countPending(communityId: string, own: readonly PendingUnit[]): Promise<void> {
    const adopted = this.adopted.has(communityId) ? [] : await this.counts.pending(communityId, new Set(own.map((unit) => unit.batchId)));
    this.adopted.add(communityId);
    const units = [...adopted, ...own];
    if (units.length > 0) await this.counts.commit(communityId, units);
  }

  /**
   * The next transaction of `pending` from the index state `state`: its rows, their changes and
   * every step. Its rows' audit entries are one batch item (audit/trail.ts): each incident keeps
   * its member's id (`importAudit`), through which its history shows its creation.
   */
  private built(pending: readonly NewRow[], state: RecentIndexState): BuiltTransaction {
    const packed = this.nextChunk(pending);
    const at = new Date().toISOString();
    const batchId = auditEntryId(packed[0]?.incident.regionCode ?? '', at);
    const members = (head: readonly NewRow[]) =>
      head.map((entry, index) => {
        const auditEntryId = batchMemberId(batchId, index);
        return { ...entry, incident: { ...entry.incident, importAudit: auditEntryId } as Incident, auditEntryId };
      });
    const { chunk, steps } = fitted(packed, (head) => {
      const rows = members(head);
      return this.repository.importTransaction(rows, this.index.steps(state, rows.map((entry) => ({ before: null, after: entry.incident }))), this.origin, this.callId, at);
    });
    const rows = members(chunk);
    return { packed, chunk: rows, steps, changes: rows.map((entry) => ({ before: null, after: entry.incident })) };
  }

  /** As many rows as fit the transaction budget with their guards, the contributors' steps and the recent index. */
  private nextChunk(pending: readonly NewRow[]): NewRow[] {
    let bytes = 0;
    return this.pack(
      pending,
      (row) => ({ own: row.incident.externalId === undefined ? 1 : 2, change: { ...this.repository.change(null, row.incident), auditEntryId: PACKING_MEMBER } }),
      // The batch's audit item holds every row's fields: it stays well within DynamoDB's 400 KB.
      (row, first) => {
        bytes = (first ? 0 : bytes) + auditBytesOf(row.incident);
        return bytes <= AUDIT_BATCH_BYTES;
      },
    );
  }

  /**
   * The longest head of `pending` whose items fit the transaction budget: each entry's own items,
   * the items the contributors' steps touch for all of them (a union, grown entry by entry, so
   * packing stays linear), and the recent index.
   */
  private pack<T>(pending: readonly T[], itemsOf: (entry: T) => { own: number; change: RecordChange<Incident> }, fits?: (entry: T, first: boolean) => boolean): T[] {
    const chunk: T[] = [];
    const contributed = new Set<string>();
    let own = 0;
    for (const entry of pending) {
      const { own: entryOwn, change } = itemsOf(entry);
      const fresh = new Set(this.repository.contributedItemIds(change).filter((id) => !contributed.has(id)));
      if (own + entryOwn + contributed.size + fresh.size + 1 > TRANSACTION_ITEM_BUDGET && chunk.length > 0) break;
      if (fits && !fits(entry, chunk.length === 0) && chunk.length > 0) break;
      chunk.push(entry);
      own += entryOwn;
      for (const id of fresh) contributed.add(id);
    }
    return chunk;
  }

  /** Undoes the creations of this call; when that fails too, both failures are passed on. */
  private async undo(incidents: readonly Incident[], cause?: unknown): Promise<void> {
    try {
      await this.rollback(incidents);
    } catch (rollbackError) {
      throw new AggregateError(
        cause === undefined ? [rollbackError] : [cause, rollbackError],
        `undoing ${incidents.length} incidents of a failed import failed: sending the same records again recognises them`,
      );
    }
  }

  /** Deletes incidents this call created, a transaction at a time, each with its recent index. */
  private async rollback(incidents: readonly Incident[]): Promise<void> {
    for (const [communityId, created] of groupBy(incidents, (incident) => incident.communityId)) {
      // Packed like the creations: the rows' own items, the contributors' steps for them, the recent index.
      for (let start = 0; start < created.length; ) {
        const packed = this.rollbackChunk(created.slice(start));
        start += await retryingRaces(`the incidents of community ${communityId}`, async () => {
          const state = await this.index.read(communityId);
          const { chunk, steps } = fitted(packed, (head) =>
            this.repository.rollbackTransaction(head, this.index.steps(state, head.map((incident) => ({ before: incident, after: null }))), this.origin, this.callId),
          );
          await this.repository.commitImport(steps);
          await this.index.settle(state, chunk.map((incident) => ({ before: incident, after: null })));
          return chunk.length;
        });
      }
    }
  }

  /** As many creations as fit the transaction budget when undone: incident and guard, the contributors' steps, the recent index. */
  private rollbackChunk(pending: readonly Incident[]): Incident[] {
    return this.pack(pending, (incident) => ({ own: incident.externalId === undefined ? 1 : 2, change: this.repository.change(incident, null) }));
  }


  /** Each community of the rows, when it exists and the caller may write its records; otherwise why not. */
  private async allowedCommunities(rows: readonly ImportRow[]): Promise<Map<string, Community | string>> {
    const ids = [...new Set(rows.map((row) => row.communityId).filter((id): id is string => id !== undefined && idIssue(id) === undefined))];
    const found = await Promise.all(ids.map((id) => this.communities.find(id)));
    const allowed = new Map<string, Community | string>();
    ids.forEach((id, position) => {
      const community = found[position];
      if (!community) {
        allowed.set(id, 'no such community');
        return;
      }
      try {
        authorizeRecord(this.principal, 'record:write', community);
        allowed.set(id, community);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Not visible reads like not existing, as everywhere.
        allowed.set(id, error.code === 'NOT_FOUND' ? 'no such community' : 'you may not write records of this community');
      }
    });
    return allowed;
  }
}

/**
 * The longest head of a packed chunk whose transaction, as built, stays within DynamoDB's limit
 * (the packer's count is an upper bound, so this is the whole chunk unless a contributor wrote
 * more items than it declared), with its steps.
 */
function fitted<T>(packed: readonly T[], build: (rows: readonly T[]) => TransactionStep[]): { chunk: T[]; steps: TransactionStep[] } {
  let chunk = [...packed];
  let steps = build(chunk);
  while (steps.length > TRANSACTION_ITEM_LIMIT && chunk.length > 1) {
    chunk = chunk.slice(0, Math.max(1, chunk.length - Math.ceil((steps.length - TRANSACTION_ITEM_LIMIT) / 3)));
    steps = build(chunk);
  }
  return { chunk, steps };
}

function classifyAgainstGuard(
  row: number,
  communityId: string,
  externalId: string,
  fingerprint: string,
  guard: ExternalIdGuard | undefined,
  callId: string,
): ImportRowOutcome | undefined {
  if (!guard) return undefined;
  const base = { row, externalId, communityId, incidentId: guard.incidentId };
  if (guard.fingerprint !== fingerprint) {
    return {
      ...base,
      status: 'REJECTED',
      errors: [{ field: 'externalId', message: `was imported before as incident ${guard.incidentId} with different content; correct that incident instead` }],
    };
  }
  if (guard.status === 'DELETED') return { ...base, status: 'PREVIOUSLY_DELETED', errors: [] };
  // Stored by this same call before it was interrupted (an import job run again): its own creation.
  return { ...base, status: guard.importedVia === callId ? 'CREATED' : 'DUPLICATE', errors: [] };
}

function created(entry: NewRow, status: 'CREATED' | 'VALID'): ImportRowOutcome {
  return {
    row: entry.row,
    externalId: entry.incident.externalId ?? null,
    communityId: entry.incident.communityId,
    status,
    incidentId: status === 'CREATED' ? entry.incident.id : null,
    errors: [],
  };
}

function rawExternalId(record: unknown): string | null {
  const value = record && typeof record === 'object' ? (record as Record<string, unknown>).externalId : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key) ?? [];
    group.push(value);
    groups.set(key, group);
  }
  return groups;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  });
  await Promise.all(workers);
  if (errors.length > 0) throw errors[0];
}

/** Lets pending I/O (a request just sent, a response arrived) go before more synchronous work. */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An upper bound of an incident's member in its batch's audit item: every field's JSON (a
 * description in Chinese 3 bytes a character, with its escapes) and the attribute names.
 */
function auditBytesOf(incident: Incident): number {
  return 2_000 + 6 * (incident.description?.length ?? 0);
}
