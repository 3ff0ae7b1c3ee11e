import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createLambdaHandler } from '#graphql/lambda-door.ts';
import { createDependencies } from '#graphql/server.ts';
import { createIdeAssetsHandler } from '#ide/handler.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';
import { ensureIdeAssets } from '#scripts/build-ide.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The IDE in a real browser with the network closed: Debian's chromium, driven by
 * playwright-core, may reach 127.0.0.1 and localhost only (every other request is aborted and
 * recorded). It opens /graphql on the local door as a person would, gets GraphiQL from the
 * project's own assets, sees the docs explorer and the example tabs, runs the first example
 * with the header hint as it stands (UNAUTHENTICATED), pastes an editor's token into the header
 * editor, runs it again and sees the community's data in the result pane. Nothing left this
 * machine, and the page's CSP refused nothing.
 */
const CHROMIUM = '/usr/bin/chromium';
const BROWSER_TIMEOUT_MS = 90_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let app: TestApp;
let api: { url: string; stop: () => Promise<void> };
let browser: BrowserContext;
let userDataDirectory: string;
let editor: string;
let build: Awaited<ReturnType<typeof ensureIdeAssets>>;
const leftLocalhost: string[] = [];
const browserLog: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does`);
  build = await ensureIdeAssets();
  app = await createTestApp();
  const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  api = await startHttpServer(createDependencies(loadConfig(), app.clients, app.s3), 0);

  userDataDirectory = mkdtempSync(join(tmpdir(), 'browser-ide-'));
  browser = await chromium.launchPersistentContext(userDataDirectory, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 } });
  // The network is closed: only this machine answers.
  await browser.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    leftLocalhost.push(route.request().url());
    return route.abort('internetdisconnected');
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await app?.close();
  if (userDataDirectory) rmSync(userDataDirectory, { recursive: true, force: true });
});

/** The text of the result pane (Monaco renders it as lines of spans). */
async function resultText(page: Page): Promise<string> {
  const text = await page.evaluate<string>("document.querySelector('.graphiql-response')?.textContent ?? ''");
  return text.replace(/\u00a0/g, ' ');
}

/** The page's document, as functions run in the page see it (this project has no DOM types). */
type InPage = { document: { querySelector(selector: string): { textContent: string | null } | null } };

/**
 * Waits until the element shows `text`. A function, not a string: the page's CSP refuses
 * strings evaluated as code, which is how playwright runs a string predicate.
 */
function shows(page: Page, selector: string, text: string): Promise<unknown> {
  return page.waitForFunction(
    ([inside, wanted]) => ((globalThis as unknown as InPage).document.querySelector(inside)?.textContent ?? '').includes(wanted),
    [selector, text] as const,
    { timeout: 20_000 },
  );
}

async function run(page: Page): Promise<void> {
  await page.click('.graphiql-execute-button');
}

describe('the IDE, offline', () => {
  it(
    'loads from this machine alone, runs the example with a pasted token and shows the data',
    async () => {
      const page = await browser.newPage();
      page.on('console', (message) => browserLog.push(`console.${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => browserLog.push(`pageerror: ${error.message}`));
      // Every refusal by the page's CSP, as the page sees it (browser code: a string, this project has no DOM types).
      await page.addInitScript(`
        globalThis.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => globalThis.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
      `);

      // The page needs no token.
      const response = await page.goto(new URL('graphql', api.url).href);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      await page.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });

      // A tab per audience's example.
      const tabs = await page.$$eval('.graphiql-tab', (elements) => elements.map((element) => element.textContent ?? ''));
      expect(tabs.join(' | ')).toMatch(/MyCommunities.*ShandongIncidents.*MyQueue/);

      // Run as it stands: the header hint is no token.
      await run(page);
      await shows(page, '.graphiql-response', 'UNAUTHENTICATED');
      expect(await resultText(page)).toMatch(/the\s+Authorization\s+header\s+must\s+be/);

      // Paste the token into the header editor, replacing the hint.
      await page.click('.graphiql-editor-tools button[data-name="headers"]');
      await page.click('section[aria-label="Headers"] .monaco-editor .view-lines:visible');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${editor}` }));
      await run(page);
      await shows(page, '.graphiql-response', '吴店镇');
      const result = await resultText(page);
      expect(result).toContain('"totalCount"');
      expect(result).not.toContain('UNAUTHENTICATED');

      // The docs explorer is open; GraphiQL introspects with the tab's headers: with the token it
      // lists the schema's root types (refetched from its button, as a person would after pasting).
      await page.click('.graphiql-sidebar button[aria-label^="Re-fetch"]');
      await shows(page, '.graphiql-doc-explorer', 'Query');

      const violations = await page.evaluate<string[]>('globalThis.cspViolations');
      expect(violations, browserLog.join('\n')).toEqual([]);
      expect(leftLocalhost).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS,
  );

  it('serves its assets from dist/ide with their types, gzipped, revalidated by ETag', async () => {
    const script = await fetch(new URL('ide/ide.js', api.url), { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await script.arrayBuffer()).byteLength).toBe(build.manifest.files['ide.js']!.bytes);
    const again = await fetch(new URL('ide/ide.js', api.url), { headers: { 'if-none-match': script.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    for (const path of ['ide/../package.json', 'ide/manifest.json', 'ide/nothing.js', 'ide/ide.js.gz']) {
      expect((await fetch(new URL(path, api.url))).status, path).toBe(404);
    }
  });

  it('answers a GET of /graphql without text/html as the GraphQL GET door, not with the page', async () => {
    const url = new URL('graphql', api.url);
    url.searchParams.set('query', '{ communities(first: 1) { totalCount } }');
    const answer = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${editor}` } });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await answer.json()).toMatchObject({ data: { communities: { totalCount: 1 } } });
  });

  it('is served in AWS by the IDE assets function from its bundle: gzip base64-encoded, text as text, each answer under Lambda’s 6 MB', async () => {
    const handler = createIdeAssetsHandler(build.outDir);
    const get = (path: string, headers: Record<string, string> = {}) => {
      const base = graphqlEvent({});
      return handler({ ...base, routeKey: 'GET /ide/{file+}', rawPath: path, headers: { host: 'api', ...headers }, body: '', requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method: 'GET', path } } });
    };
    const original = readFileSync(join(build.outDir, 'ide.js'));
    const gzipped = await get('/ide/ide.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip', 'content-type': 'text/javascript; charset=utf-8' } });
    expect(gunzipSync(Buffer.from(gzipped.body ?? '', 'base64')).equals(original)).toBe(true);
    const plain = await get('/ide/ide.js');
    expect(plain.isBase64Encoded).toBe(false);
    expect(Buffer.byteLength(plain.body ?? '')).toBe(original.byteLength);
    for (const answer of [gzipped, plain]) expect(Buffer.byteLength(answer.body ?? '')).toBeLessThan(6 * 1024 * 1024);
    const font = Object.keys(build.manifest.files).find((name) => name.endsWith('.ttf'))!;
    expect(await get(`/ide/${font}`)).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'font/ttf' } });
    expect((await get('/ide/index.mjs')).statusCode).toBe(404);
    expect((await get('/ide/manifest.json')).statusCode).toBe(404);
  });

  it('is the same page through the Lambda door, with no token; a production stage without the flag serves none', async () => {
    const htmlGet = () => {
      const base = graphqlEvent({});
      return { ...base, routeKey: 'GET /graphql', headers: { host: 'api', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, body: '', requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method: 'GET' } } };
    };
    const deps = createDependencies(loadConfig(), app.clients, app.s3);
    const page = await createLambdaHandler(deps)(htmlGet(), lambdaContext('graphql'));
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': expect.stringMatching(/default-src 'none'/), 'cache-control': 'no-store' });
    expect(page.body).toContain('<script type="module" src="/ide/ide.js"></script>');
    const local = await fetch(new URL('graphql', api.url), { headers: { accept: 'text/html' } });
    expect(await local.text()).toBe(page.body);

    const production = createLambdaHandler({ ...deps, config: { ...deps.config, stage: 'prod' } });
    const refused = await production(htmlGet(), lambdaContext('graphql'));
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain('<html');
  });
});
