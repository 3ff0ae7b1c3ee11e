import { createHash as nodeCreateHash, type Hash } from 'node:crypto';

/**
 * `@apollo/utils.createhash` for the bundles (DEDUPE_ALIASES, infra/bundling.ts). The package
 * takes Node's crypto through `module.require`, which a CommonJS module bundled into an ES module
 * does not have, so in the bundle it falls back to `sha.js`: SHA-256 in JavaScript for every
 * request's query hash (Apollo's document store), and sha.js with its polyfills compiled at
 * module init. Here it is always Node's crypto, as the package does unbundled.
 */
export function createHash(kind: string): Hash {
  return nodeCreateHash(kind);
}
