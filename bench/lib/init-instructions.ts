import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './stats.ts';

/**
 * Module init counted in CPU instructions, not milliseconds: `valgrind --tool=callgrind` runs a
 * fresh `node` that imports the bundle, and counts every instruction it executes. The count
 * hardly moves with the load on the machine (it moves a little with the JIT's timing), so the
 * ratio holds on a busy machine where wall time does not. Node's own start-up is taken out:
 * the same probe importing an empty module is counted too, and each bundle's figure is its
 * count minus that one.
 */
const PROBE = ['await import(process.argv[1]);', 'process.exit(0);'].join('\n');

export interface InstructionTarget {
  readonly name: string;
  readonly file: string;
}

export interface InitInstructions {
  /** Instructions of the import alone (the probe's count minus the empty module's), per target. */
  readonly medians: Readonly<Record<string, number>>;
  /** The empty module's count: node's start-up and the probe. */
  readonly baseline: number;
  readonly samples: Readonly<Record<string, readonly number[]>>;
}

export async function measureInitInstructions(
  targets: readonly InstructionTarget[],
  options: { runs: number; env: Record<string, string>; nodeArgs?: readonly string[]; directory: string },
): Promise<InitInstructions> {
  mkdirSync(options.directory, { recursive: true });
  const empty = join(options.directory, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  const all = [{ name: 'empty', file: empty }, ...targets];
  const samples: Record<string, number[]> = Object.fromEntries(all.map((target) => [target.name, []]));
  for (let round = 0; round < options.runs; round += 1) {
    for (const target of all) samples[target.name]!.push(await count(target.file, env, options.nodeArgs ?? []));
  }
  const baseline = median(samples.empty!);
  return {
    baseline,
    samples,
    medians: Object.fromEntries(targets.map((target) => [target.name, median(samples[target.name]!) - baseline])),
  };
}

/** Whether valgrind is on this machine (the figure is skipped, and says so, where it is not). */
export function valgrindAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('valgrind', ['--version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
  });
}

function count(file: string, env: NodeJS.ProcessEnv, nodeArgs: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...nodeArgs, '--input-type=module', '--eval', PROBE, pathToFileURL(file).href];
    const child = spawn('valgrind', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      // callgrind's summary: "==123== Collected : 2147042132".
      const collected = /Collected\s*:\s*(\d+)/.exec(stderr)?.[1];
      if (code !== 0 || !collected) reject(new Error(`callgrind of ${file} failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
      else resolve(Number(collected));
    });
  });
}
