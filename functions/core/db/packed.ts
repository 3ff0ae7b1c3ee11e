import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A large list kept in one attribute as gzipped JSON (a DynamoDB Binary): an import batch's audit
 * members (audit/trail.ts) and an import's pending rows (incident/import-counts.ts). 49 rows' worth
 * of JSON, 25–50 KB, becomes 3–6 KB: one attribute instead of a few hundred maps for DynamoDB and
 * the SDK to marshal, carry and store (a tenth of the bytes), for well under a millisecond of zlib.
 */
export function packedJson(value: unknown): Uint8Array {
  return gzipSync(JSON.stringify(value));
}

/** What `packedJson` stored, read back; a value stored before as plain JSON text or as a DynamoDB list reads as it is. */
export function unpackedJson<T>(stored: unknown): T {
  if (stored instanceof Uint8Array) return JSON.parse(gunzipSync(stored).toString('utf8')) as T;
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  return stored as T;
}
