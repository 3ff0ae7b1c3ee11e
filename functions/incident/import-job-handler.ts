import type { S3Event } from 'aws-lambda';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { METRIC_DIMENSIONS, METRIC_NAMES, SERVICE_NAMES } from '#core/metric-names.ts';
import { instrumentHandler, jobLogger, observability } from '#core/observability.ts';
import { createImportJobRunner, type ImportJobOutcome } from './import-job.ts';

/**
 * Lambda entry point of the incident import job, for the bucket's ObjectCreated notifications on
 * imports/ (a browser's upload to the form requestIncidentImport signed). Configuration and
 * clients are built once per container; the work is functions/incident/import-job.ts, which
 * `npm start` also feeds from s3rver's `event` emitter. It verifies no token: the storage
 * configuration only (TABLE_NAME, EVIDENCE_BUCKET). The job records its own failures; what
 * escapes (the table unreachable) fails the invocation and Lambda retries the event.
 * Observability (core/observability.ts): JSON lines in Lambda, ColdStart, X-Ray, and ImportRows
 * by outcome (created, duplicate, rejected) from each job's counts.
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const obs = observability(SERVICE_NAMES.importJob);
const log = jobLogger(obs);
const runner = createImportJobRunner(config, { documents, s3: createS3Client(config.aws) }, log ? { log } : {});

export const handler = instrumentHandler(obs, 'import-job', (event: S3Event): Promise<ImportJobOutcome[]> => runner.handle(event), (outcomes, metrics) => {
  const rows = { created: 0, duplicate: 0, rejected: 0 };
  for (const outcome of outcomes) {
    if (outcome.result === 'IGNORED') continue;
    rows.created += outcome.counts.created;
    rows.duplicate += outcome.counts.duplicates;
    rows.rejected += outcome.counts.rejected;
  }
  metrics.emitBy(METRIC_NAMES.importRows, METRIC_DIMENSIONS.outcome, rows);
});
