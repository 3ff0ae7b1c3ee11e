import type { S3Client } from '@aws-sdk/client-s3';
import { type ClientSource, clientOf, s3Commands, s3Presigner } from '#core/lazy-clients.ts';
import { attachment } from '#evidence/storage.ts';

/**
 * Links to finished packs: a presigned GET of the ZIP under `exports/`, offered as a download
 * under its Chinese name (signed response-content-disposition). Computed locally, no S3 call;
 * the GET acts with the signer's s3:GetObject on exports/ (EvidenceStore.connectExporter).
 */
export class ReviewPackLinks {
  constructor(
    private readonly s3: ClientSource<S3Client>,
    readonly bucket: string,
  ) {}

  async sign(pack: { readonly key: string; readonly fileName: string }, expiresInSeconds: number): Promise<string> {
    const [s3, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([clientOf(this.s3), s3Commands(), s3Presigner()]);
    return getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: pack.key, ResponseContentType: 'application/zip', ResponseContentDisposition: attachment(pack.fileName) }),
      { expiresIn: expiresInSeconds },
    );
  }
}
