/**
 * Configuration, read from the environment once per process. A missing or malformed variable
 * fails the cold start with a message naming it, never a request later.
 *
 * Checked by hand, not by a zod schema: the check runs at module init, which the GraphQL
 * function's cold start pays for, and zod's core (even under zod/mini) was a tenth of that init's
 * instructions (bench/, foundation), for fifteen variables. The rules and the messages are the
 * ones the zod schema had, issue for issue (tests/unit/config.test.ts holds them against it):
 *
 * - a required variable must be set (`Invalid input: expected string, received undefined`) and
 *   not empty (`Too small: expected string to have >=1 characters`);
 * - a URL is trimmed, must parse (`Invalid URL`), and loses its tabs and newlines;
 * - a variable with a default takes it only when unset (an empty DEPLOYMENT_STAGE is refused);
 * - REPORT_INTAKE_PER_MINUTE is a number (`Number(value)`), an integer, from 1 to 10,000;
 * - one of AUTH_JWKS_URL or AUTH_JWKS is required, checked when every variable has its type.
 */
const STAGES = ['local', 'test', 'prod'] as const;

interface Issue {
  readonly path: string;
  readonly message: string;
  /** A wrong type (zod's non-continuable issues): the checks across variables are then skipped. */
  readonly fatal: boolean;
}

/** Reads variables off the environment, noting each problem in zod's words. */
class EnvironmentReader {
  private readonly issues: Issue[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private issue(path: string, message: string, fatal = false): void {
    this.issues.push({ path, message, fatal });
  }

  /** A variable that must be set and not empty. */
  required(name: string): string {
    const value = this.env[name];
    if (value === undefined) {
      this.issue(name, 'Invalid input: expected string, received undefined', true);
      return '';
    }
    if (value.length < 1) this.issue(name, 'Too small: expected string to have >=1 characters');
    return value;
  }

  /** A variable that may be unset but, when set, not empty. */
  optionalNonEmpty(name: string): string | undefined {
    const value = this.env[name];
    if (value !== undefined && value.length < 1) this.issue(name, 'Too small: expected string to have >=1 characters');
    return value;
  }

  optional(name: string): string | undefined {
    return this.env[name];
  }

  /** A URL, trimmed, without tabs and newlines (as the URL parser reads it); unset is undefined. */
  url(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (URL.canParse(trimmed)) return trimmed.replace(/[\t\n\r]/g, '');
    // Refused, the value stays as it was (the check across variables sees it set).
    this.issue(name, 'Invalid URL');
    return value;
  }

  stage(name: string): StorageConfig['stage'] {
    const value = this.env[name];
    if (value === undefined) return 'prod';
    if ((STAGES as readonly string[]).includes(value)) return value as StorageConfig['stage'];
    this.issue(name, `Invalid option: expected one of ${STAGES.map((stage) => `"${stage}"`).join('|')}`, true);
    return 'prod';
  }

  /** An integer from `min` to `max` (`Number(value)`: ' 12 ', '1e3' and '0x10' are numbers); `fallback` when unset. */
  integer(name: string, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
    const value = this.env[name];
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isFinite(number)) {
      this.issue(name, `Invalid input: expected number, received ${number}`, true);
      return fallback;
    }
    if (!Number.isInteger(number)) {
      this.issue(name, 'Invalid input: expected int, received number', true);
      return fallback;
    }
    if (number > Number.MAX_SAFE_INTEGER) this.issue(name, `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
    if (number < Number.MIN_SAFE_INTEGER) this.issue(name, `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`);
    if (number < min) this.issue(name, `Too small: expected number to be >=${min}`);
    if (number > max) this.issue(name, `Too big: expected number to be <=${max}`);
    return number;
  }

  /** A rule across variables, checked only when every variable has its type (as zod runs a refinement). */
  across(path: string, message: string, holds: () => boolean): void {
    if (!this.issues.some((issue) => issue.fatal) && !holds()) this.issue(path, message);
  }

  /** Throws with every problem noted, in the order the variables were read (their values are then never used). */
  done(): void {
    if (this.issues.length === 0) return;
    throw new Error(`invalid configuration: ${this.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

/** The variables every data function reads, in the order their problems are reported. */
function readStorage(reader: EnvironmentReader) {
  return {
    TABLE_NAME: reader.required('TABLE_NAME'),
    EVIDENCE_BUCKET: reader.required('EVIDENCE_BUCKET'),
    DEPLOYMENT_STAGE: reader.stage('DEPLOYMENT_STAGE'),
    AWS_REGION: reader.optional('AWS_REGION') ?? 'cn-north-1',
    DYNAMODB_ENDPOINT: reader.url('DYNAMODB_ENDPOINT'),
    S3_ENDPOINT: reader.url('S3_ENDPOINT'),
  };
}

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
  const reader = new EnvironmentReader(env);
  const vars = {
    ...readStorage(reader),
    AUTH_ISSUER: reader.required('AUTH_ISSUER'),
    AUTH_AUDIENCE: reader.required('AUTH_AUDIENCE'),
    /** A JWKS endpoint (Cognito's in AWS) … */
    AUTH_JWKS_URL: reader.url('AUTH_JWKS_URL'),
    /** … or the key set inline, as the local runner and the tests give it. */
    AUTH_JWKS: reader.optional('AUTH_JWKS'),
    /** The review pack's job function, invoked asynchronously; unset locally, where the job runs in-process. */
    REVIEW_PACK_FUNCTION: reader.optionalNonEmpty('REVIEW_PACK_FUNCTION'),
    /** The aggregate export's workbook function, invoked synchronously; unset locally, where the workbook is made in-process. */
    EXPORT_WORKBOOK_FUNCTION: reader.optionalNonEmpty('EXPORT_WORKBOOK_FUNCTION'),
    /** A Lambda API endpoint other than AWS's (tests only: a stand-in that accepts invocations). */
    LAMBDA_ENDPOINT: reader.url('LAMBDA_ENDPOINT'),
    /** Residents' reports an intake app may submit per minute (a fixed window per app); 30 unless set. */
    REPORT_INTAKE_PER_MINUTE: reader.integer('REPORT_INTAKE_PER_MINUTE', { min: 1, max: 10_000, fallback: 30 }),
  };
  reader.across('AUTH_JWKS_URL', 'one of AUTH_JWKS_URL or AUTH_JWKS is required', () => Boolean(vars.AUTH_JWKS_URL ?? vars.AUTH_JWKS));
  reader.done();
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
  const reader = new EnvironmentReader(env);
  const vars = readStorage(reader);
  reader.done();
  return storageConfigOf(vars);
}

function storageConfigOf(vars: ReturnType<typeof readStorage>): StorageConfig {
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
