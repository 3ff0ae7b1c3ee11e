import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { type ClientSource, clientOf, s3Commands, s3Presigner, s3PresignedPost } from '#core/lazy-clients.ts';

/**
 * The evidence bucket, as the evidence feature sees it. Two halves, so each function bundles only
 * what it uses: the GraphQL function signs (EvidenceSigner: presigned POSTs and GETs, computed
 * locally, no S3 call), the processor reads and removes objects (EvidenceObjects). SDK errors
 * other than "no such object" leave as they are: the caller masks or retries them. The SDK's S3
 * modules load with the first use (core/lazy-clients.ts): the GraphQL function's first request
 * compiles them only if it signs.
 */
export interface UploadForm {
  readonly url: string;
  /** In the order a form must send them; the file goes after the last. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

export class EvidenceSigner {
  constructor(
    private readonly s3: ClientSource<S3Client>,
    readonly bucket: string,
  ) {}

  /**
   * A presigned POST for exactly one object: the key is fixed, and the policy admits only the
   * declared content type and exactly the declared size.
   */
  async presignUpload(upload: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<UploadForm> {
    const [s3, { createPresignedPost }] = await Promise.all([clientOf(this.s3), s3PresignedPost()]);
    // s3-presigned-post is typed against its own pinned copy of client-s3; the client is the same at run time.
    const { url, fields } = await createPresignedPost(s3 as unknown as Parameters<typeof createPresignedPost>[0], {
      Bucket: this.bucket,
      Key: upload.key,
      Fields: { 'Content-Type': upload.contentType },
      Conditions: [['content-length-range', upload.size, upload.size]],
      Expires: upload.expiresInSeconds,
    });
    // `key` first: S3 (and s3rver) read fields in order and need the key before the file.
    const { key, ...rest } = fields;
    return { url, fields: [{ name: 'key', value: key ?? upload.key }, ...Object.entries(rest).map(([name, value]) => ({ name, value }))] };
  }

  /**
   * A presigned GET of one checked version, offered as a download under its original name (the
   * name travels in the signed response-content-disposition, never in the key).
   */
  async presignDownload(download: { key: string; versionId?: string; fileName: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    const [s3, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([clientOf(this.s3), s3Commands(), s3Presigner()]);
    return getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: download.key,
        ...(download.versionId ? { VersionId: download.versionId } : {}),
        ResponseContentType: download.contentType,
        ResponseContentDisposition: attachment(download.fileName),
      }),
      { expiresIn: download.expiresInSeconds },
    );
  }
}

export interface StoredObject {
  readonly size: number;
  readonly contentType: string | undefined;
  readonly lastModified: Date | undefined;
  /** Absent where the bucket is not versioned (s3rver). */
  readonly versionId: string | undefined;
  readonly eTag: string | undefined;
}

/** An object as GetObject answers: its metadata (from the response headers) and its bytes, not yet read. */
export interface OpenedObject extends StoredObject {
  readonly body: AsyncIterable<Uint8Array>;
  /** Stops the transfer and frees the connection, for a body that will not be read to its end. */
  discard(): void;
}

export class EvidenceObjects {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /**
   * One GetObject (a pinned version when given): the metadata arrives with the response headers,
   * before the body, so a caller that finds the size or type wrong discards the body unread, and
   * a HeadObject before it would only add a round trip. Undefined when there is no such object
   * (or version).
   */
  async open(key: string, versionId?: string): Promise<OpenedObject | undefined> {
    const { GetObjectCommand } = await s3Commands();
    let response: GetObjectCommandOutput;
    try {
      response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const body = response.Body as unknown;
    if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new Error(`GetObject ${key} returned no readable body`);
    return {
      size: response.ContentLength ?? 0,
      contentType: response.ContentType,
      lastModified: response.LastModified,
      versionId: response.VersionId,
      eTag: response.ETag,
      body: body as AsyncIterable<Uint8Array>,
      discard: () => {
        const { destroy } = body as { destroy?: (this: unknown) => void };
        if (typeof destroy === 'function') destroy.call(body);
      },
    };
  }

  /**
   * Takes the object out of reach: DeleteObject without a version id. On the versioned bucket S3
   * adds a delete marker and keeps the uploaded version for audit (reachable only by its version
   * id, which the API never signs for evidence that is not AVAILABLE); s3rver has no versions and
   * removes the file. Needs s3:DeleteObject only, never s3:DeleteObjectVersion: nothing here can
   * destroy a version.
   */
  async remove(key: string): Promise<void> {
    const { DeleteObjectCommand } = await s3Commands();
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function isMissing(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const name = (error as { name?: string } | undefined)?.name;
  return status === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion';
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 8187), so 培训签到表.pdf stays 培训签到表.pdf. */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
