import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#core/config.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { REQUEST_LIMITS } from '#graphql/limits.ts';
import { createDependencies } from '#graphql/server.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * Request limits, through both doors: depth, aliases, tokens, directives, the cost budget and
 * one aggregateExport per request are refused before execution with QUERY_TOO_COMPLEX; every
 * response reports extensions.cost; a body over 1 MB is refused before it is parsed; every
 * operation, introspection included, needs a token; production tells a refused request nothing
 * of the limits and suggests no field names. Refusals and codes only: bench/limits.ts times them.
 */
let app: TestApp;
let admin: string;
let communityId: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  communityId = (await seedCommunity(app.table, { regionCode: '440112001', name: '九龙镇' })).id;
});
afterAll(() => app.close());

/** The two doors by name, for it.each (tests/support/app.ts builds them in this order). */
const doors = () => [['Lambda handler (API Gateway v2)', 0], ['HTTP (local server)', 1]] as const;
const door = (index: number): Door => app.doors[index]!;

/** A query `levels` fields deep (the leaf included) along community → projects → edges → node → community → … */
function deepQuery(levels: number, id: string, first = 100): string {
  const path = [`projects(first: ${first})`, 'edges', 'node', 'community'];
  const leaf = ['totalCount', 'cursor', 'id', 'id'];
  const wrappers = levels - 2;
  let query = leaf[(wrappers - 1) % path.length]!;
  for (let level = wrappers - 1; level >= 0; level -= 1) query = `${path[level % path.length]} { ${query} }`;
  return `{ community(id: "${id}") { ${query} } }`;
}

function tokensOf(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/**
 * A valid document of exactly `total` tokens: `{ region(code: "37") { parent { parent { … } } } }`
 * with `__typename`s spread over the levels (graphql-js meters the comparisons of identical
 * fields within one selection set, so they are not all in one).
 */
function documentOfTokens(total: number): string {
  const levels = 10;
  const build = (counts: number[]) => {
    let inner = '';
    for (let level = levels - 1; level >= 0; level -= 1) inner = `${'__typename '.repeat(counts[level]!)}${inner ? `parent { ${inner} }` : ''}`;
    return `{ region(code: "37") { ${inner} } }`;
  };
  const skeleton = tokensOf(build(Array(levels).fill(1))) - levels;
  const counts = Array<number>(levels).fill(Math.floor((total - skeleton) / levels));
  counts[0]! += total - skeleton - counts.reduce((sum, count) => sum + count, 0);
  return build(counts);
}

function refusal(response: GraphQLResponse): { code?: string; limit?: unknown; message?: string } {
  const error = response.body.errors?.[0];
  return { code: error?.extensions?.code, limit: error?.extensions?.limit, message: error?.message };
}

describe('limits before execution', () => {
  it.each(doors())('refuses the review’s depth-20 query over 九龙镇 (%s)', async (_name, index) => {
    const query = deepQuery(20, communityId);
    const response = await door(index).execute(query, {}, admin);
    expect(refusal(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(response.body.data ?? null).toBeNull();
    // The doors ask for application/json: a validation failure is 200 with its errors, as the
    // GraphQL-over-HTTP spec says (400 under application/graphql-response+json: http-contract.test.ts).
    expect(response.status).toBe(200);
  });

  it.each(doors())('counts depth through fragments, and a query at the depth limit runs (%s)', async (_name, index) => {
    const atLimit = deepQuery(REQUEST_LIMITS.depth, communityId, 1);
    expect(errorCode(await door(index).execute(atLimit, {}, admin))).toBeUndefined();
    const viaFragments = `{ community(id: "${communityId}") { ...A } }
      fragment A on Community { projects(first: 1) { edges { node { ...B } } } }
      fragment B on Project { community { projects(first: 1) { edges { node { ...C } } } } }
      fragment C on Project { community { projects(first: 1) { edges { node { community { id } } } } } }`;
    expect(refusal(await door(index).execute(viaFragments, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it.each(doors())('is not dodged by naming the operation, or aliasing a field, __schema (%s)', async (_name, index) => {
    const deep = deepQuery(20, communityId);
    const named = `query __schema ${deep}`;
    expect(refusal(await door(index).execute(named, {}, admin)).code).toBe('QUERY_TOO_COMPLEX');
    const aliased = deep.replace('{ community(', '{ __schema: community(');
    expect(refusal(await door(index).execute(aliased, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it.each(doors())('refuses 1,000 aliases of incidents(first: 100), and 16 aliases (%s)', async (_name, index) => {
    const thousand = `{ ${Array.from({ length: 1000 }, (_, n) => `a${n}: incidents(communityId: "${communityId}", first: 100) { edges { node { id } } }`).join(' ')} }`;
    expect(refusal(await door(index).execute(thousand, {}, admin)).code).toBe('QUERY_TOO_COMPLEX');
    const sixteen = `{ ${Array.from({ length: REQUEST_LIMITS.aliases + 1 }, (_, n) => `a${n}: community(id: "${communityId}") { id }`).join(' ')} }`;
    expect(refusal(await door(index).execute(sixteen, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    const fifteen = `{ ${Array.from({ length: REQUEST_LIMITS.aliases }, (_, n) => `a${n}: community(id: "${communityId}") { id }`).join(' ')} }`;
    expect(errorCode(await door(index).execute(fifteen, {}, admin))).toBeUndefined();
  });

  it.each(doors())('counts aliases in a fragment each time it is spread, __typename’s too (%s)', async (_name, index) => {
    const eight = Array.from({ length: 8 }, (_, n) => `t${n}: __typename`).join(' ');
    const once = `{ ...A } fragment A on Query { ${eight} }`;
    expect(errorCode(await door(index).execute(once, {}, admin))).toBeUndefined();
    const twice = `{ ...A community(id: "${communityId}") { ...B } } fragment A on Query { ${eight} } fragment B on Community { ${eight} }`;
    expect(refusal(await door(index).execute(twice, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
  });

  it.each(doors())('refuses 10,000 aliases of __typename by their tokens, before validating them (%s)', async (_name, index) => {
    const query = `{ ${Array.from({ length: 10_000 }, (_, n) => `a${n}: __typename`).join(' ')} }`;
    expect(refusal(await door(index).execute(query, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
    const justOver = `{ ${'__typename '.repeat(REQUEST_LIMITS.tokens - 1)} }`;
    expect(refusal(await door(index).execute(justOver, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
    const atLimit = documentOfTokens(REQUEST_LIMITS.tokens);
    expect(tokensOf(atLimit)).toBe(REQUEST_LIMITS.tokens);
    expect(errorCode(await door(index).execute(atLimit, {}, admin))).toBeUndefined();
  });

  it.each(doors())('refuses more directives than the limit (%s)', async (_name, index) => {
    const many = `{ communities(first: 1) { totalCount ${'@include(if: true) '.repeat(REQUEST_LIMITS.directives + 1)} } }`;
    expect(refusal(await door(index).execute(many, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
  });

  it.each(doors())('refuses a query over the cost budget, fragments counted where spread, and reports its cost (%s)', async (_name, index) => {
    const inline = `{ communities(first: 100) { edges { node { projects(first: 100) { edges { node { name interventions { id } } } } } } } }`;
    const viaFragment = `{ communities(first: 100) { edges { node { ...P } } } } fragment P on Community { projects(first: 100) { edges { node { name interventions { id } } } } }`;
    const byInline = await door(index).execute(inline, {}, admin);
    const byFragment = await door(index).execute(viaFragment, {}, admin);
    for (const response of [byInline, byFragment]) {
      expect(refusal(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      expect(response.body.data ?? null).toBeNull();
    }
    const cost = (response: GraphQLResponse) => (response.body as { extensions?: { cost?: { requested: number; limit: number } } }).extensions?.cost;
    expect(cost(byInline)?.requested).toBeGreaterThan(REQUEST_LIMITS.cost);
    expect(cost(byFragment)).toEqual(cost(byInline));
  });

  it.each(doors())('counts `first` (its default when absent), so a page costs what it may return (%s)', async (_name, index) => {
    const cost = async (query: string) => {
      const response = await door(index).execute(query, {}, admin);
      ok(response);
      return (response.body as { extensions?: { cost?: { requested: number; limit: number } } }).extensions?.cost;
    };
    // A listing 10, each edge's node 10, each scalar 1.
    expect(await cost('{ communities(first: 100) { edges { node { id } } } }')).toEqual({ requested: 10 + 100 * (10 + 1), limit: REQUEST_LIMITS.cost });
    expect(await cost('{ communities { edges { node { id } } } }')).toEqual({ requested: 10 + 20 * (10 + 1), limit: REQUEST_LIMITS.cost });
    const variables = await door(index).execute('query($n: Int) { communities(first: $n) { edges { node { id name } } } }', { n: 5 }, admin);
    expect((variables.body as { extensions?: { cost?: unknown } }).extensions?.cost).toEqual({ requested: 10 + 5 * (10 + 2), limit: REQUEST_LIMITS.cost });
  });

  it.each(doors())('estimates one document again for other variables, and refuses it each time it is over (%s)', async (_name, index) => {
    // One query text is one parsed document (Apollo's store): its estimates are kept by variables (limits.ts).
    const query = 'query($n: Int) { communities(first: $n) { edges { node { id name } } } }';
    const requested = async (n: number) => {
      const response = await door(index).execute(query, { n }, admin);
      return (response.body as { extensions?: { cost?: { requested: number } } }).extensions?.cost?.requested;
    };
    for (const n of [3, 7, 3, 7]) expect(await requested(n)).toBe(10 + n * (10 + 2));
    const over = 'query($n: Int) { communities(first: $n) { edges { node { projects(first: $n) { edges { node { name interventions { id } } } } } } } }';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(refusal(await door(index).execute(over, { n: 100 }, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    }
    expect(errorCode(await door(index).execute(over, { n: 1 }, admin))).toBeUndefined();
  });

  it.each(doors())('counts introspection fields like any other: the standard introspection runs, four at once are over the budget (%s)', async (_name, index) => {
    const standard = getIntrospectionQuery();
    expect(errorCode(await door(index).execute(standard, {}, admin))).toBeUndefined();
    const fragments = standard.slice(standard.indexOf('fragment FullType'));
    const schemaField = standard.slice(standard.indexOf('{') + 1, standard.indexOf('fragment FullType')).trim().replace(/\}$/, '');
    const four = `{ ${Array.from({ length: 4 }, (_, n) => `s${n}: ${schemaField}`).join(' ')} } ${fragments}`;
    expect(refusal(await door(index).execute(four, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it.each(doors())('stops a fragment bomb at the selection limit (%s)', async (_name, index) => {
    const fragments = [`fragment F0 on Query { __typename }`];
    for (let level = 1; level <= 5; level += 1) fragments.push(`fragment F${level} on Query { ${`...F${level - 1} `.repeat(10)} }`);
    const bomb = `{ ...F5 } ${fragments.join(' ')}`;
    expect(refusal(await door(index).execute(bomb, {}, admin))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'selections' });
  });

  it.each(doors())('answers a request within the limits with its cost in extensions (%s)', async (_name, index) => {
    const response = await door(index).execute('{ communities(first: 1) { totalCount } }', {}, admin);
    expect(ok(response).communities.totalCount).toBeGreaterThanOrEqual(1);
    expect((response.body as { extensions?: unknown }).extensions).toEqual({ cost: { requested: 10 + 10, limit: REQUEST_LIMITS.cost } });
  });
});

describe('aggregateExport', () => {
  const MUTATION = `mutation($r: String!, $p: AnalyticsPeriodInput!) { aggregateExport(regionCode: $r, period: $p) { fileName bytes } }`;
  const QUERY = `query($r: String!, $p: AnalyticsPeriodInput!) { aggregateExport(regionCode: $r, period: $p) { fileName bytes } }`;
  const exportKeys = async () =>
    ((await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: 'exports/' }))).Contents ?? []).map((object) => object.Key);

  it.each(doors())('is a mutation, and the deprecated query still works (%s)', async (_name, index) => {
    const variables = { r: '44', p: { year: 2012 } };
    const before = (await exportKeys()).length;
    expect(ok(await door(index).execute(MUTATION, variables, admin)).aggregateExport.fileName).toBe('safe-community-aggregates-44-2012.csv');
    expect(ok(await door(index).execute(QUERY, variables, admin)).aggregateExport.fileName).toBe('safe-community-aggregates-44-2012.csv');
    expect((await exportKeys()).length).toBe(before + 2);
  });

  it.each(doors())('is refused twice in one request, before any file is written (%s)', async (_name, index) => {
    const before = await exportKeys();
    const twice = `mutation($r: String!, $p: AnalyticsPeriodInput!) {
      a: aggregateExport(regionCode: $r, period: $p) { url }
      b: aggregateExport(regionCode: $r, period: $p) { url }
    }`;
    const viaFragment = `mutation($r: String!, $p: AnalyticsPeriodInput!) { aggregateExport(regionCode: $r, period: $p) { url } ...E }
      fragment E on Mutation { again: aggregateExport(regionCode: $r, period: $p) { url } }`;
    const inQuery = QUERY.replace('{ aggregateExport', '{ a: aggregateExport(regionCode: $r, period: $p) { url } aggregateExport');
    for (const document of [twice, viaFragment, inQuery]) {
      const response = await door(index).execute(document, { r: '44', p: { year: 2012 } }, admin);
      expect(refusal(response), document).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'oncePerOperation' });
      expect(response.body.data ?? null).toBeNull();
    }
    expect(await exportKeys()).toEqual(before);
  });
});

describe('bodies over 1 MB', () => {
  it('are refused by the Lambda handler with 413 PAYLOAD_TOO_LARGE before they are parsed', async () => {
    const { handler } = await import('#graphql/handler.ts');
    for (const size of [REQUEST_LIMITS.bodyBytes + 1, 10_000_000]) {
      // Not JSON at all: parsing it would answer BAD_REQUEST, so PAYLOAD_TOO_LARGE shows it was not parsed.
      const event = { ...graphqlEvent({}, { authorization: `Bearer ${admin}` }), body: 'x'.repeat(size) };
      const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
      expect(result.statusCode).toBe(413);
      expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    const base64 = { ...graphqlEvent({}, { authorization: `Bearer ${admin}` }), body: Buffer.alloc(REQUEST_LIMITS.bodyBytes + 1, 32).toString('base64'), isBase64Encoded: true };
    expect(((await handler(base64, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2).statusCode).toBe(413);
  });

  it('are refused by the local door with 413 PAYLOAD_TOO_LARGE, by Content-Length or as they arrive', async () => {
    const http = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0);
    try {
      const post = (body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) =>
        fetch(`${http.url}graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body, ...extra });
      const declared = await post('x'.repeat(10_000_000));
      expect(declared.status).toBe(413);
      expect(await declared.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      // Chunked, without a Content-Length: counted while it arrives.
      const chunks = Array.from({ length: 11 }, () => new TextEncoder().encode(' '.repeat(100_000)));
      const stream = new ReadableStream<Uint8Array>({ pull: (controller) => (chunks.length > 0 ? controller.enqueue(chunks.shift()!) : controller.close()) });
      const streamed = await post(stream, { duplex: 'half' } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(await streamed.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } finally {
      await http.stop();
    }
  });

  it.each(doors())('lets a body just under 1 MB through (%s)', async (_name, index) => {
    // A comment is no token: pad the document to just under the limit.
    const padded = `# ${'x'.repeat(REQUEST_LIMITS.bodyBytes - 200)}\n{ communities(first: 1) { totalCount } }`;
    const response = await door(index).execute(padded, {}, admin);
    expect(ok(response).communities.totalCount).toBeGreaterThanOrEqual(1);
  });
});

describe('every operation needs a token', () => {
  it.each(doors())('refuses introspection and __typename without a token with UNAUTHENTICATED (%s)', async (_name, index) => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Community") { fields { name } } }', '{ __typename }', 'query __schema { __typename }']) {
      const anonymous = await door(index).execute(query);
      expect(errorCode(anonymous), query).toBe('UNAUTHENTICATED');
      expect(anonymous.body.data ?? null).toBeNull();
      expect(anonymous.status).toBe(401);
    }
    expect(ok(await door(index).execute('{ __schema { queryType { name } } }', {}, admin)).__schema.queryType.name).toBe('Query');
  });
});

describe('production', () => {
  let prodDoors: Door[];
  let stopHttp: () => Promise<void>;

  beforeAll(async () => {
    process.env.DEPLOYMENT_STAGE = 'prod';
    vi.resetModules();
    const { handler } = await import('#graphql/handler.ts');
    const { startHttpServer: startProdHttp } = await import('#graphql/http-server.ts');
    const { createDependencies: prodDependencies } = await import('#graphql/server.ts');
    process.env.DEPLOYMENT_STAGE = app.env.DEPLOYMENT_STAGE;
    const http = await startProdHttp(prodDependencies({ ...loadConfig(), stage: 'prod' }, app.clients, app.s3), 0);
    stopHttp = http.stop;
    const lambda: Door = {
      name: 'Lambda handler, prod',
      async execute(query, variables, token) {
        const event = graphqlEvent({ query, variables }, token ? { authorization: `Bearer ${token}` } : {});
        const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
        return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
      },
    };
    const local: Door = {
      name: 'HTTP, prod',
      async execute(query, variables, token) {
        const response = await fetch(`${http.url}graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
      },
    };
    prodDoors = [lambda, local];
  });
  afterAll(() => stopHttp());

  it.each([0, 1])('refuses without revealing the limits (door %i)', async (index) => {
    const prod = prodDoors[index]!;
    for (const query of [
      deepQuery(20, communityId),
      `{ ${Array.from({ length: 16 }, (_, n) => `a${n}: community(id: "${communityId}") { id }`).join(' ')} }`,
      `{ ${'__typename '.repeat(2000)} }`,
      '{ communities(first: 100) { edges { node { projects(first: 100) { edges { node { interventions { id } } } } } } } }',
    ]) {
      const response = await prod.execute(query, {}, admin);
      const error = response.body.errors?.[0];
      expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
      expect(error?.message).toBe('The request exceeds the limits of this API.');
      expect(JSON.stringify(response.body.errors)).not.toMatch(/\d{2,}/);
    }
  });

  it.each([0, 1])('suggests no field names and allows no introspection (door %i)', async (index) => {
    const prod = prodDoors[index]!;
    const typo = await prod.execute('{ communitys { totalCount } }', {}, admin);
    expect(errorCode(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean|communities/);
    const introspection = await prod.execute('{ __schema { types { name } } }', {}, admin);
    expect(errorCode(introspection)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ok(await prod.execute('{ communities(first: 1) { totalCount } }', {}, admin)).communities.totalCount).toBeGreaterThanOrEqual(1);
  });
});
