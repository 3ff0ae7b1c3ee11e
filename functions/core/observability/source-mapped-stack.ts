import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces in the sources' lines, for the errors a function logs, without
 * `--enable-source-maps`.
 *
 * With that flag Node reads and parses the source map of every module it loads, as it loads it:
 * a third of the GraphQL function's module init (bench/, foundation) and tens of megabytes of
 * memory, paid by every cold start for the few that log an internal error. The functions run
 * without it (infra/constructs/platform-function.ts) and ship their maps beside the bundle; a
 * logged error's stack is mapped here, when it is logged: each frame in a bundled file that has a
 * `.map` beside it becomes the original file, line and column (`functions/core/errors.ts:41:11`,
 * `node_modules/@apollo/server/…`); other frames (Node's own, files run from source under tsx)
 * stay as they are. A map is read once, on the first error that needs it.
 */
export function sourceMappedStack(stack: string): string {
  if (!stack.includes('.mjs:') && !stack.includes('.js:')) return stack;
  return stack.replace(FRAME_LOCATION, (whole, file: string, line: string, column: string) => {
    const original = originalLocation(file, Number(line), Number(column));
    return original ?? whole;
  });
}

/** `file:///var/task/chunks/chunk-X.mjs:1:2345` or `/var/task/index.mjs:1:2345`, in a frame. */
const FRAME_LOCATION = /((?:file:\/\/)?\/[^\s():]+?\.m?js):(\d+):(\d+)/g;

interface LoadedMap {
  readonly map: SourceMap;
  readonly directory: string;
}

/** Per bundled file: its parsed map, or null when it has none (or it cannot be read). */
const maps = new Map<string, LoadedMap | null>();

function originalLocation(file: string, line: number, column: number): string | undefined {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const loaded = mapOf(path);
  if (!loaded) return undefined;
  // findEntry counts lines and columns from 0, stack traces from 1.
  const entry = loaded.map.findEntry(line - 1, column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (typeof entry.originalSource !== 'string' || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  return `${displayPath(loaded.directory, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

function mapOf(path: string): LoadedMap | null {
  const known = maps.get(path);
  if (known !== undefined) return known;
  let loaded: LoadedMap | null = null;
  try {
    loaded = { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), directory: dirname(path) };
  } catch {
    // No map beside the file (or not one Node can read): its frames stay as they are.
  }
  maps.set(path, loaded);
  return loaded;
}

/**
 * A source as the project names it: esbuild writes the sources relative to the map's directory
 * (`../../functions/core/errors.ts` from a build directory); the climb out of the build
 * directory says nothing, so what is left from the first `functions/`, `node_modules/` (or
 * whatever follows the last `../`) is shown.
 */
function displayPath(directory: string, source: string): string {
  if (source.startsWith('file://')) source = fileURLToPath(source);
  const resolved = source.startsWith('/') ? source : join(directory, source);
  const named = /(?:^|\/)((?:functions|node_modules|scripts|client)\/.*)$/.exec(resolved);
  if (named?.[1]) return named[1];
  return source.replace(/^(?:\.\.\/)+/, '') || relative(directory, resolved);
}
