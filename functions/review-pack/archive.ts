import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ZipFile } from 'yazl';
import { attachment } from '#evidence/storage.ts';

/**
 * One ZIP streamed from S3 into S3: each file is read by GetObject when its turn comes (yazl's
 * lazy entries: one source open at a time), checked against its SHA-256 as it passes, and written
 * STORED (evidence is PDF, JPEG, MP4: compressed already, and deflate would cost the job its
 * throughput); the archive leaves through a multipart upload of bounded parts. What the job holds
 * in memory is the upload's parts in flight (queueSize × partSize) and stream buffers, whatever
 * the files weigh. yazl writes UTF-8 names with the language-encoding flag (bit 11), so Windows'
 * Explorer and macOS' Archive Utility show 安全社区创建机构与职责 as it is, and switches to
 * ZIP64 by itself past 4 GiB or 65535 entries.
 *
 * Any failure (a source gone, a checksum that does not match, an S3 error) destroys the upload's
 * body: lib-storage then sends AbortMultipartUpload and never CompleteMultipartUpload, so no
 * object appears under the key: nothing half-published.
 */

export interface ArchiveEntry {
  /** The entry's path in the ZIP, `05 安全促进项目/入户安全检查.pdf`. */
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: Date;
  /** Lower-case hex; the bytes must match it. */
  readonly sha256: string;
  /** Opens the source when the entry's turn comes. */
  open(): Promise<Readable | AsyncIterable<Uint8Array>>;
  /** Names the entry in logs and errors: an evidence id, never a file name (it may be personal text). */
  readonly label: string;
  /** The file's own name, for the requester's failure reason only (never logged). */
  readonly fileName: string;
}

export interface ArchiveTarget {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** What a download is offered as (Content-Disposition). */
  readonly downloadName: string;
  /** Bytes per part; at least 5 MiB (S3's minimum). */
  readonly partSize: number;
  /** Parts uploaded at once. */
  readonly queueSize: number;
}

export interface ArchiveProgress {
  /** Entries (files) completely written, not counting the leading buffers (the index). */
  readonly files: number;
  /** Bytes of the files' contents read so far. */
  readonly bytes: number;
}

/** A source that failed the pack, with the entry it belongs to. */
export class ArchiveSourceError extends Error {
  constructor(
    readonly label: string,
    readonly kind: 'MISSING' | 'CHANGED' | 'UNREADABLE',
    message: string,
    options?: ErrorOptions & { readonly fileName?: string },
  ) {
    super(message, options);
    this.name = 'ArchiveSourceError';
    this.fileName = options?.fileName;
  }

  /** The source's file name (for the requester, never for a log). */
  readonly fileName: string | undefined;
}

/** Writes the ZIP of `buffers` (small files made here, first) and `entries` to the target; resolves with its size. */
export async function writeArchive(
  target: ArchiveTarget,
  content: {
    readonly buffers: readonly { path: string; bytes: Buffer; modifiedAt: Date }[];
    /** Folders written as entries of their own (`03 事故与伤害风险辨识及其评价/`): those no file fills, so the pack shows every element. */
    readonly directories?: readonly { path: string; modifiedAt: Date }[];
    readonly entries: readonly ArchiveEntry[];
  },
  onProgress: (progress: ArchiveProgress) => void = () => undefined,
): Promise<{ readonly bytes: number }> {
  const zip = new ZipFile();
  let failure: Error | undefined;
  let source: { destroy?: (error?: Error) => void } | undefined;
  let written = 0;
  let files = 0;
  let bytes = 0;

  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      callback(null, chunk);
    },
  });
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    source?.destroy?.();
    // The body's error ends the upload's reads: lib-storage aborts the multipart upload and rejects.
    counted.destroy(error);
  };
  zip.on('error', (error: Error) => fail(error));
  zip.outputStream.on('error', (error: Error) => fail(error));
  zip.outputStream.pipe(counted);

  const upload = new Upload({
    client: target.s3,
    params: {
      Bucket: target.bucket,
      Key: target.key,
      Body: counted,
      ContentType: 'application/zip',
      ContentDisposition: attachment(target.downloadName),
    },
    partSize: target.partSize,
    queueSize: target.queueSize,
    leavePartsOnError: false,
  });

  for (const buffer of content.buffers) {
    zip.addBuffer(buffer.bytes, buffer.path, { compress: false, mtime: buffer.modifiedAt });
  }
  for (const directory of content.directories ?? []) zip.addEmptyDirectory(directory.path, { mtime: directory.modifiedAt });
  for (const entry of content.entries) {
    zip.addReadStreamLazy(entry.path, { size: entry.size, compress: false, mtime: entry.modifiedAt }, (callback) => {
      if (failure) return;
      entry.open().then(
        (body) => {
          if (failure) return;
          const stream = body as Readable;
          source = stream;
          const checked = checkedCopy(entry, (length) => {
            bytes += length;
            onProgress({ files, bytes });
          }, () => {
            files += 1;
            onProgress({ files, bytes });
          });
          stream.once('error', (error: Error) => fail(new ArchiveSourceError(entry.label, 'UNREADABLE', `${entry.label} could not be read to its end`, { cause: error, fileName: entry.fileName })));
          checked.once('error', (error: Error) => fail(error));
          stream.pipe(checked);
          callback(null, checked);
        },
        (error: unknown) => fail(sourceError(entry, error)),
      );
    });
  }
  zip.end();

  try {
    await upload.done();
  } catch (error) {
    throw failure ?? error;
  }
  if (failure) throw failure;
  return { bytes: written };
}

/** The entry's bytes passed through, counted and hashed; the end fails unless size and SHA-256 are the declared ones. */
function checkedCopy(entry: ArchiveEntry, onBytes: (length: number) => void, onEnd: () => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const sha256 = hash.digest('hex');
      if (size !== entry.size || sha256 !== entry.sha256) {
        callback(
          new ArchiveSourceError(entry.label, 'CHANGED', `${entry.label} is not the file that was checked: ${size} bytes with SHA-256 ${sha256}, expected ${entry.size} bytes with ${entry.sha256}`, { fileName: entry.fileName }),
        );
        return;
      }
      onEnd();
      callback();
    },
  });
}

function sourceError(entry: ArchiveEntry, error: unknown): Error {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const name = (error as { name?: string } | undefined)?.name;
  if (status === 404 || name === 'NoSuchKey' || name === 'NoSuchVersion' || name === 'NotFound') {
    return new ArchiveSourceError(entry.label, 'MISSING', `${entry.label} is no longer in the bucket`, { cause: error, fileName: entry.fileName });
  }
  return error instanceof Error ? error : new Error(String(error));
}
