/**
 * The request-limits benchmark: the requests a security review sent to take the service down
 * (a depth-20 query over 九龙镇, 1,000 aliases of `incidents(first: 100)`, 100,000 aliases of
 * `__typename`, a 10 MB body) and the other refusals (over the cost budget, over the token
 * limit), each timed until its refusal through the Lambda handler and through the local HTTP
 * door, side by side with an ordinary request (`community(id)`) through the same door; then the
 * ordinary request's latency over HTTP while those requests keep arriving, against its latency
 * alone, and while the most a request may still ask of 九龙镇's projects keeps arriving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { startHttpServer } from '#graphql/http-server.ts';
import { REQUEST_LIMITS } from '#graphql/limits.ts';
import { createDependencies } from '#graphql/server.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { startBenchEnvironment } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, quantile, ratio } from './lib/stats.ts';

const RUNS = 30;
const WARMUP = 5;
const CONCURRENT_SAMPLES = 100;
/** Attack requests kept in flight while the ordinary request is timed: one (the review's measure), and four. */
const IN_FLIGHT = [1, 4] as const;
/** 九龙镇's 24 promotion projects (the demo data's), each with 3 interventions. */
const PROJECTS = 24;
const INTERVENTIONS = 3;

interface Probe {
  readonly name: string;
  /** The raw request body, JSON. */
  readonly body: string;
  /** The status and code its refusal carries (none for an accepted request). */
  readonly expect: { readonly status: number; readonly code?: string };
}

type Send = (body: string) => Promise<{ status: number; text: string }>;

/** `levels` fields deep along community → projects → edges → node → community → … (as the review's query). */
function deepQuery(levels: number, id: string): string {
  const path = ['projects(first: 100)', 'edges', 'node', 'community'];
  const leaf = ['totalCount', 'cursor', 'name', 'name'];
  const wrappers = levels - 2;
  let query = leaf[(wrappers - 1) % path.length]!;
  for (let level = wrappers - 1; level >= 0; level -= 1) query = `${path[level % path.length]} { ${query} }`;
  return `{ community(id: "${id}") { ${query} } }`;
}

function probes(communityId: string): { ordinary: Probe; refused: Probe[]; nearBudget: Probe } {
  const body = (query: string) => JSON.stringify({ query });
  const tooComplex = { status: 400, code: 'QUERY_TOO_COMPLEX' };
  return {
    ordinary: { name: 'community(id) (the ordinary request)', body: body(`{ community(id: "${communityId}") { id name stage version } }`), expect: { status: 200 } },
    refused: [
      { name: 'depth-20 query over 九龙镇', body: body(deepQuery(20, communityId)), expect: tooComplex },
      {
        name: '1,000 aliases of incidents(first: 100)',
        body: body(`{ ${Array.from({ length: 1000 }, (_, n) => `a${n}: incidents(communityId: "${communityId}", first: 100) { edges { node { id occurredAt cause } } }`).join(' ')} }`),
        expect: tooComplex,
      },
      { name: '100,000 aliases of __typename', body: body(`{ ${Array.from({ length: 100_000 }, (_, n) => `a${n}: __typename`).join(' ')} }`), expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
      { name: '10 MB body', body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10_000_000) } }), expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
      { name: '10,000 aliases of __typename (over the token limit)', body: body(`{ ${Array.from({ length: 10_000 }, (_, n) => `a${n}: __typename`).join(' ')} }`), expect: tooComplex },
      {
        name: 'over the cost budget (100 communities × 100 projects × interventions)',
        body: body('{ communities(first: 100) { edges { node { projects(first: 100) { edges { node { name interventions { id kind } } } } } } } }'),
        expect: tooComplex,
      },
    ],
    nearBudget: {
      name: "九龙镇's projects, each with its community's projects and their interventions (576 projects, 1,728 interventions: accepted, near the budget)",
      body: body(
        `{ community(id: "${communityId}") { projects(first: 35) { edges { node { name community { projects(first: 35) { edges { node { name interventions { kind description } } } } } } } } } }`,
      ),
      expect: { status: 200 },
    },
  };
}

async function timed(send: Send, probe: Probe): Promise<number> {
  const started = performance.now();
  const { status, text } = await send(probe.body);
  const elapsed = performance.now() - started;
  const code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
  if (status !== probe.expect.status || code !== probe.expect.code) {
    throw new Error(`${probe.name}: expected ${probe.expect.status} ${probe.expect.code ?? 'no error'}, got ${status} ${code ?? 'no error'}: ${text.slice(0, 300)}`);
  }
  return elapsed;
}

async function samples(send: Send, probe: Probe, runs = RUNS): Promise<number[]> {
  for (let run = 0; run < WARMUP; run += 1) await timed(send, probe);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timed(send, probe));
  return times;
}

/**
 * An attacker in a process of its own (this file run as a script), as the review's was another
 * client: in this process it would share the event loop with the server it attacks and charge
 * its own work (building a 10 MB upload) to the requests it delays. It sends the bodies in turn,
 * `inFlight` at a time, prints "ready" after its first answer, and when its standard input
 * closes prints how many it sent and exits.
 */
async function startAttacker(url: string, authorization: string, bodies: readonly string[], inFlight: number): Promise<{ stop: () => Promise<number> }> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-limits-')), 'bodies.json');
  writeFileSync(file, JSON.stringify(bodies));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'attack', url, file, String(inFlight)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_AUTHORIZATION: authorization },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`attacker exited (${code}) before it was ready: ${output}`)));
  });
  return {
    async stop() {
      child.stdin?.end();
      const code = await exited;
      rmSync(dirname(file), { recursive: true, force: true });
      const sent = /sent (\d+), failed (\d+)/.exec(output);
      if (code !== 0 || !sent) throw new Error(`attacker failed (${code}): ${output}`);
      if (sent[2] !== '0') throw new Error(`the attacker saw ${sent[2]} of ${sent[1]} requests fail (no answer)`);
      return Number(sent[1]);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'attack') {
  const [url, file, inFlight] = process.argv.slice(3) as [string, string, string];
  const bodies = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((body) => Buffer.from(body));
  const headers = { 'content-type': 'application/json', authorization: process.env.BENCH_AUTHORIZATION ?? '' };
  let sent = 0;
  let failed = 0;
  let stopping = false;
  const loop = async (offset: number) => {
    for (let n = offset; !stopping; n += 1) {
      try {
        await (await fetch(url, { method: 'POST', headers, body: bodies[n % bodies.length]! })).arrayBuffer();
      } catch (error) {
        failed += 1;
        process.stderr.write(`attacker: ${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}\n`);
      }
      sent += 1;
      if (sent === 1) process.stdout.write('ready\n');
    }
  };
  const loops = Array.from({ length: Number(inFlight) }, (_, index) => loop(index));
  process.stdin.resume();
  process.stdin.on('end', () => {
    stopping = true;
    void Promise.all(loops).then(() => {
      process.stdout.write(`sent ${sent}, failed ${failed}\n`);
      process.exit(0);
    });
  });
}

/** The ordinary request's latencies while an attacker process keeps sending `attack`. */
async function underAttack(
  send: Send,
  ordinary: Probe,
  target: { url: string; authorization: string },
  attack: readonly Probe[],
  inFlight: number,
): Promise<{ latencies: number[]; attacks: number }> {
  const attacker = await startAttacker(target.url, target.authorization, attack.map((probe) => probe.body), inFlight);
  const latencies: number[] = [];
  try {
    for (let run = 0; run < CONCURRENT_SAMPLES; run += 1) latencies.push(await timed(send, ordinary));
  } catch (error) {
    await attacker.stop();
    throw error;
  }
  return { latencies, attacks: await attacker.stop() };
}

export const limitsBenchmark: BenchmarkModule = {
  name: 'limits',
  description: 'refusal time of the review’s attack requests (both doors) and an ordinary request’s latency while they arrive, against the ordinary request alone',
  async run(report) {
    const environment = await startBenchEnvironment('limits');
    let stopHttp: (() => Promise<void>) | undefined;
    try {
      const { config, clients, authorization } = environment;

      // The two doors: the Lambda entry point (imported once the environment is set, as Lambda does) and HTTP.
      const { handler } = await import('#graphql/handler.ts');
      const lambda: Send = async (body) => {
        const event = { ...graphqlEvent({}, { authorization }), body };
        const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
        return { status: result.statusCode ?? 200, text: result.body ?? '' };
      };
      const http = await startHttpServer(createDependencies(config, clients), 0);
      stopHttp = http.stop;
      // Each body encoded once: the client's encoding of a 10 MB string is not the server's time.
      const encoded = new Map<string, Buffer>();
      const overHttp: Send = async (body) => {
        let bytes = encoded.get(body);
        if (!bytes) {
          bytes = Buffer.from(body);
          encoded.set(body, bytes);
        }
        const response = await fetch(`${http.url}graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: bytes });
        return { status: response.status, text: await response.text() };
      };

      report.note(`seeding 九龙镇 with ${PROJECTS} projects of ${INTERVENTIONS} interventions …`);
      const jiulong = await seedCommunity(environment.table, { name: '九龙镇', regionCode: '440112', kind: 'TOWN' });
      for (let index = 0; index < PROJECTS; index += 1) {
        const created = JSON.parse(
          (
            await lambda(
              JSON.stringify({
                query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
                variables: { input: { communityId: jiulong.id, name: `安全促进项目${index + 1}`, category: 'HOME', leadAgency: '九龙镇政府', startOn: '2010-03-01' } },
              }),
            )
          ).text,
        ) as { data: { createProject: { id: string } } };
        for (let intervention = 0; intervention < INTERVENTIONS; intervention += 1) {
          await lambda(
            JSON.stringify({
              query: 'mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }',
              variables: { input: { projectId: created.data.createProject.id, kind: 'PUBLICITY', description: `措施${intervention + 1}`, responsibleUnit: '九龙镇安监办' } },
            }),
          );
        }
      }

      const { ordinary, refused, nearBudget } = probes(jiulong.id);
      report.figure(`limits: body ${REQUEST_LIMITS.bodyBytes.toLocaleString('en')} bytes, ${REQUEST_LIMITS.tokens} tokens, depth ${REQUEST_LIMITS.depth}, ${REQUEST_LIMITS.aliases} aliases, ${REQUEST_LIMITS.directives} directives, cost ${REQUEST_LIMITS.cost.toLocaleString('en')}`);
      for (const [door, send] of [['Lambda handler', lambda], ['HTTP', overHttp]] as const) {
        const baseline = median(await samples(send, ordinary));
        report.figure(`${door}: ${ordinary.name}: median ${ms(baseline)} (the baseline of this door)`);
        for (const probe of refused) {
          const times = await samples(send, probe);
          report.figure(
            `${door}: ${probe.name} (${(Buffer.byteLength(probe.body) / 1_000_000).toFixed(2)} MB) refused ${probe.expect.status} ${probe.expect.code}: median ${ms(median(times))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))}; ratio to the ordinary request ${ratio(median(times), baseline)}`,
          );
        }
        const accepted = await samples(send, nearBudget, 10);
        const cost = (JSON.parse((await send(nearBudget.body)).text) as { extensions?: { cost?: { requested: number } } }).extensions?.cost?.requested;
        report.figure(`${door}: ${nearBudget.name}, cost ${cost?.toLocaleString('en')}: median ${ms(median(accepted))}; ratio ${ratio(median(accepted), baseline)}`);
      }

      const alone = await samples(overHttp, ordinary, CONCURRENT_SAMPLES);
      report.figure(`HTTP: ${ordinary.name} alone: median ${ms(median(alone))}, p95 ${ms(quantile(alone, 0.95))}`);
      const target = { url: `${http.url}graphql`, authorization };
      for (const [label, attack] of [
        ['the review’s requests and the other refusals, in turn', refused],
        ['the depth-20 query', refused.slice(0, 1)],
        ['the accepted query near the budget', [nearBudget]],
      ] as const) {
        for (const inFlight of IN_FLIGHT) {
          const { latencies, attacks } = await underAttack(overHttp, ordinary, target, attack, inFlight);
          report.figure(
            `HTTP: ${ordinary.name} while another process sends ${label} (${inFlight} in flight, ${attacks} sent): median ${ms(median(latencies))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}; ` +
              `ratio to alone: median ${ratio(median(latencies), median(alone))}, p95 ${ratio(quantile(latencies, 0.95), quantile(alone, 0.95))}`,
          );
        }
      }
    } finally {
      await stopHttp?.();
      await environment.stop();
    }
  },
};
