// zod's mini build (functional, tree-shaken: a quarter of the classic API's bytes): configuration
// is validated at module init, which the GraphQL function's cold start pays for.
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// The mini build carries no messages of its own: English ones, as the classic build has (this one
// locale: `z.locales` would bundle every language).
z.config(en());

/**
 * Configuration, read from the environment once per process. A missing or malformed variable
 * fails the cold start with a message naming it, never a request later.
 */
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
    /** A JWKS endpoint (Cognito's in AWS) … */
    AUTH_JWKS_URL: z.optional(z.url()),
    /** … or the key set inline, as the local runner and the tests give it. */
    AUTH_JWKS: z.optional(z.string()),
    /** The review pack's job function, invoked asynchronously; unset locally, where the job runs in-process. */
    REVIEW_PACK_FUNCTION: z.optional(z.string().check(z.minLength(1))),
    /** The aggregate export's workbook function, invoked synchronously; unset locally, where the workbook is made in-process. */
    EXPORT_WORKBOOK_FUNCTION: z.optional(z.string().check(z.minLength(1))),
    /** A Lambda API endpoint other than AWS's (tests only: a stand-in that accepts invocations). */
    LAMBDA_ENDPOINT: z.optional(z.url()),
    /** Residents' reports an intake app may submit per minute (a fixed window per app); 30 unless set. */
    REPORT_INTAKE_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 30),
  })
  .check(
    z.refine((env) => Boolean(env.AUTH_JWKS_URL ?? env.AUTH_JWKS), {
      message: 'one of AUTH_JWKS_URL or AUTH_JWKS is required',
      path: ['AUTH_JWKS_URL'],
    }),
  );

export interface JsonWebKeySet {
  readonly keys: readonly Record<string, unknown>[];
}

/** What a function that reads and writes the platform's data needs: no token verification. */
export interface StorageConfig {
  readonly tableName: string;
  readonly evidenceBucket: string;
  readonly stage: 'local' | 'test' | 'prod';
  readonly aws: {
    readonly region: string;
    /** Local engines only: DynamoDB Local and s3rver. Unset in AWS. */
    readonly dynamodbEndpoint?: string;
    readonly s3Endpoint?: string;
  };
}

export interface AppConfig extends StorageConfig {
  readonly auth: {
    readonly issuer: string;
    readonly audience: string;
    readonly jwksUrl?: string;
    readonly jwks?: JsonWebKeySet;
  };
  /**
   * Where the review pack's job runs: a Lambda function (its name, and an endpoint for tests), or,
   * when absent, in this process (functions/review-pack/launcher.ts).
   */
  readonly reviewPackFunction?: { readonly name: string; readonly endpoint?: string };
  /**
   * Where the aggregate export's XLSX workbook is made: a Lambda function (its name, and an
   * endpoint for tests), or, when absent, in this process (functions/analytics/export-renderer.ts).
   */
  readonly exportWorkbookFunction?: { readonly name: string; readonly endpoint?: string };
  /** Residents' reports (functions/hazard/report-*.ts): how many an intake app may submit per minute. */
  readonly reportIntake: { readonly perMinute: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  return {
    ...storageConfigOf(vars),
    auth: {
      issuer: vars.AUTH_ISSUER,
      audience: vars.AUTH_AUDIENCE,
      ...(vars.AUTH_JWKS_URL ? { jwksUrl: vars.AUTH_JWKS_URL } : {}),
      ...(vars.AUTH_JWKS ? { jwks: JSON.parse(vars.AUTH_JWKS) as JsonWebKeySet } : {}),
    },
    reportIntake: { perMinute: vars.REPORT_INTAKE_PER_MINUTE },
    ...(vars.REVIEW_PACK_FUNCTION ? { reviewPackFunction: { name: vars.REVIEW_PACK_FUNCTION, ...(vars.LAMBDA_ENDPOINT ? { endpoint: vars.LAMBDA_ENDPOINT } : {}) } } : {}),
    ...(vars.EXPORT_WORKBOOK_FUNCTION
      ? { exportWorkbookFunction: { name: vars.EXPORT_WORKBOOK_FUNCTION, ...(vars.LAMBDA_ENDPOINT ? { endpoint: vars.LAMBDA_ENDPOINT } : {}) } }
      : {}),
  };
}

/**
 * Configuration of a function that verifies no token (the evidence processor): the table, the
 * bucket and the engines, without the AUTH_* variables. The CDK app gives such a function only
 * these variables, so it cannot use loadConfig, which requires the AUTH_* ones.
 */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const parsed = z.object(storageEnvironment).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return storageConfigOf(parsed.data);
}

function storageConfigOf(vars: z.output<z.ZodMiniObject<typeof storageEnvironment>>): StorageConfig {
  return {
    tableName: vars.TABLE_NAME,
    evidenceBucket: vars.EVIDENCE_BUCKET,
    stage: vars.DEPLOYMENT_STAGE,
    aws: {
      region: vars.AWS_REGION,
      ...(vars.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: vars.DYNAMODB_ENDPOINT } : {}),
      ...(vars.S3_ENDPOINT ? { s3Endpoint: vars.S3_ENDPOINT } : {}),
    },
  };
}
