import { spawn } from 'node:child_process';

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the project's scripts as `npm run <name>` does: Node with tsx, in the project's root,
 * with INIT_CWD where npm was typed (`cwd`, where relative paths resolve). `killWhen` may SIGKILL
 * it on what it printed to stderr so far (a resumable run interrupted on a progress line).
 */
export function runScript(
  script: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly killWhen?: (stderr: string) => boolean } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...(options.cwd ? { INIT_CWD: options.cwd } : {}), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.killWhen?.(stderr) && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
