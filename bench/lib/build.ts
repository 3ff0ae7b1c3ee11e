import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { PROJECT_ROOT, productionBuildOptions } from '#bench/esbuild-options.ts';

/** Everything the benchmark builds lands here (git-ignored). */
export const OUT_DIR = join(PROJECT_ROOT, 'bench', '.out');

export interface BundleSpec {
  /** Output directory name under bench/.out/. */
  readonly name: string;
  /** Entry point, relative to the project root. */
  readonly entry: string;
  /** Files copied beside the bundle, as the deployment does (relative to the project root). */
  readonly assets?: readonly string[];
  /** See `DEDUPE_ALIASES`; on unless false. */
  readonly dedupe?: boolean;
  /** See `BUILT_SCHEMA_ALIASES`; off unless true. */
  readonly builtSchema?: boolean;
}

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  /** The bundle's modules (`.mjs`: the entry and its chunks), maps excluded. */
  readonly bytes: number;
  /** What module init compiles: the entry and the chunks it imports statically, transitively. */
  readonly initBytes: number;
  /** Their linked source maps, separate files. */
  readonly mapBytes: number;
  /** Bytes of the assets copied beside it. */
  readonly assetBytes: number;
  readonly metafile: Metafile;
  /** Packages bundled more than once (two builds of one package, or two installed copies). */
  readonly duplicates: readonly DuplicatePackage[];
}

export interface DuplicatePackage {
  readonly name: string;
  /** The bundled files that are the same module in different copies, one example per copy. */
  readonly examples: readonly string[];
  /** Bundle bytes of the duplicated files, all copies together. */
  readonly bytesInOutput: number;
}

export async function buildBundle(spec: BundleSpec): Promise<BuiltBundle> {
  const directory = join(OUT_DIR, spec.name);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'handler.mjs');
  const options = productionBuildOptions({ entry: spec.entry, outdir: directory, dedupe: spec.dedupe ?? true, builtSchema: spec.builtSchema ?? false });
  const result = await build(options);
  let assetBytes = 0;
  for (const asset of spec.assets ?? []) {
    const target = join(directory, basename(asset));
    copyFileSync(join(PROJECT_ROOT, asset), target);
    assetBytes += statSync(target).size;
  }
  const metafile = result.metafile;
  if (!metafile) throw new Error('esbuild returned no metafile');
  const outputs = Object.entries(metafile.outputs);
  const modules = outputs.filter(([path]) => path.endsWith('.mjs'));
  return {
    name: spec.name,
    file,
    bytes: modules.reduce((sum, [, output]) => sum + output.bytes, 0),
    initBytes: initClosureBytes(metafile, file),
    mapBytes: outputs.filter(([path]) => path.endsWith('.map')).reduce((sum, [, output]) => sum + output.bytes, 0),
    assetBytes,
    metafile,
    duplicates: findDuplicatePackages(metafile, file),
  };
}

/** The bytes of the entry and of every chunk it imports statically (`import()` excluded), transitively. */
function initClosureBytes(metafile: Metafile, entry: string): number {
  const entryPath = Object.keys(metafile.outputs).find((path) => basename(path) === basename(entry));
  if (!entryPath) throw new Error(`metafile has no output ${entry}`);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && metafile.outputs[imported.path]) visit(imported.path);
  };
  visit(entryPath);
  return [...seen].reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0);
}

/** Build-flavour directories packages use for their CommonJS and ES module copies. */
const FLAVOUR_SEGMENTS = new Set(['cjs', 'commonjs', 'esm', 'es', 'es6', 'mjs', 'dist-cjs', 'dist-es', 'dist-esm', 'module', 'lib']);

/**
 * Finds modules bundled more than once: the same file of the same package reached through two
 * build flavours (`dist/cjs/x.js` and `dist/esm/x.js`) or two installed copies
 * (`node_modules/p` and `node_modules/q/node_modules/p`).
 */
export function findDuplicatePackages(metafile: Metafile, outfile: string): DuplicatePackage[] {
  if (!Object.keys(metafile.outputs).some((path) => basename(path) === basename(outfile))) throw new Error(`metafile has no output ${outfile}`);
  // Over every module of the bundle: the entry and its chunks.
  const inputs = Object.entries(metafile.outputs)
    .filter(([path]) => !path.endsWith('.map'))
    .flatMap(([, output]) => Object.entries(output.inputs));
  const copies = new Map<string, { files: string[]; bytes: number }>();
  for (const [path, input] of inputs) {
    const match = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/(.+)$/.exec(path);
    if (!match || path.endsWith('package.json')) continue;
    const [, name, inner] = match as unknown as [string, string, string];
    const normalised = inner
      .split('/')
      .filter((segment) => !FLAVOUR_SEGMENTS.has(segment))
      .join('/')
      .replace(/\.(mjs|cjs)$/, '.js');
    const key = `${name}\0${normalised}`;
    const entry = copies.get(key) ?? { files: [], bytes: 0 };
    entry.files.push(path);
    entry.bytes += input.bytesInOutput;
    copies.set(key, entry);
  }
  const byPackage = new Map<string, { examples: string[]; bytes: number }>();
  for (const [key, entry] of copies) {
    if (entry.files.length < 2) continue;
    const name = key.slice(0, key.indexOf('\0'));
    const found = byPackage.get(name) ?? { examples: [], bytes: 0 };
    if (found.examples.length === 0) found.examples.push(...entry.files);
    found.bytes += entry.bytes;
    byPackage.set(name, found);
  }
  return [...byPackage].map(([name, { examples, bytes }]) => ({ name, examples, bytesInOutput: bytes }));
}

export function bundleDirectory(bundle: BuiltBundle): string {
  return dirname(bundle.file);
}
