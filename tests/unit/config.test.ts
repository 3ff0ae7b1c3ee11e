import { describe, expect, it } from 'vitest';
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';
import { loadConfig, loadStorageConfig } from '#core/config.ts';

/**
 * functions/core/config.ts checks the environment by hand (module init pays for the check, and
 * zod's core was a tenth of it): here it is held to the zod schema it replaced, kept below as the
 * reference, over every variable's awkward values and their combinations. Same configuration, or
 * the same message, issue for issue.
 */
z.config(en());

const storageEnvironment = {
  TABLE_NAME: z.string().check(z.minLength(1)),
  EVIDENCE_BUCKET: z.string().check(z.minLength(1)),
  DEPLOYMENT_STAGE: z._default(z.enum(['local', 'test', 'prod']), 'prod'),
  AWS_REGION: z._default(z.string(), 'cn-north-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  S3_ENDPOINT: z.optional(z.url()),
};

const environmentSchema = z
  .object({
    ...storageEnvironment,
    AUTH_ISSUER: z.string().check(z.minLength(1)),
    AUTH_AUDIENCE: z.string().check(z.minLength(1)),
    AUTH_JWKS_URL: z.optional(z.url()),
    AUTH_JWKS: z.optional(z.string()),
    REVIEW_PACK_FUNCTION: z.optional(z.string().check(z.minLength(1))),
    EXPORT_WORKBOOK_FUNCTION: z.optional(z.string().check(z.minLength(1))),
    LAMBDA_ENDPOINT: z.optional(z.url()),
    REPORT_INTAKE_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 30),
  })
  .check(
    z.refine((env) => Boolean(env.AUTH_JWKS_URL ?? env.AUTH_JWKS), {
      message: 'one of AUTH_JWKS_URL or AUTH_JWKS is required',
      path: ['AUTH_JWKS_URL'],
    }),
  );

/** What the zod-based loadConfig returned: the same mapping onto AppConfig, from zod's output. */
function referenceOf(schema: z.ZodMiniType, env: NodeJS.ProcessEnv, app: boolean): unknown {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data as Record<string, string | number | undefined>;
  const storage = {
    tableName: vars.TABLE_NAME,
    evidenceBucket: vars.EVIDENCE_BUCKET,
    stage: vars.DEPLOYMENT_STAGE,
    aws: {
      region: vars.AWS_REGION,
      ...(vars.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: vars.DYNAMODB_ENDPOINT } : {}),
      ...(vars.S3_ENDPOINT ? { s3Endpoint: vars.S3_ENDPOINT } : {}),
    },
  };
  if (!app) return storage;
  return {
    ...storage,
    auth: {
      issuer: vars.AUTH_ISSUER,
      audience: vars.AUTH_AUDIENCE,
      ...(vars.AUTH_JWKS_URL ? { jwksUrl: vars.AUTH_JWKS_URL } : {}),
      ...(vars.AUTH_JWKS ? { jwks: JSON.parse(vars.AUTH_JWKS as string) } : {}),
    },
    reportIntake: { perMinute: vars.REPORT_INTAKE_PER_MINUTE },
    ...(vars.REVIEW_PACK_FUNCTION ? { reviewPackFunction: { name: vars.REVIEW_PACK_FUNCTION, ...(vars.LAMBDA_ENDPOINT ? { endpoint: vars.LAMBDA_ENDPOINT } : {}) } } : {}),
    ...(vars.EXPORT_WORKBOOK_FUNCTION
      ? { exportWorkbookFunction: { name: vars.EXPORT_WORKBOOK_FUNCTION, ...(vars.LAMBDA_ENDPOINT ? { endpoint: vars.LAMBDA_ENDPOINT } : {}) } }
      : {}),
  };
}

function outcome(load: () => unknown): unknown {
  try {
    return { config: load() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const VALID: Record<string, string> = {
  TABLE_NAME: 'platform',
  EVIDENCE_BUCKET: 'evidence',
  AUTH_ISSUER: 'https://issuer.example',
  AUTH_AUDIENCE: 'client',
  AUTH_JWKS: '{"keys":[]}',
};

const URLS = ['', ' ', 'http://localhost:8000', ' http://x:1 ', 'localhost:8000', 'http://', 'http://a b', 'ftp://x', 'http://x\n/y', 'http://x\t/y', 'mailto:a@b', 'http:/x', 'x:', 'not a url'];
const TEXTS = ['', ' ', 'a', 'platform-table'];
const NUMBERS = ['', ' ', 'abc', '0', '1', '1.5', '0.5', '10000', '10001', '1e3', '0x10', ' 12 ', 'Infinity', '-Infinity', '-5', '9007199254740993', '-9007199254740993', '20000.5', '30', '1e400'];

/** Each variable's values to try (undefined: unset). */
const VALUES: Record<string, (string | undefined)[]> = {
  TABLE_NAME: [undefined, ...TEXTS],
  EVIDENCE_BUCKET: [undefined, ...TEXTS],
  DEPLOYMENT_STAGE: [undefined, '', 'local', 'test', 'prod', 'dev', 'PROD', ' prod'],
  AWS_REGION: [undefined, '', 'cn-northwest-1'],
  DYNAMODB_ENDPOINT: [undefined, ...URLS],
  S3_ENDPOINT: [undefined, ...URLS],
  AUTH_ISSUER: [undefined, ...TEXTS],
  AUTH_AUDIENCE: [undefined, ...TEXTS],
  AUTH_JWKS_URL: [undefined, ...URLS],
  AUTH_JWKS: [undefined, '', '{"keys":[{"kty":"RSA"}]}'],
  REVIEW_PACK_FUNCTION: [undefined, ...TEXTS],
  EXPORT_WORKBOOK_FUNCTION: [undefined, ...TEXTS],
  LAMBDA_ENDPOINT: [undefined, ...URLS],
  REPORT_INTAKE_PER_MINUTE: [undefined, ...NUMBERS],
};

function withValue(env: Record<string, string | undefined>, name: string, value: string | undefined): Record<string, string> {
  const next = { ...env, [name]: value };
  return Object.fromEntries(Object.entries(next).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The valid environment with one variable changed, and with every pair of variables changed. */
function environments(): Record<string, string>[] {
  const names = Object.keys(VALUES);
  const found: Record<string, string>[] = [{}, { ...VALID }];
  for (const name of names) for (const value of VALUES[name]!) found.push(withValue(VALID, name, value));
  for (const [index, first] of names.entries()) {
    for (const second of names.slice(index + 1)) {
      for (const a of VALUES[first]!) for (const b of VALUES[second]!) found.push(withValue(withValue(VALID, first, a), second, b));
    }
  }
  return found;
}

describe('configuration (functions/core/config.ts)', () => {
  const all = environments();

  it('is what the zod schema made of the environment, or the same refusal', () => {
    expect(all.length).toBeGreaterThan(5000);
    for (const env of all) {
      expect(outcome(() => loadConfig(env)), JSON.stringify(env)).toEqual(outcome(() => referenceOf(environmentSchema, env, true)));
    }
  });

  it('is, for a function without token verification, what the storage schema made of it', () => {
    for (const env of all) {
      expect(outcome(() => loadStorageConfig(env)), JSON.stringify(env)).toEqual(outcome(() => referenceOf(z.object(storageEnvironment), env, false)));
    }
  });

  it('names each variable that is wrong', () => {
    expect(() => loadConfig({})).toThrow(
      'invalid configuration: TABLE_NAME: Invalid input: expected string, received undefined; EVIDENCE_BUCKET: Invalid input: expected string, received undefined; ' +
        'AUTH_ISSUER: Invalid input: expected string, received undefined; AUTH_AUDIENCE: Invalid input: expected string, received undefined',
    );
    expect(() => loadConfig({ ...VALID, AUTH_JWKS: undefined })).toThrow('invalid configuration: AUTH_JWKS_URL: one of AUTH_JWKS_URL or AUTH_JWKS is required');
    expect(loadConfig({ ...VALID, REPORT_INTAKE_PER_MINUTE: '12', DYNAMODB_ENDPOINT: ' http://localhost:8000 ' })).toMatchObject({
      reportIntake: { perMinute: 12 },
      aws: { dynamodbEndpoint: 'http://localhost:8000' },
    });
  });
});
