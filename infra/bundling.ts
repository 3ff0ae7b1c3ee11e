import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * Bundling settings shared by the CDK app (NodejsFunction) and the benchmark, so the bundle the
 * benchmark measures is the bundle that deploys.
 */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** CommonJS dependencies bundled into an ES module still call `require` (for Node built-ins). */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * Compile-time constants of every production bundle. `process.env.NODE_ENV` is "production", as
 * bundlers set it for a production build: graphql-js then checks `instanceof` plainly instead of
 * looking for a second copy of itself on every check (its development mode, about a twentieth of
 * the GraphQL function's module init, where the schema is built), and the development branches
 * are minified away. Apollo Server would also take its production defaults from it; the server
 * sets each of those explicitly (functions/graphql/server.ts). Local runs (npm start, the tests)
 * run the sources, not a bundle, and stay in graphql-js' development mode.
 */
export const PRODUCTION_DEFINE: Readonly<Record<string, string>> = { 'process.env.NODE_ENV': '"production"' };

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
 */
export const DEDUPE_ALIASES: Readonly<Record<string, string>> = {
  '@apollo/server': projectRelative(dirname(esmEntry('@apollo/server'))),
  '@apollo/usage-reporting-protobuf': projectRelative(esmEntry('@apollo/usage-reporting-protobuf')),
  'lru-cache': projectRelative(esmEntry('lru-cache')),
  // @aws-sdk/s3-presigned-post pins an older @aws-sdk/client-s3 of the same major version: one copy.
  // The package has no export map, so an import resolves to its `main`, the CommonJS build: point
  // at its `module` build instead, which esbuild can tree-shake and need not evaluate as one blob.
  '@aws-sdk/client-s3': projectRelative(moduleEntry('@aws-sdk/client-s3')),
  // graphql-armor's max-tokens (CommonJS) requires the parser by its path, which graphql (no export
  // map) answers with the CommonJS file, while everything else in the bundle has the ES build.
  'graphql/language/parser': projectRelative(fileURLToPath(import.meta.resolve('graphql/language/parser.mjs'))),
  // functions/graphql/schema-builder.ts imports graphql's type constructors and two helpers by
  // their CommonJS paths (for vitest's sake): the ES builds here.
  ...graphqlEsBuilds(['graphql/type/index', 'graphql/execution/values', 'graphql/utilities/valueFromAST']),
  // Not a second copy but a fallback: bundled, Apollo's createHash cannot reach Node's crypto and
  // takes sha.js (JavaScript SHA-256 on every request, and its polyfills at init): node:crypto here.
  '@apollo/utils.createhash': './infra/shims/apollo-createhash.ts',
};

/**
 * For a bundle whose Apollo Server is given a built schema (the GraphQL function's: PlatformFunction
 * `builtSchema`): Apollo's `typeDefs` path, graphql-tools' makeExecutableSchema, is left out
 * (infra/shims/apollo-built-schema.ts says why, and fails should typeDefs ever be given).
 */
export const BUILT_SCHEMA_ALIASES: Readonly<Record<string, string>> = {
  '@graphql-tools/schema': './infra/shims/apollo-built-schema.ts',
};

/** Each of graphql's CommonJS module paths (`<path>.js`) aliased to its ES build (`<path>.mjs`). */
function graphqlEsBuilds(paths: readonly string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [`${path}.js`, projectRelative(fileURLToPath(import.meta.resolve(`${path}.mjs`)))]));
}

/** The file an `import` of the package resolves to (conditions import, node). */
function esmEntry(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}

/** A package's `module` build (its package.json `module` field), for packages without an export map. */
function moduleEntry(specifier: string): string {
  const manifest = fileURLToPath(import.meta.resolve(`${specifier}/package.json`));
  const { module } = JSON.parse(readFileSync(manifest, 'utf8')) as { module?: string };
  if (!module) throw new Error(`${specifier} has no module build`);
  return join(dirname(manifest), module);
}

function projectRelative(path: string): string {
  return `./${relative(PROJECT_ROOT, path).split(sep).join('/')}`;
}


/** The aliases as esbuild CLI flags, which is how NodejsFunction passes them (from the project root). */
export const DEDUPE_ESBUILD_ARGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEDUPE_ALIASES).map(([specifier, target]) => [`--alias:${specifier}`, target]),
);

export interface SplitBundleOptions {
  /** Entry module, relative to the project root. */
  readonly entry: string;
  /** Where the bundle goes: `<entryName>.mjs` and its chunks under `chunks/`, each with its map. */
  readonly outdir: string;
  /** The entry's output name: `index` for Lambda (handler `index.handler`); @default 'index' */
  readonly entryName?: string;
  /** Apply `DEDUPE_ALIASES`. On in production; off only to measure what they save. @default true */
  readonly dedupe?: boolean;
  /** Apply `BUILT_SCHEMA_ALIASES`: the bundle's Apollo Server is given a built schema, never typeDefs. @default false */
  readonly builtSchema?: boolean;
}

/**
 * The GraphQL function's bundle, code-split (PlatformFunction `codeSplitting`, and bench/ builds
 * the same): an ES module entry and chunks, so module init compiles only the entry and the chunks
 * it imports statically, and a module imported with `import()` (the application:
 * functions/graphql/application.ts; the schema's descriptions) is a chunk read when a request
 * first needs it. NodejsFunction takes a single `--outfile`, so this is esbuild's own API, run by
 * the asset's local bundling, with the options NodejsFunction's bundling gives the other
 * functions: minified ESM for node22 with the createRequire banner, `PRODUCTION_DEFINE`, the dedupe aliases, `module`
 * before `main`, linked source maps without sources content.
 */
export function splitBundleOptions({ entry, outdir, entryName = 'index', dedupe = true, builtSchema = false }: SplitBundleOptions): BuildOptions {
  const alias = { ...(dedupe ? DEDUPE_ALIASES : {}), ...(builtSchema ? BUILT_SCHEMA_ALIASES : {}) };
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { [entryName]: entry },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    define: { ...PRODUCTION_DEFINE },
    ...(Object.keys(alias).length > 0 ? { alias } : {}),
    metafile: true,
    logLevel: 'warning',
  };
}
