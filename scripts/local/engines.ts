import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import { LOCAL_CREDENTIALS } from '#core/clients.ts';
import { GLOBAL_INDEXES, TABLE_KEYS } from '#core/db/table-schema.ts';

/**
 * The local engines that speak the AWS protocols: the official DynamoDB Local (the jar shipped
 * inside the npm package amplify-dynamodb-simulator, run with the machine's Java 17+) and s3rver.
 * `npm start` and the test suite's global setup both start them through here.
 */

export { LOCAL_CREDENTIALS } from '#core/clients.ts';
export const LOCAL_REGION = 'cn-north-1';

/** Where the engines listen unless told otherwise (`npm start` passes `HOST`): this machine only. */
export const LOCAL_HOST = '127.0.0.1';

/** A wildcard address listens on every interface; the engine is then reached on this machine. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The endpoint of an engine listening on `host`. */
export function endpointOf(host: string, port: number): string {
  const reach = isWildcard(host) ? LOCAL_HOST : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

export interface RunningEngine {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts DynamoDB Local, listening on `host` (127.0.0.1 unless told otherwise). The jar has no
 * option for its address and listens on every interface: DynamoDbLocalOnHost.java starts it
 * bound to the host (Java's source-file mode, which needs a JDK; with a JRE only, or for a
 * wildcard host, the jar runs as it is, on every interface, with a warning). Java runs under a
 * small shell guard that holds our stdin pipe: when this process exits, however it exits, the
 * pipe closes and the guard kills Java, so no orphan JVM outlives the runner.
 */
export async function startDynamoDbLocal(options: { port: number; dataDirectory?: string; host?: string }): Promise<RunningEngine> {
  const host = options.host ?? LOCAL_HOST;
  if (isWildcard(host)) return startDynamoDbJava(options, host, 'jar');
  try {
    return await startDynamoDbJava(options, host, 'on-host');
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('jdk.compiler'))) throw error;
    console.warn(`DynamoDB Local: no Java compiler (a JRE, not a JDK) to bind it to ${host}; it listens on every interface.`);
    return startDynamoDbJava(options, host, 'jar');
  }
}

async function startDynamoDbJava(options: { port: number; dataDirectory?: string }, host: string, mode: 'on-host' | 'jar'): Promise<RunningEngine> {
  const require = createRequire(import.meta.url);
  const emulator = join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  const storage = options.dataDirectory ? ['-sharedDb', '-dbPath', options.dataDirectory] : ['-inMemory'];
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const guard = [
    'exec 3<&0',
    'java "$@" </dev/null &',
    'child=$!',
    '{ read _ <&3; kill $child 2>/dev/null; } &',
    'trap "kill $child 2>/dev/null" TERM INT',
    'wait $child',
  ].join('\n');
  const jar = join(emulator, 'DynamoDBLocal.jar');
  const launcher = fileURLToPath(new URL('./DynamoDbLocalOnHost.java', import.meta.url));
  const args = [
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    ...(mode === 'on-host' ? ['-cp', jar, launcher, host] : ['-jar', jar]),
    '-port',
    String(options.port),
    ...storage,
  ];
  // DynamoDB Local writes a metadata file into its working directory: keep it out of the project.
  const child = spawn('sh', ['-c', guard, 'dynamodb-local', ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    cwd: options.dataDirectory ?? tmpdir(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const endpoint = endpointOf(host, options.port);
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr.trim()}`);
      await client.send(new ListTablesCommand({}));
    }, 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface RunningS3 extends RunningEngine {
  readonly server: S3rver;
}

/** Starts s3rver on `host` (127.0.0.1 unless told otherwise); its `event` emitter stands in for S3 event notifications. */
export async function startS3(options: { port: number; directory: string; buckets: readonly string[]; corsConfig?: string; host?: string }): Promise<RunningS3> {
  mkdirSync(options.directory, { recursive: true });
  const host = options.host ?? LOCAL_HOST;
  const server = new S3rver({
    address: host,
    port: options.port,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: options.corsConfig ? [options.corsConfig] : [] })),
  });
  const address = await server.run();
  return { server, endpoint: endpointOf(host, address.port), stop: () => server.close() };
}

/** Creates the table with the key design of table-schema.ts unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...GLOBAL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  return 'created';
}

async function waitFor(probe: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline || (error instanceof Error && error.message.startsWith('DynamoDB Local exited'))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
