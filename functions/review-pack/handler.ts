import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { SERVICE_NAMES } from '#core/metric-names.ts';
import { instrumentHandler, jobLogger, observability } from '#core/observability.ts';
import { createReviewPackJob } from './job.ts';
import type { ReviewPackEvent } from './launcher.ts';

/**
 * Lambda entry point of the review pack's job, invoked asynchronously by the GraphQL function
 * (InvocationType Event) with `{ packId }`. Configuration and clients are built once per
 * container. The job records its own failure (the pack FAILED, the upload aborted) and returns,
 * so Lambda does not retry it; what escapes (the table unreachable) fails the invocation, and a
 * retried event finds the pack no longer QUEUED and does nothing. It verifies no token: the
 * storage configuration only (TABLE_NAME, EVIDENCE_BUCKET).
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const obs = observability(SERVICE_NAMES.reviewPack);
const log = jobLogger(obs);
const job = createReviewPackJob(config, { documents, s3: createS3Client(config.aws) }, log ? { log } : {});

/** With the three of core/observability.ts around it: JSON lines in Lambda, ColdStart, X-Ray. */
export const handler = instrumentHandler(obs, 'review-pack', async (event: ReviewPackEvent): Promise<{ readonly packId: string; readonly status: string | null }> => {
  if (typeof event?.packId !== 'string') throw new Error('the review pack event carries no packId');
  const pack = await job.run(event.packId);
  return { packId: event.packId, status: pack?.status ?? null };
});
