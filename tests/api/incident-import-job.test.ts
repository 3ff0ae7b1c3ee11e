import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { importJobKeys } from '#core/db/keys.ts';
import { createImportJobRunner, type IncidentImportJobRunner } from '#incident/import-job.ts';
import { IMPORT_STALE_MS } from '#incident/import-job-model.ts';
import { createTestApp, errorCode, objectCreatedEvent, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { storedIncidentCount } from '#tests/support/records.ts';

/**
 * Incident imports from a browser (issue 13, Excel in): requestIncidentImport signs a presigned
 * POST under imports/, the browser sends the file straight to s3rver, the bucket's ObjectCreated
 * runs the import job (its Lambda handler's `handle`, with the event S3 sends), and importJob
 * shows its progress and, DONE, a link to the rejected rows' workbook, read back here with exceljs.
 * The same file sent again imports nothing twice; a job that dies mid-way runs again and ends with
 * the counts one run gives; a binary file is refused with nothing written.
 */

const REQUEST = `mutation($communityId: ID!, $fileName: String!, $size: Int!, $sha256: String!) {
  requestIncidentImport(communityId: $communityId, fileName: $fileName, size: $size, sha256: $sha256) {
    job { id status fileName community { id } }
    upload { url fields { name value } expiresAt }
  }
}`;
const JOB = `query($id: ID!) { importJob(id: $id) { id status fileName encoding processed total created duplicates rejected rejectedRowsUrl error createdAt updatedAt } }`;
const LIST = `query($id: ID!) { incidents(communityId: $id, first: 50) { edges { node { id externalId cause place severity injured economicLoss description history { edges { node { operation via } } } } } } }`;

let app: TestApp;
let runner: IncidentImportJobRunner;
let progressWrites: { processed: number; total?: number }[];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  app = await createTestApp();
  const config = loadStorageConfig(app.env);
  const { dynamodb, documents } = createAwsClients(config.aws);
  progressWrites = [];
  // What the job writes as it goes: every progress UpdateItem.
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: { sk?: string }; ExpressionAttributeValues?: Record<string, unknown> };
      if (context.commandName === 'UpdateItemCommand' && input.Key?.sk === importJobKeys.progress('x').sk) {
        const total = input.ExpressionAttributeValues?.[':total'];
        progressWrites.push({ processed: Number(input.ExpressionAttributeValues?.[':processed']), ...(typeof total === 'number' ? { total } : {}) });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordImportProgress' },
  );
  runner = createImportJobRunner(config, { documents, s3: createS3Client(config.aws) }, { batchSize: 2, log: silent });
});
afterAll(() => app.close());

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The browser's part: the form's fields in order, the file last; then S3's ObjectCreated runs the job. */
async function send(upload: { url: string; fields: { name: string; value: string }[] }, bytes: Uint8Array, fileName: string, job: IncidentImportJobRunner = runner) {
  const { status } = await app.uploadEvidence(upload, { bytes, contentType: 'application/octet-stream', fileName }, { notify: false });
  expect(status).toBe(204);
  const key = upload.fields.find((field) => field.name === 'key')!.value;
  return job.handle(objectCreatedEvent(app.bucket, key));
}

/** A register as a spreadsheet saves it: Chinese headers and labels, a date cell, two bad rows. */
async function register(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('登记簿');
  sheet.addRow(['记录编号', '发生时间', '伤害原因', '伤害意图', '发生地点', '发生时活动', '严重程度', '死亡人数', '受伤人数', '经济损失(元)', '情况描述']);
  sheet.addRow(['J-1', new Date(Date.UTC(2024, 4, 1, 14, 30)), '跌倒/坠落', '非故意', '家中', '家务', '轻伤', 0, 1, 1200.5, '厨房滑倒，右腕骨折']);
  sheet.addRow(['J-2', '2024/5/2 9:05', '道路交通', '非故意', '公路/街道', '步行', '重伤', 0, 1, null, '电动车相撞']);
  sheet.addRow(['J-3', '2024/5/3 9:05', '陨石', '非故意', '家中', '家务', '轻伤', 0, 1, null, '不存在的原因']);
  sheet.addRow(['J-4', '2024/5/4 9:05', '溺水', '非故意', '水域', '休闲活动', '死亡', 1, 'abc', null, '池塘溺水']);
  sheet.addRow(['J-5', '2024/5/5 9:05', '烧烫伤', '非故意', '家中', '家务', '轻伤', 0, 1, 80, '开水烫伤']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('incident import from a browser', () => {
  it('imports an uploaded workbook by the job, with progress, the rejected rows as XLSX, and a re-send that imports nothing twice', async () => {
    // Prepare
    const community = await seedCommunity(app.table, { regionCode: '371702105', name: '导入作业社区' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const bytes = await register();
    const variables = { communityId: community.id, fileName: '五月登记簿.xlsx', size: bytes.length, sha256: sha256(bytes) };
    // Act 1: the request (the Lambda door), the upload and its ObjectCreated
    const requested = ok(await app.doors[0]!.execute(REQUEST, variables, editor)).requestIncidentImport;
    expect(requested.job).toMatchObject({ status: 'QUEUED', fileName: '五月登记簿.xlsx', community: { id: community.id } });
    expect(requested.upload.fields[0].value).toBe(`imports/${community.id}/${requested.job.id}`);
    progressWrites.length = 0;
    const outcomes = await send(requested.upload, bytes, '五月登记簿.xlsx');
    // Assess 1: DONE with the counts, progress written batch by batch (2 rows each)
    expect(outcomes).toEqual([{ result: 'DONE', jobId: requested.job.id, counts: { rows: 5, created: 3, duplicates: 0, rejected: 2 } }]);
    expect(progressWrites.map((write) => write.processed)).toEqual([0, 0, 2, 4, 5]);
    expect(progressWrites.at(-1)?.total).toBe(5);
    const job = ok(await app.doors[1]!.execute(JOB, { id: requested.job.id }, editor)).importJob;
    expect(job).toMatchObject({ status: 'DONE', encoding: 'XLSX', processed: 5, total: 5, created: 3, duplicates: 0, rejected: 2, error: null });
    const stored = ok(await app.doors[1]!.execute(LIST, { id: community.id }, editor)).incidents.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
    expect(stored.map((incident: Record<string, unknown>) => [incident.externalId, incident.cause, incident.economicLoss, incident.description]).sort()).toEqual([
      ['J-1', 'FALL', '1200.50', '厨房滑倒，右腕骨折'],
      ['J-2', 'ROAD_TRAFFIC', null, '电动车相撞'],
      ['J-5', 'BURN', '80.00', '开水烫伤'],
    ]);
    for (const incident of stored) expect(incident.history.edges[0].node).toEqual({ operation: 'IMPORT', via: `import:${requested.job.id}` });
    // The rejected rows, read back with exceljs: the file's columns as read, the line, the reason in Chinese
    const download = await fetch(job.rejectedRowsUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('五月登记簿-未导入的行.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await download.arrayBuffer());
    const sheet = workbook.getWorksheet('未导入的行')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['行号 Line', '原因 Reason', '记录编号', '发生时间']);
    expect(sheet.getRow(2).getCell(1).value).toBe(4);
    expect(sheet.getRow(2).getCell(3).value).toBe('J-3');
    expect(String(sheet.getRow(2).getCell(2).value)).toMatch(/^伤害原因 cause: "陨石" is none of the allowed values: 跌倒\/坠落 \(FALL\)/);
    expect(sheet.getRow(3).getCell(3).value).toBe('J-4');
    expect(String(sheet.getRow(3).getCell(2).value)).toBe('受伤人数 injured: must be a whole number');
    expect(sheet.getRow(3).getCell(11).value).toBe('abc');
    expect(workbook.getWorksheet('说明')!.getColumn(2).values).toContain('XLSX, first sheet');

    // Act 2: the same file again (the HTTP door), and its upload delivered again anyway
    const again = ok(await app.doors[1]!.execute(REQUEST, { ...variables, fileName: '再传一次.xlsx' }, editor)).requestIncidentImport;
    const redelivered = await runner.handle(objectCreatedEvent(app.bucket, requested.upload.fields[0].value));
    // Assess 2: the same job, no form, nothing imported twice
    expect(again.job).toMatchObject({ id: requested.job.id, status: 'DONE', fileName: '五月登记簿.xlsx' });
    expect(again.upload).toBeNull();
    expect(redelivered).toEqual([{ result: 'IGNORED', jobId: requested.job.id, reason: 'the job is DONE' }]);
    expect(await storedIncidentCount(app.table, community.id)).toBe(3);
  });

  it('runs a job that died mid-way again, ending with the counts one run gives', async () => {
    // Prepare: the GBK register of the CLI's tests, and a job whose table dies after its first batch
    const community = await seedCommunity(app.table, { regionCode: '371702105', name: '导入作业中断社区' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const bytes = readFileSync(join(import.meta.dirname, '..', 'local', 'fixtures', 'register-gbk.csv'));
    const requested = ok(await app.doors[1]!.execute(REQUEST, { communityId: community.id, fileName: '登记簿.csv', size: bytes.length, sha256: sha256(bytes) }, editor)).requestIncidentImport;
    const config = loadStorageConfig(app.env);
    const dyingClients = createAwsClients(config.aws);
    const dying = dyingClients.documents;
    let rowTransactions = 0;
    let died = false;
    dyingClients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        // From the second batch's rows on, every transaction fails (the first batch's counts, which
        // may still be in flight, included): the run cannot even record that it failed.
        if (context.commandName === 'TransactWriteItemsCommand') {
          if (JSON.stringify(args.input).includes('IncidentImportPending')) rowTransactions += 1;
          died ||= rowTransactions > 1;
          if (died) throw new Error('the Lambda died');
        }
        return next(args);
      },
      { step: 'initialize', name: 'dieMidway' },
    );
    const first = createImportJobRunner(config, { documents: dying, s3: createS3Client(config.aws) }, { batchSize: 1, log: silent });
    // Act 1: the run dies
    await expect(send(requested.upload, bytes, '登记簿.csv', first)).rejects.toThrow(AggregateError);
    const dead = ok(await app.doors[1]!.execute(JOB, { id: requested.job.id }, editor)).importJob;
    expect(dead.status).toBe('RUNNING');
    expect(dead.processed).toBeLessThan(3);
    expect(dead.created).toBeGreaterThanOrEqual(1);
    expect(await storedIncidentCount(app.table, community.id)).toBe(dead.created);
    // A delivery while its progress is fresh leaves it alone (the run might be alive)
    expect(await runner.handle(objectCreatedEvent(app.bucket, requested.upload.fields[0].value))).toEqual([
      { result: 'IGNORED', jobId: requested.job.id, reason: 'the job is RUNNING (its run is alive)' },
    ]);
    // Act 2: Lambda's retry, once the progress is older than IMPORT_STALE_MS
    const later = createImportJobRunner(config, { documents: app.clients.documents, s3: createS3Client(config.aws) }, { log: silent, now: () => new Date(Date.now() + IMPORT_STALE_MS + 60_000) });
    const rerun = await later.handle(objectCreatedEvent(app.bucket, requested.upload.fields[0].value));
    // Assess: the counts of one run; each row once
    expect(rerun).toEqual([{ result: 'DONE', jobId: requested.job.id, counts: { rows: 3, created: 2, duplicates: 0, rejected: 1 } }]);
    const done = ok(await app.doors[1]!.execute(JOB, { id: requested.job.id }, editor)).importJob;
    expect(done).toMatchObject({ status: 'DONE', encoding: 'GB18030', processed: 3, total: 3, created: 2, duplicates: 0, rejected: 1 });
    const stored = ok(await app.doors[1]!.execute(LIST, { id: community.id }, editor)).incidents.edges.map((edge: { node: { description: string } }) => edge.node.description).sort();
    expect(stored).toEqual(['厨房地面湿滑，老人滑倒致右腕骨折', '车间冲床压伤左手（镕、堃、𠀀）']);
  });

  it('refuses a binary file with the line, writing nothing, and takes the same file again after it is fixed', async () => {
    const community = await seedCommunity(app.table, { regionCode: '371702105', name: '导入作业拒收社区' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const photo = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(32, 0)]);
    const requested = ok(await app.doors[0]!.execute(REQUEST, { communityId: community.id, fileName: 'register.csv', size: photo.length, sha256: sha256(photo) }, editor)).requestIncidentImport;
    const outcomes = await send(requested.upload, photo, 'register.csv');
    expect(outcomes[0]).toMatchObject({ result: 'FAILED' });
    const failed = ok(await app.doors[0]!.execute(JOB, { id: requested.job.id }, editor)).importJob;
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/^line 3: the file holds NUL bytes .* binary file/);
    expect(failed.rejectedRowsUrl).toBeNull();
    expect(await storedIncidentCount(app.table, community.id)).toBe(0);
    // The same bytes again: the FAILED job, with a form to send them once more
    const again = ok(await app.doors[0]!.execute(REQUEST, { communityId: community.id, fileName: 'register.csv', size: photo.length, sha256: sha256(photo) }, editor)).requestIncidentImport;
    expect(again.job).toMatchObject({ id: requested.job.id, status: 'FAILED' });
    expect(again.upload.fields[0].value).toBe(requested.upload.fields[0].value);
  });

  it('refuses bad arguments by field, and callers other than the community\'s editors and admins', async () => {
    const community = await seedCommunity(app.table, { regionCode: '371702105', name: '导入作业权限社区' });
    const other = await seedCommunity(app.table, { regionCode: '371702105', name: '导入作业别的社区' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const admin = await app.token({ role: 'ADMIN' });
    const outsider = await app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] });
    const analyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' });
    const valid = { communityId: community.id, fileName: 'a.csv', size: 10, sha256: 'a'.repeat(64) };
    for (const door of app.doors) {
      for (const [change, field] of [
        [{ sha256: 'abc' }, 'sha256'],
        [{ size: 0 }, 'size'],
        [{ size: 20 * 1024 * 1024 + 1 }, 'size'],
        [{ fileName: '../a.csv' }, 'fileName'],
      ] as const) {
        const refused = await door.execute(REQUEST, { ...valid, ...change }, editor);
        expect(errorCode(refused), door.name).toBe('BAD_USER_INPUT');
        expect(refused.body.errors?.[0]?.extensions?.field).toBe(field);
      }
      expect(errorCode(await door.execute(REQUEST, valid, analyst))).toBe('FORBIDDEN');
      expect(errorCode(await door.execute(REQUEST, valid, outsider))).toBe('NOT_FOUND');
    }
    const requested = ok(await app.doors[1]!.execute(REQUEST, valid, admin)).requestIncidentImport;
    expect(requested.job.status).toBe('QUEUED');
    expect(ok(await app.doors[1]!.execute(JOB, { id: requested.job.id }, editor)).importJob).toMatchObject({ status: 'QUEUED', processed: 0, total: null, encoding: null });
    expect(errorCode(await app.doors[1]!.execute(JOB, { id: requested.job.id }, outsider))).toBe('NOT_FOUND');
    expect(errorCode(await app.doors[1]!.execute(JOB, { id: requested.job.id }, analyst))).toBe('FORBIDDEN');
  });
});
