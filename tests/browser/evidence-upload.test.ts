import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand, PutBucketCorsCommand, type CORSRule } from '@aws-sdk/client-s3';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#core/config.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createDependencies } from '#graphql/server.ts';
import { EvidenceStore } from '#infra/constructs/evidence-store.ts';
import { freePort, type RunningS3, startS3 } from '#local/engines.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { cdkJsonContext } from '#tests/infra/synthesize.ts';

/**
 * A real browser, as a partner front end uses the API: Debian's chromium (never a downloaded
 * one), driven by playwright-core, opens a page served from this file's fixtures on an origin of
 * its own, asks the local API for an upload, posts the file cross-origin straight to s3rver, sees
 * the evidence become AVAILABLE (s3rver's `event` runs the processor's Lambda handler, as
 * `npm start` wires it) and downloads it again. The bucket carries the CORS rules the CDK app
 * deploys (EvidenceStore), with the page's origin as the partner origin: what lets the browser
 * through here is what lets a partner through in AWS.
 */

const CHROMIUM = '/usr/bin/chromium';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BROWSER_TIMEOUT_MS = 60_000;
/** Without the background-networking flags, chromium's own calls home stall on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const STATUS = `query($id: ID!) { evidence(id: $id) { status rejectionReason downloadUrl } }`;

interface PageOutcome {
  readonly error?: string;
  readonly pageOrigin: string;
  readonly apiOrigin: string;
  readonly uploadOrigin: string;
  readonly evidenceId: string;
  readonly size: number;
  readonly declaredSha256: string;
  readonly uploadStatus: number;
  readonly uploadMs: number;
  readonly status: string;
  readonly rejectionReason: string | null;
  readonly fileName: string | null;
  readonly downloadUrl: string | null;
  readonly download: { status: number; contentType: string | null; bytes: number; sha256: string } | null;
}

let s3rver: RunningS3;
let s3Directory: string;
let userDataDirectory: string;
let app: TestApp;
let api: { url: string; stop: () => Promise<void> };
let pages: { origin: string; server: Server };
let browser: BrowserContext;
let communityId: string;
let editor: string;
const deliveries: Promise<unknown>[] = [];
const processorLog: unknown[][] = [];
const browserLog: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does`);

  // s3rver of this file's own: the run's s3rver lives in the global setup's process, where its
  // `event` emitter cannot reach the processor of this one.
  s3Directory = mkdtempSync(join(tmpdir(), 'browser-s3-'));
  s3rver = await startS3({ port: await freePort(), directory: s3Directory, buckets: [] });
  app = await createTestApp({ s3Endpoint: s3rver.endpoint });
  const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  communityId = community.id;
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });

  pages = await serveFixtures();
  await app.s3.send(new PutBucketCorsCommand({ Bucket: app.bucket, CORSConfiguration: { CORSRules: deployedCorsRules([pages.origin]) } }));

  // The local HTTP door on a port of its own, so the page can call it cross-origin.
  const http = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0);
  api = { url: `http://127.0.0.1:${new URL(http.url).port}/graphql`, stop: http.stop };

  // The processor logs with console, as in Lambda: keep its lines for failure messages.
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...line: unknown[]) => void processorLog.push([level, ...line]));
  }
  const { handler } = await import('#evidence-processor/handler.ts');
  s3rver.server.on('event', (event: Parameters<typeof handler>[0]) => {
    deliveries.push(handler(event).catch((error: unknown) => processorLog.push(['failed', error])));
  });

  userDataDirectory = mkdtempSync(join(tmpdir(), 'browser-profile-'));
  browser = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(deliveries);
  vi.restoreAllMocks();
  await api?.stop();
  await app?.close();
  await new Promise((resolve) => (pages ? pages.server.close(resolve) : resolve(undefined)));
  await s3rver?.stop();
  for (const directory of [s3Directory, userDataDirectory]) if (directory) rmSync(directory, { recursive: true, force: true });
});

/** Opens the upload page with its parameters in the fragment and waits for its outcome. */
async function runUploadPage(options: { tamper?: boolean } = {}): Promise<{ page: Page; outcome: PageOutcome }> {
  const page = await browser.newPage();
  page.on('console', (message) => browserLog.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => browserLog.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => browserLog.push(`requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
  const fragment = new URLSearchParams({ api: api.url, token: editor, ownerType: 'COMMUNITY', ownerId: communityId, ...(options.tamper ? { tamper: '1' } : {}) });
  await page.goto(`${pages.origin}/upload.html#${fragment}`);
  await page.waitForFunction("['done', 'failed'].includes(document.body.dataset.state)", undefined, { timeout: BROWSER_TIMEOUT_MS - 10_000 });
  const outcome = JSON.parse((await page.textContent('#result')) ?? '{}') as PageOutcome;
  expect(outcome.error, `${outcome.error}\nbrowser: ${browserLog.join('\n')}\nprocessor: ${JSON.stringify(processorLog)}`).toBeUndefined();
  return { page, outcome };
}

describe('evidence upload from a real browser', () => {
  it('posts a file cross-origin straight to S3, sees it AVAILABLE and downloads the same bytes', async () => {
    // Prepare: the page, the API and S3 are three origins.
    const origins = new Set([pages.origin, new URL(api.url).origin, s3rver.endpoint]);

    // Act
    const { page, outcome } = await runUploadPage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const saved = readFileSync(await download.path());
    await page.close();

    // Assess: the upload went to S3 itself, not through the API.
    expect(origins.size).toBe(3);
    expect(outcome).toMatchObject({ pageOrigin: pages.origin, apiOrigin: new URL(api.url).origin, uploadOrigin: s3rver.endpoint });
    expect(outcome.uploadStatus).toBe(204);
    expect(outcome.status, outcome.rejectionReason ?? '').toBe('AVAILABLE');
    expect(outcome.size).toBeGreaterThan(100_000);
    // The page fetched the presigned GET cross-origin and got the bytes it hashed before the upload.
    expect(outcome.download).toEqual({ status: 200, contentType: 'image/png', bytes: outcome.size, sha256: outcome.declaredSha256 });
    // Opened as a link, the URL is a download under the Chinese name, never part of the key.
    expect(download.suggestedFilename()).toBe('社区安全地图.png');
    expect(createHash('sha256').update(saved).digest('hex')).toBe(outcome.declaredSha256);
    expect(decodeURIComponent(new URL(outcome.downloadUrl ?? '').pathname)).not.toContain('社区安全地图');
    const seen = await app.doors[0]!.execute(STATUS, { id: outcome.evidenceId }, editor);
    expect(seen.body.data.evidence.status).toBe('AVAILABLE');
  }, BROWSER_TIMEOUT_MS);

  it('sees other bytes than the declared ones REJECTED, with no download and the object out of reach', async () => {
    // Prepare
    const tamper = true;

    // Act
    const { page, outcome } = await runUploadPage({ tamper });
    await page.close();
    const key = `evidence/${communityId}/${outcome.evidenceId}`;
    const stillThere = await app.s3.send(new HeadObjectCommand({ Bucket: app.bucket, Key: key })).then(
      () => true,
      () => false,
    );

    // Assess
    expect(outcome.uploadStatus).toBe(204);
    expect(outcome.status).toBe('REJECTED');
    expect(outcome.rejectionReason).toMatch(/SHA-256/);
    expect(outcome.downloadUrl).toBeNull();
    expect(outcome.download).toBeNull();
    expect(stillThere).toBe(false);
  }, BROWSER_TIMEOUT_MS);
});

/**
 * The evidence bucket's CORS rules exactly as the CDK app synthesizes them for these partner
 * origins, in the shape PutBucketCors takes.
 */
function deployedCorsRules(partnerOrigins: string[]): CORSRule[] {
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'CorsProbe');
  const store = new EvidenceStore(stack, 'Evidence', { partnerOrigins });
  const bucketId = stack.getLogicalId(store.bucket.node.defaultChild as CfnElement);
  const rules = Template.fromStack(stack).toJSON().Resources[bucketId].Properties.CorsConfiguration.CorsRules as Record<string, any>[];
  return rules.map((rule) => ({
    AllowedOrigins: rule.AllowedOrigins,
    AllowedMethods: rule.AllowedMethods,
    AllowedHeaders: rule.AllowedHeaders,
    ExposeHeaders: rule.ExposedHeaders,
    MaxAgeSeconds: rule.MaxAge,
  }));
}

/** Serves tests/browser/fixtures on a free port of 127.0.0.1: the partner front end's origin. */
async function serveFixtures(): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://fixtures').pathname.slice(1);
    const type = types[extname(name)];
    if (!/^[\w-]+\.\w+$/.test(name) || !type || !existsSync(join(FIXTURES, name))) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(join(FIXTURES, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
