import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/engines.ts';

/**
 * `npm start` and `npm run token` as a developer meets them: a fresh data directory, demo data on
 * first start, reuse on the second, tokens the server accepts, and no Java left behind however
 * the runner ends.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'safe-community-start-'));
let ports: { api: number; dynamodb: number; s3: number };

beforeAll(async () => {
  ports = { api: await freePort(), dynamodb: await freePort(), s3: await freePort() };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function environment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SAFE_COMMUNITY_DATA_DIR: dataDir,
    PORT: String(ports.api),
    DYNAMODB_PORT: String(ports.dynamodb),
    S3_PORT: String(ports.s3),
  };
}

async function start(): Promise<{ runner: ChildProcess; output: () => string }> {
  const runner = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  runner.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  runner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 180_000;
  while (!output.includes('Ctrl-C stops')) {
    if (runner.exitCode !== null) throw new Error(`npm start exited ${runner.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { runner, output: () => output };
}

function token(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { env: environment(), encoding: 'utf8' }).trim();
}

async function query(body: string, bearer: string) {
  const response = await fetch(`http://127.0.0.1:${ports.api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: body }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

function javaRunningOn(port: number): boolean {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal\\.jar .*-port ${port} `], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('npm start', () => {
  it('serves the seeded communities, and Ctrl-C stops everything', { timeout: 240_000 }, async () => {
    // Act
    const { runner, output } = await start();
    const admin = token('--role', 'ADMIN');
    const response = await query('{ communities(regionCode: "371702", first: 100) { edges { node { name stage } } } }', admin);
    // Assess
    expect(output()).toMatch(/Loaded demo data: \d+ communities/);
    // The first start says what it loads and how far, phase by phase (stdout is no terminal here:
    // a line per phase as it ends), and the processor's line per demo file does not break it.
    const phases = [...output().matchAll(/^ {2}(\d)\/5 ([^:]+): (\d+) in \d+\.\d s$/gm)].map((line) => [Number(line[1]), Number(line[3])]);
    expect(phases.map(([phase]) => phase)).toEqual([1, 2, 3, 4, 5]);
    expect(phases.every(([, count]) => (count ?? 0) > 0)).toBe(true);
    expect(output()).toMatch(/^ {2}loaded in \d+\.\d s$/m);
    expect(output()).not.toContain('evidence AVAILABLE');
    expect(output()).toContain(`http://localhost:${ports.api}/graphql`);
    const nodes = response.data.communities.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toEqual(expect.arrayContaining([{ name: '西城街道', stage: 'DESIGNATED' }, { name: '吴店镇', stage: 'DESIGNATED' }]));
    expect(javaRunningOn(ports.dynamodb)).toBe(true);
    // The store on disk is in SQLite's WAL mode (DynamoDbLocalOnHost.java): a database header's
    // read and write format versions (bytes 18 and 19) are 2 in WAL mode, 1 with a rollback journal.
    const header = readFileSync(join(dataDir, 'dynamodb', 'shared-local-instance.db')).subarray(0, 20);
    expect(header.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect([header[18], header[19]]).toEqual([2, 2]);
    // The demo archive went through S3 and the processor: 西城街道 has evidence in several elements.
    const archive = await query('{ community(id: "com_52f5e748-02df-4b9d-85c6-6502a92aed5c") { archive { total elements { element count } } } }', admin);
    const filled = archive.data.community.archive.elements.filter((element: { count: number }) => element.count > 0);
    expect(filled.length).toBeGreaterThanOrEqual(4);
    expect(output()).toMatch(/\d+ archive files/);

    runner.kill('SIGINT');
    await exited(runner);
    expect(runner.exitCode).toBe(0);
    expect(await waitUntil(() => !javaRunningOn(ports.dynamodb), 5_000)).toBe(true);
  });

  it('reuses the data on a second start and leaves no Java behind even when killed outright', { timeout: 120_000 }, async () => {
    const { runner, output } = await start();
    expect(output()).not.toContain('Loaded demo data');
    const analyst = token('--role', 'PROVINCIAL_ANALYST', '--region', '37');
    const response = await query('{ communities(regionCode: "371702") { totalCount } }', analyst);
    expect(response.data.communities.totalCount).toBeGreaterThan(2);

    runner.kill('SIGKILL');
    await exited(runner);
    expect(await waitUntil(() => !javaRunningOn(ports.dynamodb), 10_000)).toBe(true);
  });
});

describe('npm start on a busy port', () => {
  it('says so in one line, with what to do, exits 2 before any engine starts, and leaves the running one\'s runtime file alone', { timeout: 60_000 }, async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(ports.api, '127.0.0.1', () => resolve()));
    const runtimeFile = join(dataDir, 'runtime.json');
    writeFileSync(runtimeFile, '{"pid":1}');
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: environment(), encoding: 'utf8', timeout: 50_000 });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([`npm start: port ${ports.api} is in use (another npm start?): stop it, or start on another port with PORT=${ports.api + 1} npm start`]);
      expect(javaRunningOn(ports.dynamodb)).toBe(false);
      expect(existsSync(runtimeFile)).toBe(true);
    } finally {
      rmSync(runtimeFile, { force: true });
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe('npm run token', () => {
  it('prints only a JWT on stdout and refuses incomplete requests', () => {
    expect(token('--role', 'COMMUNITY_EDITOR', '--community', 'abc')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(() => token('--role', 'COMMUNITY_EDITOR')).toThrow();
    expect(() => token('--role', 'PROVINCIAL_ANALYST')).toThrow();
    expect(() => token('--role', 'KING')).toThrow();
  });

  it('issues a token for at most 24 hours, as the server accepts, and refuses a longer or malformed --expires', () => {
    const [, payload = ''] = token('--role', 'ADMIN', '--expires', '1d').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(86_400);
    expect(() => token('--role', 'ADMIN', '--expires', '25h')).toThrow(/at most 24h/);
    expect(() => token('--role', 'ADMIN', '--expires', 'soon')).toThrow(/duration/);
  });
});
