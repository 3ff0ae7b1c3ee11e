import { Logger } from '@aws-lambda-powertools/logger';
import type { LogItem } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRIC_NAMES, METRICS_NAMESPACE, type ServiceName } from './metric-names.ts';
import { setConflictSink } from './observability/counters.ts';
import { KeyValueLogFormatter, LambdaJsonLogFormatter, renderKeyValueLine } from './observability/local-format.ts';
import { startTracing, withSubsegment } from './observability/tracing.ts';

export { traceClient } from './observability/tracing.ts';

/**
 * The one place that makes a function's Logger, Metrics and Tracer (Powertools for AWS Lambda).
 *
 * - Logger: JSON lines in Lambda (Powertools' own console, so CloudWatch gets bare JSON); off
 *   Lambda (`npm start`, tests, scripts) the same fields as one readable key=value line each
 *   (observability/local-format.ts), written through the global console. LOG_FORMAT=json|text
 *   overrides either. The level is POWERTOOLS_LOG_LEVEL (or LOG_LEVEL); unset, INFO, and WARN
 *   under DEPLOYMENT_STAGE=test so a test run's output carries only warnings and errors.
 * - Metrics: embedded metric format on stdout, namespace POWERTOOLS_METRICS_NAMESPACE or
 *   SafeCommunity, the `service` dimension POWERTOOLS_SERVICE_NAME or the function's. Emitted in
 *   Lambda; off Lambda only with POWERTOOLS_METRICS_DISABLED=false (elsewhere the lines would be
 *   noise); POWERTOOLS_METRICS_DISABLED=true silences them in Lambda.
 * - Tracer: loaded on the first invocation where tracing is on (observability/tracing.ts).
 *
 * Creating one costs two object constructions; nothing is read or written until used.
 */
export interface Observability {
  readonly service: string;
  readonly logger: Logger;
  /** The function's metrics: per-invocation counters, published by `flush()`. */
  readonly metrics: Metrics;
  /** Whether metrics are published (see above). */
  readonly metricsEnabled: boolean;
  /**
   * Emits one metric (or several) with its own dimensions beside `service`, at once, as one EMF
   * line; each dimension set given is published (`[{}]` is `service` alone).
   */
  emit(metrics: readonly MetricValue[], dimensionSets?: readonly Record<string, string>[]): void;
  /** Emits a count per value of one dimension (`{ AVAILABLE: 2, REJECTED: 1 }` by outcome), at once; zeros are skipped. */
  emitBy(name: string, dimension: string, counts: Readonly<Record<string, number>>): void;
  /** Adds a count to this invocation's counters (dimension service), published by `flush()`. */
  count(name: string, value?: number): void;
  /** ColdStart, once per process (the first call); returns whether this was the cold start. */
  coldStart(): boolean;
  /** Publishes the invocation's stored metrics (call in a finally at the end of each invocation). */
  flush(): void;
  /**
   * The start of a Lambda invocation: the Lambda context's fields join every log line of it,
   * the cold start is counted once, and the Tracer is ready (where on) before anything is sent.
   */
  startInvocation(context?: Context): Promise<void>;
  /** The Tracer where tracing is on, once startInvocation has loaded it. */
  tracer(): ReturnType<typeof startTracing>;
}

export interface MetricValue {
  readonly name: string;
  readonly unit: (typeof MetricUnit)[keyof typeof MetricUnit];
  readonly value: number;
}

export interface ObservabilityOptions {
  /** The environment to read (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Whether this process is a Lambda function (the runtime sets these). */
export function inLambda(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME && env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_'));
}

export type LogFormat = 'json' | 'text';

/** LOG_FORMAT if it says json or text; else JSON in Lambda and text elsewhere. */
export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked === 'json' || asked === 'text') return asked;
  return inLambda(env) ? 'json' : 'text';
}

/**
 * Off Lambda, log lines go through the global console (so `npm start`'s terminal, vitest's
 * per-test output and the tests that read console output see them), as JSON or as key=value text.
 * In Lambda the Powertools console is kept: bare JSON, without the runtime's prefix.
 */
class LocalLogger extends Logger {
  constructor(
    options: ConstructorParameters<typeof Logger>[0],
    private readonly format: LogFormat,
  ) {
    super(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = log.getAttributes();
    const replacer = this.getJsonReplacer() as (key: string, value: unknown) => unknown;
    const line = this.format === 'text' ? renderKeyValueLine(attributes, replacer) : JSON.stringify(attributes, replacer as never);
    const method = logLevel >= 20 ? 'error' : logLevel >= 16 ? 'warn' : logLevel >= 12 ? 'info' : 'debug';
    console[method](line);
  }
}

function truthy(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return ['1', 'true', 'y', 'yes', 'on'].includes(value.trim().toLowerCase());
}

const instances = new Map<string, Observability>();

/**
 * The function's observability (one per service per process: a second call returns the first).
 */
export function observability(service: ServiceName, options: ObservabilityOptions = {}): Observability {
  const existing = instances.get(service);
  if (existing) return existing;
  const created = createObservability(service, options);
  instances.set(service, created);
  return created;
}

/** A fresh set (tests; `observability()` is what the functions use). */
export function createObservability(service: ServiceName, { env = process.env }: ObservabilityOptions = {}): Observability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME || service;
  const lambda = inLambda(env);
  const format = logFormat(env);
  const explicitLevel = env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL;
  const loggerOptions: ConstructorParameters<typeof Logger>[0] = {
    serviceName,
    logLevel: (explicitLevel?.trim().toUpperCase() || (env.DEPLOYMENT_STAGE === 'test' ? 'WARN' : 'INFO')) as NonNullable<ConstructorParameters<typeof Logger>[0]>['logLevel'],
    logFormatter: format === 'text' ? new KeyValueLogFormatter() : new LambdaJsonLogFormatter(),
  };
  const logger = lambda && format === 'json' ? new Logger(loggerOptions) : new LocalLogger(loggerOptions, format);
  const namespace = env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE;
  const metrics = new Metrics({ namespace, serviceName });
  const disabled = truthy(env.POWERTOOLS_METRICS_DISABLED);
  const metricsEnabled = disabled === undefined ? lambda : !disabled;
  let cold = true;
  // One instance for every emit(): Powertools' constructor makes a Console and reads the
  // environment, about a tenth of a warm request when each emission made its own.
  // publishStoredMetrics clears its metrics and dimensions, and an emission is synchronous, so
  // no two interleave on it.
  let emitter: Metrics | undefined;

  const self: Observability = {
    service: serviceName,
    logger,
    metrics,
    metricsEnabled,
    emit(values, dimensionSets = [{}]) {
      if (!metricsEnabled || values.length === 0) return;
      emitter ??= new Metrics({ namespace, serviceName });
      try {
        for (const dimensions of dimensionSets) emitter.addDimensions(dimensions);
        for (const { name, unit, value } of values) emitter.addMetric(name, unit, value);
        emitter.publishStoredMetrics();
      } finally {
        // A refused metric (a bad name, too many dimensions) leaves nothing for the next emission.
        emitter.clearMetrics();
        emitter.clearDimensions();
      }
    },
    emitBy(name, dimension, counts) {
      for (const [value, count] of Object.entries(counts)) {
        if (count > 0) self.emit([{ name, unit: MetricUnit.Count, value: count }], [{ [dimension]: value }]);
      }
    },
    count(name, value = 1) {
      if (metricsEnabled) metrics.addMetric(name, MetricUnit.Count, value);
    },
    coldStart() {
      if (!cold) return false;
      cold = false;
      self.emit([{ name: METRIC_NAMES.coldStart, unit: MetricUnit.Count, value: 1 }]);
      return true;
    },
    flush() {
      if (metricsEnabled && metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      else metrics.clearMetrics();
    },
    async startInvocation(context) {
      if (context) logger.addContext(context);
      self.coldStart();
      await startTracing(serviceName);
    },
    tracer: () => startTracing(serviceName),
  };
  // The process's first observability keeps the hook (counters.ts).
  setConflictSink((kind) => self.count(kind === 'retried' ? METRIC_NAMES.transactionConflictsRetried : METRIC_NAMES.transactionConflictsGivenUp));
  return self;
}

/**
 * A job function's handler with the three around it, as Powertools' injectLambdaContext,
 * logMetrics and captureLambdaHandler do: the Lambda context on its log lines, ColdStart once,
 * the Tracer ready (clients captured) and a `## <name>` subsegment, `record` turning the
 * result into its metrics, and the invocation's metrics flushed even when it throws. Called
 * without a context (in process, locally) it runs the same.
 */
export function instrumentHandler<E, R>(
  obs: Observability,
  name: string,
  handler: (event: E) => Promise<R>,
  record?: (result: R, obs: Observability) => void,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    await obs.startInvocation(context);
    try {
      const result = await withSubsegment(`## ${name}`, () => handler(event));
      record?.(result, obs);
      return result;
    } finally {
      obs.flush();
    }
  };
}

/** What the jobs take as their log (Pick<Console, info | warn | error>): `message, details…`. */
export type ConsoleLikeLogger = Pick<Console, 'info' | 'warn' | 'error'>;

/**
 * The jobs' log in Lambda: their `(message, details)` calls as Powertools JSON lines (details
 * merged as keys, an Error as `error` with its cause). Off Lambda undefined, so a job keeps the
 * console it defaults to (its tests read those calls as they are).
 */
export function jobLogger(obs: Observability, env: NodeJS.ProcessEnv = process.env): ConsoleLikeLogger | undefined {
  if (!inLambda(env)) return undefined;
  const write =
    (level: 'info' | 'warn' | 'error') =>
    (message?: unknown, ...details: unknown[]): void => {
      const extras = details.map((detail) => (detail instanceof Error ? { error: detail } : detail !== null && typeof detail === 'object' ? (detail as Record<string, unknown>) : { detail }));
      obs.logger[level](String(message ?? ''), ...(extras as never[]));
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
