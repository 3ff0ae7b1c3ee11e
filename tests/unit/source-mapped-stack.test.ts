import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundleOptions } from '#infra/bundling.ts';
import { sourceMappedStack } from '#core/observability/source-mapped-stack.ts';

/**
 * The functions run without --enable-source-maps (infra/constructs/platform-function.ts); a
 * logged error's stack is mapped to the sources when it is logged. Here a bundle built as the
 * GraphQL function's is (splitBundleOptions: minified, code-split, linked maps without sources
 * content) throws from a known line and logs the error through the platform's observability,
 * in a plain `node` process (vitest and tsx turn Node's own source maps on, which would hide
 * what is tested).
 */
const STAGE_SOURCE = [
  '// line 1',
  'export function checkStage(stage: string): string {',
  "  if (stage !== 'prod') {",
  "    throw new Error('unknown stage ' + stage);",
  '  }',
  '  return stage;',
  '}',
  '',
].join('\n');

const ENTRY_SOURCE = (projectRoot: string) => `
import { createObservability } from ${JSON.stringify(join(projectRoot, 'functions/core/observability.ts'))};
import { checkStage } from './stage.ts';
let caught;
try { checkStage('staging'); } catch (error) { caught = error; }
process.stdout.write(JSON.stringify({ raw: caught.stack }) + '\\n');
const outer = new Error('resolver failed', { cause: caught });
createObservability('graphql', { env: { LOG_FORMAT: 'json', POWERTOOLS_LOG_LEVEL: 'INFO' } }).logger.error('internal error', { error: outer });
createObservability('graphql', { env: { LOG_FORMAT: 'text', POWERTOOLS_LOG_LEVEL: 'INFO' } }).logger.error('internal error', outer);
`;

let directory: string;
let run: { raw: string; json: { error: { message: string; location: string; cause: { location: string; stack: string; message: string } } }; text: string };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'mapped-stack-'));
  const sources = join(directory, 'functions', 'demo');
  mkdirSync(sources, { recursive: true });
  writeFileSync(join(sources, 'stage.ts'), STAGE_SOURCE);
  writeFileSync(join(sources, 'entry.ts'), ENTRY_SOURCE(process.cwd()));
  await build(splitBundleOptions({ entry: join(sources, 'entry.ts'), outdir: join(directory, 'out') }));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(directory, 'out', 'index.mjs')], { env });
  const errors = stderr.trim().split('\n');
  run = { raw: (JSON.parse(stdout.trim()) as { raw: string }).raw, json: JSON.parse(errors[0]!), text: errors[1]! };
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('an error logged from a bundle run without --enable-source-maps', () => {
  it('is thrown with the bundle’s minified frames', () => {
    expect(run.raw.split('\n')[0]).toBe('Error: unknown stage staging');
    expect(run.raw).toMatch(/out\/index\.mjs:\d+:\d+/);
    expect(run.raw).not.toContain('stage.ts');
  });

  it('is logged as JSON with its stack and location in the source’s lines, its cause too', () => {
    expect(run.json.error.message).toBe('resolver failed');
    // (Its own frame is the module's top level, which Powertools' location skips: it takes the first frame in parentheses.)
    expect(run.json.error.location).not.toContain('index.mjs');
    expect(run.json.error.cause.message).toBe('unknown stage staging');
    expect(run.json.error.cause.location).toBe('functions/demo/stage.ts:4');
    expect(run.json.error.cause.stack).toMatch(/\(functions\/demo\/stage\.ts:4:\d+\)/);
    expect(run.json.error.cause.stack).not.toContain('index.mjs');
  });

  it('is logged as one text line with the same mapped frames', () => {
    expect(run.text).not.toContain('\n');
    expect(run.text).toContain('ERROR internal error');
    expect(run.text).toMatch(/functions\/demo\/stage\.ts:4:\d+/);
    expect(run.text).not.toContain('index.mjs');
  });

  it('leaves frames of files without a map as they are', () => {
    const stack = 'Error: x\n    at f (file:///nowhere/chunk.mjs:1:200)\n    at node:internal/process/task_queues:95:5';
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});
