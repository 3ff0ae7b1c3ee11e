import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#core/clients.ts';
import { loadConfig } from '#core/config.ts';
import { HEALTH_KEY, HEALTH_TIMEOUT_MS } from '#graphql/health.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createLambdaHandler } from '#graphql/lambda-door.ts';
import { createDependencies } from '#graphql/server.ts';
import { healthEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { decide, type Need, recordCalls, rolePolicy } from '#tests/infra/iam-replay.ts';
import { SKIP_BUNDLING_CONTEXT, synthesizeApp } from '#tests/infra/synthesize.ts';

/**
 * `GET /health` on both doors: no token, the version, and whether the table answers (one
 * GetItem of a fixed key); 503 with table "unavailable" when it does not, which the test makes
 * happen with AWS SDK middleware on the clients behind the doors (no mock of DynamoDB).
 */
let app: TestApp;
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

interface Health {
  readonly status: number;
  readonly cacheControl: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

/** Both doors over one set of clients, and what the table was asked. */
async function doors(fault?: 'error' | 'hang'): Promise<{ ask: ((name: string) => Promise<Health>)[]; reads: unknown[]; stop: () => Promise<void> }> {
  const config = loadConfig();
  const clients = createAwsClients(config.aws);
  const reads: unknown[] = [];
  clients.documents.middlewareStack.add(
    (next, context) => async (args) => {
      reads.push({ command: context.commandName, input: args.input });
      if (fault === 'error') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000 arn:aws:dynamodb:cn-north-1:123:table/secret'), { name: 'ECONNREFUSED' });
      if (fault === 'hang') await new Promise((resolve) => setTimeout(resolve, HEALTH_TIMEOUT_MS * 3));
      return next(args);
    },
    { step: 'initialize', name: 'healthFault' },
  );
  const deps = createDependencies(config, clients, app.s3);
  const local = await startHttpServer(deps, 0);
  const lambda = createLambdaHandler(deps);
  const overHttp = async (): Promise<Health> => {
    const response = await fetch(new URL('health', local.url));
    return { status: response.status, cacheControl: response.headers.get('cache-control') ?? undefined, contentType: response.headers.get('content-type') ?? undefined, body: (await response.json()) as Record<string, unknown> };
  };
  const throughLambda = async (): Promise<Health> => {
    const result = await lambda(healthEvent(), lambdaContext('graphql'));
    return { status: result.statusCode ?? 200, cacheControl: result.headers?.['cache-control']?.toString(), contentType: result.headers?.['content-type']?.toString(), body: JSON.parse(result.body ?? '{}') as Record<string, unknown> };
  };
  return {
    ask: [overHttp, throughLambda],
    reads,
    stop: async () => {
      await local.stop();
      clients.dynamodb.destroy();
    },
  };
}

describe('GET /health', () => {
  it('answers 200 with the version and table "ok" on both doors, without a token, from one GetItem', async () => {
    const { ask, reads, stop } = await doors();
    try {
      for (const door of ask) {
        const health = await door('health');
        expect(health.status).toBe(200);
        expect(health.body).toEqual({ status: 'ok', version: expect.stringMatching(new RegExp(`^${packageVersion.replace(/\./g, '\\.')}(\\+[0-9a-f]{4,40})?$`)), table: 'ok' });
        expect(health.cacheControl).toBe('no-store');
        expect(health.contentType).toMatch(/^application\/json/);
      }
      // One read per answer: a GetItem of the fixed key, in the function's grant (GetItem on the table).
      expect(reads).toEqual([
        { command: 'GetItemCommand', input: { TableName: loadConfig().tableName, Key: HEALTH_KEY } },
        { command: 'GetItemCommand', input: { TableName: loadConfig().tableName, Key: HEALTH_KEY } },
      ]);
    } finally {
      await stop();
    }
  });

  it('answers 503 with table "unavailable" when the table refuses the connection, on both doors, naming nothing of it', async () => {
    const { ask, stop } = await doors('error');
    try {
      for (const door of ask) {
        const health = await door('health');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ status: 'unavailable', table: 'unavailable', version: expect.any(String) });
        expect(JSON.stringify(health.body)).not.toMatch(/arn:|ECONNREFUSED|8000/);
        expect(health.cacheControl).toBe('no-store');
      }
    } finally {
      await stop();
    }
  });

  it(
    'answers 503 within its timeout when the table does not answer at all',
    async () => {
      const { ask, stop } = await doors('hang');
      try {
        for (const door of ask) {
          const started = performance.now();
          const health = await door('health');
          expect(health.status).toBe(503);
          expect(health.body).toMatchObject({ table: 'unavailable' });
          expect(performance.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS + 1_500);
        }
      } finally {
        await stop();
      }
    },
    HEALTH_TIMEOUT_MS * 8,
  );

  it('is /health only: the API keeps its paths, and a POST to /health is not the health check', async () => {
    const { ask, stop } = await doors();
    try {
      expect((await ask[0]!('health')).status).toBe(200);
    } finally {
      await stop();
    }
    const local = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0);
    try {
      const post = await fetch(new URL('health', local.url), { method: 'POST' });
      expect(post.status).toBe(404);
      expect(((await post.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    } finally {
      await local.stop();
    }
  });

  it('reads only what the GraphQL function’s deployed role allows (the call replayed against the synthesized policy)', async () => {
    const config = loadConfig();
    const clients = createAwsClients(config.aws);
    const needs: Need[] = [];
    recordCalls(clients.documents as unknown as Parameters<typeof recordCalls>[0], (recorded) => needs.push(...recorded));
    const local = await startHttpServer(createDependencies(config, clients, app.s3), 0);
    try {
      expect((await fetch(new URL('health', local.url))).status).toBe(200);
    } finally {
      await local.stop();
      clients.dynamodb.destroy();
    }
    const { stack, template } = synthesizeApp({ ...SKIP_BUNDLING_CONTEXT });
    const policy = rolePolicy(template, stack.graphqlFunction.role, { table: stack.table.table, bucket: stack.evidence.bucket });
    expect(needs).toEqual([{ action: 'dynamodb:GetItem', resource: 'table', key: HEALTH_KEY.pk }]);
    for (const need of needs) expect(decide(policy, need), JSON.stringify(need)).toBe('allowed');
  }, 120_000);
});
