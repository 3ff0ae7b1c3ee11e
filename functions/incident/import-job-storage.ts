import type { S3Client } from '@aws-sdk/client-s3';
import { type ClientSource, clientOf, s3Commands, s3Presigner } from '#core/lazy-clients.ts';
import { attachment } from '#evidence/storage.ts';
import { IMPORT_LINK_SECONDS } from './import-job-model.ts';

/**
 * Links to a job's rejected rows: a presigned GET of the workbook under exports/, offered under a
 * Chinese name (signed response-content-disposition). Computed locally, no S3 call; it acts with
 * the signer's s3:GetObject on exports/ (EvidenceStore.connectExporter).
 */
export class ImportJobLinks {
  constructor(
    private readonly s3: ClientSource<S3Client>,
    readonly bucket: string,
  ) {}

  async sign(key: string, fileName: string): Promise<string> {
    const [s3, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([clientOf(this.s3), s3Commands(), s3Presigner()]);
    return getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ResponseContentDisposition: attachment(fileName),
      }),
      { expiresIn: IMPORT_LINK_SECONDS },
    );
  }
}

