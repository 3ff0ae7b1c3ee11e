import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import type { Community } from '#community/model.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadConfig } from '#core/config.ts';
import { reviewPackKeys } from '#core/db/keys.ts';
import { AQT_ELEMENT_NAMES, AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';
import { createTestApp, type Door, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { CONTENT_TYPES, pdf, SAMPLES, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { seedSubmittedSelfAssessment, sheetOfLevel } from '#tests/support/review.ts';

/**
 * The review pack (评审资料包) through both doors: the files uploaded as a browser uploads them
 * (presigned POST, then the processor), the pack requested, its job run in-process (as locally),
 * the ZIP downloaded through its presigned link and read back with yauzl, a real ZIP reader, the
 * index with exceljs. Faults are injected with SDK middleware on the clients the HTTP door's job
 * uses: a source object deleted from s3rver just before its GetObject, a GetObject held back so
 * that a pack stays RUNNING.
 */

const REQUEST = `mutation($c: ID!) { requestReviewPack(communityId: $c) { id status fileName community { id } } }`;
const READ = `query($id: ID!) { reviewPack(id: $id) { id status progress { files bytes totalFiles totalBytes } fileName url expiresAt bytes failureReason requestedBy startedAt finishedAt } }`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id version } upload { url fields { name value } } } }`;
const WITHDRAW = `mutation($input: WithdrawEvidenceInput!) { withdrawEvidence(input: $input) { status } }`;

const MiB = 1024 * 1024;

let app: TestApp;
let http: Door;
let lambda: Door;
let community: Community;
let other: Community;
let tokens: Record<'editor' | 'otherEditor' | 'reviewer' | 'nationalReviewer' | 'otherReviewer' | 'analyst' | 'admin', string>;

/** Middleware on the HTTP door's S3 client: each GetObject waits for `hold`, and `commands` lists what was sent. */
const faults: { beforeGetObject?: (key: string) => Promise<void>; commands: string[] } = { commands: [] };

beforeAll(async () => {
  app = await createTestApp();
  [http, lambda] = [app.doors[1]!, app.doors[0]!];
  community = await seedCommunity(app.table, { regionCode: '110102003', name: '西城区新街口街道' });
  other = await seedCommunity(app.table, { regionCode: '110105001', name: '朝阳区建外街道' });
  tokens = {
    editor: await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    otherEditor: await app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] }),
    reviewer: await app.token({ role: 'REVIEWER', region: '1101' }),
    nationalReviewer: await app.token({ role: 'REVIEWER' }),
    otherReviewer: await app.token({ role: 'REVIEWER', region: '37' }),
    analyst: await app.token({ role: 'PROVINCIAL_ANALYST', region: '11' }),
    admin: await app.token({ role: 'ADMIN' }),
  };
  app.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      faults.commands.push(name);
      if (name === 'GetObjectCommand') await faults.beforeGetObject?.(String((args.input as { Key?: string }).Key));
      return next(args);
    },
    { step: 'initialize', name: 'reviewPackFaults' },
  );
});

afterAll(async () => {
  await app?.close();
});

interface Uploaded {
  readonly id: string;
  readonly version: number;
  readonly key: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** Uploads a file as a browser does; the processor marks it AVAILABLE. */
async function upload(target: Community, file: { fileName: string; contentType: string; bytes: Uint8Array }, element?: AqtElement, ownerType = 'COMMUNITY', token = tokens.editor): Promise<Uploaded> {
  const requested = ok(
    await http.execute(
      UPLOAD,
      { input: { ownerType, ownerId: target.id, fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes), ...(element ? { element } : {}) } },
      token,
    ),
  ).requestEvidenceUpload;
  const posted = await app.uploadEvidence(requested.upload, file);
  expect(posted.outcomes.map((outcome) => outcome.result)).toEqual(['AVAILABLE']);
  const key = requested.upload.fields.find((field: { name: string }) => field.name === 'key').value as string;
  return { id: requested.evidence.id, version: requested.evidence.version, key, fileName: file.fileName, bytes: file.bytes };
}

/** A video of `size` bytes: an MP4 header, then random bytes (so every copy hashes differently). */
function video(fileName: string, size: number) {
  const bytes = Buffer.from(SAMPLES.mp4().bytes.subarray(0, 32));
  const body = Buffer.concat([bytes, randomBytes(size - bytes.length)]);
  body.writeUInt32BE(size - 24, 24);
  return { fileName, contentType: CONTENT_TYPES.mp4, bytes: new Uint8Array(body) };
}

/** Reads the pack until its job has ended. */
async function settled(door: Door, id: string, token = tokens.editor) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pack = ok(await door.execute(READ, { id }, token)).reviewPack;
    if (pack.status === 'DONE' || pack.status === 'FAILED') return pack;
    if (Date.now() > deadline) throw new Error(`pack ${id} still ${pack.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly utf8: boolean;
  readonly bytes: Buffer;
}

/** Every entry of the ZIP, read with yauzl (names decoded as its UTF-8 flag says). */
function readZip(buffer: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.push({ name: entry.fileName, method: entry.compressionMethod, utf8: (entry.generalPurposeBitFlag & 0x800) !== 0, bytes: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('a pack built from s3rver', () => {
  let files: Uploaded[];
  let withdrawn: Uploaded;
  let pack: { id: string; url: string; expiresAt: string; fileName: string; progress: { files: number; bytes: number }; bytes: number };
  let download: Response;
  let entries: ZipEntry[];

  beforeAll(async () => {
    // Prepare: an archive with Chinese names, two files of one name in one element, one file without
    // an element, a committee file, a withdrawn file (not in the pack), and a submitted self-assessment.
    files = [
      await upload(community, { ...SAMPLES.pdf(), fileName: '安全社区促进委员会成立文件.pdf' }, 'ORGANISATION'),
      await upload(community, { ...SAMPLES.pdf(), bytes: pdf('促进委员会'), fileName: '安全社区促进委员会成立文件.pdf' }, 'ORGANISATION', 'COMMITTEE'),
      await upload(community, { ...SAMPLES.jpeg(), fileName: '老年人防跌倒入户照片.jpg' }, 'PROMOTION_PROJECTS'),
      await upload(community, video('消防疏散演练.mp4', 3 * MiB + 17), 'EMERGENCY_RESPONSE'),
      await upload(community, { ...SAMPLES.xlsx(), fileName: '培训签到表（2024年）.xlsx' }, 'EDUCATION_AND_TRAINING'),
      await upload(community, { ...SAMPLES.docx(), fileName: '其他材料.docx' }),
    ];
    withdrawn = await upload(community, { ...SAMPLES.pdf(), fileName: '上传错误的文件.pdf' }, 'ARCHIVES');
    ok(await http.execute(WITHDRAW, { input: { id: withdrawn.id, version: 2, reason: '上传错误' } }, tokens.editor));
    await seedSubmittedSelfAssessment(app.table, community, 'CITY', 'B');

    // Act
    const requested = ok(await http.execute(REQUEST, { c: community.id }, tokens.editor)).requestReviewPack;
    expect(requested).toMatchObject({ status: 'QUEUED', community: { id: community.id } });
    pack = await settled(http, requested.id);
    download = await fetch(pack.url);
    entries = await readZip(Buffer.from(await download.arrayBuffer()));
  });

  it('is DONE with a short-lived link to one ZIP, offered under its Chinese name', () => {
    // Assess
    expect(pack).toMatchObject({ status: 'DONE', failureReason: null, progress: { files: files.length, bytes: files.reduce((total, file) => total + file.bytes.length, 0) } });
    expect(pack.fileName).toMatch(/^评审资料包-西城区新街口街道-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(Date.parse(pack.expiresAt) - Date.now()).toBeGreaterThan(200_000);
    expect(Date.parse(pack.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(new URL(pack.url).pathname).toContain(`/exports/${pack.id}/`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(pack.fileName)}`);
    expect(Number(download.headers.get('content-length'))).toBe(pack.bytes);
  });

  it('holds every AVAILABLE file, STORED under its UTF-8 name, in its element folder in the standard\'s order, byte for byte', () => {
    // Act
    const folders = entries.filter((entry) => entry.name.endsWith('/'));
    const fileEntries = entries.filter((entry) => !entry.name.endsWith('/'));

    // Assess: a folder for every element, those no file fills as entries of their own.
    const empty = ['COMMUNICATION_AND_PARTICIPATION', 'RISK_ASSESSMENT', 'GOALS_AND_PLANS', 'MONITORING', 'INJURY_RECORDS', 'ARCHIVES', 'CORRECTIVE_ACTIONS', 'REVIEW_AND_IMPROVEMENT'] as const;
    expect(folders.map((entry) => entry.name)).toEqual(empty.map((element) => `${String(AQT_ELEMENTS.indexOf(element) + 1).padStart(2, '0')} ${AQT_ELEMENT_NAMES[element]}/`));
    expect(folders.every((entry) => entry.bytes.length === 0 && entry.utf8)).toBe(true);
    expect(fileEntries.map((entry) => entry.name)).toEqual([
      '00 评审资料索引.xlsx',
      `01 ${AQT_ELEMENT_NAMES.ORGANISATION}/安全社区促进委员会成立文件.pdf`,
      `01 ${AQT_ELEMENT_NAMES.ORGANISATION}/安全社区促进委员会成立文件 (2).pdf`,
      `05 ${AQT_ELEMENT_NAMES.PROMOTION_PROJECTS}/老年人防跌倒入户照片.jpg`,
      `06 ${AQT_ELEMENT_NAMES.EDUCATION_AND_TRAINING}/培训签到表（2024年）.xlsx`,
      `07 ${AQT_ELEMENT_NAMES.EMERGENCY_RESPONSE}/消防疏散演练.mp4`,
      '13 未归类材料/其他材料.docx',
    ]);
    expect(fileEntries.every((entry) => entry.method === 0 && entry.utf8)).toBe(true);
    const byName = new Map(fileEntries.map((entry) => [entry.name, sha256(entry.bytes)]));
    expect([...byName.values()].slice(1).sort()).toEqual(files.map((file) => sha256(file.bytes)).sort());
    expect(byName.get(`07 ${AQT_ELEMENT_NAMES.EMERGENCY_RESPONSE}/消防疏散演练.mp4`)).toBe(sha256(files[3]!.bytes));
    expect(entries.some((entry) => entry.name.includes('上传错误'))).toBe(false);
  });

  it('has an index that exceljs reads: each file with owner, element, uploader, time, size and SHA-256, and the self-assessment', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(entries[0]!.bytes as unknown as ArrayBuffer);

    // Act
    const index = workbook.getWorksheet('文件索引 Files')!;
    const rows = index.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1));
    const assessment = workbook.getWorksheet('自评 Self-assessment');

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['概览 Overview', '文件索引 Files', '自评 Self-assessment']);
    expect(rows).toHaveLength(files.length);
    const video = rows.find((row) => row[1] === '消防疏散演练.mp4')!;
    expect(video).toEqual([
      `07 ${AQT_ELEMENT_NAMES.EMERGENCY_RESPONSE}/消防疏散演练.mp4`,
      '消防疏散演练.mp4',
      '社区 Community',
      community.id,
      `7 ${AQT_ELEMENT_NAMES.EMERGENCY_RESPONSE}`,
      expect.any(String),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      3 * MiB + 17,
      sha256(files[3]!.bytes),
    ]);
    expect(rows.find((row) => String(row[0]).endsWith('(2).pdf'))?.[2]).toBe('安全社区促进委员会 Committee');
    expect(rows.find((row) => row[1] === '其他材料.docx')?.[4]).toBe('未归类 Unassigned');
    const sheet = sheetOfLevel('CITY');
    expect(assessment?.getCell('A1').value).toBe(`自评 Self-assessment: ${sheet.title}`);
    const itemRows = assessment!.getSheetValues().filter((row) => Array.isArray(row) && sheet.items.some((item) => item.id === row[1]));
    expect(itemRows).toHaveLength(sheet.items.length);
    const overview = workbook.getWorksheet('概览 Overview')!;
    expect(overview.getCell('B2').value).toBe('西城区新街口街道');
  });
});

describe('a pack whose source object vanished while it was built', () => {
  it('fails clearly, aborts the multipart upload and publishes nothing', async () => {
    // Prepare: three videos of 6 MiB; the third is deleted from s3rver just before its GetObject,
    // after the first 8 MiB part has been uploaded.
    const target = await seedCommunity(app.table, { regionCode: '110102004', name: '西城区金融街街道' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [target.id] });
    const videos: Uploaded[] = [];
    for (const name of ['宣传片一.mp4', '宣传片二.mp4', '宣传片三.mp4']) videos.push(await upload(target, video(name, 6 * MiB), 'EDUCATION_AND_TRAINING', 'COMMUNITY', editor));
    const remover = createS3Client(loadConfig(app.env).aws);
    const vanishing = videos[2]!;
    faults.beforeGetObject = async (key) => {
      if (key === vanishing.key) await remover.send(new DeleteObjectCommand({ Bucket: app.bucket, Key: key }));
    };
    faults.commands = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      // Act
      const requested = ok(await http.execute(REQUEST, { c: target.id }, editor)).requestReviewPack;
      const pack = await settled(http, requested.id, editor);

      // Assess
      expect(pack).toMatchObject({ status: 'FAILED', url: null, expiresAt: null });
      expect(pack.failureReason).toContain(`evidence ${vanishing.id} (宣传片三.mp4) is no longer in the bucket`);
      expect(pack.failureReason).toContain('no pack was published');
      expect(faults.commands).toEqual(expect.arrayContaining(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']));
      expect(faults.commands).not.toContain('CompleteMultipartUploadCommand');
      expect(faults.commands).not.toContain('PutObjectCommand');
      const listed = await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: `exports/${pack.id}/` }));
      expect(listed.KeyCount ?? 0).toBe(0);
      // The guard is released with the failure: a new request starts a new pack.
      const guard = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: reviewPackKeys.runningGuard(target.id), ConsistentRead: true }));
      expect(guard.Item).toBeUndefined();
      // The job's log names the evidence by id and the kind of failure, never the file's name.
      const lines = JSON.stringify(logged.mock.calls);
      expect(lines).toContain(vanishing.id);
      expect(lines).toContain('MISSING');
      expect(lines).not.toContain('宣传片');
    } finally {
      logged.mockRestore();
      faults.beforeGetObject = undefined;
      remover.destroy();
    }
  });
});

describe('a re-request while a pack is being built', () => {
  it('returns the running pack through either door, also to requests at the same instant, and a new one once it ended', async () => {
    // Prepare: the job's first GetObject waits until released, so the pack stays RUNNING.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      reached = resolve;
    });
    faults.beforeGetObject = async () => {
      reached();
      await held;
    };
    try {
      const first = ok(await http.execute(REQUEST, { c: community.id }, tokens.editor)).requestReviewPack;
      await running;

      // Act
      const again = await Promise.all([
        http.execute(REQUEST, { c: community.id }, tokens.editor),
        lambda.execute(REQUEST, { c: community.id }, tokens.reviewer),
        lambda.execute(REQUEST, { c: community.id }, tokens.admin),
      ]);
      const status = ok(await lambda.execute(READ, { id: first.id }, tokens.nationalReviewer)).reviewPack;
      release();
      const done = await settled(http, first.id);
      const next = ok(await lambda.execute(REQUEST, { c: community.id }, tokens.editor)).requestReviewPack;
      await settled(lambda, next.id);

      // Assess
      expect(again.map((response) => ok(response).requestReviewPack.id)).toEqual([first.id, first.id, first.id]);
      expect(status).toMatchObject({ status: 'RUNNING', url: null, progress: { files: 0, totalFiles: 6 } });
      expect(done.status).toBe('DONE');
      expect(next.id).not.toBe(first.id);
    } finally {
      faults.beforeGetObject = undefined;
      release();
    }
  });

  it('answers two requests at the same instant with one pack', async () => {
    // Act
    const [a, b] = await Promise.all([http.execute(REQUEST, { c: other.id }, tokens.admin), lambda.execute(REQUEST, { c: other.id }, tokens.admin)]);

    // Assess
    expect(ok(a).requestReviewPack.id).toBe(ok(b).requestReviewPack.id);
    await settled(http, ok(a).requestReviewPack.id, tokens.admin);
  });
});

describe('who may request and read a pack', () => {
  let packId: string;

  beforeAll(async () => {
    packId = ok(await http.execute(REQUEST, { c: community.id }, tokens.admin)).requestReviewPack.id;
    await settled(http, packId, tokens.admin);
  });

  it.each([
    ['the community\'s editor', 'editor'],
    ['a reviewer whose region holds it', 'reviewer'],
    ['a national reviewer', 'nationalReviewer'],
    ['an admin', 'admin'],
  ] as const)('lets %s request and read it, through both doors', async (_who, role) => {
    for (const door of [http, lambda]) {
      // Act
      const requested = await door.execute(REQUEST, { c: community.id }, tokens[role]);
      const read = await door.execute(READ, { id: packId }, tokens[role]);

      // Assess
      expect(ok(requested).requestReviewPack.id).toEqual(expect.any(String));
      expect(ok(read).reviewPack).toMatchObject({ id: packId, status: 'DONE', url: expect.stringContaining(`/exports/${packId}/`) });
      await settled(door, ok(requested).requestReviewPack.id, tokens[role]);
    }
  });

  it.each([
    ['an analyst in region (the pack holds incident evidence)', 'analyst', 'FORBIDDEN'],
    ['an editor of another community', 'otherEditor', 'NOT_FOUND'],
    ['a reviewer of another region', 'otherReviewer', 'NOT_FOUND'],
  ] as const)('refuses %s, and writes nothing', async (_who, role, code) => {
    // Prepare
    const target = await seedCommunity(app.table, { regionCode: '110102005', name: `德胜街道-${role}` });

    for (const door of [http, lambda]) {
      // Act
      const requested = await door.execute(REQUEST, { c: target.id }, tokens[role]);
      const read = await door.execute(READ, { id: packId }, tokens[role]);

      // Assess
      expect(errorCode(requested)).toBe(code);
      expect(requested.body.errors?.[0]?.message).not.toContain('REVIEW_PACK');
      expect(errorCode(read)).toBe(code);
      const guard = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: reviewPackKeys.runningGuard(target.id), ConsistentRead: true }));
      expect(guard.Item).toBeUndefined();
    }
  });

  it('refuses a caller without a token, a malformed id and an unknown one', async () => {
    // Act
    const anonymous = await http.execute(REQUEST, { c: community.id });
    const malformed = await http.execute(REQUEST, { c: 'x#y' }, tokens.admin);
    const unknownCommunity = await http.execute(REQUEST, { c: '0f8fad5b-d9cb-469f-a165-70867728950e' }, tokens.admin);
    const unknownPack = await lambda.execute(READ, { id: '0f8fad5b-d9cb-469f-a165-70867728950e' }, tokens.admin);

    // Assess
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.body.errors?.[0]?.extensions?.field).toBe('communityId');
    expect(errorCode(unknownCommunity)).toBe('NOT_FOUND');
    expect(errorCode(unknownPack)).toBe('NOT_FOUND');
  });
});
