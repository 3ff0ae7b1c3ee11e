import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, type RunningS3, startS3 } from '#local/engines.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The client package's upload helper in a real browser (Debian's chromium, playwright-core), as
 * a partner page runs it: client/src/index.ts bundled by esbuild for the browser, the page on an
 * origin of its own, the API and storage on two others. The helper hashes with the browser's
 * WebCrypto, registers the file, POSTs it cross-origin to s3rver and waits for the processor.
 * tests/browser/evidence-upload.test.ts proves the bucket's deployed CORS rules; here the bucket
 * allows the page's origin with the same methods.
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BROWSER_TIMEOUT_MS = 60_000;

let s3rver: RunningS3;
let s3Directory: string;
let app: TestApp;
let page: { origin: string; server: Server };
let browser: Browser;
let communityId: string;
let editor: string;
let bundleBytes: number;
const deliveries: Promise<unknown>[] = [];
const processorLog: unknown[][] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does`);
  s3Directory = mkdtempSync(join(tmpdir(), 'client-upload-s3-'));
  s3rver = await startS3({ port: await freePort(), directory: s3Directory, buckets: [] });
  app = await createTestApp({ s3Endpoint: s3rver.endpoint });
  communityId = (await seedCommunity(app.table, { regionCode: '371702002', name: '西城街道' })).id;
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId] });

  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...line: unknown[]) => void processorLog.push([level, ...line]));
  }
  const { handler } = await import('#evidence-processor/handler.ts');
  s3rver.server.on('event', (event: Parameters<typeof handler>[0]) => {
    deliveries.push(handler(event).catch((error: unknown) => processorLog.push(['failed', error])));
  });

  // The package as a partner's bundler sees it: the browser build, no Node built-ins.
  const bundle = await build({
    stdin: { contents: "export * from './client/src/index.ts';", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  bundleBytes = Buffer.byteLength(script);
  const server = createServer((request, response) => {
    if (request.url === '/client.js') return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><meta charset="utf-8"><script type="module">import * as client from "/client.js"; globalThis.client = client;</script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  page = { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
  await app.s3.send(
    new PutBucketCorsCommand({
      Bucket: app.bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: [page.origin], AllowedMethods: ['POST', 'GET', 'HEAD'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }] },
    }),
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(deliveries);
  vi.restoreAllMocks();
  await app?.close();
  await new Promise((resolve) => (page ? page.server.close(resolve) : resolve(undefined)));
  await s3rver?.stop();
  if (s3Directory) rmSync(s3Directory, { recursive: true, force: true });
});

describe('uploadEvidence in a browser', () => {
  it('hashes with WebCrypto, posts cross-origin to storage and resolves AVAILABLE; a timeout rejects with its message', async () => {
    // Prepare
    const tab = await browser.newPage();
    const requested: string[] = [];
    tab.on('request', (request) => requested.push(new URL(request.url()).origin));
    await tab.goto(`${page.origin}/`);
    await tab.waitForFunction(() => 'client' in globalThis, undefined, { timeout: BROWSER_TIMEOUT_MS });
    const text = '%PDF-1.4\n% 西城街道安全社区促进委员会工作制度\n%%EOF\n';

    // Act: what a page does with the File of an <input type="file">
    const outcome = await tab.evaluate(
      async ({ api, token, ownerId, text }) => {
        // The bundle's exports, on the page's global.
        const { createFetchExecutor, uploadEvidence, waitForCheck, RequestEvidenceUploadDocument } = (globalThis as any).client;
        const execute = createFetchExecutor({ url: api, token });
        const file = new File([new TextEncoder().encode(text)], '促进委员会工作制度.pdf', { type: 'application/pdf' });
        const steps: string[] = [];
        const evidence = await uploadEvidence(execute, { file, ownerType: 'COMMITTEE', ownerId, element: 'ORGANISATION' }, { pollIntervalMs: 100, timeoutMs: 20_000, onStep: (step: string) => steps.push(step) });
        const download = await fetch(evidence.downloadUrl);
        // A check that never comes: an evidence id whose upload is never sent.
        const stalled = await execute(
          RequestEvidenceUploadDocument,
          { input: { ownerType: 'COMMUNITY', ownerId, fileName: '未上传.pdf', contentType: 'application/pdf', size: 10, sha256: '0'.repeat(64) } },
          {},
        );
        const timeout = await waitForCheck(execute, stalled.requestEvidenceUpload.evidence, { pollIntervalMs: 100, timeoutMs: 300 })
          .catch((error: { name: string; code: string; message: string }) => ({ name: error.name, code: error.code, message: error.message }));
        return { steps, status: evidence.status, fileName: evidence.fileName, sha256: evidence.sha256, downloaded: await download.text(), timeout };
      },
      { api: app.graphqlUrl, token: editor, ownerId: communityId, text },
    );
    await tab.close();

    // Assess
    expect(outcome.status, JSON.stringify(processorLog)).toBe('AVAILABLE');
    expect(outcome.steps).toEqual(['hashing', 'registering', 'sending', 'checking']);
    expect(outcome.fileName).toBe('促进委员会工作制度.pdf');
    expect(outcome.sha256).toBe(sha256(new TextEncoder().encode(text)));
    expect(outcome.downloaded).toBe(text);
    expect(outcome.timeout).toMatchObject({ name: 'EvidenceUploadError', code: 'TIMEOUT' });
    expect(outcome.timeout.message).toMatch(/^未上传\.pdf \(evidence evd_[0-9a-f-]+\) is still PENDING_UPLOAD 300 ms after it was sent/);
    // Three origins: the page, the API, storage; nothing else.
    expect(new Set(requested)).toEqual(new Set([page.origin, new URL(app.graphqlUrl).origin, s3rver.endpoint]));
    expect(bundleBytes).toBeLessThan(200_000);
  }, BROWSER_TIMEOUT_MS);
});
