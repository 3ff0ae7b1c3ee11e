import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats.ts';

/**
 * Module init time: in a fresh `node` process, `performance.now()` around `await import(bundle)`,
 * i.e. evaluating the bundle's module scope (configuration, SDK clients, Apollo Server), the part
 * of a Lambda cold start the code controls. Processes run one at a time (the machine has two
 * cores) and the bundles alternate, ABBA, so drift in machine load falls on both alike.
 */
const PROBE = [
  'const started = performance.now();',
  'await import(process.argv[1]);',
  'const elapsed = performance.now() - started;',
  'process.stdout.write(JSON.stringify({ elapsed }) + "\\n");',
  // A started Apollo Server or open SDK sockets must not keep the probe alive.
  'process.exit(0);',
].join('\n');

export interface InitTarget {
  readonly name: string;
  readonly file: string;
}

export interface InitTimes {
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly medians: Readonly<Record<string, number>>;
}

export async function measureInitTimes(
  targets: readonly InitTarget[],
  options: { runs: number; env: Record<string, string>; nodeArgs?: readonly string[] },
): Promise<InitTimes> {
  const samples: Record<string, number[]> = Object.fromEntries(targets.map((target) => [target.name, []]));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The runner's own loader (tsx) must not reach the probes.
  delete env.NODE_OPTIONS;
  for (let round = 0; round < options.runs; round += 1) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) samples[target.name]!.push(await probe(target.file, env, options.nodeArgs ?? []));
  }
  return { samples, medians: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) };
}

function probe(file: string, env: NodeJS.ProcessEnv, nodeArgs: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--input-type=module', '--eval', PROBE, pathToFileURL(file).href], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        const { elapsed } = JSON.parse(line) as { elapsed: number };
        resolve(elapsed);
      } catch (error) {
        reject(new Error(`init probe of ${file} failed (${(error as Error).message}): ${stderr.trim() || stdout.trim()}`));
      }
    });
  });
}
