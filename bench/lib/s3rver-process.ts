/**
 * s3rver in a process of its own, for benchmarks that time traffic to S3: in AWS, S3 is another
 * machine, and an in-process s3rver would share the event loop with the client it serves, so
 * whichever path costs more JavaScript on either side (a multipart parser, a form encoder) would
 * be charged twice. Run as a script, it starts s3rver and prints its endpoint; it stops when its
 * standard input closes (the parent ends or exits).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningEngine } from '#local/engines.ts';

export async function startS3Process(directory: string): Promise<RunningEngine> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver process exited (${code}) before it started`)));
    child.stdout?.once('data', (line: Buffer) => resolve(line.toString().trim()));
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { freePort, startS3 } = await import('#local/engines.ts');
  const directory = process.argv[2];
  if (!directory) throw new Error('usage: s3rver-process.ts DIRECTORY');
  const s3 = await startS3({ port: await freePort(), directory, buckets: [] });
  process.stdout.write(`${s3.endpoint}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void s3.stop().then(() => process.exit(0)));
}
