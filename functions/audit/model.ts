import type { WriteOperation } from '#core/db/pipeline.ts';
import type { Actor } from '#core/origin.ts';

/**
 * One entry of the audit trail: who changed which record, when, how and why. Written in the
 * transaction of the change itself (trail.ts), never updated or deleted.
 */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly operation: WriteOperation;
  readonly actor: Actor;
  readonly recordType: string;
  readonly recordId: string;
  readonly communityId: string;
  readonly regionCode: string;
  /** The record's version the write produced (a deletion: the version deleted). */
  readonly version?: number;
  /** The fields the write changed, with their values before and after (JSON text). */
  readonly changes: readonly FieldChange[];
  readonly reason?: string;
  readonly requestId: string;
  /** The call the record came in with (an import). */
  readonly via?: string;
}

export interface FieldChange {
  readonly field: string;
  /** JSON text of the value before; absent when the field had none. */
  readonly before?: string;
  readonly after?: string;
}

/**
 * Fields whose words are personal (an incident's description): a caller who may not see an
 * incident's details sees that they changed, not what they said. Reasons of incident changes
 * can quote them, so they follow too.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Incident: new Set(['description']),
  ResidentReport: new Set(['description']),
};

/** Bookkeeping the trail does not repeat: every write changes these (`importAudit`: an imported incident's entry, trail.ts). */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt', 'changeKeys', 'stageHistory', 'importAudit']);

/** The fields that differ between two versions of a record (either may be absent). */
export function fieldChanges(before: object | null, after: object | null): FieldChange[] {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((field) => !BOOKKEEPING.has(field)).sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = encode(old[field]);
    const now = encode(next[field]);
    if (was === now) continue;
    changes.push({ field, ...(was !== undefined ? { before: was } : {}), ...(now !== undefined ? { after: now } : {}) });
  }
  return changes;
}

/** The values a change list records, as objects: what the fields were before, and after. */
export function valuesOf(changes: readonly FieldChange[], side: 'before' | 'after'): Record<string, unknown> {
  return Object.fromEntries(changes.flatMap((change) => (change[side] === undefined ? [] : [[change.field, JSON.parse(change[side])]])));
}

function encode(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(value instanceof Set ? [...value].sort() : value);
}
