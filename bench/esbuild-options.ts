import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options of a production Lambda bundle. The benchmark builds both the GraphQL
 * function and the hello-world baseline with exactly these, so size and init time compare like
 * with like. infra/ (NodejsFunction) must produce the same bundle; see `DEDUPE_ALIASES`.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** CommonJS dependencies bundled into an ES module still call `require` (for Node built-ins). */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * One copy of each dual (CommonJS + ES module) package. `@as-integrations/aws-lambda` is
 * CommonJS and does `require("@apollo/server")`, which the package's export map answers with
 * `dist/cjs`, while our code imports it and gets `dist/esm`: esbuild would bundle both copies.
 * Apollo's CommonJS helpers do the same to two more dual packages:
 * `@apollo/utils.usagereporting` requires `@apollo/usage-reporting-protobuf` and
 * `@apollo/utils.keyvaluecache` requires `lru-cache`, which the ESM build of @apollo/server
 * imports. Each alias points the bare specifier, for imports and requires alike, at the ES
 * module build. esbuild resolves an alias target from its working directory (the project root)
 * and appends subpaths: `@apollo/server/plugin/disabled` becomes `<dist/esm>/plugin/disabled`,
 * a directory with an index.js, so @apollo/server is aliased to its directory; the other two
 * are only ever imported bare and are aliased to their entry file.
 *
 * An alias rewrites every import of that name in the bundle: if a dependency ever bundles
 * another major version of lru-cache, it would get this one. The benchmark's duplicate check
 * (metafile) shows what each build holds.
 *
 * NodejsFunction equivalent (it runs the esbuild CLI with the project root as working directory):
 *   bundling: { esbuildArgs: {
 *     '--alias:@apollo/server': './node_modules/@apollo/server/dist/esm',
 *     '--alias:@apollo/usage-reporting-protobuf': './node_modules/@apollo/usage-reporting-protobuf/generated/esm/protobuf.js',
 *     '--alias:lru-cache': './node_modules/lru-cache/dist/esm/node/index.min.js',
 *   } }
 */
export const DEDUPE_ALIASES: Readonly<Record<string, string>> = {
  '@apollo/server': projectRelative(dirname(esmEntry('@apollo/server'))),
  '@apollo/usage-reporting-protobuf': projectRelative(esmEntry('@apollo/usage-reporting-protobuf')),
  'lru-cache': projectRelative(esmEntry('lru-cache')),
};

/** The file an `import` of the package resolves to (conditions import, node). */
function esmEntry(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}

function projectRelative(path: string): string {
  return `./${relative(PROJECT_ROOT, path).split(sep).join('/')}`;
}

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
