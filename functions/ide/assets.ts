import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/**
 * The IDE's built assets (scripts/build-ide.ts writes them to dist/ide/ with a manifest), as the
 * local door and the IDE assets function serve them under /ide/: only the files the manifest
 * lists (no path is ever joined from the request), each with its type, a strong ETag, nosniff
 * and a cache that revalidates (the names are fixed, the ETag changes with the content).
 */
export const IDE_MANIFEST = 'manifest.json';
export const IDE_ASSET_PREFIX = '/ide/';

export interface IdeManifest {
  /** The hash of the build's inputs (the client's sources and the bundled packages' versions). */
  readonly inputsHash: string;
  readonly files: Readonly<Record<string, { readonly contentType: string; readonly bytes: number; readonly gzipBytes: number; readonly etag: string }>>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function ideContentType(file: string): string {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

export interface AssetAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Reads the manifest once and answers /ide/<file> requests from a directory of built assets. */
export class IdeAssets {
  private manifest: Promise<IdeManifest | undefined> | undefined;

  constructor(private readonly directory: string) {}

  private load(): Promise<IdeManifest | undefined> {
    this.manifest ??= readFile(join(this.directory, IDE_MANIFEST), 'utf8').then(
      (text) => JSON.parse(text) as IdeManifest,
      () => {
        // Not built: asked again on the next request, once the build may have run.
        this.manifest = undefined;
        return undefined;
      },
    );
    return this.manifest;
  }

  /**
   * The answer to a GET of `path`, a path under IDE_ASSET_PREFIX: gzipped when the request
   * accepts it (the build wrote `<file>.gz` beside each file).
   */
  async answer(path: string, request: { ifNoneMatch?: string | undefined; acceptEncoding?: string | undefined } = {}): Promise<AssetAnswer> {
    const manifest = await this.load();
    if (!manifest) return text(503, 'the IDE assets are not built: run npm run prepare (node --import tsx scripts/build-ide.ts)');
    const name = path.startsWith(IDE_ASSET_PREFIX) ? path.slice(IDE_ASSET_PREFIX.length) : '';
    const file = Object.hasOwn(manifest.files, name) ? manifest.files[name] : undefined;
    if (!file) return text(404, 'no such IDE asset');
    const headers = {
      etag: file.etag,
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (request.ifNoneMatch === file.etag) return { status: 304, headers, body: Buffer.alloc(0) };
    const gzip = /\bgzip\b/i.test(request.acceptEncoding ?? '');
    const body = await readFile(join(this.directory, gzip ? `${name}.gz` : name));
    return {
      status: 200,
      headers: { ...headers, 'content-type': file.contentType, 'content-length': String(body.byteLength), ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
      body,
    };
  }
}

function text(status: number, message: string): AssetAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: Buffer.from(message) };
}
