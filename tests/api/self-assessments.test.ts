import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { guardKeys, recordKey } from '#core/db/keys.ts';
import { RecordStore } from '#core/db/records.ts';
import { systemOrigin } from '#core/origin.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import type { Evidence, EvidenceStatus } from '#evidence/model.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import type { Assessment } from '#review/assessment-model.ts';
import { bundledSheets } from '#review/bundled-sheets.ts';
import type { ScoringSheet, SheetGrade } from '#review/sheet.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const FIELDS = `id kind status level total maxTotal outcome outcomeReason complete gradedParts parts zeroItems submittedOn version
  sheet { id version } community { id stage stageHistory { stage on } }
  indicators { number element score max }`;
const OPEN = `mutation($input: OpenSelfAssessmentInput!) { openSelfAssessment(input: $input) { ${FIELDS} } }`;
const SAVE = `mutation($input: SaveSelfAssessmentInput!) { saveSelfAssessment(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { ${FIELDS} } }`;
const REVISE = `mutation($input: ReviseSelfAssessmentInput!) { reviseSelfAssessment(input: $input) { id status version revisionOf { id } } }`;
const READ = `query($id: ID!) { assessment(id: $id) { ${FIELDS}
  items { item { id } score max note links { type id } finding parts { part points grade score suggestion { grade reason } selfGrade } } } }`;
const LIST = `query($id: ID!, $kind: AssessmentKind) { community(id: $id) { assessments(kind: $kind, first: 10) { totalCount edges { node { id kind status } } } } }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id version chain { phase } } }`;
const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { id version chain { phase } } }`;
const HISTORY = `query($id: ID!) { assessment(id: $id) { history { edges { node { operation } } } } }`;

const sheetOf = (id: string): ScoringSheet => bundledSheets().find((sheet) => sheet.id === id)!;
const NATIONAL = sheetOf('national-onsite');
const CITY = sheetOf('city');

/** Every part of every item of a sheet graded `grade` (or by the item). */
function gradeAll(sheet: ScoringSheet, grade: SheetGrade | ((itemId: string) => SheetGrade)) {
  return sheet.items.map((item) => ({
    itemId: item.id,
    parts: item.parts.map((part) => ({ part: part.part, grade: typeof grade === 'function' ? grade(item.id) : grade })),
  }));
}

const COMMITTEE: Community['committee'] = {
  chairUnit: '测试街道办事处',
  members: (['GOVERNMENT', 'POLICE', 'FIRE', 'HEALTH', 'EDUCATION', 'TRANSPORT'] as const).map((sector) => ({
    organisation: `${sector}单位`,
    sector,
    role: 'MEMBER' as const,
  })),
  workingGroups: [{ name: '老年人防跌倒项目组', leadOrganisation: '社区卫生服务中心' }],
};

let app: TestApp;
let admin: string;
let countyReviewer: string;
let analyst: string;

beforeAll(async () => {
  app = await createTestApp();
  [admin, countyReviewer, analyst] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER', region: '371702' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  ]);
});
afterAll(() => app.close());

async function implementing(overrides: Partial<Community> = {}): Promise<{ community: Community; editor: string }> {
  const community = await seedCommunity(app.table, {
    regionCode: '371702002',
    stage: 'IMPLEMENTING',
    launchedOn: '2019-03-01',
    stageHistory: [
      { stage: 'LAUNCHED', on: '2019-03-01' },
      { stage: 'IMPLEMENTING', on: '2019-06-01' },
    ],
    committee: COMMITTEE,
    ...overrides,
  });
  return { community, editor: await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }) };
}

async function storedAssessment(id: string): Promise<Assessment | undefined> {
  const response = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recordKey('ASSESSMENT', id), ConsistentRead: true }));
  return response.Item as Assessment | undefined;
}

async function storedCommunity(id: string): Promise<Community> {
  const response = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recordKey('COMMUNITY', id), ConsistentRead: true }));
  return response.Item as Community;
}

async function seedEvidence(communityId: string, status: EvidenceStatus): Promise<Evidence> {
  const id = randomUUID();
  const now = new Date().toISOString();
  const evidence: Evidence = {
    id,
    communityId,
    regionCode: '371702002',
    ownerType: 'COMMUNITY',
    ownerId: communityId,
    key: `evidence/${communityId}/${id}`,
    fileName: '促进委员会成立文件.pdf',
    contentType: 'application/pdf',
    size: 1024,
    sha256: 'a'.repeat(64),
    element: 'ORGANISATION',
    status,
    uploadedBy: 'test',
    uploadedAt: now,
    uploadExpiresAt: now,
    ...(status === 'AVAILABLE' ? { availableAt: now } : {}),
    version: 1,
    updatedAt: now,
  };
  await new EvidenceRepository(app.table, createWritePipeline(app.table)).create(evidence, '371702002', systemOrigin('test-fixture', `fixture:${id}`));
  return evidence;
}

describe.each([0, 1])('self-assessments through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it('opens a DRAFT on the level’s latest sheet, grades it, projects the outcome, and submits it, moving the community to SELF_ASSESSED', async () => {
    // Prepare
    const { community, editor } = await implementing();
    // Act: open
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL' } }, editor)).openSelfAssessment;
    // Assess: an empty draft on national-onsite@1, projected to FAIL
    expect(opened).toMatchObject({
      kind: 'SELF',
      status: 'DRAFT',
      level: 'NATIONAL',
      sheet: { id: 'national-onsite', version: 1 },
      total: 0,
      maxTotal: 150,
      outcome: 'FAIL',
      complete: false,
      gradedParts: 0,
      parts: 150,
      zeroItems: [],
      version: 1,
    });
    expect(opened.indicators).toHaveLength(12);
    expect(opened.outcomeReason).toContain('projected');

    // Act: a first save, B everywhere but item 1.1's presence at D and its effect at C
    const grades = gradeAll(NATIONAL, 'B');
    grades[0] = { itemId: '1.1', parts: [{ part: 'PRESENCE', grade: 'D' }, { part: 'TRACES', grade: 'B' }, { part: 'EFFECT', grade: 'C' }] };
    const saved = ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: [{ ...grades[0], note: '促进委员会成员覆盖 6 个部门' }, ...grades.slice(1)] } }, editor)).saveSelfAssessment;
    // Assess: 49 items at 2.1 and item 1.1 at 0 + 0.7 + 0.36: 102.9 + 1.06 = 103.96, a PASS (at least 100, no item at 0)
    expect(saved.version).toBe(2);
    expect(saved.total).toBe(103.96);
    expect(saved.complete).toBe(true);
    expect(saved.outcome).toBe('PASS');
    expect(saved.indicators[0]).toEqual({ number: 1, element: 'ORGANISATION', score: 9.46, max: 15 });

    // Act: the second save clears one grade and adds an A
    const second = ok(
      await door().execute(
        SAVE,
        { input: { id: opened.id, version: 2, items: [{ itemId: '2.1', parts: [{ part: 'EFFECT', grade: null }, { part: 'PRESENCE', grade: 'A' }] }] } },
        editor,
      ),
    ).saveSelfAssessment;
    // Assess: 2.1 was 0.56 + 0.7 + 0.84 = 2.1; now 0.8 + 0.7 = 1.5
    expect(second).toMatchObject({ version: 3, total: 103.36, complete: false, gradedParts: 149 });
    const read = ok(await door().execute(READ, { id: opened.id }, editor)).assessment;
    const item11 = read.items[0];
    expect(item11).toMatchObject({ item: { id: '1.1' }, score: 1.06, max: 3, note: '促进委员会成员覆盖 6 个部门', links: [], finding: null });
    expect(item11.parts.map((part: { part: string; grade: string; score: number; points: number }) => [part.part, part.points, part.grade, part.score])).toEqual([
      ['PRESENCE', 0.8, 'D', 0],
      ['TRACES', 1, 'B', 0.7],
      ['EFFECT', 1.2, 'C', 0.36],
    ]);
    expect(read.items[5].parts[2]).toMatchObject({ part: 'EFFECT', grade: null, score: 0 });
    // Every part carries a suggestion with its reason; none carries a self grade
    for (const item of read.items) {
      for (const part of item.parts) {
        expect(part.suggestion?.grade, `${item.item.id} ${part.part}`).toMatch(/^[ABCD]$/);
        expect(part.suggestion.reason.length).toBeGreaterThan(0);
        expect(part.selfGrade).toBeNull();
      }
    }

    // Act: submit refused while a part is ungraded, then accepted
    const early = await door().execute(SUBMIT, { input: { id: opened.id, version: 3, submittedOn: '2026-11-20' } }, editor);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.body.errors?.[0]?.extensions?.field).toBe('input.id');
    expect(early.body.errors?.[0]?.message).toContain('2.1 EFFECT');
    ok(await door().execute(SAVE, { input: { id: opened.id, version: 3, items: [{ itemId: '2.1', parts: [{ part: 'EFFECT', grade: 'A' }] }] } }, editor));
    const submitted = ok(await door().execute(SUBMIT, { input: { id: opened.id, version: 4, submittedOn: '2026-11-20' } }, editor)).submitSelfAssessment;

    // Assess: read-only, the summary stored, the stage moved on the day
    // 2.1 is now A, B, A: 0.8 + 0.7 + 1.2 = 2.7, 0.6 more than at first
    expect(submitted).toMatchObject({ status: 'SUBMITTED', submittedOn: '2026-11-20', version: 5, total: 104.56, outcome: 'PASS', complete: true });
    expect(submitted.community.stage).toBe('SELF_ASSESSED');
    expect(submitted.community.stageHistory.at(-1)).toEqual({ stage: 'SELF_ASSESSED', on: '2026-11-20' });
    const stored = await storedAssessment(opened.id);
    expect(stored?.summary).toMatchObject({ total: 104560, max: 150000, outcome: 'PASS', zeroItems: [] });
    expect(stored?.summary?.indicators).toHaveLength(12);
    expect(stored?.summary?.indicators[0]).toEqual({ number: 1, element: 'ORGANISATION', score: 9460, max: 15000 });
    const again = await door().execute(SAVE, { input: { id: opened.id, version: 5, items: [{ itemId: '1.1', note: '补充' }] } }, editor);
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.id');
    expect(errorCode(await door().execute(SUBMIT, { input: { id: opened.id, version: 5 } }, editor))).toBe('BAD_USER_INPUT');
    const history = ok(await door().execute(HISTORY, { id: opened.id }, editor)).assessment.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation);
    expect(history).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'ASSESSMENT_SUBMITTED']);
  });

  it('finds an item at zero and fails the sheet whatever the total', async () => {
    const { community, editor } = await implementing();
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL' } }, editor)).openSelfAssessment;
    const saved = ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: gradeAll(NATIONAL, (id) => (id === '7.2' ? 'D' : 'A')) } }, editor)).saveSelfAssessment;
    expect(saved).toMatchObject({ total: 147, outcome: 'FAIL', zeroItems: ['7.2'], complete: true });
    expect(saved.outcomeReason).toContain('7.2');
  });

  it('keeps one DRAFT per community and level, and lists them newest first', async () => {
    const { community, editor } = await implementing();
    const first = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    expect(first.sheet).toEqual({ id: 'city', version: 1 });
    const twice = await door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(twice.body.errors?.[0]?.extensions?.field).toBe('input.level');
    const international = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'INTERNATIONAL' } }, editor)).openSelfAssessment;
    expect(international.sheet).toEqual({ id: 'isccc', version: 1 });
    const wrongSheet = await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL', sheetId: 'city' } }, editor);
    expect(errorCode(wrongSheet)).toBe('BAD_USER_INPUT');
    expect(wrongSheet.body.errors?.[0]?.extensions?.field).toBe('input.sheetId');
    const unknownVersion = await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL', sheetVersion: 42 } }, editor);
    expect(errorCode(unknownVersion)).toBe('NOT_FOUND');
    const listed = ok(await door().execute(LIST, { id: community.id, kind: 'SELF' }, analyst)).community.assessments;
    expect(listed.totalCount).toBe(2);
    expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([international.id, first.id]);
    expect(ok(await door().execute(LIST, { id: community.id, kind: 'ON_SITE' }, analyst)).community.assessments.totalCount).toBe(0);
  });

  it('answers a stale version with CONFLICT and writes nothing', async () => {
    const { community, editor } = await implementing();
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: [{ itemId: '1.1', parts: [{ part: 'PRESENCE', grade: 'A' }] }] } }, editor));
    const stale = await door().execute(SAVE, { input: { id: opened.id, version: 1, items: [{ itemId: '1.1', parts: [{ part: 'PRESENCE', grade: 'D' }] }] } }, editor);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.body.errors?.[0]?.extensions?.field).toBe('input.version');
    const staleSubmit = await door().execute(SUBMIT, { input: { id: opened.id, version: 1 } }, editor);
    expect(errorCode(staleSubmit)).toBe('CONFLICT');
    const stored = await storedAssessment(opened.id);
    expect(stored).toMatchObject({ version: 2, status: 'DRAFT', items: { '1.1': { parts: { PRESENCE: 'A' } } } });
  });

  it.each([
    ['a grade off the sheet’s scale', [{ itemId: '1.1', parts: [{ part: 'TRACES', grade: 'A' }, { part: 'PRESENCE', grade: 'MET' }] }], 'input.items.0.parts.1.grade'],
    ['a part the item has not', [{ itemId: '1.2', parts: [{ part: 'COMPLIANCE', grade: 'A' }] }], 'input.items.0.parts.0.part'],
    ['an item the sheet has not', [{ itemId: '1.1', parts: [] }, { itemId: '13.1', parts: [{ part: 'PRESENCE', grade: 'A' }] }], 'input.items.1.itemId'],
    ['an item named twice', [{ itemId: '1.1', note: '一' }, { itemId: '1.1', note: '二' }], 'input.items.1.itemId'],
    ['a part named twice', [{ itemId: '1.1', parts: [{ part: 'EFFECT', grade: 'A' }, { part: 'EFFECT', grade: 'B' }] }], 'input.items.0.parts.1.part'],
    ['a finding on a self-assessment', [{ itemId: '1.1', finding: '整改意见' }], 'input.items.0.finding'],
    ['a note over 300 characters', [{ itemId: '1.1', note: '长'.repeat(301) }], 'input.items.0.note'],
    ['a note with a control character', [{ itemId: '1.1', note: 'a\u001bb' }], 'input.items.0.note'],
    ['more than 10 links', [{ itemId: '1.1', links: Array.from({ length: 11 }, (_, n) => ({ type: 'PROJECT', id: `p-${n}` })) }], 'input.items.0.links'],
  ])('refuses %s naming %s and writes nothing', async (_label, items, field) => {
    const { community, editor } = await implementing();
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL' } }, editor)).openSelfAssessment;
    const response = await door().execute(SAVE, { input: { id: opened.id, version: 1, items } }, editor);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await storedAssessment(opened.id)).toMatchObject({ version: 1, items: {} });
  });

  it('takes links to the community’s own records and AVAILABLE evidence, and refuses the rest naming the link', async () => {
    // Prepare
    const { community, editor } = await implementing();
    const other = await implementing();
    const available = await seedEvidence(community.id, 'AVAILABLE');
    const pending = await seedEvidence(community.id, 'PENDING_UPLOAD');
    const foreign = await seedEvidence(other.community.id, 'AVAILABLE');
    const project = ok(
      await door().execute(
        'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
        { input: { communityId: community.id, name: '老年人防跌倒', category: 'ELDERLY', leadAgency: '社区卫生服务中心', startOn: '2020-03-01' } },
        editor,
      ),
    ).createProject;
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'NATIONAL' } }, editor)).openSelfAssessment;
    const links = [
      { type: 'EVIDENCE', id: available.id },
      { type: 'COMMITTEE', id: community.id },
      { type: 'PROJECT', id: project.id },
    ];
    // Act
    const saved = ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: [{ itemId: '1.1', links }] } }, editor)).saveSelfAssessment;
    const refusals = await Promise.all(
      [
        { type: 'EVIDENCE', id: pending.id },
        { type: 'EVIDENCE', id: foreign.id },
        { type: 'PROJECT', id: randomUUID() },
        { type: 'INCIDENT', id: project.id },
        { type: 'COMMITTEE', id: other.community.id },
      ].map((link) => door().execute(SAVE, { input: { id: opened.id, version: 2, items: [{ itemId: '1.2', note: '说明' }, { itemId: '1.1', links: [links[0], link] }] } }, editor)),
    );
    // Assess
    expect(saved.version).toBe(2);
    const read = ok(await door().execute(READ, { id: opened.id }, editor)).assessment;
    expect(read.items[0].links).toEqual(links);
    for (const refusal of refusals) {
      expect(errorCode(refusal)).toBe('BAD_USER_INPUT');
      expect(refusal.body.errors?.[0]?.extensions?.field).toBe('input.items.1.links.1.id');
    }
    expect(refusals[0]!.body.errors?.[0]?.message).toContain('PENDING_UPLOAD');
    expect(await storedAssessment(opened.id)).toMatchObject({ version: 2, items: { '1.1': { links } } });
    expect((await storedAssessment(opened.id))?.items['1.2']).toBeUndefined();
    // A null clears the links, an empty item disappears
    const cleared = ok(await door().execute(SAVE, { input: { id: opened.id, version: 2, items: [{ itemId: '1.1', links: null }] } }, editor)).saveSelfAssessment;
    expect(cleared.version).toBe(3);
    expect((await storedAssessment(opened.id))?.items).toEqual({});
  });

  it('lets the community’s editors and ADMIN write, and whoever reads the community’s records read', async () => {
    // Prepare
    const { community, editor } = await implementing();
    const other = await implementing();
    const outOfRegion = await app.token({ role: 'REVIEWER', region: '2101' });
    const nationalReviewer = await app.token({ role: 'REVIEWER' });
    const outOfRegionAnalyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '11' });
    const open = (token: string) => door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, token);
    // Act and assess: opening
    expect(errorCode(await open(countyReviewer))).toBe('FORBIDDEN');
    expect(errorCode(await open(nationalReviewer))).toBe('FORBIDDEN');
    expect(errorCode(await open(analyst))).toBe('FORBIDDEN');
    expect(errorCode(await open(outOfRegion))).toBe('NOT_FOUND');
    expect(errorCode(await open(other.editor))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }))).toBe('UNAUTHENTICATED');
    const byAdmin = ok(await open(admin)).openSelfAssessment;
    // Saving and submitting
    const save = (token: string) => door().execute(SAVE, { input: { id: byAdmin.id, version: 1, items: [{ itemId: '1.1', note: '说明' }] } }, token);
    expect(errorCode(await save(countyReviewer))).toBe('FORBIDDEN');
    expect(errorCode(await save(analyst))).toBe('FORBIDDEN');
    expect(errorCode(await save(other.editor))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(SUBMIT, { input: { id: byAdmin.id, version: 1 } }, countyReviewer))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(REVISE, { input: { id: byAdmin.id } }, countyReviewer))).toBe('FORBIDDEN');
    expect(ok(await save(editor)).saveSelfAssessment.version).toBe(2);
    // Reading
    for (const token of [editor, admin, countyReviewer, nationalReviewer, analyst]) {
      expect(ok(await door().execute(READ, { id: byAdmin.id }, token)).assessment.items[0].note).toBe('说明');
    }
    for (const token of [outOfRegion, outOfRegionAnalyst, other.editor]) {
      expect(errorCode(await door().execute(READ, { id: byAdmin.id }, token))).toBe('NOT_FOUND');
    }
    expect(errorCode(await door().execute(READ, { id: randomUUID() }, admin))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(READ, { id: 'not an id' }, admin))).toBe('BAD_USER_INPUT');
  });

  it('submits without moving a community that is further on, and refuses one not yet implementing', async () => {
    const applied = await implementing({ stage: 'APPLIED', stageHistory: [{ stage: 'APPLIED', on: '2024-01-01' }] });
    const opened = ok(await door().execute(OPEN, { input: { communityId: applied.community.id, level: 'CITY' } }, applied.editor)).openSelfAssessment;
    ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: gradeAll(CITY, 'A') } }, applied.editor));
    const submitted = ok(await door().execute(SUBMIT, { input: { id: opened.id, version: 2 } }, applied.editor)).submitSelfAssessment;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', total: 100, outcome: 'PASS', community: { stage: 'APPLIED' } });

    const launched = await implementing({ stage: 'LAUNCHED', stageHistory: [{ stage: 'LAUNCHED', on: '2024-01-01' }] });
    const draft = ok(await door().execute(OPEN, { input: { communityId: launched.community.id, level: 'CITY' } }, launched.editor)).openSelfAssessment;
    ok(await door().execute(SAVE, { input: { id: draft.id, version: 1, items: gradeAll(CITY, 'A') } }, launched.editor));
    const refused = await door().execute(SUBMIT, { input: { id: draft.id, version: 2 } }, launched.editor);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.message).toContain('LAUNCHED');
    expect(await storedAssessment(draft.id)).toMatchObject({ status: 'DRAFT', version: 2 });

    const early = await implementing();
    const dated = ok(await door().execute(OPEN, { input: { communityId: early.community.id, level: 'CITY' } }, early.editor)).openSelfAssessment;
    ok(await door().execute(SAVE, { input: { id: dated.id, version: 1, items: gradeAll(CITY, 'A') } }, early.editor));
    const beforeLastMove = await door().execute(SUBMIT, { input: { id: dated.id, version: 2, submittedOn: '2019-05-01' } }, early.editor);
    expect(errorCode(beforeLastMove)).toBe('BAD_USER_INPUT');
    expect(beforeLastMove.body.errors?.[0]?.extensions?.field).toBe('input.submittedOn');
  });

  it('revises only the self-assessment of a returned application', async () => {
    const { community, editor } = await implementing();
    const opened = ok(await door().execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await door().execute(SAVE, { input: { id: opened.id, version: 1, items: gradeAll(CITY, 'A') } }, editor));
    const draftRevision = await door().execute(REVISE, { input: { id: opened.id } }, editor);
    expect(errorCode(draftRevision)).toBe('BAD_USER_INPUT');
    ok(await door().execute(SUBMIT, { input: { id: opened.id, version: 2 } }, editor));
    const notReturned = await door().execute(REVISE, { input: { id: opened.id } }, editor);
    expect(errorCode(notReturned)).toBe('BAD_USER_INPUT');
    expect(notReturned.body.errors?.[0]?.extensions?.field).toBe('input.id');
  });
});

describe('revising the self-assessment of a returned application', () => {
  it.each([0, 1])('copies it into a DRAFT the community amends, submits and resubmits the application with (door %i)', async (doorIndex) => {
    // Prepare: a CITY self-assessment submitted, applied with, and returned by the county
    const door = app.doors[doorIndex]!;
    const { community, editor } = await implementing();
    const original = ok(await door.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await door.execute(SAVE, { input: { id: original.id, version: 1, items: gradeAll(CITY, 'A') } }, editor));
    ok(await door.execute(SUBMIT, { input: { id: original.id, version: 2, submittedOn: '2026-11-01' } }, editor));
    const applied = ok(await door.execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2026-11-02', selfAssessmentId: original.id } }, editor)).applyForCertification;
    ok(await door.execute(ENDORSE, { input: { id: applied.id, version: applied.version, action: 'RETURN', comment: '演练记录不全，请补充' } }, countyReviewer));
    // Act
    const revision = ok(await door.execute(REVISE, { input: { id: original.id } }, editor)).reviseSelfAssessment;
    const twice = await door.execute(REVISE, { input: { id: original.id } }, editor);
    const amended = ok(
      await door.execute(SAVE, { input: { id: revision.id, version: 1, items: [{ itemId: '7.1', parts: [{ part: 'EFFECT', grade: 'B' }], note: '补充演练记录' }] } }, editor),
    ).saveSelfAssessment;
    const submitted = ok(await door.execute(SUBMIT, { input: { id: revision.id, version: 2 } }, editor)).submitSelfAssessment;
    const current = ok(await door.execute('query($id: ID!) { certification(id: $id) { version chain { phase } } }', { id: applied.id }, editor)).certification;
    const resubmitted = ok(
      await door.execute(
        'mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { chain { phase } } }',
        { input: { id: applied.id, version: current.version, selfAssessmentId: revision.id } },
        editor,
      ),
    ).resubmitCertification;
    const afterResubmission = await door.execute(REVISE, { input: { id: original.id } }, editor);
    // Assess
    expect(current.chain.phase).toBe('RETURNED');
    expect(revision).toMatchObject({ status: 'DRAFT', version: 1, revisionOf: { id: original.id } });
    expect(errorCode(twice)).toBe('CONFLICT');
    const item71 = CITY.items.find((item) => item.id === '7.1')!;
    const effect = item71.parts.find((part) => part.part === 'EFFECT')!.points;
    expect(amended.total).toBeCloseTo(100 - effect * 0.3, 6);
    expect(submitted).toMatchObject({ status: 'SUBMITTED', community: { stage: 'APPLIED' } });
    expect(resubmitted.chain.phase).toBe('ENDORSEMENT');
    expect(errorCode(afterResubmission)).toBe('BAD_USER_INPUT');
    expect(await storedAssessment(original.id)).toMatchObject({ status: 'SUBMITTED', version: 3 });
  });
});

describe('a submission and its stage move', () => {
  it('commit in one transaction: when the community’s part fails, nothing of the submission is written', async () => {
    // Prepare: a complete draft; the HTTP door's client will make the community's condition fail
    const http = app.doors[1]!;
    const { community, editor } = await implementing();
    const opened = ok(await http.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await http.execute(SAVE, { input: { id: opened.id, version: 1, items: gradeAll(CITY, 'B') } }, editor));
    let tampered = 0;
    app.clients.dynamodb.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> } }[] };
        for (const step of input.TransactItems ?? []) {
          const pk = step.Put?.Item?.pk as string | { S?: string } | undefined;
          const key = typeof pk === 'string' ? pk : pk?.S;
          const values = step.Put?.ExpressionAttributeValues;
          if (key === `COMMUNITY#${community.id}` && values?.[':expected'] !== undefined) {
            // Someone else changed the community since it was read: its version condition fails.
            values[':expected'] = typeof values[':expected'] === 'number' ? 999 : { N: '999' };
            tampered += 1;
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'staleCommunity', priority: 'low' },
    );
    let response: Awaited<ReturnType<typeof http.execute>>;
    try {
      // Act
      response = await http.execute(SUBMIT, { input: { id: opened.id, version: 2, submittedOn: '2026-11-25' } }, editor);
    } finally {
      app.clients.dynamodb.middlewareStack.remove('staleCommunity');
    }
    // Assess: refused, the draft, its guard and the community as they were, no audit entry of a submission
    expect(tampered).toBeGreaterThan(0);
    expect(errorCode(response)).toBe('CONFLICT');
    expect(await storedAssessment(opened.id)).toMatchObject({ status: 'DRAFT', version: 2 });
    expect((await storedAssessment(opened.id))?.summary).toBeUndefined();
    expect((await storedCommunity(community.id)).stage).toBe('IMPLEMENTING');
    const guard = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: guardKeys.assessmentDraft(community.id, 'CITY'), ConsistentRead: true }));
    expect(guard.Item?.assessmentId).toBe(opened.id);
    const history = ok(await http.execute(HISTORY, { id: opened.id }, editor)).assessment.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation);
    expect(history).toEqual(['CREATE', 'UPDATE']);
    // And without the fault it goes through, guard released
    const submitted = ok(await http.execute(SUBMIT, { input: { id: opened.id, version: 2, submittedOn: '2026-11-25' } }, editor)).submitSelfAssessment;
    expect(submitted.community.stage).toBe('SELF_ASSESSED');
    const released = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: guardKeys.assessmentDraft(community.id, 'CITY'), ConsistentRead: true }));
    expect(released.Item).toBeUndefined();
    expect(ok(await http.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment.status).toBe('DRAFT');
  });
});

describe('on-site assessments, read beside the self-assessment', () => {
  it('scored by the city through the chain, read beside the self-assessment the application rests on', async () => {
    // Prepare: a CITY self-assessment with an item at C, applied with, endorsed by the county and accepted by the city
    const http = app.doors[1]!;
    const cityReviewer = await app.token({ role: 'REVIEWER', region: '3717' });
    const { community, editor } = await implementing();
    const self = ok(await http.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await http.execute(SAVE, { input: { id: self.id, version: 1, items: gradeAll(CITY, (id) => (id === '1.1' ? 'C' : 'A')) } }, editor));
    ok(await http.execute(SUBMIT, { input: { id: self.id, version: 2, submittedOn: '2026-11-01' } }, editor));
    let certification = ok(await http.execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2026-11-02', selfAssessmentId: self.id } }, editor)).applyForCertification;
    certification = ok(await http.execute(ENDORSE, { input: { id: certification.id, version: certification.version, action: 'ENDORSE' } }, countyReviewer)).endorseCertification;
    certification = ok(await http.execute(ENDORSE, { input: { id: certification.id, version: certification.version, action: 'ENDORSE' } }, cityReviewer)).endorseCertification;
    // Act: the city's review team scores item 1.1 on site with a finding
    const scored = ok(
      await http.execute(
        'mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { onSiteAssessment { id } } }',
        {
          input: {
            id: certification.id,
            version: certification.version,
            onSiteReviewOn: '2026-11-20',
            items: [{ itemId: '1.1', parts: [{ part: 'PRESENCE', grade: 'B' }, { part: 'TRACES', grade: 'D' }], finding: '促进委员会缺少教育部门' }],
          },
        },
        cityReviewer,
      ),
    ).scoreCertificationOnSite;
    const read = ok(await http.execute(READ, { id: scored.onSiteAssessment.id }, editor)).assessment;
    // Assess: the reviewer's grade, the community's own beside it, no suggestion; the community's self-assessment unchanged
    expect(read).toMatchObject({ kind: 'ON_SITE', level: 'CITY', sheet: { id: 'city', version: 1 } });
    expect(read.items[0].finding).toBe('促进委员会缺少教育部门');
    expect(read.items[0].parts.map((part: { grade: string | null; selfGrade: string | null; suggestion: unknown }) => [part.grade, part.selfGrade, part.suggestion])).toEqual([
      ['B', 'C', null],
      ['D', 'C', null],
      [null, 'C', null],
    ]);
    expect(read.items[1].parts[0]).toMatchObject({ selfGrade: 'A', suggestion: null });
    const kinds = ok(await http.execute(LIST, { id: community.id }, cityReviewer)).community.assessments.edges.map((edge: { node: { kind: string } }) => edge.node.kind);
    expect(kinds).toEqual(['ON_SITE', 'SELF']);
    expect(await storedAssessment(self.id)).toMatchObject({ status: 'SUBMITTED', version: 3 });
  });

  it('show the community’s own grade beside the reviewer’s, and no suggestion', async () => {
    // Prepare: a submitted self-assessment, a certification resting on it, and the review team's scores (as the chain writes them)
    const http = app.doors[1]!;
    const { community, editor } = await implementing();
    const self = ok(await http.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
    ok(await http.execute(SAVE, { input: { id: self.id, version: 1, items: gradeAll(CITY, 'A') } }, editor));
    ok(await http.execute(SUBMIT, { input: { id: self.id, version: 2, submittedOn: '2026-11-01' } }, editor));
    const pipeline = createWritePipeline(app.table);
    const origin = systemOrigin('test-fixture', `fixture:${self.id}`);
    const now = new Date().toISOString();
    const certificationId = randomUUID();
    const certifications = new RecordStore<{ id: string; communityId: string; version: number } & Record<string, unknown>>(app.table, {
      kind: 'CERTIFICATION',
      type: 'Certification',
      label: 'certification',
    });
    await pipeline.commit(
      {
        operation: 'CREATE',
        ...certifications.created(
          {
            id: certificationId,
            communityId: community.id,
            regionCode: community.regionCode,
            level: 'CITY',
            standardVersion: 'AQ/T 9001-2006',
            appliedOn: '2026-11-02',
            reReview: false,
            decision: 'PENDING',
            selfAssessmentId: self.id,
            version: 1,
            createdAt: now,
            updatedAt: now,
          },
          community.regionCode,
        ),
      },
      origin,
    );
    const onSite: Assessment = {
      id: randomUUID(),
      communityId: community.id,
      regionCode: community.regionCode,
      kind: 'ON_SITE',
      status: 'DRAFT',
      sheetId: 'city',
      sheetVersion: 1,
      level: 'CITY',
      items: { '1.1': { parts: { PRESENCE: 'B', TRACES: 'C' }, finding: '促进委员会缺少教育部门' } },
      certificationId,
      onSiteReviewOn: '2026-11-20',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const assessments = new RecordStore<Assessment>(app.table, {
      kind: 'ASSESSMENT',
      type: 'Assessment',
      label: 'assessment',
      listing: (assessment) => ({ partition: `COMMUNITY#${assessment.communityId}#ASSESSMENTS`, position: `${assessment.createdAt}#${assessment.id}` }),
    });
    await pipeline.commit({ operation: 'ASSESSMENT_SCORED', ...assessments.created(onSite, community.regionCode) }, origin);
    // Act
    const read = ok(await http.execute(READ, { id: onSite.id }, countyReviewer)).assessment;
    const listed = ok(await http.execute(LIST, { id: community.id, kind: 'ON_SITE' }, editor)).community.assessments;
    // Assess
    expect(read).toMatchObject({ kind: 'ON_SITE', complete: false, gradedParts: 2 });
    expect(read.items[0].finding).toBe('促进委员会缺少教育部门');
    expect(read.items[0].parts.map((part: { grade: string | null; selfGrade: string | null; suggestion: unknown }) => [part.grade, part.selfGrade, part.suggestion])).toEqual([
      ['B', 'A', null],
      ['C', 'A', null],
      [null, 'A', null],
    ]);
    expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([onSite.id]);
    // The self-assessment mutations do not write it
    const save = await http.execute(SAVE, { input: { id: onSite.id, version: 1, items: [{ itemId: '1.1', note: '改' }] } }, editor);
    expect(errorCode(save)).toBe('BAD_USER_INPUT');
  });
});
