import { createHash } from 'node:crypto';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config.ts';
import { typeDefs } from '#generated/type-defs.ts';
import { createLambdaHandler } from '#graphql/lambda-door.ts';
import { type AppDependencies, createDependencies } from '#graphql/server.ts';
import { servedSchema } from '#graphql/schema.ts';
import { madeSoFar } from '#graphql/schema-builder.ts';
import { graphqlEvent, healthEvent, lambdaContext } from '#local/lambda-events.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The GraphQL function starts without its application (repositories, services, resolvers:
 * graphql/application.ts, a chunk of its own) and without the schema's descriptions
 * (graphql/schema-descriptions.ts): the first request that needs either loads it. Through the
 * real doors: what loads when, once, and that nothing a caller sees differs for it.
 */
let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
});
afterAll(async () => {
  await app.close();
});

/** The dependencies with their application loader counted. */
function countedDependencies(): { deps: AppDependencies; loads: () => number } {
  const real = createDependencies(loadConfig(), app.clients, app.s3);
  let loads = 0;
  return {
    deps: {
      ...real,
      application: () => {
        loads += 1;
        return real.application();
      },
    },
    loads: () => loads,
  };
}

describe('the application chunk', () => {
  it('is not loaded by the health check or a refused token, and is loaded once by concurrent first requests', async () => {
    const { deps, loads } = countedDependencies();
    const handler = createLambdaHandler(deps);
    const health = await handler(healthEvent(), lambdaContext('graphql'));
    expect(health.statusCode).toBe(200);
    expect(loads()).toBe(0);
    const refused = await handler(graphqlEvent({ query: '{ region(code: "3717") { name } }' }), lambdaContext('graphql'));
    expect(refused.statusCode).toBe(401);
    expect(loads()).toBe(0);

    const query = { query: '{ region(code: "3717") { code name } }' };
    const answers = await Promise.all([1, 2, 3].map(() => handler(graphqlEvent(query, { authorization: `Bearer ${admin}` }), lambdaContext('graphql'))));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(JSON.parse(answer.body ?? '{}').data.region).toEqual({ code: '3717', name: '菏泽市' });
    }
    // Each request asks the loader; the loader makes one application for all of them.
    const applications = await Promise.all([deps.application(), deps.application()]);
    expect(applications[0]).toBe(applications[1]);
    // The schema made what the operation reached (schema-builder.ts): the cost analysis and the
    // resolvers' decorators build no other type's fields; only an introspection lists them all.
    const made = madeSoFar(servedSchema());
    expect(made.fields).toEqual(expect.arrayContaining(['Query', 'Region']));
    expect(made.fields.length).toBeLessThan(10);
    expect(made.types.length).toBeLessThan(Object.keys(servedSchema().getTypeMap()).length / 2);
  });
});

describe('the S3 client', () => {
  it('is made, with the SDK\'s S3 modules, by the first request that signs (no client given, as deployed)', async () => {
    const handler = createLambdaHandler(createDependencies(loadConfig(), app.clients));
    const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
    const bytes = Buffer.from('%PDF-1.4 签到表');
    const input = { ownerType: 'COMMUNITY', ownerId: community.id, fileName: '签到表.pdf', contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    const query = 'mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } upload { url fields { name value } } } }';
    const answer = await handler(graphqlEvent({ query, variables: { input } }, { authorization: `Bearer ${admin}` }), lambdaContext('graphql'));
    const body = JSON.parse(answer.body ?? '{}') as { data?: { requestEvidenceUpload?: { upload: { url: string; fields: { name: string; value: string }[] } } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const upload = body.data?.requestEvidenceUpload?.upload;
    expect(upload?.url.startsWith(loadConfig().aws.s3Endpoint ?? 'missing')).toBe(true);
    expect(upload?.fields.map((field) => field.name)).toEqual(expect.arrayContaining(['key', 'Policy', 'X-Amz-Signature']));
  });
});

describe('descriptions', () => {
  const sdl = buildSchema(typeDefs);
  const query = `{
    __schema { description }
    dateTime: __type(name: "DateTime") { description }
    community: __type(name: "Community") { description fields { name description args { name description } } }
    kind: __type(name: "InjuryCause") { enumValues { name description } }
  }`;

  it('are served to an introspection query on both doors, as schema/ writes them', async () => {
    for (const door of app.doors) {
      const { status, body } = await door.execute(query, {}, admin);
      expect(status, door.name).toBe(200);
      expect(body.errors, door.name).toBeUndefined();
      expect(body.data.__schema.description).toBe(sdl.description);
      expect(body.data.dateTime.description).toBe(sdl.getType('DateTime')?.description);
      expect(body.data.dateTime.description).toContain('+08:00');
      const community = sdl.getType('Community') as import('graphql').GraphQLObjectType;
      expect(body.data.community.description).toBe(community.description);
      for (const field of body.data.community.fields as { name: string; description: string; args: { name: string; description: string }[] }[]) {
        const declared = community.getFields()[field.name];
        expect(field.description, `Community.${field.name}`).toBe(declared?.description);
        for (const argument of field.args) expect(argument.description).toBe(declared?.args.find((arg) => arg.name === argument.name)?.description);
      }
      const values = body.data.kind.enumValues as { name: string; description: string }[];
      expect(values.length).toBeGreaterThan(3);
      for (const value of values) expect(value.description?.trim(), `InjuryCause.${value.name}`).toBeTruthy();
    }
  });
});
