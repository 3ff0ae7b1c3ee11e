import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats.ts';

/**
 * A cold request as a caller meets it: in a fresh `node` process, the bundle's module init (as
 * init-time.ts times it) and then its first invocation, the event given, timed apart. What module
 * init leaves for later (a chunk the first request loads, a type made when first named) shows in
 * the second figure, so the pair says whether init got cheaper or its work only moved. Processes
 * run one at a time, the targets alternating, as for module init.
 */
const PROBE = [
  'const started = performance.now();',
  'const { handler } = await import(process.argv[1]);',
  'const imported = performance.now();',
  'const context = { functionName: "bench", functionVersion: "$LATEST", awsRequestId: "cold", invokedFunctionArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:bench", memoryLimitInMB: "1024", logGroupName: "/aws/lambda/bench", logStreamName: "bench", callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };',
  'const result = await handler(JSON.parse(process.argv[2]), context);',
  'const answered = performance.now();',
  // On stderr: the function's own log lines go to stdout.
  'process.stderr.write("\\n" + JSON.stringify({ init: imported - started, first: answered - imported, status: result.statusCode, body: result.body }) + "\\n");',
  'process.exit(0);',
].join('\n');

export interface ColdTarget {
  readonly name: string;
  readonly file: string;
  /** The API Gateway v2 event of the first request. */
  readonly event: unknown;
  /** Throws unless the answer is the one expected (a cold request that failed measures nothing). */
  readonly check: (status: number, body: string) => void;
}

export interface ColdRequestTimes {
  /** Medians per target: module init, the first request, and the two together (the median of their sums). */
  readonly medians: Readonly<Record<string, { init: number; first: number; total: number }>>;
}

export async function measureColdRequests(targets: readonly ColdTarget[], options: { runs: number; env: Record<string, string> }): Promise<ColdRequestTimes> {
  const samples: Record<string, { init: number[]; first: number[]; total: number[] }> = Object.fromEntries(
    targets.map((target) => [target.name, { init: [], first: [], total: [] }]),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  for (let round = 0; round < options.runs; round += 1) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      const { init, first, status, body } = await probe(target, env);
      target.check(status, body);
      const sample = samples[target.name]!;
      sample.init.push(init);
      sample.first.push(first);
      sample.total.push(init + first);
    }
  }
  return {
    medians: Object.fromEntries(
      Object.entries(samples).map(([name, sample]) => [name, { init: median(sample.init), first: median(sample.first), total: median(sample.total) }]),
    ),
  };
}

function probe(target: ColdTarget, env: NodeJS.ProcessEnv): Promise<{ init: number; first: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', PROBE, pathToFileURL(target.file).href, JSON.stringify(target.event)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stderr.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(line) as { init: number; first: number; status: number; body: string });
      } catch (error) {
        reject(new Error(`cold request probe of ${target.file} failed (${(error as Error).message}): ${stderr.trim().slice(-2000)}`));
      }
    });
  });
}
