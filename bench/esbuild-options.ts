import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { DEDUPE_ALIASES, ESM_REQUIRE_BANNER } from '#infra/bundling.ts';

/**
 * The esbuild options of a production Lambda bundle. The benchmark builds both the GraphQL
 * function and the hello-world baseline with exactly these, so size and init time compare like
 * with like. infra/ (NodejsFunction) must produce the same bundle; see `DEDUPE_ALIASES`.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export { DEDUPE_ALIASES, ESM_REQUIRE_BANNER };

export interface BundleOptionsInput {
  readonly entry: string;
  readonly outfile: string;
  /** Apply `DEDUPE_ALIASES`. On in production; off only to measure what they save. */
  readonly dedupe?: boolean;
}

/**
 * Source maps: linked (`app.mjs` + `app.mjs.map`, with a `sourceMappingURL` comment), without
 * sources content, as NodejsFunction's `sourceMap: true, sourcesContent: false` gives. The map
 * is a separate file: the bundle size is the `.mjs` alone, the map is reported beside it.
 */
export function productionBuildOptions({ entry, outfile, dedupe = true }: BundleOptionsInput): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    ...(dedupe ? { alias: { ...DEDUPE_ALIASES } } : {}),
    metafile: true,
    logLevel: 'warning',
  };
}
