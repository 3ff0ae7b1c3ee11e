/**
 * The names of the custom CloudWatch metrics the functions emit (Powertools metrics, as EMF) and
 * the CDK alarms and dashboard read. One place, so the two never drift: the functions import
 * these to emit, infra/ imports them to alarm. Plain constants only (no imports), so the module
 * costs nothing at a cold start.
 */

/** The CloudWatch namespace of every custom metric (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'SafeCommunity';

/** The `service` dimension (POWERTOOLS_SERVICE_NAME) of each platform function. */
export const SERVICE_NAMES = {
  graphql: 'graphql',
  evidenceProcessor: 'evidence-processor',
  exportWorkbook: 'export-workbook',
  importJob: 'import-job',
  reminders: 'reminders',
  reviewPack: 'review-pack',
  /** The IDE's static assets (dev stages only); emits no custom metric, its logs carry the name. */
  ideAssets: 'ide-assets',
} as const;

export type ServiceName = (typeof SERVICE_NAMES)[keyof typeof SERVICE_NAMES];

/** The dimension names the metrics carry. */
export const METRIC_DIMENSIONS = {
  /** Every metric: the emitting function's service name. */
  service: 'service',
  /** `Errors`: the GraphQL error's extensions.code (e.g. INTERNAL_SERVER_ERROR). */
  code: 'code',
  /** `EvidenceProcessed` and `ImportRows`: what became of the item. */
  outcome: 'outcome',
  /** `Latency` (GraphQL): the operation name, bounded (unnamed → anonymous, odd names → other). */
  operation: 'operation',
} as const;

/**
 * The metric names. CloudWatch matches a metric by its whole dimension set: the alarms in
 * infra/constructs/monitoring.ts read `Requests` with exactly {service} and `Errors` with exactly
 * {service, code}, so those two must be emitted with those dimensions and no other (a per-operation
 * figure goes on a metric of its own, as `Latency` does).
 */
export const METRIC_NAMES = {
  /** Count, one per request handled (dimension service). */
  requests: 'Requests',
  /** Count, one per error answered (dimensions service, code). */
  errors: 'Errors',
  /** Milliseconds, one per request (dimension service; GraphQL also operation). */
  latency: 'Latency',
  /** Count, one on the first invocation of a process (dimension service). */
  coldStart: 'ColdStart',
  /** Count, DynamoDB transactions cancelled by a conflict and retried. */
  transactionConflictsRetried: 'TransactionConflictsRetried',
  /** Count, DynamoDB transactions still conflicting after the last retry. */
  transactionConflictsGivenUp: 'TransactionConflictsGivenUp',
  /** Count, one per evidence object processed (dimension outcome). */
  evidenceProcessed: 'EvidenceProcessed',
  /** Count, rows of an import (dimension outcome). */
  importRows: 'ImportRows',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** The `code` dimension value the INTERNAL_SERVER_ERROR share alarm reads. */
export const INTERNAL_SERVER_ERROR_CODE = 'INTERNAL_SERVER_ERROR';
