import type { Construct } from 'constructs';

/**
 * The operational CDK context values (`-c name=value` or cdk.json's `context`), each with a
 * default and validated at synthesis, so a typo fails `cdk synth` with the value's name rather
 * than deploying something else.
 */

/** Where alarm notifications are e-mailed: `-c alarmEmail=ops@example.org` (a comma-separated list for several); none when absent. */
export const ALARM_EMAIL_CONTEXT = 'alarmEmail';
/** The HTTP API stage's steady request rate (requests per second, all routes): `-c apiRateLimit=100`. */
export const API_RATE_LIMIT_CONTEXT = 'apiRateLimit';
/** The HTTP API stage's burst (requests at once above the rate): `-c apiBurstLimit=200`. */
export const API_BURST_LIMIT_CONTEXT = 'apiBurstLimit';
/** The GraphQL function's reserved concurrency: `-c graphqlReservedConcurrency=50`, or `none` for no reservation. */
export const GRAPHQL_RESERVED_CONCURRENCY_CONTEXT = 'graphqlReservedConcurrency';
/** The Powertools log level of every platform function: `-c logLevel=DEBUG`. */
export const LOG_LEVEL_CONTEXT = 'logLevel';

export const DEFAULT_API_RATE_LIMIT = 100;
export const DEFAULT_API_BURST_LIMIT = 200;
/**
 * 50 concurrent executions: at the stage's 100 requests a second and a GraphQL request's tens of
 * milliseconds that is several times the need, and it caps what a burst that gets past the stage
 * (or a slow table making every request wait) can put on the table at once. The account keeps at
 * least 100 unreserved executions, so this needs an account limit of 150 or more.
 */
export const DEFAULT_GRAPHQL_RESERVED_CONCURRENCY = 50;
export const DEFAULT_LOG_LEVEL = 'INFO';
/** Powertools' levels. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ApiThrottling {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export function readAlarmEmails(scope: Construct): readonly string[] {
  const raw: unknown = scope.node.tryGetContext(ALARM_EMAIL_CONTEXT);
  if (raw === undefined || raw === null || raw === '') return [];
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0) : [raw];
  const address = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
  for (const value of values) {
    if (typeof value !== 'string' || !address.test(value)) {
      throw new Error(`context "${ALARM_EMAIL_CONTEXT}": ${JSON.stringify(value)} is not an e-mail address`);
    }
  }
  return values as string[];
}

export function readApiThrottling(scope: Construct): ApiThrottling {
  const rateLimit = readInteger(scope, API_RATE_LIMIT_CONTEXT, DEFAULT_API_RATE_LIMIT, 1, 10_000);
  const burstLimit = readInteger(scope, API_BURST_LIMIT_CONTEXT, DEFAULT_API_BURST_LIMIT, 1, 5_000);
  return { rateLimit, burstLimit };
}

/** The reserved concurrency, or undefined for `none` (the function then shares the account's pool). */
export function readGraphqlReservedConcurrency(scope: Construct): number | undefined {
  const raw: unknown = scope.node.tryGetContext(GRAPHQL_RESERVED_CONCURRENCY_CONTEXT);
  if (raw === 'none') return undefined;
  return readInteger(scope, GRAPHQL_RESERVED_CONCURRENCY_CONTEXT, DEFAULT_GRAPHQL_RESERVED_CONCURRENCY, 1, 10_000, 'or "none"');
}

export function readLogLevel(scope: Construct): LogLevel {
  const raw: unknown = scope.node.tryGetContext(LOG_LEVEL_CONTEXT);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_LOG_LEVEL;
  const level = typeof raw === 'string' ? raw.toUpperCase() : raw;
  if (!(LOG_LEVELS as readonly unknown[]).includes(level)) {
    throw new Error(`context "${LOG_LEVEL_CONTEXT}" must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return level as LogLevel;
}

function readInteger(scope: Construct, name: string, fallback: number, min: number, max: number, alternative = ''): number {
  const raw: unknown = scope.node.tryGetContext(name);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`context "${name}" must be an integer from ${min} to ${max}${alternative ? ` ${alternative}` : ''}, not ${JSON.stringify(raw)}`);
  }
  return value;
}
