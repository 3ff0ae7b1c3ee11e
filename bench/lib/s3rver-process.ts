/**
 * s3rver in a process of its own, for benchmarks that time traffic to S3: in AWS, S3 is another
 * machine, and an in-process s3rver would share the event loop with the client it serves, so
 * whichever path costs more JavaScript on either side (a multipart parser, a form encoder) would
 * be charged twice. Run as a script, it starts s3rver and prints its endpoint; it stops when its
 * standard input closes (the parent ends or exits). Each `cpu` line on its standard input is
 * answered with the process's CPU time so far (user + system, in ms) on a line of its own, so a
 * benchmark can say what a request costs the server whatever the shared machine's load does to
 * wall times.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunningEngine } from '#local/engines.ts';

export interface S3Process extends RunningEngine {
  /** The s3rver process's CPU time so far, user + system, in milliseconds. */
  cpuMs(): Promise<number>;
}

/** `nodeArguments` go to the s3rver process's node, e.g. `--cpu-prof` to see where its time goes. */
export async function startS3Process(directory: string, options: { readonly nodeArguments?: readonly string[] } = {}): Promise<S3Process> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArguments ?? []), '--import', 'tsx', fileURLToPath(import.meta.url), directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (!child.stdout || !child.stdin) throw new Error('s3rver process has no standard streams');
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver process exited (${code}) before it started`)));
    void nextLine().then((line) => resolve(line.trim()));
  });
  const stdin = child.stdin;
  return {
    endpoint,
    cpuMs: async () => {
      const answer = nextLine();
      stdin.write('cpu\n');
      return Number(await answer);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        stdin.end();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { freePort, startS3 } = await import('#local/engines.ts');
  const directory = process.argv[2];
  if (!directory) throw new Error('usage: s3rver-process.ts DIRECTORY');
  const s3 = await startS3({ port: await freePort(), directory, buckets: [] });
  process.stdout.write(`${s3.endpoint}\n`);
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim() !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${(user + system) / 1000}\n`);
  });
  input.on('close', () => void s3.stop().then(() => process.exit(0)));
}
