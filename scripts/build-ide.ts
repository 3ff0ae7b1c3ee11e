import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { IDE_MANIFEST, type IdeManifest, ideContentType } from '#ide/assets.ts';

/**
 * Builds the IDE's assets (GraphiQL 5 with React 19 and Monaco's three workers) from npm into
 * dist/ide/: build output, git-ignored, never committed. `npm install`/`npm ci` build them (the
 * `prepare` script); a build whose inputs have not changed (the client's sources, this script,
 * the versions of the packages bundled) is skipped after one hash of them. Anything that serves
 * the assets calls ensureIdeAssets, which builds them when they are missing or stale (the browser
 * test; `npm start` should), or runs this script (the IDE assets function, when the CDK app
 * bundles it). A build goes to a directory of its own and is put in place with one rename.
 *
 *   node --import tsx scripts/build-ide.ts [--force]
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const IDE_OUT_DIR = join(ROOT, 'dist', 'ide');
const CLIENT_DIR = join(ROOT, 'functions', 'ide', 'client');

/** The packages whose code the bundle holds (or that make it): their versions are inputs. */
const BUNDLED_PACKAGES = [
  'esbuild',
  'graphiql',
  '@graphiql/react',
  '@graphiql/plugin-doc-explorer',
  '@graphiql/plugin-history',
  'monaco-editor',
  'monaco-graphql',
  'graphql',
  'react',
  'react-dom',
];

/** Monaco's workers, each an entry of its own (format iife: a classic worker script). */
const WORKER_ENTRIES: Readonly<Record<string, string>> = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

export interface IdeBuild {
  readonly outDir: string;
  readonly manifest: IdeManifest;
  /** False when the assets were up to date and nothing was built. */
  readonly built: boolean;
  readonly milliseconds: number;
}

/** One hash of everything the build reads. */
export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of [fileURLToPath(import.meta.url), ...filesUnder(CLIENT_DIR)].sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of BUNDLED_PACKAGES) {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The manifest of the assets in dist/ide when they were built from the current inputs. */
function currentManifest(hash: string): IdeManifest | undefined {
  const path = join(IDE_OUT_DIR, IDE_MANIFEST);
  if (!existsSync(path)) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as IdeManifest;
  if (manifest.inputsHash !== hash) return undefined;
  const complete = Object.keys(manifest.files).every((file) => existsSync(join(IDE_OUT_DIR, file)) && existsSync(join(IDE_OUT_DIR, `${file}.gz`)));
  return complete ? manifest : undefined;
}

function buildOptions(outdir: string): BuildOptions[] {
  const common: BuildOptions = {
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    legalComments: 'none',
    target: ['chrome120', 'firefox120', 'safari17'],
    outdir,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Monaco's codicon font: a file beside the CSS, served from the same origin.
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    assetNames: '[name]-[hash]',
  };
  return [
    { ...common, entryPoints: { ide: join(CLIENT_DIR, 'ide.js') }, format: 'esm' },
    { ...common, entryPoints: { ...WORKER_ENTRIES }, format: 'iife' },
  ];
}

/**
 * The manifest, and beside each file its gzip (`<file>.gz`): the assets function answers from
 * Lambda, whose response is at most 6 MB (ide.js alone is 5 MB, 1.3 MB gzipped), and a browser
 * on a slow link is served the smaller file.
 */
function writeManifest(hash: string, outdir: string): IdeManifest {
  const files: Record<string, IdeManifest['files'][string]> = {};
  for (const file of filesUnder(outdir)) {
    const name = relative(outdir, file);
    if (name === IDE_MANIFEST) continue;
    const bytes = readFileSync(file);
    const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(`${file}.gz`, gzip);
    files[name] = { contentType: ideContentType(name), bytes: bytes.byteLength, gzipBytes: gzip.byteLength, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` };
  }
  const manifest: IdeManifest = { inputsHash: hash, files };
  writeFileSync(join(outdir, IDE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * A fresh directory beside dist/ide to build into; `publish` then puts it in place with one
 * rename, so a reader (the local door, a synth, another build) never sees half a build.
 */
function scratchDir(): string {
  const scratch = `${IDE_OUT_DIR}.build-${process.pid}-${Date.now()}`;
  mkdirSync(scratch, { recursive: true });
  return scratch;
}

function publish(scratch: string): void {
  const old = `${IDE_OUT_DIR}.old-${process.pid}-${Date.now()}`;
  if (existsSync(IDE_OUT_DIR)) renameSync(IDE_OUT_DIR, old);
  renameSync(scratch, IDE_OUT_DIR);
  rmSync(old, { recursive: true, force: true });
}

/** Builds the assets unless they are up to date (`force` builds anyway). */
export async function ensureIdeAssets({ force = false }: { force?: boolean } = {}): Promise<IdeBuild> {
  const started = performance.now();
  const hash = inputsHash();
  const current = force ? undefined : currentManifest(hash);
  if (current) return { outDir: IDE_OUT_DIR, manifest: current, built: false, milliseconds: performance.now() - started };
  const scratch = scratchDir();
  try {
    await Promise.all(buildOptions(scratch).map((options) => build(options)));
    const manifest = writeManifest(hash, scratch);
    publish(scratch);
    return { outDir: IDE_OUT_DIR, manifest, built: true, milliseconds: performance.now() - started };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await ensureIdeAssets({ force: process.argv.includes('--force') });
  const bytes = Object.values(result.manifest.files).reduce((sum, file) => sum + file.bytes, 0);
  const what = result.built ? `built in ${(result.milliseconds / 1000).toFixed(1)} s` : `up to date (checked in ${Math.round(result.milliseconds)} ms)`;
  console.log(`IDE assets ${what}: ${Object.keys(result.manifest.files).length} files, ${(bytes / 1e6).toFixed(1)} MB in ${relative(ROOT, result.outDir)}/`);
}
