import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLAIMS } from '#core/auth/principal.ts';
import { loadConfig } from '#core/config.ts';
import { createLambdaHandler, type GraphqlLambdaHandler } from '#graphql/lambda-door.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createDependencies } from '#graphql/server.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#local/auth.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';

/**
 * The HTTP contract as a partner's client meets it, on both doors alike (the local server over
 * HTTP, and the Lambda handler with the events API Gateway sends): one status per cause for
 * tokens (401 with a challenge and a message that says which, never the token), the
 * GraphQL-over-HTTP spec's statuses for application/json and for
 * application/graphql-response+json, refusals of requests that are not well-formed, and GET
 * queries from Apollo Client and urql with their defaults, while a mutation over GET stays 405.
 */
let app: TestApp;
let admin: string;
let local: { url: string; stop: () => Promise<void> };
let lambda: GraphqlLambdaHandler;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  const deps = createDependencies(loadConfig(), app.clients, app.s3);
  local = await startHttpServer(deps, 0);
  lambda = createLambdaHandler(deps);
});
afterAll(async () => {
  await local.stop();
  await app.close();
});

interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The query string's parameters (GET). */
  readonly search?: Record<string, string>;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
}

function answerOf(status: number, headers: Record<string, string>, text: string): RawAnswer {
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(text) as RawAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

type DoorCall = (request: RawRequest) => Promise<RawAnswer>;

const overHttp: DoorCall = async ({ method = 'POST', headers = {}, body, search }) => {
  const url = new URL('graphql', local.url);
  for (const [name, value] of Object.entries(search ?? {})) url.searchParams.set(name, value);
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return answerOf(response.status, Object.fromEntries(response.headers), await response.text());
};

/** The event API Gateway (HTTP API, payload 2.0) sends for the request. */
function eventOf({ method = 'POST', headers = {}, body, search }: RawRequest): APIGatewayProxyEventV2 {
  const base = graphqlEvent({});
  const rawQueryString = new URLSearchParams(search ?? {}).toString();
  return {
    ...base,
    routeKey: `${method} /graphql`,
    rawQueryString,
    ...(search ? { queryStringParameters: { ...search } } : {}),
    headers: { host: base.headers.host ?? 'api', ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) },
    requestContext: { ...base.requestContext, routeKey: `${method} /graphql`, http: { ...base.requestContext.http, method } },
    body: body ?? '',
    isBase64Encoded: false,
  };
}

const throughLambda: DoorCall = async (request) => {
  const result = await lambda(eventOf(request), lambdaContext('graphql'));
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return answerOf(result.statusCode ?? 200, headers, result.body ?? '');
};

const DOORS: [string, DoorCall][] = [
  ['HTTP (local server)', overHttp],
  ['Lambda handler (API Gateway v2)', throughLambda],
];

const JSON_TYPE = { 'content-type': 'application/json' };
const SPEC_ACCEPT = 'application/graphql-response+json, application/json;q=0.9';
const QUERY = '{ communities(first: 1) { totalCount } }';

function post(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): RawRequest {
  return { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify({ query, ...(variables ? { variables } : {}) }) };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A token like the local identity provider's, signed by `key` (the run's own unless given), with the claims as given. */
async function tokenWith(claims: { iss?: string; aud?: string; exp?: number; nbf?: number }, key?: Parameters<typeof importJWK>[0]): Promise<string> {
  const signing = inject('engines').signingKey;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ [CLAIMS.groups]: ['ADMIN'], token_use: 'id', iat: now, exp: now + 3600, iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: signing.privateJwk.kid ?? 'local', typ: 'JWT' })
    .setSubject('contract-test')
    .sign(await importJWK(key ?? signing.privateJwk, 'RS256'));
}

describe('401 UNAUTHENTICATED: one status for every token problem, and a message that says which', () => {
  const cases: [string, () => Promise<Record<string, string>>, RegExp, string | undefined][] = [
    ['no token', async () => ({}), /bearer token is required/, undefined],
    ['a header that is not Bearer', async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }), /must be "Bearer <token>"/, 'invalid_request'],
    ['a malformed token', async () => bearer('not-a-jwt'), /malformed/, 'invalid_token'],
    [
      'a bad signature',
      async () => {
        const { privateKey } = await generateKeyPair('RS256', { extractable: true });
        return bearer(await tokenWith({}, await exportJWK(privateKey)));
      },
      /signature does not verify/,
      'invalid_token',
    ],
    ['an expired token', async () => bearer(await tokenWith({ exp: Math.floor(Date.now() / 1000) - 600 })), /has expired/, 'invalid_token'],
    ['a token for another audience', async () => bearer(await tokenWith({ aud: 'another-api' })), /another audience/, 'invalid_token'],
    ['a token from another issuer', async () => bearer(await tokenWith({ iss: 'https://evil.example' })), /another issuer/, 'invalid_token'],
    ['a token not valid yet', async () => bearer(await tokenWith({ nbf: Math.floor(Date.now() / 1000) + 3600 })), /not valid yet/, 'invalid_token'],
  ];

  it.each(cases)('%s: 401 on both doors, over POST and GET, with WWW-Authenticate: Bearer', async (_name, headersOf, message, challenge) => {
    const headers = await headersOf();
    const token = headers.authorization?.replace(/^\w+\s+/, '');
    const requests: RawRequest[] = [post(QUERY, headers), { method: 'GET', headers, search: { query: QUERY } }];
    const answers: RawAnswer[] = [];
    for (const [, call] of DOORS) {
      for (const request of requests) {
        const answer = await call(request);
        answers.push(answer);
        expect(answer.status).toBe(401);
        expect(answer.json?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(answer.json?.errors?.[0]?.message).toMatch(message);
        expect(answer.json && 'data' in answer.json).toBe(false);
        const wwwAuthenticate = answer.headers['www-authenticate'] ?? '';
        expect(wwwAuthenticate).toMatch(/^Bearer realm="safe-community"/);
        if (challenge) expect(wwwAuthenticate).toContain(`error="${challenge}"`);
        else expect(wwwAuthenticate).not.toContain('error=');
        if (token) {
          expect(answer.text).not.toContain(token);
          expect(wwwAuthenticate).not.toContain(token);
        }
      }
    }
    // The same answer from both doors.
    expect(answers[0]!.json).toEqual(answers[2]!.json);
  });

  it('refuses a token it accepted, and keeps, once the token expires', async () => {
    // Both doors warm first (a cold first request loads the application), so the short life below is spent on the checks.
    for (const [, call] of DOORS) expect((await call(post(QUERY, bearer(admin)))).status).toBe(200);
    // A token verified once is kept (core/auth/token.ts) until its own exp, not a moment longer.
    const exp = Math.floor(Date.now() / 1000) + 3;
    const headers = bearer(await tokenWith({ exp }));
    for (const [, call] of DOORS) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const answer = await call(post(QUERY, headers));
        expect(answer.json?.errors).toBeUndefined();
        expect(answer.status).toBe(200);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));
    for (const [, call] of DOORS) {
      const answer = await call(post(QUERY, headers));
      expect(answer.status).toBe(401);
      expect(answer.json?.errors?.[0]?.message).toMatch(/has expired/);
    }
  });

  it('refuses a bad token each time it comes, however often', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const headers = bearer(await tokenWith({}, await exportJWK(privateKey)));
    for (const [, call] of DOORS) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const answer = await call(post(QUERY, headers));
        expect(answer.status).toBe(401);
        expect(answer.json?.errors?.[0]?.message).toMatch(/signature does not verify/);
      }
    }
  });

  it('answers a 401 in the media type the request accepts', async () => {
    for (const [, call] of DOORS) {
      const spec = await call(post(QUERY, { accept: SPEC_ACCEPT }));
      expect(spec.status).toBe(401);
      expect(spec.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
      const legacy = await call(post(QUERY, { accept: 'application/json' }));
      expect(legacy.status).toBe(401);
      expect(legacy.headers['content-type']).toMatch(/^application\/json/);
    }
  });
});

describe('GraphQL-over-HTTP statuses for a well-formed request that fails before execution', () => {
  const depth20 = `{ region(code: "37") { ${'parent { '.repeat(20)}code${' }'.repeat(20)} } }`;
  const failures: [string, (auth: Record<string, string>) => RawRequest, string][] = [
    ['a document that does not parse', (auth) => post('{ communities(first: 1) { totalCount }', auth), 'GRAPHQL_PARSE_FAILED'],
    ['a field that does not exist', (auth) => post('{ communities(first: 1) { noSuchField } }', auth), 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not coerce', (auth) => post('query($first: Int) { communities(first: $first) { totalCount } }', auth, { first: 'many' }), 'BAD_USER_INPUT'],
    ['two operations and no operationName', (auth) => post('query A { __typename } query B { __typename }', auth), 'OPERATION_RESOLUTION_FAILURE'],
    ['a query over the depth limit', (auth) => post(depth20, auth), 'QUERY_TOO_COMPLEX'],
  ];

  function bearerOf(): Record<string, string> {
    return { authorization: `Bearer ${admin}` };
  }

  it.each(failures)('%s: 200 with the errors for application/json, 400 for application/graphql-response+json', async (_name, requestOf, code) => {
    const request = requestOf(bearerOf());
    for (const [, call] of DOORS) {
      const legacy = await call({ ...request, headers: { ...request.headers, accept: 'application/json' } });
      expect(legacy.status).toBe(200);
      expect(legacy.headers['content-type']).toMatch(/^application\/json/);
      expect(legacy.json?.errors?.[0]?.extensions?.code).toBe(code);
      expect(legacy.json && 'data' in legacy.json).toBe(false);

      const spec = await call({ ...request, headers: { ...request.headers, accept: SPEC_ACCEPT } });
      expect(spec.status).toBe(400);
      expect(spec.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
      expect(spec.json?.errors?.[0]?.extensions?.code).toBe(code);

      // No Accept at all is a legacy client: application/json.
      const none = await call({ ...request, headers: Object.fromEntries(Object.entries({ ...request.headers }).filter(([name]) => name !== 'accept')) });
      expect(none.headers['content-type']).toMatch(/^application\/json/);
      expect(none.status).toBe(200);
    }
  });

  it('answers a field error with data 200 under both media types', async () => {
    for (const [, call] of DOORS) {
      for (const accept of ['application/json', SPEC_ACCEPT]) {
        const answer = await call(post('{ community(id: "00000000-0000-4000-8000-000000000000") { id } }', { ...bearerOf(), accept }));
        expect(answer.status).toBe(200);
        expect(answer.json?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    }
  });

  it('answers a successful query 200 in the accepted media type', async () => {
    for (const [, call] of DOORS) {
      const spec = await call(post(QUERY, { ...bearerOf(), accept: SPEC_ACCEPT }));
      expect(spec.status).toBe(200);
      expect(spec.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
      expect(spec.json?.data).toMatchObject({ communities: { totalCount: expect.any(Number) } });
    }
  });
});

describe('requests that are not well-formed', () => {
  it.each(['application/json', SPEC_ACCEPT])('are 400, 405 and 415 under Accept %s', async (accept) => {
    const auth = { authorization: `Bearer ${admin}`, accept };
    for (const [name, call] of DOORS) {
      const noQuery = await call({ method: 'POST', headers: { ...JSON_TYPE, ...auth }, body: '{"variables":{}}' });
      expect(noQuery.status, name).toBe(400);
      expect(noQuery.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');

      const notJson = await call({ method: 'POST', headers: { ...JSON_TYPE, ...auth }, body: '{"query":' });
      expect(notJson.status, name).toBe(400);
      expect(notJson.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');

      const wrongShape = await call({ method: 'POST', headers: { ...JSON_TYPE, ...auth }, body: JSON.stringify({ query: QUERY, variables: [7] }) });
      expect(wrongShape.status, name).toBe(400);

      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/graphql']) {
        const unsupported = await call({ method: 'POST', headers: { 'content-type': contentType, ...auth }, body: JSON.stringify({ query: QUERY }) });
        expect(unsupported.status, `${name}: ${contentType}`).toBe(415);
        expect(unsupported.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      }
      const noContentType = await call({ method: 'POST', headers: auth, body: JSON.stringify({ query: QUERY }) });
      expect(noContentType.status, name).toBe(415);

      const put = await call({ method: 'PUT', headers: { ...JSON_TYPE, ...auth }, body: JSON.stringify({ query: QUERY }) });
      expect(put.status, name).toBe(405);
      expect(put.headers.allow, name).toMatch(/GET, POST/);
    }
  });
});

describe('GET queries', () => {
  const CREATE = 'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }';
  const input = { name: 'GET 社区', kind: 'STREET', regionCode: '370102001' };

  it('runs a query from the query string on both doors, with the token alone (no preflight header)', async () => {
    for (const [name, call] of DOORS) {
      const answer = await call({ method: 'GET', headers: { authorization: `Bearer ${admin}` }, search: { query: 'query Count($first: Int) { communities(first: $first) { totalCount } }', variables: '{"first":1}', operationName: 'Count' } });
      expect(answer.status, name).toBe(200);
      expect(answer.json?.data, name).toMatchObject({ communities: { totalCount: expect.any(Number) } });
    }
  });

  it('refuses a mutation over GET with 405 and Allow: POST, before it runs', async () => {
    const before = (await overHttp(post(QUERY, { authorization: `Bearer ${admin}` }))).json?.data;
    for (const [name, call] of DOORS) {
      const answer = await call({ method: 'GET', headers: { authorization: `Bearer ${admin}` }, search: { query: CREATE, variables: JSON.stringify({ input }) } });
      expect(answer.status, name).toBe(405);
      expect(answer.headers.allow, name).toBe('POST');
      expect(answer.json && 'data' in answer.json).toBe(false);
    }
    expect((await overHttp(post(QUERY, { authorization: `Bearer ${admin}` }))).json?.data).toEqual(before);
  });

  it('still refuses a cross-site simple request: a GET without a token runs nothing (401), one with a form content type is refused', async () => {
    for (const [name, call] of DOORS) {
      const anonymous = await call({ method: 'GET', headers: { origin: 'https://evil.example' }, search: { query: QUERY } });
      expect(anonymous.status, name).toBe(401);
      const form = await call({ method: 'GET', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' }, search: { query: QUERY } });
      expect(form.status, name).toBeGreaterThanOrEqual(400);
      expect(form.json?.data, name).toBeUndefined();
    }
  });

  /** fetch, recording each request's method and headers. */
  function recordingFetch(seen: { method: string; headers: Headers }[]): typeof fetch {
    return (input, init) => {
      seen.push({ method: init?.method ?? 'GET', headers: new Headers(init?.headers) });
      return fetch(input, init);
    };
  }

  it('works from Apollo Client’s HttpLink with useGETForQueries (its defaults otherwise): queries over GET, mutations over POST', async () => {
    const seen: { method: string; headers: Headers }[] = [];
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new HttpLink({ uri: new URL('graphql', local.url).href, useGETForQueries: true, headers: { authorization: `Bearer ${admin}` }, fetch: recordingFetch(seen) }),
    });
    const result = await client.query({ query: gql`query ApolloCount { communities(first: 1) { totalCount } }`, fetchPolicy: 'network-only' });
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ communities: { totalCount: expect.any(Number) } });
    expect(seen.at(-1)?.method).toBe('GET');
    const created = await client.mutate({ mutation: gql(CREATE), variables: { input: { ...input, name: 'Apollo 社区' } } });
    expect(created.error).toBeUndefined();
    expect(seen.at(-1)?.method).toBe('POST');
    client.stop();
  });

  it('works from urql with preferGetMethod (its defaults otherwise): queries over GET, mutations over POST', async () => {
    const seen: { method: string; headers: Headers }[] = [];
    const client = new Client({
      url: new URL('graphql', local.url).href,
      exchanges: [fetchExchange],
      preferGetMethod: true,
      fetch: recordingFetch(seen),
      fetchOptions: () => ({ headers: { authorization: `Bearer ${admin}` } }),
    });
    const result = await client.query('query UrqlCount { communities(first: 1) { totalCount } }', {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ communities: { totalCount: expect.any(Number) } });
    expect(seen.at(-1)?.method).toBe('GET');
    const created = await client.mutation(CREATE, { input: { ...input, name: 'urql 社区' } }).toPromise();
    expect(created.error).toBeUndefined();
    expect(seen.at(-1)?.method).toBe('POST');
  });

  it('answers CORS for a GET from a local origin on the local door', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(new URL('graphql', local.url), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET/);
    const url = new URL('graphql', local.url);
    url.searchParams.set('query', QUERY);
    const get = await fetch(url, { headers: { origin, authorization: `Bearer ${admin}` } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
