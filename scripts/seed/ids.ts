import { createHash } from 'node:crypto';
import { type NodeKind, taggedId } from '#core/ids.ts';

/**
 * A demo record's id, derived from its stable key: the same on every machine. It is the UUID
 * the demo has always derived from the key, under the kind's tag (`com_<uuid>`, ids.ts), so an
 * id the README quoted before tags maps by prefixing the tag.
 */
export function demoId(kind: NodeKind, key: string): string {
  const hex = createHash('sha256').update(`safe-community-demo:${key}`).digest('hex');
  return taggedId(kind, `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`);
}
