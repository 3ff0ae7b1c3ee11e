import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#core/config.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createDependencies } from '#graphql/server.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';

/**
 * The local door as a client meets it: a body that is truncated, not JSON or not UTF-8 gets a
 * GraphQL error in JSON with a code, as from the Lambda handler, never an error page with a
 * stack trace or server paths; CORS answers localhost origins only; and the API and both engines
 * listen on 127.0.0.1, not on the machine's other addresses.
 */
let app: TestApp;
let admin: string;
let local: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  local = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0);
});
afterAll(async () => {
  await local.stop();
  await app.close();
});

interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface RawRequest {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

async function overHttp({ body, headers }: RawRequest): Promise<RawAnswer> {
  const response = await fetch(`${local.url}graphql`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, ...headers }, body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function throughLambda({ body, headers }: RawRequest): Promise<RawAnswer> {
  const { handler } = await import('#graphql/handler.ts');
  const base = graphqlEvent({}, { authorization: `Bearer ${admin}` });
  const event = {
    ...base,
    headers: { ...Object.fromEntries(Object.entries(base.headers).filter(([name]) => name !== 'content-type')), ...headers },
    // API Gateway passes a body it cannot show as text base64-encoded.
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
  const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
  const contentType = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return { status: result.statusCode ?? 200, contentType: String(contentType ?? ''), text: result.body ?? '' };
}

const json = { 'content-type': 'application/json' };
const BAD_BODIES: [string, RawRequest, number][] = [
  ['a truncated body', { body: Buffer.from('{"query":"{ communities { totalCo'), headers: json }, 400],
  ['a body that is not JSON', { body: Buffer.from('query=%7B%20communities%20%7D'), headers: json }, 400],
  ['bytes that are not UTF-8', { body: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc4, 0xe3, 0xba, 0xc3, 0xff, 0x22, 0x7d]), headers: json }, 400],
  ['a charset other than UTF-8', { body: Buffer.from('{"query":"{ __typename }"}'), headers: { 'content-type': 'application/json; charset=gbk' } }, 415],
  ['a compressed body', { body: Buffer.from('{"query":"{ __typename }"}'), headers: { ...json, 'content-encoding': 'gzip' } }, 415],
  ['an empty body', { body: Buffer.alloc(0), headers: json }, 400],
  ['a batch', { body: Buffer.from('[{"query":"{ __typename }"},{"query":"{ __typename }"}]'), headers: json }, 400],
];

describe('bodies that cannot be read', () => {
  it.each(BAD_BODIES)('answer %s with a GraphQL error in JSON, on both doors alike', async (_name, request, status) => {
    const answers = [await overHttp(request), await throughLambda(request)];
    for (const answer of answers) {
      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(answer.text).not.toMatch(/<html|<pre|\bat \w|node_modules|\/work\/|\.ts:\d|stack/i);
    }
    expect(JSON.parse(answers[0]!.text)).toEqual(JSON.parse(answers[1]!.text));
  });

  it('still answers a well-formed request on both doors', async () => {
    const request = { body: Buffer.from('{"query":"{ communities(first: 1) { totalCount } }"}'), headers: json };
    for (const answer of [await overHttp(request), await throughLambda(request)]) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ data: { communities: { totalCount: expect.any(Number) } } });
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${local.url}graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it.each(['http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost'])('lets %s call the local API', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const post = await fetch(`${local.url}graphql`, {
      method: 'POST',
      headers: { origin, ...json, authorization: `Bearer ${admin}` },
      body: '{"query":"{ __typename }"}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'http://192.0.2.10:4000', 'null'])('does not let %s', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${local.url}graphql`, {
      method: 'POST',
      headers: { origin, ...json, authorization: `Bearer ${admin}` },
      body: '{"query":"{ __typename }"}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(post.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

/** An address of this machine other than loopback, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('listening', () => {
  it('puts the API on 127.0.0.1 by default', async () => {
    const url = new URL(local.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(await reachable('127.0.0.1', Number(url.port))).toBe(true);
  });

  it.skipIf(!external)('is not reachable on the machine’s other addresses: the API, DynamoDB Local and s3rver', async () => {
    const engines = inject('engines');
    for (const endpoint of [local.url, engines.dynamodbEndpoint, engines.s3Endpoint]) {
      const url = new URL(endpoint);
      expect(url.hostname, endpoint).toBe('127.0.0.1');
      expect(await reachable('127.0.0.1', Number(url.port)), endpoint).toBe(true);
      expect(await reachable(external!, Number(url.port)), `${endpoint} on ${external}`).toBe(false);
    }
  });

  it.skipIf(!external)('listens on every interface when HOST says so', async () => {
    const everywhere = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0, '0.0.0.0');
    try {
      expect(await reachable(external!, Number(new URL(everywhere.url).port))).toBe(true);
    } finally {
      await everywhere.stop();
    }
  });
});
