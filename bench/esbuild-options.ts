import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { DEDUPE_ALIASES, ESM_REQUIRE_BANNER, splitBundleOptions } from '#infra/bundling.ts';

/**
 * The esbuild options of a production Lambda bundle. The benchmark builds both the GraphQL
 * function and the hello-world baseline with exactly these, so size and init time compare like
 * with like: infra/bundling.ts' `splitBundleOptions`, which the GraphQL function deploys with
 * (PlatformFunction `codeSplitting`), the entry named `handler.mjs` here.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export { DEDUPE_ALIASES, ESM_REQUIRE_BANNER };

export interface BundleOptionsInput {
  readonly entry: string;
  /** The directory the bundle is written to: `handler.mjs`, its chunks under `chunks/`, their maps. */
  readonly outdir: string;
  /** Apply `DEDUPE_ALIASES`. On in production; off only to measure what they save. */
  readonly dedupe?: boolean;
  /** Apply `BUILT_SCHEMA_ALIASES`, as the GraphQL function's bundle does (its Apollo is given a built schema; the hello-world's takes typeDefs). */
  readonly builtSchema?: boolean;
}

/**
 * Source maps: linked (`handler.mjs` + `handler.mjs.map`, each chunk with its own), without
 * sources content, as the deployment has them. The maps are separate files: the bundle size is
 * the `.mjs` files alone, the maps are reported beside it.
 */
export function productionBuildOptions({ entry, outdir, dedupe = true, builtSchema = false }: BundleOptionsInput): BuildOptions {
  return splitBundleOptions({ entry, outdir, entryName: 'handler', dedupe, builtSchema });
}
