import type { S3Event } from 'aws-lambda';
import { createAwsClients, createS3Client } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { createEvidenceProcessor, type ProcessingOutcome } from '#evidence/processor.ts';

/**
 * Lambda entry point for the evidence bucket's ObjectCreated notifications. Configuration and
 * clients are built once per container; the checks live in functions/evidence/processor.ts,
 * which `npm start` also feeds from s3rver's `event` emitter. A failed record makes the
 * invocation fail, so Lambda retries the event; records already decided are skipped. It verifies
 * no token, so it reads only the storage configuration (TABLE_NAME, EVIDENCE_BUCKET).
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const processor = createEvidenceProcessor(config, { documents, s3: createS3Client(config.aws) });

export const handler = (event: S3Event): Promise<ProcessingOutcome[]> => processor.handle(event);
