import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDependencies } from './server.ts';

/**
 * `GET /health` on both doors: no token, nothing personal, one cheap read. The table is asked
 * for one fixed key nobody writes (a GetItem, within the GraphQL function's grant: an answer,
 * even an empty one, means the table answers), bounded by HEALTH_TIMEOUT_MS.
 *
 *   200 { "status": "ok", "version": "0.1.0+1a2b3c4", "table": "ok" }
 *   503 { "status": "unavailable", "version": "…", "table": "unavailable" }
 */
export const HEALTH_PATH = '/health';
export const HEALTH_KEY = { pk: 'HEALTH', sk: 'HEALTH' } as const;
export const HEALTH_TIMEOUT_MS = 2_000;

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly version: string;
  readonly table: 'ok' | 'unavailable';
}

export interface HealthAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

let localVersion: Promise<string> | undefined;

/**
 * `<package version>+<git sha>`: APP_VERSION as the CDK app sets it at synth (package.json's
 * version and the commit it was built from); locally, read once from package.json and git (the
 * sha left off when this is no git checkout). child_process is loaded only then: a deployed
 * function never spawns, and a static import would load Node's child_process at every cold start.
 */
export function appVersion(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.APP_VERSION) return Promise.resolve(env.APP_VERSION);
  localVersion ??= readLocalVersion();
  return localVersion;
}

async function readLocalVersion(): Promise<string> {
  const root = new URL('../../', import.meta.url);
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
  try {
    const { execFileSync } = await import('node:child_process');
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 }).trim();
    return /^[0-9a-f]{4,40}$/.test(sha) ? `${version}+${sha}` : version;
  } catch {
    return version;
  }
}

export async function checkHealth(deps: Pick<AppDependencies, 'clients' | 'config'>, logger: Pick<Console, 'error'> = console): Promise<HealthAnswer> {
  let table: HealthReport['table'] = 'ok';
  try {
    // The signal aborts the HTTP request; the race also bounds a wait before it is sent (retries, a slow connection pool).
    const signal = AbortSignal.timeout(HEALTH_TIMEOUT_MS);
    const timedOut = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    await Promise.race([deps.clients.documents.send(new GetCommand({ TableName: deps.config.tableName, Key: HEALTH_KEY }), { abortSignal: signal }), timedOut]);
  } catch (error) {
    // The error's name only: its message may carry the table's ARN.
    logger.error('health: the table does not answer', { error: error instanceof Error ? error.name : 'unknown' });
    table = 'unavailable';
  }
  const report: HealthReport = { status: table === 'ok' ? 'ok' : 'unavailable', version: await appVersion(), table };
  return {
    status: table === 'ok' ? 200 : 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(report),
  };
}
