/**
 * Applies a partial update the way every update mutation reads: a field left out (undefined)
 * stays as it was, a field set to null is cleared, any other value replaces it.
 */
export function applyPatch<T extends object>(current: T, changes: Readonly<Record<string, unknown>>): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as T;
}

/** True when the patch would change nothing. */
export function isEmptyPatch(changes: Readonly<Record<string, unknown>>): boolean {
  return Object.values(changes).every((value) => value === undefined);
}
