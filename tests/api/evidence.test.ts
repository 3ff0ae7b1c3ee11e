import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { recordKey } from '#core/db/keys.ts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, type TestApp } from '#tests/support/app.ts';
import {
  CONTENT_TYPES,
  docx,
  elfExecutable,
  pdf,
  SAMPLES,
  type SampleFile,
  sha256,
  windowsExecutable,
} from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';

const EVIDENCE_FIELDS = `id ownerType ownerId community { id } fileName contentType size sha256 element status rejectionReason
  uploadedBy uploadedAt availableAt withdrawnAt withdrawalReason downloadUrl version`;
const REQUEST = `mutation($input: RequestEvidenceUploadInput!) {
  requestEvidenceUpload(input: $input) { evidence { ${EVIDENCE_FIELDS} } upload { url expiresAt fields { name value } } }
}`;
const GET = `query($id: ID!) { evidence(id: $id) { ${EVIDENCE_FIELDS} } }`;
const WITHDRAW = `mutation($input: WithdrawEvidenceInput!) { withdrawEvidence(input: $input) { ${EVIDENCE_FIELDS} } }`;
const COMMUNITY_EVIDENCE = `query($id: ID!, $status: EvidenceStatus, $first: Int, $after: String) {
  community(id: $id) {
    evidence(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status fileName } } }
    committeeEvidence { totalCount edges { node { id } } }
  }
}`;
const ARCHIVE = `query($id: ID!) {
  community(id: $id) {
    archive {
      total missingElements
      elements { element count evidence { id ownerType status fileName downloadUrl } }
      unassigned { id fileName }
    }
  }
}`;
const OWNER_EVIDENCE = `query($project: ID!, $intervention: ID!, $incident: ID!, $activity: ID!, $certification: ID!) {
  project(id: $project) { evidence { totalCount edges { node { id ownerType } } } }
  intervention(id: $intervention) { evidence { totalCount edges { node { id ownerType } } } }
  incident(id: $incident) { description evidence { totalCount edges { node { id ownerType } } } }
  activity(id: $activity) { evidence { totalCount edges { node { id ownerType } } } }
  certification(id: $certification) { evidence { totalCount edges { node { id ownerType } } } }
}`;

/** An evidence id: a random UUID under the evidence tag (ids.ts), which the object key repeats. */
const EVIDENCE_ID = /^evd_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let app: TestApp;
let community: Community;
let other: Community;
let admin: string;
let editor: string;
let otherEditor: string;
let analyst37: string;
let analyst21: string;
let reviewer: string;
/** One record of each kind, in `community`. */
let owners: Record<'PROJECT' | 'INTERVENTION' | 'INCIDENT' | 'ACTIVITY' | 'CERTIFICATION', string>;

async function ok(response: GraphQLResponse) {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
}

beforeAll(async () => {
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇', stage: 'SELF_ASSESSED', stageHistory: [{ stage: 'SELF_ASSESSED', on: '2008-10-01' }] });
  other = await seedCommunity(app.table, { regionCode: '210103019', name: '南塔街道' });
  [admin, editor, otherEditor, analyst37, analyst21, reviewer] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'REVIEWER' }),
  ]);
  const door = app.doors[1]!;
  const project = await ok(
    await door.execute(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      { input: { communityId: community.id, name: '农药中毒预防', category: 'PESTICIDE_POISONING', leadAgency: '吴店镇安全生产办公室', startOn: '2008-03-01' } },
      editor,
    ),
  );
  const intervention = await ok(
    await door.execute(
      `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`,
      { input: { projectId: project.createProject.id, kind: 'PRODUCTS', description: '免费发放农药存放箱', responsibleUnit: '吴店镇农业站', startOn: '2008-06-01' } },
      editor,
    ),
  );
  const incident = await ok(
    await door.execute(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      {
        input: fallAtHome(community.id, { victimAgeGroup: 'AGE_75_PLUS', victimSex: 'FEMALE', description: '独居老人在厨房滑倒，右腕骨折' }),
      },
      editor,
    ),
  );
  const activity = await ok(
    await door.execute(
      `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { communityId: community.id, kind: 'DRILL', topic: '消防应急演练', heldOn: '2009-06-15', audienceGroups: ['ALL_RESIDENTS'], attendeeCount: 320 } },
      editor,
    ),
  );
  const certification = await ok(
    await door.execute(
      `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id } }`,
      // An ISCCC application: it needs no self-assessment and no chain, and owns evidence like any other
      // (the review team's own evidence of CITY and NATIONAL reviews: certification-chain.test.ts).
      { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } },
      editor,
    ),
  );
  owners = {
    PROJECT: project.createProject.id,
    INTERVENTION: intervention.createIntervention.id,
    INCIDENT: incident.createIncident.id,
    ACTIVITY: activity.createActivity.id,
    CERTIFICATION: certification.applyForCertification.id,
  };
});
afterAll(() => app.close());

function fieldsOf(upload: { fields: { name: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(upload.fields.map(({ name, value }) => [name, value]));
}

describe.each([0, 1])('evidence through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;

  async function requestUpload(file: SampleFile, overrides: Record<string, unknown> = {}, token = editor) {
    const input = {
      ownerType: 'COMMUNITY',
      ownerId: community.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.length,
      sha256: sha256(file.bytes),
      ...overrides,
    };
    return (await ok(await door().execute(REQUEST, { input }, token))).requestEvidenceUpload;
  }

  /** Requests an upload, sends the bytes as a browser would, and lets the processor check them. */
  async function uploaded(file: SampleFile, overrides: Record<string, unknown> = {}, bytes = file.bytes) {
    const { evidence, upload } = await requestUpload(file, overrides);
    const sent = await app.uploadEvidence(upload, { bytes, contentType: file.contentType, fileName: file.fileName });
    expect(sent.status).toBe(204);
    return { id: evidence.id as string, key: fieldsOf(upload).key as string, outcomes: sent.outcomes };
  }

  async function read(id: string, token = editor) {
    return (await ok(await door().execute(GET, { id }, token))).evidence;
  }

  async function objectExists(key: string): Promise<boolean> {
    try {
      await app.s3.send(new HeadObjectCommand({ Bucket: app.bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }

  const ownerTypes = ['COMMUNITY', 'COMMITTEE', 'PROJECT', 'INTERVENTION', 'INCIDENT', 'ACTIVITY', 'CERTIFICATION'] as const;

  it.each(Object.keys(SAMPLES).map((kind, index) => [kind, ownerTypes[index % ownerTypes.length]!] as const))(
    'accepts a %s on a %s owner: uploaded by POST, checked, AVAILABLE, downloaded byte for byte under its Chinese name',
    async (kind, ownerType) => {
      // Prepare
      const file = SAMPLES[kind as keyof typeof SAMPLES]();
      const ownerId = ownerType === 'COMMUNITY' || ownerType === 'COMMITTEE' ? community.id : owners[ownerType];
      // Act
      const { id, outcomes } = await uploaded(file, { ownerType, ownerId, element: 'PROMOTION_PROJECTS' });
      const evidence = await read(id);
      const download = await fetch(evidence.downloadUrl);
      // Assess
      expect(outcomes).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
      expect(evidence).toMatchObject({
        ownerType,
        ownerId,
        community: { id: community.id },
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.bytes.length,
        sha256: sha256(file.bytes),
        element: 'PROMOTION_PROJECTS',
        status: 'AVAILABLE',
        rejectionReason: null,
        version: 2,
      });
      expect(evidence.availableAt).not.toBeNull();
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(file.contentType);
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      );
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(file.bytes))).toBe(true);
    },
  );

  it('issues a presigned POST for one server-chosen key, fixing content type and exact size, valid about 15 minutes', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const before = Date.now();
    // Act
    const { evidence, upload } = await requestUpload(file);
    // Assess
    const fields = fieldsOf(upload);
    expect(upload.fields[0]).toEqual({ name: 'key', value: `evidence/${community.id}/${evidence.id}` });
    expect(evidence.id).toMatch(EVIDENCE_ID);
    expect(fields.key).not.toContain('安全');
    expect(evidence).toMatchObject({ status: 'PENDING_UPLOAD', downloadUrl: null, version: 1 });
    expect(upload.url).toBe(`${app.env.S3_ENDPOINT}/${app.bucket}`);
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['Content-Type', 'Policy', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature']));
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', file.bytes.length, file.bytes.length],
        { 'Content-Type': 'application/pdf' },
        { key: fields.key },
        { bucket: app.bucket },
      ]),
    );
    const expiresIn = Date.parse(upload.expiresAt) - before;
    expect(expiresIn).toBeGreaterThanOrEqual(10 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    expect(Math.abs(Date.parse(policy.expiration) - Date.parse(upload.expiresAt))).toBeLessThan(2_000);
  });

  it.each([
    ['an executable type', { contentType: 'application/x-msdownload' }, 'input.contentType'],
    ['HTML', { contentType: 'text/html' }, 'input.contentType'],
    ['a PDF over 25 MB', { size: 25 * 1024 * 1024 + 1 }, 'input.size'],
    ['an MP4 over 500 MB', { contentType: CONTENT_TYPES.mp4, size: 500 * 1024 * 1024 + 1 }, 'input.size'],
    ['an empty file', { size: 0 }, 'input.size'],
    ['a hash that is not SHA-256', { sha256: 'abc123' }, 'input.sha256'],
    ['an empty file name', { fileName: '  ' }, 'input.fileName'],
    ['a path as file name', { fileName: '../../etc/passwd' }, 'input.fileName'],
    ['an unknown element', { element: 'ELEMENT_13' }, 'input.element'],
  ])('refuses %s with BAD_USER_INPUT naming %s, before any URL exists', async (_label, override, field) => {
    // Prepare
    const file = SAMPLES.pdf();
    const before = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: community.id, first: 0 }, admin))).community.evidence.totalCount;
    // Act
    const response = await door().execute(
      REQUEST,
      { input: { ownerType: 'COMMUNITY', ownerId: community.id, fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes), ...override } },
      editor,
    );
    // Assess
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.body.data?.requestEvidenceUpload ?? null).toBeNull();
    const after = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: community.id, first: 0 }, admin))).community.evidence.totalCount;
    expect(after).toBe(before);
  });

  it('accepts an MP4 declared at exactly 500 MB and a PDF at exactly 25 MB (the limits are inclusive)', async () => {
    const video = await requestUpload({ ...SAMPLES.mp4(), bytes: new Uint8Array(0) }, { size: 500 * 1024 * 1024, sha256: 'a'.repeat(64) });
    const document = await requestUpload(SAMPLES.pdf(), { size: 25 * 1024 * 1024, sha256: 'B'.repeat(64) });
    expect(video.evidence).toMatchObject({ size: 524_288_000, status: 'PENDING_UPLOAD' });
    expect(document.evidence).toMatchObject({ size: 26_214_400, sha256: 'b'.repeat(64) });
  });

  it.each([
    ['owner is another community (editor of 南塔)', () => ({ ownerType: 'COMMUNITY', ownerId: community.id }), () => otherEditor, 'NOT_FOUND'],
    ["a project of a community outside the editor's scope", () => ({ ownerType: 'PROJECT', ownerId: owners.PROJECT }), () => otherEditor, 'NOT_FOUND'],
    ['an incident, for an analyst of another province', () => ({ ownerType: 'INCIDENT', ownerId: owners.INCIDENT }), () => analyst21, 'NOT_FOUND'],
    ['a community an analyst may read but not write', () => ({ ownerType: 'COMMITTEE', ownerId: community.id }), () => analyst37, 'FORBIDDEN'],
    ['an activity, for a reviewer', () => ({ ownerType: 'ACTIVITY', ownerId: owners.ACTIVITY }), () => reviewer, 'FORBIDDEN'],
    ['a project that does not exist', () => ({ ownerType: 'PROJECT', ownerId: 'e0a5d3c2-0000-4000-8000-000000000000' }), () => admin, 'NOT_FOUND'],
    ['a certification id given as a project', () => ({ ownerType: 'PROJECT', ownerId: owners.CERTIFICATION }), () => editor, 'NOT_FOUND'],
  ])('refuses an upload when %s (%s), writing nothing', async (_label, owner, token, code) => {
    // Prepare
    const before = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: community.id, first: 0 }, admin))).community.evidence.totalCount;
    const file = SAMPLES.png();
    // Act
    const response = await door().execute(
      REQUEST,
      { input: { ...owner(), fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes) } },
      token(),
    );
    // Assess
    expect(errorCode(response)).toBe(code);
    expect(JSON.stringify(response.body)).not.toContain('X-Amz-Signature');
    const after = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: community.id, first: 0 }, admin))).community.evidence.totalCount;
    expect(after).toBe(before);
  });

  it.each([
    ['a wrong SHA-256', () => ({ file: SAMPLES.pdf(), overrides: { sha256: sha256(pdf('another file')) } }), /SHA-256 is [0-9a-f]{64}, not the declared/],
    ['an ELF executable renamed to .pdf', () => ({ file: { ...SAMPLES.pdf(), fileName: '工作方案.pdf', bytes: elfExecutable() }, overrides: {} }), /an ELF executable, not a PDF document/],
    ['a Windows executable declared as DOCX', () => ({ file: { ...SAMPLES.docx(), bytes: windowsExecutable() }, overrides: {} }), /a Windows executable \(MZ\), not a Word document/],
    ['a Word document declared as XLSX', () => ({ file: { ...SAMPLES.xlsx(), bytes: docx() }, overrides: {} }), /a Word document \(DOCX\), not an Excel workbook/],
    ['a PNG declared as JPEG', () => ({ file: { ...SAMPLES.jpeg(), bytes: SAMPLES.png().bytes }, overrides: {} }), /a PNG image, not a JPEG image/],
  ])('rejects %s and takes the object out of reach', async (_label, make, reason) => {
    // Prepare
    const { file, overrides } = make();
    // Act
    const { id, key, outcomes } = await uploaded(file, overrides);
    const evidence = await read(id);
    // Assess
    expect(outcomes).toEqual([{ result: 'REJECTED', evidenceId: id, reason: expect.stringMatching(reason) }]);
    expect(evidence).toMatchObject({ status: 'REJECTED', downloadUrl: null, availableAt: null });
    expect(evidence.rejectionReason).toMatch(reason);
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a file bigger than declared (s3rver does not enforce the POST policy; the processor does)', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const bigger = Buffer.concat([Buffer.from(file.bytes), Buffer.alloc(4096, 0x20)]);
    // Act
    const { id, key } = await uploaded(file, {}, bigger);
    // Assess
    const evidence = await read(id);
    expect(evidence.status).toBe('REJECTED');
    expect(evidence.rejectionReason).toBe(`the file is ${bigger.length} bytes, not the declared ${file.bytes.length}`);
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a file that arrives after its upload URL expired', async () => {
    // Prepare: the URL was issued long ago (S3 itself would refuse the POST; s3rver does not check)
    const file = SAMPLES.jpeg();
    const { evidence, upload } = await requestUpload(file);
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await app.table.client.send(
      new UpdateCommand({ TableName: app.table.name, Key: { pk: `EVIDENCE#${evidence.id}`, sk: 'EVIDENCE' }, UpdateExpression: 'SET uploadExpiresAt = :past', ExpressionAttributeValues: { ':past': anHourAgo } }),
    );
    // Act
    const sent = await app.uploadEvidence(upload, file);
    // Assess
    expect(sent.outcomes[0]).toMatchObject({ result: 'REJECTED' });
    const read1 = await read(evidence.id);
    expect(read1.status).toBe('REJECTED');
    expect(read1.rejectionReason).toContain(`after its upload URL expired at ${anHourAgo}`);
  });

  it('issues download URLs only to readers, for 300 seconds, pinned and signed for the host alone', async () => {
    // Prepare
    const file = SAMPLES.docx();
    const { id } = await uploaded(file, { element: 'ORGANISATION' });
    // Act
    const asEditor = await read(id, editor);
    const asAnalyst = await read(id, analyst37);
    const outsider = await door().execute(GET, { id }, analyst21);
    const otherOffice = await door().execute(GET, { id }, otherEditor);
    const anonymous = await door().execute(GET, { id });
    // Assess
    const url = new URL(asEditor.downloadUrl);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.pathname).toBe(`/${app.bucket}/evidence/${community.id}/${id}`);
    const bytes = Buffer.from(await (await fetch(asEditor.downloadUrl)).arrayBuffer());
    expect(bytes.equals(Buffer.from(file.bytes))).toBe(true);
    expect(asAnalyst.downloadUrl).toMatch(/X-Amz-Expires=300/);
    expect(errorCode(outsider)).toBe('NOT_FOUND');
    expect(errorCode(otherOffice)).toBe('NOT_FOUND');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify([outsider.body, otherOffice.body])).not.toContain('X-Amz');
  });

  it('pins downloads to the object version the processor checked, where S3 gives one', async () => {
    // Prepare: s3rver keeps no versions; on the versioned bucket the processor records the checked VersionId
    const { id } = await uploaded(SAMPLES.png());
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: recordKey('EVIDENCE', id),
        UpdateExpression: 'SET objectVersionId = :version',
        ExpressionAttributeValues: { ':version': '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' },
      }),
    );
    // Act
    const evidence = await read(id);
    // Assess
    expect(new URL(evidence.downloadUrl).searchParams.get('versionId')).toBe('3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY');
  });

  it("keeps an incident's files from analysts, as the incident's description is", async () => {
    // Prepare
    const { id } = await uploaded(SAMPLES.jpeg(), { ownerType: 'INCIDENT', ownerId: owners.INCIDENT, element: 'INJURY_RECORDS' });
    const variables = { ...Object.fromEntries(Object.entries(owners).map(([type, ownerId]) => [type.toLowerCase(), ownerId])) };
    // Act
    const direct = await door().execute(GET, { id }, analyst37);
    const nested = await ok(await door().execute(OWNER_EVIDENCE, variables, analyst37));
    const asEditor = await ok(await door().execute(OWNER_EVIDENCE, variables, editor));
    const archive = await ok(await door().execute(ARCHIVE, { id: community.id }, analyst37));
    const archiveOfEditor = await ok(await door().execute(ARCHIVE, { id: community.id }, editor));
    // Assess
    expect(errorCode(direct)).toBe('FORBIDDEN');
    expect(nested.incident).toEqual({ description: null, evidence: null });
    expect(asEditor.incident.evidence.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(id);
    const injuryRecords = (data: typeof archive) => data.community.archive.elements.find((element: { element: string }) => element.element === 'INJURY_RECORDS');
    expect(injuryRecords(archive).evidence.map((item: { id: string }) => item.id)).not.toContain(id);
    expect(injuryRecords(archiveOfEditor).evidence.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('lists evidence on every owner, newest first, with a status filter and cursors', async () => {
    // Prepare
    const fresh = await seedCommunity(app.table, { regionCode: '371702002' });
    const token = await app.token({ role: 'COMMUNITY_EDITOR', communities: [fresh.id] });
    const ids: string[] = [];
    for (const file of [SAMPLES.pdf(), SAMPLES.png(), SAMPLES.webp()]) {
      const response = await door().execute(
        REQUEST,
        { input: { ownerType: 'COMMUNITY', ownerId: fresh.id, fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes) } },
        token,
      );
      const { evidence, upload } = (await ok(response)).requestEvidenceUpload;
      if (ids.length < 2) await app.uploadEvidence(upload, file);
      ids.push(evidence.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Act
    const firstPage = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: fresh.id, first: 2 }, token))).community;
    const secondPage = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: fresh.id, first: 2, after: firstPage.evidence.pageInfo.endCursor }, token))).community;
    const available = (await ok(await door().execute(COMMUNITY_EVIDENCE, { id: fresh.id, status: 'AVAILABLE' }, token))).community;
    const nested = await ok(await door().execute(OWNER_EVIDENCE, Object.fromEntries(Object.entries(owners).map(([type, id]) => [type.toLowerCase(), id])), admin));
    // Assess
    expect(firstPage.evidence.totalCount).toBe(3);
    expect(firstPage.evidence.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[2], ids[1]]);
    expect(firstPage.evidence.pageInfo.hasNextPage).toBe(true);
    expect(secondPage.evidence.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[0]]);
    expect(available.evidence.edges.map((edge: { node: { status: string } }) => edge.node.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(firstPage.committeeEvidence.totalCount).toBe(0);
    for (const [type, owner] of Object.entries(nested)) {
      const connection = (owner as { evidence: { totalCount: number; edges: { node: { ownerType: string } }[] } }).evidence;
      expect(connection.totalCount, type).toBeGreaterThan(0);
      expect(new Set(connection.edges.map((edge) => edge.node.ownerType))).toEqual(new Set([type.toUpperCase()]));
    }
  });

  it('withdraws evidence without destroying it: out of the archive, no download, the object kept', async () => {
    // Prepare
    const { id, key } = await uploaded(SAMPLES.pdf(), { element: 'GOALS_AND_PLANS' });
    // Act
    const analyst = await door().execute(WITHDRAW, { input: { id, version: 2, reason: '误传' } }, analyst37);
    const outsider = await door().execute(WITHDRAW, { input: { id, version: 2, reason: '误传' } }, otherEditor);
    const stale = await door().execute(WITHDRAW, { input: { id, version: 1, reason: '误传' } }, editor);
    const withdrawn = (await ok(await door().execute(WITHDRAW, { input: { id, version: 2, reason: '上传了旧版本，已重新上传' } }, editor))).withdrawEvidence;
    const again = await door().execute(WITHDRAW, { input: { id, version: 3, reason: '再撤回' } }, editor);
    const archive = (await ok(await door().execute(ARCHIVE, { id: community.id }, reviewer))).community.archive;
    // Assess
    expect(errorCode(analyst)).toBe('FORBIDDEN');
    expect(errorCode(outsider)).toBe('NOT_FOUND');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '上传了旧版本，已重新上传', downloadUrl: null, version: 3 });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.id');
    const all = archive.elements.flatMap((element: { evidence: { id: string }[] }) => element.evidence.map((item) => item.id));
    expect(all).not.toContain(id);
    expect(await objectExists(key)).toBe(true);
  });

  it("groups a community's archive by the twelve AQ/T 9001 elements, AVAILABLE evidence only, and names what is missing", async () => {
    // Prepare: a fresh community with evidence on itself, its committee and an activity; and some that must not count
    const fresh = await seedCommunity(app.table, { regionCode: '371702003', name: `档案测试${doorIndex}` });
    const token = await app.token({ role: 'COMMUNITY_EDITOR', communities: [fresh.id] });
    const activity = await ok(
      await door().execute(
        `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
        { input: { communityId: fresh.id, kind: 'TRAINING', topic: '安全员培训', heldOn: '2010-04-01', audienceGroups: ['ALL_RESIDENTS'], attendeeCount: 40 } },
        token,
      ),
    );
    async function put(file: SampleFile, owner: Record<string, unknown>, options: { bytes?: Uint8Array; notify?: boolean } = {}) {
      const response = await door().execute(
        REQUEST,
        { input: { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes), ...owner } },
        token,
      );
      const { evidence, upload } = (await ok(response)).requestEvidenceUpload;
      await app.uploadEvidence(upload, { ...file, bytes: options.bytes ?? file.bytes }, { notify: options.notify ?? true });
      return evidence.id as string;
    }
    const charter = await put(SAMPLES.pdf(), { ownerType: 'COMMUNITY', ownerId: fresh.id, element: 'ORGANISATION' });
    const minutes = await put(SAMPLES.docx(), { ownerType: 'COMMITTEE', ownerId: fresh.id, element: 'ORGANISATION' });
    const signIn = await put(SAMPLES.xlsx(), { ownerType: 'ACTIVITY', ownerId: activity.createActivity.id, element: 'EDUCATION_AND_TRAINING' });
    const photo = await put(SAMPLES.jpeg(), { ownerType: 'COMMUNITY', ownerId: fresh.id });
    await put(SAMPLES.pdf(), { ownerType: 'COMMUNITY', ownerId: fresh.id, element: 'MONITORING' }, { bytes: elfExecutable() });
    await put(SAMPLES.png(), { ownerType: 'COMMUNITY', ownerId: fresh.id, element: 'EMERGENCY_RESPONSE' }, { notify: false });
    const withdrawn = await put(SAMPLES.webp(), { ownerType: 'COMMUNITY', ownerId: fresh.id, element: 'ARCHIVES' });
    await ok(await door().execute(WITHDRAW, { input: { id: withdrawn, version: 2, reason: '重复' } }, token));
    // Act
    const archive = (await ok(await door().execute(ARCHIVE, { id: fresh.id }, reviewer))).community.archive;
    // Assess
    expect(archive.total).toBe(4);
    expect(archive.elements.map((element: { element: string }) => element.element)).toEqual([
      'ORGANISATION',
      'COMMUNICATION_AND_PARTICIPATION',
      'RISK_ASSESSMENT',
      'GOALS_AND_PLANS',
      'PROMOTION_PROJECTS',
      'EDUCATION_AND_TRAINING',
      'EMERGENCY_RESPONSE',
      'MONITORING',
      'INJURY_RECORDS',
      'ARCHIVES',
      'CORRECTIVE_ACTIONS',
      'REVIEW_AND_IMPROVEMENT',
    ]);
    const byElement = Object.fromEntries(
      archive.elements.map((element: { element: string; count: number; evidence: { id: string }[] }) => [element.element, element]),
    );
    expect(byElement.ORGANISATION.count).toBe(2);
    expect(byElement.ORGANISATION.evidence.map((item: { id: string }) => item.id).sort()).toEqual([charter, minutes].sort());
    expect(byElement.ORGANISATION.evidence.every((item: { status: string; downloadUrl: string }) => item.status === 'AVAILABLE' && item.downloadUrl)).toBe(true);
    expect(byElement.EDUCATION_AND_TRAINING).toMatchObject({ count: 1, evidence: [{ id: signIn, ownerType: 'ACTIVITY', fileName: '培训签到表.xlsx' }] });
    expect(archive.missingElements).toEqual([
      'COMMUNICATION_AND_PARTICIPATION',
      'RISK_ASSESSMENT',
      'GOALS_AND_PLANS',
      'PROMOTION_PROJECTS',
      'EMERGENCY_RESPONSE',
      'MONITORING',
      'INJURY_RECORDS',
      'ARCHIVES',
      'CORRECTIVE_ACTIONS',
      'REVIEW_AND_IMPROVEMENT',
    ]);
    expect(archive.unassigned).toEqual([{ id: photo, fileName: '应急演练现场照片.jpg' }]);
    const outsider = await door().execute(ARCHIVE, { id: fresh.id }, analyst21);
    expect(errorCode(outsider)).toBe('NOT_FOUND');
  });
});
