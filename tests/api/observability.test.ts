import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Community } from '#community/model.ts';
import { loadConfig } from '#core/config.ts';
import { createObservability } from '#core/observability.ts';
import { createLambdaHandler } from '#graphql/lambda-door.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createDependencies } from '#graphql/server.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';

/**
 * The observability of the GraphQL function through its real doors (README, "Observability"):
 * one structured log line per request with its correlation id, operation and caller; never the
 * token nor personal text; an internal error logged once, in full, with its cause; the EMF
 * metrics with their dimensions. The lines are JSON here (LOG_FORMAT=json, as in Lambda) and
 * metrics are on (off Lambda they are off unless POWERTOOLS_METRICS_DISABLED=false).
 */

const DESCRIPTION = '独居老人王秀英在厨房滑倒，邻居13800138000报告';
const CREATE_INCIDENT = `mutation RecordFall($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`;

interface Captured {
  /** Everything printed: console calls (the log lines off Lambda) and raw stdout/stderr writes (EMF). */
  readonly text: string[];
  readonly logLines: Record<string, unknown>[];
  readonly emf: Emf[];
}

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

const captured: Captured = { text: [], logLines: [], emf: [] };

function record(chunk: unknown): void {
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
  captured.text.push(text);
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if ('_aws' in parsed) captured.emf.push(parsed as unknown as Emf);
      else captured.logLines.push(parsed);
    } catch {
      // not a JSON line
    }
  }
}

function clear(): void {
  captured.text.length = 0;
  captured.logLines.length = 0;
  captured.emf.length = 0;
}

const requestLines = () => captured.logLines.filter((line) => line.message === 'graphql request');

let app: TestApp;
let community: Community;
let editor: string;
let admin: string;

beforeAll(async () => {
  // Set before the doors exist: their observability reads the environment once.
  Object.assign(process.env, { LOG_FORMAT: 'json', POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' });
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  [editor, admin] = await Promise.all([app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }), app.token({ role: 'ADMIN' })]);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...parts: unknown[]) => record(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')));
  }
  // Powertools' own console (EMF) writes to the streams: kept here, out of the test output.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      record(chunk);
      const callback = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write);
  }
});

afterEach(() => clear());

afterAll(async () => {
  vi.restoreAllMocks();
  for (const key of ['LOG_FORMAT', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_DISABLED']) delete process.env[key];
  await app?.close();
});

describe('the request log line', () => {
  it('is one JSON line per request through the Lambda handler, with API Gateway’s request id, the operation and the caller, never the token or the description', async () => {
    // Arrange: an API Gateway v2 event of our own, to know its request id
    const { handler } = await import('#graphql/handler.ts');
    const event = graphqlEvent({ query: CREATE_INCIDENT, variables: { input: fallAtHome(community.id, { description: DESCRIPTION }) } }, { authorization: `Bearer ${editor}` });
    const requestId = event.requestContext.requestId;

    // Act
    const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(ok({ status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') }).createIncident.id).toBeTruthy();
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'graphql',
      correlation_id: requestId,
      door: 'lambda',
      operation: 'RecordFall',
      operation_type: 'mutation',
      fields: ['createIncident'],
      role: 'COMMUNITY_EDITOR',
      status: 200,
      error_codes: [],
    });
    expect(typeof lines[0]!.subject).toBe('string');
    expect(typeof lines[0]!.duration_ms).toBe('number');
    const everything = captured.text.join('\n');
    expect(everything).not.toContain(editor);
    expect(everything).not.toContain(editor.split('.')[2]!);
    expect(everything).not.toContain('王秀英');
    expect(everything).not.toContain('13800138000');
  });

  it('is one line through HTTP, with the caller’s x-request-id (echoed back) or a generated one', async () => {
    const query = 'query CommunityNames { communities { totalCount } }';
    const asked = await fetch(app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'local-req-42' },
      body: JSON.stringify({ query }),
    });
    expect(asked.status).toBe(200);
    expect(asked.headers.get('x-request-id')).toBe('local-req-42');
    const generated = await fetch(app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'not a plain token' },
      body: JSON.stringify({ query }),
    });
    const generatedId = generated.headers.get('x-request-id');
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = requestLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ correlation_id: 'local-req-42', door: 'http', operation: 'CommunityNames', operation_type: 'query', role: 'ADMIN', status: 200 });
    expect(lines[1]).toMatchObject({ correlation_id: generatedId, door: 'http' });
    expect(captured.text.join('\n')).not.toContain(admin);
  });

  it('is written for requests Apollo never runs: no token, a refused token, a body that is not JSON', async () => {
    const missing = await app.doors[0]!.execute('{ communities { totalCount } }');
    const refused = await app.doors[1]!.execute('{ communities { totalCount } }', {}, 'not-a-token');
    const notJson = await fetch(app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: '{"query":' });

    expect(missing.status).toBe(401);
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(notJson.status).toBe(400);
    const lines = requestLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ door: 'lambda', operation: 'anonymous', status: 401, error_codes: ['UNAUTHENTICATED'] });
    expect(lines[0]!.role).toBeUndefined();
    expect(lines[1]).toMatchObject({ door: 'http', status: 401, error_codes: ['UNAUTHENTICATED'] });
    expect(lines[2]).toMatchObject({ door: 'http', status: 400, error_codes: ['BAD_REQUEST'] });
    expect(captured.text.join('\n')).not.toContain('not-a-token');
  });
});

describe('an internal error', () => {
  it.each(['lambda', 'http'] as const)('is logged once, in full with its cause, under the request’s correlation id (%s door)', async (door) => {
    // Arrange: DynamoDB fails every call of the test app's clients (SDK middleware), with a cause
    const name = `injectCause_${door}`;
    app.clients.dynamodb.middlewareStack.add(
      () => async () => {
        throw new Error(`ProvisionedThroughputExceeded (injected, ${door})`, { cause: new Error(`socket reset by the table's partition (${door})`) });
      },
      { step: 'initialize', name },
    );
    const query = 'query FailingCommunities { communities { totalCount } }';
    try {
      // Act
      let requestId: string;
      if (door === 'lambda') {
        const handler = createLambdaHandler(createDependencies(loadConfig(), app.clients, app.s3));
        const event = graphqlEvent({ query }, { authorization: `Bearer ${admin}` });
        requestId = event.requestContext.requestId;
        const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
        expect(JSON.parse(result.body ?? '{}').errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      } else {
        const response = await fetch(app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'fault-1' }, body: JSON.stringify({ query }) });
        requestId = 'fault-1';
        expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      }

      // Assess
      const errors = captured.logLines.filter((line) => line.level === 'ERROR');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        message: 'internal error',
        correlation_id: requestId,
        path: 'communities',
        error: { name: 'Error', message: `ProvisionedThroughputExceeded (injected, ${door})`, cause: { message: `socket reset by the table's partition (${door})` } },
      });
      expect(String((errors[0]!.error as { stack: string }).stack)).toContain('observability.test.ts');
      expect(captured.text.filter((text) => text.includes(`injected, ${door}`))).toHaveLength(1);
      expect(requestLines()).toEqual([expect.objectContaining({ correlation_id: requestId, operation: 'FailingCommunities', status: 200, error_codes: ['INTERNAL_SERVER_ERROR'] })]);
    } finally {
      app.clients.dynamodb.middlewareStack.remove(name);
    }
  });
});

describe('the metrics (EMF)', () => {
  function metric(name: string): Emf[] {
    return captured.emf.filter((blob) => blob._aws.CloudWatchMetrics[0]!.Metrics.some((entry) => entry.Name === name));
  }

  it('count requests and their latency by operation and by service, in one line a request, errors by code, in the SafeCommunity namespace', async () => {
    const lambda = app.doors[0]!;
    await lambda.execute('query CommunityCount { communities { totalCount } }', {}, admin);
    await lambda.execute('{ communities { totalCount } }', {}, admin);
    await lambda.execute(`query ${'A'.repeat(65)} { communities { totalCount } }`, {}, admin);
    await lambda.execute('query Unknown { communities { secret } }', {}, admin);
    await lambda.execute('{ communities { totalCount } }');

    const requests = metric('Requests');
    expect(requests).toHaveLength(5);
    for (const blob of requests) {
      // The alarms read Requests by {service} exactly: the second dimension set.
      expect(blob._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'SafeCommunity',
          Dimensions: [['service', 'operation'], ['service']],
          Metrics: [
            { Name: 'Requests', Unit: 'Count' },
            { Name: 'Latency', Unit: 'Milliseconds' },
          ],
        },
      ]);
      expect(blob).toMatchObject({ service: 'graphql', Requests: 1 });
      expect(typeof blob.Latency).toBe('number');
    }
    expect(metric('Latency')).toEqual(requests);
    expect(requests.map((blob) => blob.operation)).toEqual(['CommunityCount', 'anonymous', 'other', 'Unknown', 'anonymous']);

    const errors = metric('Errors');
    expect(errors.map((blob) => [blob.code, blob.Errors])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 1],
      ['UNAUTHENTICATED', 1],
    ]);
    // The alarms read Errors by {service, code} exactly.
    for (const blob of errors) expect(blob._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'code']]);
  });

  it('count the cold start once per process, by service', async () => {
    // The doors of this file have started already; a fresh set counts its own first invocation once.
    const obs = createObservability('graphql', { env: { ...process.env } });
    const deps = createDependencies(loadConfig(), app.clients, app.s3);
    const handler = createLambdaHandler(deps, obs);
    for (let n = 0; n < 3; n += 1) await handler(graphqlEvent({ query: '{ communities { totalCount } }' }, { authorization: `Bearer ${admin}` }), lambdaContext('graphql'));
    const cold = metric('ColdStart');
    expect(cold).toHaveLength(1);
    expect(cold[0]).toMatchObject({ service: 'graphql', ColdStart: 1 });
    expect(cold[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
  });
});

describe('the local format', () => {
  it('prints each request as one readable key=value line with the same fields', async () => {
    const obs = createObservability('graphql', { env: { ...process.env, LOG_FORMAT: 'text' } });
    const server = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0, undefined, obs);
    try {
      const response = await fetch(`${server.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'text-1' },
        body: JSON.stringify({ query: 'query CommunityNames { communities { totalCount } }' }),
      });
      expect(response.status).toBe(200);
      const lines = captured.text.filter((text) => text.includes('graphql request'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain('\n');
      expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z INFO {2}graphql request /);
      for (const field of ['service=graphql', 'correlation_id=text-1', 'door=http', 'operation=CommunityNames', 'operation_type=query', 'fields=communities', 'role=ADMIN', 'status=200', 'error_codes=-']) {
        expect(lines[0]).toContain(` ${field}`);
      }
      expect(lines[0]).toMatch(/ duration_ms=\d+(\.\d+)?( |$)/);
    } finally {
      await server.stop();
    }
  });
});
