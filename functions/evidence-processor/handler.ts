import type { S3Event } from 'aws-lambda';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { METRIC_DIMENSIONS, METRIC_NAMES, SERVICE_NAMES } from '#core/metric-names.ts';
import { instrumentHandler, jobLogger, observability } from '#core/observability.ts';
import { createEvidenceProcessor, type ProcessingOutcome } from '#evidence/processor.ts';

/**
 * Lambda entry point for the evidence bucket's ObjectCreated notifications. Configuration and
 * clients are built once per container; the checks live in functions/evidence/processor.ts,
 * which `npm start` also feeds from s3rver's `event` emitter. A failed record makes the
 * invocation fail, so Lambda retries the event; records already decided are skipped. It verifies
 * no token, so it reads only the storage configuration (TABLE_NAME, EVIDENCE_BUCKET).
 * Observability (core/observability.ts): the processor's lines as JSON in Lambda, ColdStart,
 * X-Ray with the clients captured, and EvidenceProcessed by outcome (AVAILABLE, REJECTED,
 * IGNORED) per invocation.
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const obs = observability(SERVICE_NAMES.evidenceProcessor);
const processor = createEvidenceProcessor(config, { documents, s3: createS3Client(config.aws) }, jobLogger(obs));

export const handler = instrumentHandler(obs, 'evidence-processor', (event: S3Event): Promise<ProcessingOutcome[]> => processor.handle(event), (outcomes, metrics) =>
  metrics.emitBy(METRIC_NAMES.evidenceProcessed, METRIC_DIMENSIONS.outcome, tally(outcomes.map((outcome) => outcome.result))),
);

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
