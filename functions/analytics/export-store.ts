import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { type ClientSource, clientOf, s3Commands, s3Presigner } from '#core/lazy-clients.ts';
import { attachment } from '#evidence/storage.ts';
import { EXPORT_KEY_PREFIX } from './export.ts';

/** How long the link to an export file works. */
export const EXPORT_URL_SECONDS = 300;

/** The content type of an XLSX workbook: the aggregate export in that format. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `exports/<uuid>/<fileName>`: unguessable, one per export, the file name at the end for whoever lists the bucket. */
export function exportKey(fileName: string): string {
  return `${EXPORT_KEY_PREFIX}${randomUUID()}/${fileName}`;
}

/** What the API answers: the GraphQL AggregateExport. */
export interface PublishedExport {
  readonly fileName: string;
  readonly url: string;
  /** ISO 8601. */
  readonly expiresAt: string;
  readonly bytes: number;
}

/** The bucket, as the exports (CSV aggregates, briefings) see it: put a file, sign a short GET of it. */
export class ExportStore {
  constructor(
    private readonly s3: ClientSource<S3Client>,
    readonly bucket: string,
  ) {}

  publish(file: { readonly fileName: string; readonly csv: string }, now: Date = new Date()): Promise<PublishedExport & { readonly key: string }> {
    return this.publishFile({ fileName: file.fileName, body: Buffer.from(file.csv, 'utf8'), contentType: 'text/csv; charset=utf-8' }, now);
  }

  /** Any file under exports/ (a CSV export, a DOCX briefing, …): put once, offered as a download under its name. */
  async publishFile(
    file: { readonly fileName: string; readonly body: Uint8Array; readonly contentType: string },
    now: Date = new Date(),
  ): Promise<PublishedExport & { readonly key: string }> {
    const key = exportKey(file.fileName);
    const body = file.body;
    const [s3, { GetObjectCommand, PutObjectCommand }, { getSignedUrl }] = await Promise.all([clientOf(this.s3), s3Commands(), s3Presigner()]);
    await s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: file.contentType,
        ContentDisposition: attachment(file.fileName),
      }),
    );
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: EXPORT_URL_SECONDS });
    return { key, fileName: file.fileName, url, expiresAt: new Date(now.getTime() + EXPORT_URL_SECONDS * 1000).toISOString(), bytes: body.length };
  }
}
