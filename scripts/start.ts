/**
 * `npm start`: DynamoDB Local, s3rver and the GraphQL API on this machine, with demo data.
 * State lives under .data/ (git-ignored); a second start reuses it. Ctrl-C stops all three.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients } from '#core/clients.ts';
import { loadConfig } from '#core/config.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createContext, createDependencies } from '#graphql/server.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { systemOrigin } from '#core/origin.ts';
import { loadOrCreateSigningKey, signToken } from './local/auth.ts';
import { ensureTable, freePort, LOCAL_HOST, type RunningEngine, startDynamoDbLocal, startS3 } from './local/engines.ts';
import { localEnvironment } from './local/environment.ts';
import { DATA_DIR, LOCAL_BUCKET, LOCAL_TABLE, RUNTIME_FILE, SIGNING_KEY_FILE } from './local/paths.ts';
import { demoId, isSeeded, markSeeded, seedDemoData, startAfreshIfUntagged } from './seed/load.ts';
import { demoCommunities } from './seed/demo-communities.ts';
import { recomputeAggregates } from '#analytics/recompute.ts';
import { seedDemoEvidence } from './seed/load-evidence.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { Presets, SingleBar } from 'cli-progress';
import { ensureIdeAssets } from './build-ide.ts';
import type { SeedPhase, SeedProgress } from './seed/progress.ts';

const running: { name: string; stop: () => Promise<void> }[] = [];

/**
 * The local bucket's CORS, so a page served from another localhost origin (a partner front end
 * in development, the browser tests) can POST a file to its presigned URL and fetch a download.
 * In AWS the bucket's CORS names the partner origins (infra/constructs/evidence-store.ts).
 */
const LOCAL_BUCKET_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>http://localhost:*</AllowedOrigin>
    <AllowedOrigin>http://127.0.0.1:*</AllowedOrigin>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

let stopping = false;

let wroteRuntimeFile = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const engine of running.reverse()) {
      await engine.stop().catch((error: unknown) => console.error(`stopping ${engine.name}:`, error));
    }
    // Only our own: a start refused because another is running leaves that one's file alone.
    if (wroteRuntimeFile) rmSync(RUNTIME_FILE, { force: true });
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/**
 * The address the API and both engines listen on: this machine only, unless `HOST` says
 * otherwise (`HOST=0.0.0.0` for every interface, e.g. to reach the API from a phone).
 */
const HOST = process.env.HOST || LOCAL_HOST;

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise<boolean>((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

async function portOrFree(variable: string, preferred: number): Promise<number> {
  const requested = process.env[variable];
  if (requested) return Number(requested);
  return (await isFree(preferred)) ? preferred : freePort();
}

/** A start that cannot go on for a reason the user can fix: one line, what to do, exit 2 (no stack trace). */
class StartRefused extends Error {}

/**
 * On Node.js 20 the AWS SDK warns, in seven lines from every process that makes a client, that its
 * releases after January 2027 need Node.js 22. Said once here, in one line; the SDK's own warning
 * is kept out of the output of this process and of the commands (scripts/local/runtime.ts).
 */
function noticeNodeVersion(): void {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log(`Node.js ${process.version}: the AWS SDK's releases after January 2027 need Node.js 22, which Lambda runs (README, "Node.js 20 and 22").`);
}

async function main(): Promise<void> {
  const apiPort = Number(process.env.PORT ?? 4000);
  if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65_535) throw new StartRefused(`PORT must be a port number (1–65535), not "${process.env.PORT}"`);
  // Before any engine starts: the API's port is the one the README and the partners' apps use.
  if (!(await isFree(apiPort))) {
    throw new StartRefused(`port ${apiPort} is in use (another npm start?): stop it, or start on another port with PORT=${apiPort + 1} npm start`);
  }
  noticeNodeVersion();
  const dynamodb: RunningEngine = await startDynamoDbLocal({
    host: HOST,
    port: await portOrFree('DYNAMODB_PORT', 8000),
    dataDirectory: join(DATA_DIR, 'dynamodb'),
  });
  running.push({ name: 'DynamoDB Local', stop: () => dynamodb.stop() });
  const s3 = await startS3({
    host: HOST,
    port: await portOrFree('S3_PORT', 4569),
    directory: join(DATA_DIR, 's3'),
    buckets: [LOCAL_BUCKET],
    corsConfig: LOCAL_BUCKET_CORS,
  });
  running.push({ name: 's3rver', stop: () => s3.stop() });

  const signingKey = await loadOrCreateSigningKey(SIGNING_KEY_FILE);
  const environment = localEnvironment({
    dynamodbEndpoint: dynamodb.endpoint,
    s3Endpoint: s3.endpoint,
    tableName: LOCAL_TABLE,
    bucketName: LOCAL_BUCKET,
    signingKey,
  });
  Object.assign(process.env, environment);
  const config = loadConfig();
  const clients = createAwsClients(config.aws);
  const table = { client: clients.documents, name: config.tableName };

  // s3rver's `event` emitter stands in for the bucket's ObjectCreated notification: it feeds the
  // evidence processor's Lambda handler itself, imported once the environment above is set.
  const { handler: processEvidence } = await import('#evidence-processor/handler.ts');
  // Only evidence/ keys, as the deployed bucket's notification filter (aggregate exports live under exports/).
  s3.server.on('event', (event: Parameters<typeof processEvidence>[0]) => {
    const records = event.Records.filter((record) => decodeURIComponent(record.s3.object.key).startsWith('evidence/'));
    if (records.length === 0) return;
    processEvidence({ ...event, Records: records }).catch((error: unknown) => console.error('evidence processor:', error));
  });
  // And imports/ keys to the incident import job's handler, as the deployed bucket's second notification does.
  const { handler: runImportJob } = await import('#incident/import-job-handler.ts');
  s3.server.on('event', (event: Parameters<typeof runImportJob>[0]) => {
    const records = event.Records.filter((record) => decodeURIComponent(record.s3.object.key).startsWith('imports/'));
    if (records.length === 0) return;
    runImportJob({ ...event, Records: records }).catch((error: unknown) => console.error('import job:', error instanceof Error ? error.message : error));
  });

  let created = await ensureTable(clients.dynamodb, config.tableName);
  // Demo data from before type-tagged ids (issue 13) cannot be updated in place (startAfreshIfUntagged).
  if (created === 'exists' && (await startAfreshIfUntagged(clients.dynamodb, table))) {
    console.log('The local store held demo data from before type-tagged ids (com_…): it starts afresh.');
    created = 'created';
  }
  const deps = createDependencies(config, clients);
  if (created === 'created' || !(await isSeeded(table))) {
    const upgrading = created !== 'created';
    console.log(upgrading ? 'Updating the demo data to this version (the records there stay):' : 'Loading the demo data (first start only):');
    const display = seedDisplay();
    const evidenceLog = quietEvidenceLog();
    let loaded: Awaited<ReturnType<typeof seedDemoData>>;
    let files: number;
    try {
      loaded = await seedDemoData(table, display.progress);
      const adminToken = `Bearer ${await signToken(signingKey, { role: 'ADMIN', subject: 'demo-seed' })}`;
      files = await seedDemoEvidence(() => createContext(deps, adminToken), (await deps.application()).evidenceRepository, undefined, display.progress);
    } finally {
      display.stop();
      evidenceLog.restore();
    }
    await markSeeded(table);
    console.log(
      `Loaded demo data: ${loaded.communities} communities, ${loaded.projects} projects with ${loaded.interventions} interventions, ` +
        `${loaded.activities} activities, ${loaded.surveys} surveys, ${loaded.certifications} certifications, ${loaded.incidents} incidents (synthetic), ` +
        `${files} archive files; hazards (issue 12): ${loaded.gridCells} grid cells, ${loaded.hazardSources} hazard sources, ${loaded.supervisedUnits} supervised units, ` +
        `${loaded.inspections} inspections, ${loaded.hiddenDangers} hidden dangers (synthetic where the briefings give no figures).`,
    );
    if (upgrading) {
      // Data of an older version may lack counters (or carry counters of an older design): recount.
      for (const province of [...new Set(demoCommunities.map((demo) => demo.input.regionCode.slice(0, 2)))]) {
        const report = await recomputeAggregates(table, province, { pipeline: createWritePipeline(table), origin: systemOrigin('npm-start', `recount:${province}`) });
        console.log(`Recounted the aggregates of ${province}: ${report.itemsChecked} counter items, ${report.itemsFixed} fixed.`);
      }
    }
  }

  // The reminders job, as its daily schedule runs it in AWS: once now that the demo is loaded, then
  // at each midnight in China (a timer that never keeps the process alive on its own).
  const reminders = createRemindersJob(config.tableName, clients.documents);
  const remind = async () => {
    try {
      const report = await reminders.run(runFor(undefined));
      console.log(`Reminders for ${report.today}: ${report.written} new notifications (${report.alreadySent} sent before), ${report.evidenceExpired} uploads expired.`);
    } catch (error) {
      console.error('reminders job:', error);
    }
    scheduleReminders();
  };
  const scheduleReminders = () => setTimeout(() => void remind(), msUntilChinaMidnight(new Date())).unref();
  await remind();

  // The IDE's assets (GraphiQL bundled from npm): built by npm install's prepare script, rebuilt here if missing or stale.
  const ide = await ensureIdeAssets();
  if (ide.built) console.log(`Built the IDE's assets in ${(ide.milliseconds / 1000).toFixed(1)} s.`);
  const http = await startHttpServer(deps, apiPort, HOST);
  running.push({ name: 'GraphQL API', stop: http.stop });
  // localhost reaches 127.0.0.1 (and a wildcard); an address of its own is printed as it is.
  const apiHost = HOST === LOCAL_HOST || HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST.includes(':') ? `[${HOST}]` : HOST;
  writeFileSync(RUNTIME_FILE, JSON.stringify({ api: `http://${apiHost}:${apiPort}/graphql`, ...environment, pid: process.pid }, null, 2));
  wroteRuntimeFile = true;

  const editorOf = demoId('community', 'heze-mudan-xicheng');
  const nantaId = demoId('community', 'shenyang-shenhe-nanta');
  const tokens = {
    ADMIN: await signToken(signingKey, { role: 'ADMIN' }),
    REVIEWER: await signToken(signingKey, { role: 'REVIEWER' }),
    'PROVINCIAL_ANALYST (region 37, Shandong)': await signToken(signingKey, { role: 'PROVINCIAL_ANALYST', region: '37' }),
    [`COMMUNITY_EDITOR (community ${editorOf}, 西城街道)`]: await signToken(signingKey, {
      role: 'COMMUNITY_EDITOR',
      communities: [editorOf],
    }),
    // Issue 12's walkthrough: 南塔街道's register and dangers, and the city reviewer who sees its overdue one escalated.
    [`COMMUNITY_EDITOR (community ${nantaId}, 南塔街道)`]: await signToken(signingKey, { role: 'COMMUNITY_EDITOR', communities: [nantaId] }),
    'REVIEWER (region 2101, 沈阳市)': await signToken(signingKey, { role: 'REVIEWER', region: '2101' }),
  };
  const endpoint = `http://${apiHost}:${apiPort}/graphql`;
  console.log(`\nSafe Community GraphQL API: ${endpoint}`);
  console.log(`IDE (GraphiQL, offline): open ${endpoint} in a browser and paste a token below into its headers`);
  console.log(`DynamoDB Local: ${dynamodb.endpoint}   S3 (s3rver): ${s3.endpoint}   data: ${DATA_DIR}\n`);
  console.log('Bearer tokens (valid 12 h; more with `npm run token -- --role ROLE`):');
  for (const [role, token] of Object.entries(tokens)) console.log(`\n${role}:\n${token}`);
  console.log(`\nTry:\n  curl -s ${endpoint} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n    -d '{"query":"{ communities(regionCode: \\"371702\\") { totalCount edges { node { name stage } } } }"}'\n`);
  console.log('Ctrl-C stops the API, DynamoDB Local and s3rver.');
}

const PHASE_NAMES: Readonly<Record<SeedPhase, string>> = {
  communities: 'communities and their committees',
  records: 'projects, activities, surveys, certifications',
  incidents: 'incidents (synthetic, through the importer)',
  hazards: 'hazard register, inspections, hidden dangers, reports',
  archive: 'archive files (uploaded to S3, checked by the processor)',
};

/**
 * How the first start shows the demo load: on a terminal one bar that names the phase and counts
 * it; otherwise (CI, a log file) one line per phase as it ends, with its count and seconds.
 */
function seedDisplay(): { progress: SeedProgress; stop: () => void } {
  const started = performance.now();
  const phases = Object.keys(PHASE_NAMES) as SeedPhase[];
  const label = (phase: SeedPhase) => `${phases.indexOf(phase) + 1}/${phases.length} ${PHASE_NAMES[phase]}`;
  if (process.stdout.isTTY) {
    const bar = new SingleBar({ format: '  {bar} {value}/{total} | {phase} | {seconds} s', stream: process.stdout, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
    let current: SeedPhase | undefined;
    const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
    return {
      progress: (phase, done, total) => {
        if (phase !== current) {
          if (current) bar.stop();
          current = phase;
          bar.start(total, done, { phase: label(phase), seconds: seconds() });
        } else bar.update(done, { seconds: seconds() });
      },
      stop: () => bar.stop(),
    };
  }
  let phaseStarted = started;
  return {
    progress: (phase, done, total) => {
      if (done === 0) phaseStarted = performance.now();
      if (done === total) console.log(`  ${label(phase)}: ${total} in ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
    },
    stop: () => console.log(`  loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`),
  };
}

/**
 * While the demo archive loads, the processor's line per file (evidence AVAILABLE …) would break
 * the progress display: they are held back, and only its warnings and errors shown.
 */
function quietEvidenceLog(): { restore: () => void } {
  const info = console.info;
  console.info = () => undefined;
  return { restore: () => (console.info = info) };
}

/** Milliseconds from `now` to the next midnight in China (UTC+8, no daylight saving), plus a second. */
function msUntilChinaMidnight(now: Date): number {
  const china = now.getTime() + 8 * 3_600_000;
  const nextMidnight = (Math.floor(china / 86_400_000) + 1) * 86_400_000;
  return nextMidnight - china + 1000;
}

main().catch(async (error: unknown) => {
  if (error instanceof StartRefused) {
    console.error(`npm start: ${error.message}`);
    await stopAll(2);
    return;
  }
  console.error(error);
  await stopAll(1);
});
