import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { communityKeys } from '#core/db/keys.ts';
/**
 * The foundation benchmark: the production bundle of the GraphQL function side by side with a
 * hello-world Apollo Lambda built the same way (bench/esbuild-options.ts) — bundle sizes, module
 * init time in fresh processes, and the warm latency of `community(id)` through the Lambda
 * handler against the raw DynamoDB reads it stands on, on one DynamoDB Local.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '#core/clients.ts';
import { loadConfig } from '#core/config.ts';
import { CommunityRepository } from '#community/repository.ts';
import { createSigningKey, type SigningKey, signToken } from '#local/auth.ts';
import { ensureTable, freePort, startDynamoDbLocal } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';
import { demoCommunities } from '#scripts/seed/demo-communities.ts';
import { demoCommunity } from '#scripts/seed/load.ts';
import { type BuiltBundle, buildBundle, OUT_DIR } from './lib/build.ts';
import { measureInitTimes } from './lib/init-time.ts';
import { measureInitInstructions, valgrindAvailable } from './lib/init-instructions.ts';
import { measureColdRequests } from './lib/cold-request.ts';
import { graphqlEvent, type HttpApiHandler, importHandler, lambdaContext } from '#local/lambda-events.ts';
import type { BenchmarkModule, Reporter } from './lib/module.ts';
import { median, megabytes, ms, quantile, ratio } from './lib/stats.ts';

const GRAPHQL_ENTRY = 'functions/graphql/handler.ts';
const HELLO_WORLD_ENTRY = 'bench/hello-world/handler.ts';
/** The function reads it lazily from beside the bundle; the deployment copies it there. */
const REGION_TABLE = 'functions/region/data/regions.tsv';

/** 1 MB = 1,000,000 bytes throughout. */
const BUNDLE_TARGET_MB = 2;
/** Issue 14: module init, both measures, at most the hello-world's; warm community(id) at most 1.3x its BatchGetItem. */
const INIT_RATIO_TARGET = 1.0;
const WARM_RATIO_TARGET = 1.3;
/** tests/infra/safe-community-stack.test.ts holds the GraphQL bundle under this ceiling (MiB: 2.6 × 1024 × 1024 bytes), and what module init loads under the second. */
const BUNDLE_CEILING_MIB = 2.6;
const INIT_CEILING_MIB = 1;

/** Fresh processes per bundle (at least 10), warm-up and measured calls per operation. */
const INIT_RUNS = Math.max(10, numberFromEnv('BENCH_INIT_RUNS', 15));
/** Callgrind runs per bundle (deterministic enough that 3 is plenty); BENCH_CALLGRIND=0 skips them. */
const CALLGRIND_RUNS = numberFromEnv('BENCH_CALLGRIND_RUNS', 3);
const CALLGRIND = process.env.BENCH_CALLGRIND !== '0';
/** Fresh processes per bundle for the cold request (module init, then one request). */
const COLD_RUNS = Math.max(5, numberFromEnv('BENCH_COLD_RUNS', 11));
const WARMUP_CALLS = numberFromEnv('BENCH_WARMUP_CALLS', 50);
const MEASURED_CALLS = numberFromEnv('BENCH_MEASURED_CALLS', 200);
/**
 * The deployed functions run without NODE_OPTIONS=--enable-source-maps (infra/constructs/
 * platform-function.ts: a logged error's stack is mapped when it is logged), so the init probes
 * run plain `node`; a second figure shows what Node's own source maps would cost at load.
 */
const INIT_NODE_ARGS: readonly string[] = [];
const SOURCE_MAPS_NODE_ARGS: readonly string[] = ['--enable-source-maps'];

function nodeArgsLabel(args: readonly string[]): string {
  return args.length > 0 ? `node ${args.join(' ')}` : 'plain node, as deployed';
}

const TABLE_NAME = 'bench-foundation';
const BUCKET_NAME = 'bench-foundation-evidence';
/** Nothing on this path touches S3, so no s3rver runs; the configuration still needs an endpoint. */
const UNUSED_S3_ENDPOINT = 'http://127.0.0.1:9';

const COMMUNITY_QUERY = `query Community($id: ID!) {
  community(id: $id) { id name kind regionCode region { code name } stage version updatedAt }
}`;

export const foundation: BenchmarkModule = {
  name: 'foundation',
  description: 'bundle size, module init time and warm community(id) latency, against a hello-world Apollo Lambda',
  async run(report) {
    report.figure(
      `machine: node ${process.version}, ${cpus().length} cpus, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at start`,
    );

    report.note('building bundles into bench/.out/ …');
    // As deployed (safe-community-stack.ts): the function's Apollo is given a built schema, so graphql-tools is left out; the hello-world's takes typeDefs.
    const ours = await buildBundle({ name: 'graphql', entry: GRAPHQL_ENTRY, assets: [REGION_TABLE], builtSchema: true });
    const hello = await buildBundle({ name: 'hello-world', entry: HELLO_WORLD_ENTRY });
    const oursWithoutAliases = await buildBundle({ name: 'graphql-without-aliases', entry: GRAPHQL_ENTRY, dedupe: false, builtSchema: true });
    const helloWithoutAliases = await buildBundle({ name: 'hello-world-without-aliases', entry: HELLO_WORLD_ENTRY, dedupe: false });

    report.figure(
      `bundle size: ours ${megabytes(ours.bytes)}, hello-world ${megabytes(hello.bytes)} (target ≤ ${BUNDLE_TARGET_MB} MB, test ceiling ${BUNDLE_CEILING_MIB} MiB; ` +
        `${ours.bytes.toLocaleString('en')} and ${hello.bytes.toLocaleString('en')} bytes, entry and chunks); ` +
        `compiled at module init (the entry and the chunks it imports): ours ${megabytes(ours.initBytes)}, hello-world ${megabytes(hello.initBytes)} (test ceiling ${INIT_CEILING_MIB} MiB)`,
    );
    report.figure(`duplicated packages in the bundles: ours ${duplicatesOf(ours)}, hello-world ${duplicatesOf(hello)}`);
    report.figure(
      `bundle size without the dedupe aliases: ours ${megabytes(oursWithoutAliases.bytes)}, hello-world ${megabytes(helloWithoutAliases.bytes)} ` +
        `(duplicated: ${duplicatesOf(oursWithoutAliases)})`,
    );
    report.figure(
      `beside the bundle (not counted above): source map ours ${megabytes(ours.mapBytes)}, hello-world ${megabytes(hello.mapBytes)}; ` +
        `regions.tsv ${megabytes(ours.assetBytes)}`,
    );

    const signingKey = await createSigningKey();
    await measureInit(report, ours, hello, signingKey);
    await measureInstructions(report, ours, hello, signingKey);
    await measureWarm(report, ours, hello, signingKey);
  },
};

async function measureInit(report: Reporter, ours: BuiltBundle, hello: BuiltBundle, signingKey: SigningKey): Promise<void> {
  await measureInitWith(report, ours, hello, signingKey, INIT_NODE_ARGS, 'init');
  await measureInitWith(report, ours, hello, signingKey, SOURCE_MAPS_NODE_ARGS, 'init with Node\'s source maps (not deployed)');
}

async function measureInitWith(report: Reporter, ours: BuiltBundle, hello: BuiltBundle, signingKey: SigningKey, nodeArgs: readonly string[], label: string): Promise<void> {
  report.note(`${label}: ${INIT_RUNS} fresh node processes per bundle, interleaved …`);
  // Configuration must validate; nothing is contacted at init, so the endpoints need not answer.
  const env = benchEnvironment({ dynamodbEndpoint: 'http://127.0.0.1:9', signingKey });
  const { samples, medians } = await measureInitTimes(
    [
      { name: 'ours', file: ours.file },
      { name: 'hello-world', file: hello.file },
    ],
    { runs: INIT_RUNS, env, nodeArgs },
  );
  const [oursMedian, helloMedian] = [medians.ours!, medians['hello-world']!];
  report.figure(
    `${label}: ours ${ms(oursMedian)}, hello-world ${ms(helloMedian)}, ratio ${ratio(oursMedian, helloMedian)} (${nodeArgs === INIT_NODE_ARGS ? `target ≤ ${INIT_RATIO_TARGET}; ` : ''}` +
      `median of ${INIT_RUNS} fresh processes each, ${nodeArgsLabel(nodeArgs)}; ` +
      `range ours ${range(samples.ours!)}, hello-world ${range(samples['hello-world']!)})`,
  );
}

async function measureInstructions(report: Reporter, ours: BuiltBundle, hello: BuiltBundle, signingKey: SigningKey): Promise<void> {
  if (!CALLGRIND) return report.note('init instructions: skipped (BENCH_CALLGRIND=0)');
  if (!(await valgrindAvailable())) return report.note('init instructions: skipped (no valgrind on this machine)');
  report.note(`init instructions: valgrind --tool=callgrind, ${CALLGRIND_RUNS} runs each of ours, hello-world and an empty module …`);
  const env = benchEnvironment({ dynamodbEndpoint: 'http://127.0.0.1:9', signingKey });
  const { medians, baseline } = await measureInitInstructions(
    [
      { name: 'ours', file: ours.file },
      { name: 'hello-world', file: hello.file },
    ],
    { runs: CALLGRIND_RUNS, env, nodeArgs: INIT_NODE_ARGS, directory: `${OUT_DIR}/callgrind` },
  );
  const [oursCount, helloCount] = [medians.ours!, medians['hello-world']!];
  report.figure(
    `init instructions: ours ${millions(oursCount)}, hello-world ${millions(helloCount)}, ratio ${ratio(oursCount, helloCount)} (target ≤ ${INIT_RATIO_TARGET}; ` +
      `callgrind, median of ${CALLGRIND_RUNS} fresh processes each, ${nodeArgsLabel(INIT_NODE_ARGS)}, less the ${millions(baseline)} of importing an empty module)`,
  );
}

function millions(instructions: number): string {
  return `${(instructions / 1e6).toFixed(0)} M`;
}

async function measureWarm(report: Reporter, ours: BuiltBundle, hello: BuiltBundle, signingKey: SigningKey): Promise<void> {
  report.note('warm latency: starting DynamoDB Local (in memory) …');
  const dynamodb = await startDynamoDbLocal({ port: await freePort() });
  const previousEnv = { ...process.env };
  let clients: AwsClients | undefined;
  try {
    // The bundles read their configuration from the environment when imported.
    Object.assign(process.env, benchEnvironment({ dynamodbEndpoint: dynamodb.endpoint, signingKey }));
    const config = loadConfig();
    // The raw reads use a client made exactly as the function makes its own.
    clients = createAwsClients(config.aws);
    const documents = clients.documents;
    await ensureTable(clients.dynamodb, config.tableName);
    const table = { client: documents, name: config.tableName };
    const repository = new CommunityRepository(table, createWritePipeline(table));
    const demo = demoCommunities[0];
    if (!demo) throw new Error('no demo community');
    const community = demoCommunity(demo);
    await repository.create(community, systemOrigin('bench', 'bench:foundation'));

    // The built bundle, not the source: what Lambda runs, regions.tsv beside it.
    const handler = await importHandler(pathToFileURL(ours.file).href);
    const authorization = `Bearer ${await signToken(signingKey, { role: 'ADMIN' })}`;
    const callHandler = async () => {
      const event = graphqlEvent({ query: COMMUNITY_QUERY, variables: { id: community.id } }, { authorization });
      const context = lambdaContext('graphql');
      const started = performance.now();
      const result = await handler(event, context);
      const elapsed = performance.now() - started;
      expectCommunity(result, community.id);
      return elapsed;
    };
    const key = communityKeys.key(community.id);
    const timed = async (send: () => Promise<unknown>) => {
      const started = performance.now();
      await send();
      return performance.now() - started;
    };
    // What the issue names: one GetItem of the community item.
    const getItem = () => timed(() => documents.send(new GetCommand({ TableName: table.name, Key: key })));
    // What community(id) sends in fact: its DataLoader batches the read into one BatchGetItem.
    const batchGetItem = () =>
      timed(() => documents.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: [key] } } })));

    await checkHelloWorld(hello);
    await measureCold(report, ours, hello, { id: community.id, authorization, env: benchEnvironment({ dynamodbEndpoint: dynamodb.endpoint, signingKey }) });
    report.note(`warm latency: ${WARMUP_CALLS} warm-up and ${MEASURED_CALLS} measured calls each, interleaved …`);
    const operations = { handler: callHandler, getItem, batchGetItem };
    const samples = { handler: [] as number[], getItem: [] as number[], batchGetItem: [] as number[] };
    for (let call = 0; call < WARMUP_CALLS + MEASURED_CALLS; call += 1) {
      for (const [name, operation] of Object.entries(operations) as [keyof typeof operations, () => Promise<number>][]) {
        const elapsed = await operation();
        if (call >= WARMUP_CALLS) samples[name].push(elapsed);
      }
    }
    const [handlerMedian, getMedian, batchMedian] = [median(samples.handler), median(samples.getItem), median(samples.batchGetItem)];
    report.figure(
      `community(id) warm median: handler ${ms(handlerMedian)}, raw GetItem ${ms(getMedian)}, ratio ${ratio(handlerMedian, getMedian)} ` +
        `(${MEASURED_CALLS} calls after ${WARMUP_CALLS} warm-up, built bundle in-process, DynamoDB Local in memory; ` +
        `p90 handler ${ms(quantile(samples.handler, 0.9))}, GetItem ${ms(quantile(samples.getItem, 0.9))})`,
    );
    report.figure(
      `community(id) warm median vs the BatchGetItem it sends: handler ${ms(handlerMedian)}, raw BatchGetItem ${ms(batchMedian)}, ` +
        `ratio ${ratio(handlerMedian, batchMedian)} (target ≤ ${WARM_RATIO_TARGET})`,
    );
  } finally {
    clients?.dynamodb.destroy();
    for (const name of Object.keys(process.env)) if (!(name in previousEnv)) delete process.env[name];
    Object.assign(process.env, previousEnv);
    await dynamodb.stop();
  }
}

/**
 * Module init and the first request, in fresh processes: ours a `community(id)` with a token (it
 * verifies the token, loads the application chunk, makes the types the operation reaches, reads
 * DynamoDB Local), the hello-world its `{ hello }`. No target: it shows what module init leaves to
 * the first request.
 */
async function measureCold(
  report: Reporter,
  ours: BuiltBundle,
  hello: BuiltBundle,
  request: { id: string; authorization: string; env: Record<string, string> },
): Promise<void> {
  report.note(`cold request: ${COLD_RUNS} fresh node processes per bundle, interleaved …`);
  const { medians } = await measureColdRequests(
    [
      {
        name: 'ours',
        file: ours.file,
        event: graphqlEvent({ query: COMMUNITY_QUERY, variables: { id: request.id } }, { authorization: request.authorization }),
        check: (status, body) => expectCommunity({ statusCode: status, body }, request.id),
      },
      {
        name: 'hello-world',
        file: hello.file,
        event: graphqlEvent({ query: '{ hello }' }),
        check: (status, body) => {
          if (status !== 200 || !body.includes('hello, world')) throw new Error(`the hello-world did not answer: ${status} ${body}`);
        },
      },
    ],
    { runs: COLD_RUNS, env: request.env },
  );
  const [oursCold, helloCold] = [medians.ours!, medians['hello-world']!];
  report.figure(
    `cold request (module init, then the first request): ours ${ms(oursCold.total)} (init ${ms(oursCold.init)}, community(id) ${ms(oursCold.first)}), ` +
      `hello-world ${ms(helloCold.total)} (init ${ms(helloCold.init)}, { hello } ${ms(helloCold.first)}), ratio ${ratio(oursCold.total, helloCold.total)} ` +
      `(no target; median of ${COLD_RUNS} fresh processes each, plain node, DynamoDB Local)`,
  );
}

/**
 * The environment the functions read, as in production (stage prod), pointed at DynamoDB Local,
 * with the variables the Lambda runtime sets: the observability then runs as deployed, one JSON
 * log line and one EMF line of metrics a request (functions/core/observability.ts); off Lambda it
 * writes a text line and no metrics, which cost less. X-Ray is off: there is no daemon here.
 */
function benchEnvironment(options: { dynamodbEndpoint: string; signingKey: SigningKey }): Record<string, string> {
  return {
    ...localEnvironment({
      dynamodbEndpoint: options.dynamodbEndpoint,
      s3Endpoint: UNUSED_S3_ENDPOINT,
      tableName: TABLE_NAME,
      bucketName: BUCKET_NAME,
      signingKey: options.signingKey,
    }),
    DEPLOYMENT_STAGE: 'prod',
    AWS_LAMBDA_FUNCTION_NAME: 'graphql',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Lambda runs nodejs22.x, where the SDK emits no Node version warning; here it would.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function expectCommunity(result: Awaited<ReturnType<HttpApiHandler>>, id: string): void {
  const body = JSON.parse(result.body ?? '{}') as { data?: { community?: { id?: string } }; errors?: unknown[] };
  if (result.statusCode !== 200 || body.errors || body.data?.community?.id !== id) {
    throw new Error(`the handler did not answer community(id): ${result.statusCode} ${result.body}`);
  }
}

/** The baseline must be a working Lambda too, or comparing with it says nothing. */
async function checkHelloWorld(hello: BuiltBundle): Promise<void> {
  const handler = await importHandler(pathToFileURL(hello.file).href);
  const result = await handler(graphqlEvent({ query: '{ hello }' }), lambdaContext('hello-world'));
  const body = JSON.parse(result.body ?? '{}') as { data?: { hello?: string } };
  if (result.statusCode !== 200 || body.data?.hello !== 'hello, world') {
    throw new Error(`the hello-world handler did not answer: ${result.statusCode} ${result.body}`);
  }
}

function duplicatesOf(bundle: BuiltBundle): string {
  return bundle.duplicates.length === 0 ? 'none' : bundle.duplicates.map((duplicate) => duplicate.name).join(', ');
}

function range(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(0)}–${ms(Math.max(...values))}`;
}

function numberFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
  return parsed;
}
