import { createHash } from 'node:crypto';

/** A demo record's id, derived from its stable key, in UUID form: the same on every machine. */
export function demoId(key: string): string {
  const hex = createHash('sha256').update(`safe-community-demo:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

