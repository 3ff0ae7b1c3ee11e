import type { S3Event } from 'aws-lambda';
import { createAwsClients, createS3Client } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { createImportJobRunner, type ImportJobOutcome } from './import-job.ts';

/**
 * Lambda entry point of the incident import job, for the bucket's ObjectCreated notifications on
 * imports/ (a browser's upload to the form requestIncidentImport signed). Configuration and
 * clients are built once per container; the work is functions/incident/import-job.ts, which
 * `npm start` also feeds from s3rver's `event` emitter. It verifies no token: the storage
 * configuration only (TABLE_NAME, EVIDENCE_BUCKET). The job records its own failures; what
 * escapes (the table unreachable) fails the invocation and Lambda retries the event.
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const runner = createImportJobRunner(config, { documents, s3: createS3Client(config.aws) });

export const handler = (event: S3Event): Promise<ImportJobOutcome[]> => runner.handle(event);
