/**
 * The review pack benchmark, on s3rver (a process of its own, as S3 is another machine) and
 * DynamoDB Local: a community's archive of 200 files, 1 GiB together (documents of 1–4 MiB and
 * videos of 10–20 MiB, random bytes), packed by the job (functions/review-pack/job.ts: GetObject of
 * each file, SHA-256 checked in passing, one STORED ZIP through a multipart upload) against the
 * baseline of copying the same objects with GetObject + PutObject, one after the other, through
 * the same S3 client. Both run in a child process of their own, so each one's peak memory (its
 * maxRSS) is its own. Rounds alternate; reported: the throughput of each, the ratio of the
 * medians (target ≥ 0.8) and of the fastest runs, and the job's peak RSS (target ≤ 256 MiB).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { ensureTable, freePort, type RunningEngine, startDynamoDbLocal } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';
import { createSigningKey } from '#local/auth.ts';
import { AQT_ELEMENTS, type Evidence } from '#evidence/model.ts';
import { REVIEW_PACK_LEASE_MS, reviewPackFileName, reviewPackKey } from '#review-pack/model.ts';
import { ReviewPackRepository } from '#review-pack/repository.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { evidenceFixture, writeEvidenceFixtures } from '#scripts/seed/evidence-fixture.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { buildBundle } from './lib/build.ts';
import { startS3Process } from './lib/s3rver-process.ts';
import { median, ratio } from './lib/stats.ts';

const MiB = 1024 * 1024;
const FILES = 200;
const TOTAL = 1024 * MiB;
const ROUNDS = Number(process.env.BENCH_REVIEW_PACK_ROUNDS ?? 3);
const RATIO_TARGET = 0.8;
const RSS_TARGET = 256 * MiB;

interface ChildResult {
  readonly ms: number;
  readonly bytes: number;
  readonly maxRssBytes: number;
  /** Time spent in CompleteMultipartUpload: on s3rver it re-reads and re-writes every part into the object. */
  readonly completeMs: number;
  readonly status?: string;
}

/** 180 documents and 20 videos whose sizes add up to exactly TOTAL. */
function sizes(): number[] {
  const videos = Array.from({ length: 20 }, (_, i) => (10 + (i % 11)) * MiB);
  const rest = TOTAL - videos.reduce((a, b) => a + b, 0);
  const documents = Array.from({ length: FILES - videos.length }, (_, i) => Math.floor(rest / (FILES - videos.length)) + (i % 2 === 0 ? 4096 : -4096));
  documents[0]! += rest - documents.reduce((a, b) => a + b, 0);
  return [...videos, ...documents];
}

export const reviewPackBenchmark: BenchmarkModule = {
  name: 'review-pack',
  description: 'a review pack of 200 files / 1 GiB from s3rver against GetObject + PutObject copies of the same objects; the job\'s peak memory',
  async run(report) {
    report.figure(`machine: node ${process.version}, ${cpus().length} cpus, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} at start`);
    const s3Directory = mkdtempSync(join(tmpdir(), 'bench-review-pack-s3-'));
    const engines: RunningEngine[] = [];
    try {
      report.note('building the job\'s bundle into bench/.out/ …');
      const childFile = (await buildBundle({ name: 'review-pack-child', entry: 'bench/review-pack-child.ts' })).file;
      report.note('starting DynamoDB Local (in memory) and s3rver (a process of its own) …');
      const [dynamodb, s3rver] = await Promise.all([startDynamoDbLocal({ port: await freePort() }), startS3Process(s3Directory)]);
      engines.push(dynamodb, s3rver);
      const env = localEnvironment({ dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: s3rver.endpoint, tableName: 'bench-review-pack', bucketName: 'bench-review-pack', signingKey: await createSigningKey(), stage: 'test' });
      const config = loadStorageConfig(env);
      const clients = createAwsClients(config.aws);
      const s3 = createS3Client(config.aws);
      await ensureTable(clients.dynamodb, config.tableName);
      await s3.send(new CreateBucketCommand({ Bucket: config.evidenceBucket }));
      const table = { client: clients.documents, name: config.tableName };
      const community = await seedCommunity(table, { regionCode: '110102003', name: '西城区新街口街道' });

      report.note(`writing ${FILES} objects, ${TOTAL / MiB} MiB …`);
      const evidence: Evidence[] = [];
      for (const [i, size] of sizes().entries()) {
        const bytes = randomBytes(size);
        const fixture = evidenceFixture(community, { element: AQT_ELEMENTS[i % AQT_ELEMENTS.length], status: 'AVAILABLE', at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), fileName: `评审材料-${String(i + 1).padStart(3, '0')}.${i < 20 ? 'mp4' : 'pdf'}`, size, uploadedBy: 'bench' });
        await s3.send(new PutObjectCommand({ Bucket: config.evidenceBucket, Key: fixture.key, Body: bytes, ContentLength: size }));
        evidence.push({ ...fixture, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
      await writeEvidenceFixtures(table, evidence);

      const packs = new ReviewPackRepository(table, createWritePipeline(table));
      const results = { pack: [] as ChildResult[], copy: [] as ChildResult[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        const order: ('pack' | 'copy')[] = round % 2 === 0 ? ['copy', 'pack'] : ['pack', 'copy'];
        for (const variant of order) {
          let packId = '';
          if (variant === 'pack') {
            packId = randomUUID();
            const now = new Date();
            await packs.request(
              { id: packId, communityId: community.id, regionCode: community.regionCode, status: 'QUEUED', requestedBy: 'bench', requestedAt: now.toISOString(), leaseExpiresAt: new Date(now.getTime() + REVIEW_PACK_LEASE_MS).toISOString(), key: reviewPackKey(packId), fileName: reviewPackFileName(community.name, '2026-01-01'), version: 1, updatedAt: now.toISOString() },
              systemOrigin('bench', packId),
            );
          }
          const result = await child(childFile, env, variant, variant === 'pack' ? packId : JSON.stringify(evidence.map((item) => item.key)));
          if (variant === 'pack' && result.status !== 'DONE') throw new Error(`the pack ended ${result.status}`);
          results[variant].push(result);
          report.note(`round ${round + 1} ${variant}: ${(result.ms / 1000).toFixed(2)} s, ${(result.bytes / MiB / (result.ms / 1000)).toFixed(1)} MiB/s, peak RSS ${(result.maxRssBytes / MiB).toFixed(0)} MiB${variant === 'pack' ? `, CompleteMultipartUpload ${(result.completeMs / 1000).toFixed(2)} s` : ''}`);
        }
      }
      const throughput = (result: ChildResult) => result.bytes / MiB / (result.ms / 1000);
      const packMedian = median(results.pack.map(throughput));
      const copyMedian = median(results.copy.map(throughput));
      const packBest = Math.max(...results.pack.map(throughput));
      const copyBest = Math.max(...results.copy.map(throughput));
      const peak = Math.max(...results.pack.map((result) => result.maxRssBytes));
      report.figure(`pack of ${FILES} files / ${TOTAL / MiB} MiB: median ${packMedian.toFixed(1)} MiB/s over ${ROUNDS} rounds (ZIP ${(results.pack[0]!.bytes / MiB).toFixed(1)} MiB); GetObject + PutObject copies: median ${copyMedian.toFixed(1)} MiB/s`);
      report.figure(`pack / copy throughput: ratio of medians ${ratio(packMedian, copyMedian)}, of the fastest runs ${ratio(packBest, copyBest)} (target ≥ ${RATIO_TARGET})`);
      // s3rver's CompleteMultipartUpload concatenates the parts on disk (the whole ZIP read and
      // written again, MD5 over it), where S3 assembles them without moving the bytes: reported
      // beside the ratio, never subtracted from it.
      const packCompleteMedian = median(results.pack.map((result) => result.completeMs));
      const packMedianMs = median(results.pack.map((result) => result.ms));
      const copyMedianMs = median(results.copy.map((result) => result.ms));
      report.figure(
        `of the job's median ${(packMedianMs / 1000).toFixed(2)} s, s3rver's CompleteMultipartUpload took ${(packCompleteMedian / 1000).toFixed(2)} s (it concatenates the parts on disk; S3 does not move the bytes again); ` +
          `the job's time without it against the copies: ${ratio(copyMedianMs, packMedianMs - packCompleteMedian)} (for reading only: the target is the ratio above)`,
      );
      report.figure(`peak RSS of the job's process: ${(peak / MiB).toFixed(0)} MiB (target ≤ ${RSS_TARGET / MiB} MiB); of the copying process: ${(Math.max(...results.copy.map((result) => result.maxRssBytes)) / MiB).toFixed(0)} MiB`);
    } finally {
      for (const engine of engines.reverse()) await engine.stop().catch(() => undefined);
      rmSync(s3Directory, { recursive: true, force: true });
    }
  },
};

/** Runs one variant in a child process (this file as a script) and reads its result line. */
function child(childFile: string, env: Record<string, string>, variant: 'pack' | 'copy', argument: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // As deployed: the production bundle (esbuild, minified), run without --enable-source-maps as
    // the job's function is (infra/constructs/review-pack-job.ts).
    const process_ = spawn(process.execPath, [childFile, variant], { env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    process_.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    process_.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ChildResult) : reject(new Error(`${variant} child exited ${code}`))));
    process_.stdin.end(argument);
  });
}
