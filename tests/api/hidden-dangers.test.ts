import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { addDays } from '#core/dates.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const FIELDS = 'id state severity description deadline foundOn overdue daysOverdue photoEvidenceIds rectificationNote rejectionReason rectifiedAt verifiedAt version subject { type id } inspectionId responsibleUnit { organisation post } community { id }';
const RECORD = `mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { ${FIELDS} } }`;
const START = `mutation($input: HiddenDangerMoveInput!) { startRectification(input: $input) { ${FIELDS} } }`;
const REPORT = `mutation($input: ReportRectifiedInput!) { reportRectified(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation($input: HiddenDangerMoveInput!) { verifyHiddenDanger(input: $input) { ${FIELDS} } }`;
const REJECT = `mutation($input: RejectVerificationInput!) { rejectVerification(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { hiddenDanger(id: $id) { ${FIELDS} history { edges { node { operation reason } } } } }`;
const LIST = `query($c: ID!, $state: HiddenDangerState, $overdue: Boolean, $first: Int, $after: String) {
  hiddenDangers(communityId: $c, state: $state, overdue: $overdue, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id state deadline overdue } } }
}`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id ownerType ownerId } } }`;
const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
const CREATE_SOURCE = `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }`;

const UNIT = { organisation: '南塔街道某餐馆', post: '负责人' };
const today = chinaToday();
const PHOTO = '0f8fad5b-d9cb-469f-a165-70867728950e';

let app: TestApp;
let community: Community;
let other: Community;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  [community, other] = await Promise.all([
    seedCommunity(app.table, { regionCode: '210102001', name: '南塔街道' }),
    seedCommunity(app.table, { regionCode: '371702001', name: '东城街道' }),
  ]);
  const requests = {
    editor: { role: 'COMMUNITY_EDITOR', communities: [community.id], subject: 'editor-a' },
    secondEditor: { role: 'COMMUNITY_EDITOR', communities: [community.id], subject: 'editor-b' },
    otherEditor: { role: 'COMMUNITY_EDITOR', communities: [other.id], subject: 'editor-other' },
    townReviewer: { role: 'REVIEWER', region: '210102001', subject: 'reviewer-town' },
    countyReviewer: { role: 'REVIEWER', region: '210102', subject: 'reviewer-county' },
    cityReviewer: { role: 'REVIEWER', region: '2101', subject: 'reviewer-city' },
    farReviewer: { role: 'REVIEWER', region: '37', subject: 'reviewer-37' },
    analyst: { role: 'PROVINCIAL_ANALYST', region: '21', subject: 'analyst-21' },
    farAnalyst: { role: 'PROVINCIAL_ANALYST', region: '37', subject: 'analyst-37' },
    admin: { role: 'ADMIN', subject: 'admin' },
  } as const;
  for (const [name, request] of Object.entries(requests)) tokens[name] = await app.token(request);
});
afterAll(() => app.close());

/** A photo after requested for a danger (evidence, owner type HIDDEN_DANGER): its id. */
async function photoOf(dangerId: string, token = tokens.editor): Promise<string> {
  const input = { ownerType: 'HIDDEN_DANGER', ownerId: dangerId, fileName: '整改后照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'e'.repeat(64), element: 'CORRECTIVE_ACTIONS' };
  return ok(await app.doors[0]!.execute(UPLOAD, { input }, token)).requestEvidenceUpload.evidence.id;
}

describe.each([0, 1])('hidden dangers through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  const run = async (query: string, variables: Record<string, unknown>, token = tokens.editor) => ok(await door().execute(query, variables, token));
  const code = async (query: string, variables: Record<string, unknown>, token: string | undefined) => errorCode(await door().execute(query, variables, token));
  const bad = async (query: string, variables: Record<string, unknown>, field: string, token = tokens.editor) => {
    const response = await door().execute(query, variables, token);
    expect(errorCode(response), JSON.stringify(response.body.errors)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  };
  const record = async (overrides: Record<string, unknown> = {}, token = tokens.editor) =>
    (await run(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: '液化气钢瓶与灶具间距不足', responsibleUnit: UNIT, deadline: addDays(today, 7), ...overrides } }, token)).recordHiddenDanger;
  const rectified = async (overrides: Record<string, unknown> = {}) => {
    const danger = await record(overrides);
    const started = (await run(START, { input: { id: danger.id, version: danger.version } })).startRectification;
    return (await run(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [await photoOf(danger.id)], note: '钢瓶移至室外专用柜' } })).reportRectified;
  };

  it('follows a danger from OPEN to VERIFIED, each move audited, and back to RECTIFYING on a failed verification', async () => {
    const danger = await record();
    expect(danger).toMatchObject({ state: 'OPEN', version: 1, foundOn: today, overdue: false, daysOverdue: 0, photoEvidenceIds: [], community: { id: community.id } });
    const started = (await run(START, { input: { id: danger.id, version: 1 } })).startRectification;
    expect(started).toMatchObject({ state: 'RECTIFYING', version: 2 });
    const photo = await photoOf(danger.id);
    const reported = (await run(REPORT, { input: { id: danger.id, version: 2, photoEvidenceIds: [photo, photo], note: '已整改' } })).reportRectified;
    expect(reported).toMatchObject({ state: 'RECTIFIED', version: 3, photoEvidenceIds: [photo], rectificationNote: '已整改' });
    expect(reported.rectifiedAt).toBeTruthy();
    const rejected = (await run(REJECT, { input: { id: danger.id, version: 3, reason: '软管老化未更换' } }, tokens.secondEditor)).rejectVerification;
    expect(rejected).toMatchObject({ state: 'RECTIFYING', version: 4, rejectionReason: '软管老化未更换' });
    const again = (await run(REPORT, { input: { id: danger.id, version: 4, photoEvidenceIds: [await photoOf(danger.id)] } })).reportRectified;
    const verified = (await run(VERIFY, { input: { id: danger.id, version: again.version } }, tokens.townReviewer)).verifyHiddenDanger;
    expect(verified).toMatchObject({ state: 'VERIFIED', version: 6 });
    expect(verified.verifiedAt).toBeTruthy();
    const history = (await run(GET, { id: danger.id })).hiddenDanger.history.edges.map((edge: { node: { operation: string; reason: string | null } }) => edge.node);
    expect(history.map((entry: { operation: string }) => entry.operation)).toEqual(['CREATE', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED']);
    expect(history[3].reason).toBe('软管老化未更换');
  });

  it('refuses every move not possible from the state, naming input.id, and a VERIFIED danger as closed', async () => {
    const open = await record();
    for (const [query, input] of [
      [REPORT, { photoEvidenceIds: [await photoOf(open.id)] }],
      [VERIFY, {}],
      [REJECT, { reason: '未整改' }],
    ] as const) {
      await bad(query, { input: { id: open.id, version: 1, ...input } }, 'input.id', query === REPORT ? tokens.editor : tokens.secondEditor);
    }
    const started = (await run(START, { input: { id: open.id, version: 1 } })).startRectification;
    await bad(START, { input: { id: open.id, version: started.version } }, 'input.id');
    await bad(VERIFY, { input: { id: open.id, version: started.version } }, 'input.id', tokens.secondEditor);
    await bad(REJECT, { input: { id: open.id, version: started.version, reason: 'x' } }, 'input.id', tokens.secondEditor);
    const done = await rectified();
    await bad(START, { input: { id: done.id, version: done.version } }, 'input.id');
    await bad(REPORT, { input: { id: done.id, version: done.version, photoEvidenceIds: [await photoOf(done.id)] } }, 'input.id');
    const verified = (await run(VERIFY, { input: { id: done.id, version: done.version } }, tokens.secondEditor)).verifyHiddenDanger;
    for (const [query, input, token] of [
      [START, {}, tokens.editor],
      [REPORT, { photoEvidenceIds: [await photoOf(done.id)] }, tokens.editor],
      [VERIFY, {}, tokens.secondEditor],
      [REJECT, { reason: 'x' }, tokens.secondEditor],
    ] as const) {
      const response = await door().execute(query, { input: { id: done.id, version: verified.version, ...input } }, token);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toContain('closed');
    }
    expect((await run(GET, { id: done.id })).hiddenDanger).toMatchObject({ state: 'VERIFIED', version: verified.version });
  });

  it('lets one of two concurrent inspectors decide: a verification and a rejection at once, one wins and the other is CONFLICT', async () => {
    const done = await rectified();
    const [verified, rejected] = await Promise.all([
      door().execute(VERIFY, { input: { id: done.id, version: done.version } }, tokens.secondEditor),
      door().execute(REJECT, { input: { id: done.id, version: done.version, reason: '复查不合格' } }, tokens.countyReviewer),
    ]);
    const codes = [errorCode(verified), errorCode(rejected)];
    expect(codes.filter((value) => value === undefined)).toHaveLength(1);
    expect(codes.filter((value) => value === 'CONFLICT')).toHaveLength(1);
    const after = (await run(GET, { id: done.id })).hiddenDanger;
    expect(after.version).toBe(done.version + 1);
    expect(after.state).toBe(errorCode(verified) === undefined ? 'VERIFIED' : 'RECTIFYING');
    expect(after.history.edges).toHaveLength(4);
  });

  it('holds every move to the version read (CONFLICT)', async () => {
    const danger = await record();
    await run(START, { input: { id: danger.id, version: 1 } });
    expect(await code(START, { input: { id: danger.id, version: 1 } }, tokens.editor)).toBe('CONFLICT');
    expect(await code(REPORT, { input: { id: danger.id, version: 1, photoEvidenceIds: [await photoOf(danger.id)] } }, tokens.editor)).toBe('CONFLICT');
  });

  it('lets the right inspectors verify: GENERAL by another editor or a reviewer in region, MAJOR by a county reviewer or above, never whoever reported it', async () => {
    const general = await rectified();
    for (const token of [tokens.editor, tokens.analyst, tokens.otherEditor, tokens.farReviewer, tokens.farAnalyst]) {
      const got = await code(VERIFY, { input: { id: general.id, version: general.version } }, token);
      expect(got).toBe(token === tokens.editor || token === tokens.analyst ? 'FORBIDDEN' : 'NOT_FOUND');
    }
    expect(await code(REJECT, { input: { id: general.id, version: general.version, reason: 'x' } }, tokens.editor)).toBe('FORBIDDEN');
    expect((await run(VERIFY, { input: { id: general.id, version: general.version } }, tokens.countyReviewer)).verifyHiddenDanger.state).toBe('VERIFIED');

    const major = await rectified({ severity: 'MAJOR' });
    for (const token of [tokens.secondEditor, tokens.townReviewer, tokens.editor]) {
      const response = await door().execute(VERIFY, { input: { id: major.id, version: major.version } }, token);
      expect(errorCode(response)).toBe('FORBIDDEN');
    }
    expect(await code(REJECT, { input: { id: major.id, version: major.version, reason: 'x' } }, tokens.townReviewer)).toBe('FORBIDDEN');
    const back = (await run(REJECT, { input: { id: major.id, version: major.version, reason: '防爆设施未安装' } }, tokens.cityReviewer)).rejectVerification;
    const again = (await run(REPORT, { input: { id: major.id, version: back.version, photoEvidenceIds: [await photoOf(major.id)] } }, tokens.secondEditor)).reportRectified;
    // editor-b reported this time: editor-a may still not verify a MAJOR one, the county reviewer may
    expect((await run(VERIFY, { input: { id: major.id, version: again.version } }, tokens.countyReviewer)).verifyHiddenDanger.state).toBe('VERIFIED');

    const byAdmin = await rectified();
    expect((await run(VERIFY, { input: { id: byAdmin.id, version: byAdmin.version } }, tokens.admin)).verifyHiddenDanger.state).toBe('VERIFIED');
  });

  it('lets only the community editors and admins record and record the unit’s work; reads in region; NOT_FOUND outside it; UNAUTHENTICATED without a token', async () => {
    for (const token of [tokens.townReviewer, tokens.countyReviewer, tokens.analyst]) {
      expect(await code(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: 'x', responsibleUnit: UNIT, deadline: today } }, token)).toBe('FORBIDDEN');
    }
    for (const token of [tokens.otherEditor, tokens.farReviewer, tokens.farAnalyst]) {
      expect(await code(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: 'x', responsibleUnit: UNIT, deadline: today } }, token)).toBe('NOT_FOUND');
    }
    expect(await code(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: 'x', responsibleUnit: UNIT, deadline: today } }, undefined)).toBe('UNAUTHENTICATED');
    const danger = await record({}, tokens.admin);
    for (const token of [tokens.countyReviewer, tokens.analyst, tokens.townReviewer]) {
      expect(await code(START, { input: { id: danger.id, version: 1 } }, token)).toBe('FORBIDDEN');
    }
    for (const token of [tokens.editor, tokens.secondEditor, tokens.townReviewer, tokens.countyReviewer, tokens.cityReviewer, tokens.analyst, tokens.admin]) {
      expect((await run(GET, { id: danger.id }, token)).hiddenDanger.id).toBe(danger.id);
      expect((await run(LIST, { c: community.id, first: 1 }, token)).hiddenDangers.totalCount).toBeGreaterThan(0);
    }
    for (const token of [tokens.otherEditor, tokens.farReviewer, tokens.farAnalyst]) {
      expect(await code(GET, { id: danger.id }, token)).toBe('NOT_FOUND');
      expect(await code(LIST, { c: community.id }, token)).toBe('NOT_FOUND');
      expect(await code(START, { input: { id: danger.id, version: 1 } }, token)).toBe('NOT_FOUND');
    }
    expect(await code(GET, { id: danger.id }, undefined)).toBe('UNAUTHENTICATED');
    expect(await code(LIST, { c: community.id }, undefined)).toBe('UNAUTHENTICATED');
    expect(await code(GET, { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }, tokens.admin)).toBe('NOT_FOUND');
  });

  it.each([
    ['a deadline before it was found', { foundOn: addDays(today, -3), deadline: addDays(today, -4) }, 'input.deadline'],
    ['a deadline more than a year after', { deadline: addDays(today, 366) }, 'input.deadline'],
    ['a found day in the future', { foundOn: addDays(today, 1), deadline: addDays(today, 5) }, 'input.foundOn'],
    ['a malformed deadline', { deadline: '2026-13-01' }, 'input.deadline'],
    ['an empty description', { description: '  ' }, 'input.description'],
    ['a responsible unit without its post', { responsibleUnit: { organisation: '某单位', post: '' } }, 'input.responsibleUnit.post'],
    ['a subject of another community', { subject: { type: 'HAZARD_SOURCE', id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } }, 'input.subject.id'],
  ])('refuses %s, naming the field', async (_label, overrides, field) => {
    await bad(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: '隐患', responsibleUnit: UNIT, deadline: addDays(today, 7), ...overrides } }, field);
  });

  it('refuses a rectification without photos and a failed verification without a reason, naming the field', async () => {
    const danger = await record();
    const started = (await run(START, { input: { id: danger.id, version: 1 } })).startRectification;
    await bad(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [] } }, 'input.photoEvidenceIds');
    await bad(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: ['not#an id'] } }, 'input.photoEvidenceIds.0');
    const ofAnother = await photoOf((await record()).id);
    await bad(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [await photoOf(danger.id), ofAnother] } }, 'input.photoEvidenceIds.1');
    await bad(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [PHOTO] } }, 'input.photoEvidenceIds.0');
    const done = (await run(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [await photoOf(danger.id)] } })).reportRectified;
    await bad(REJECT, { input: { id: danger.id, version: done.version, reason: '   ' } }, 'input.reason', tokens.secondEditor);
  });

  it('takes photos as evidence of the danger (owner type HIDDEN_DANGER), listed on it; only who may write the community uploads', async () => {
    const danger = await record();
    const input = { ownerType: 'HIDDEN_DANGER', ownerId: danger.id, fileName: '整改后照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'e'.repeat(64), element: 'CORRECTIVE_ACTIONS' };
    const photo = (await run(UPLOAD, { input })).requestEvidenceUpload.evidence;
    expect(photo).toMatchObject({ ownerType: 'HIDDEN_DANGER', ownerId: danger.id });
    const started = (await run(START, { input: { id: danger.id, version: 1 } })).startRectification;
    const reported = (await run(REPORT, { input: { id: danger.id, version: started.version, photoEvidenceIds: [photo.id] } })).reportRectified;
    expect(reported.photoEvidenceIds).toEqual([photo.id]);
    const listed = (await run(`query($id: ID!) { hiddenDanger(id: $id) { evidence { totalCount edges { node { id } } } } }`, { id: danger.id }, tokens.countyReviewer)).hiddenDanger.evidence;
    expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([photo.id]);
    expect(await code(UPLOAD, { input }, tokens.countyReviewer)).toBe('FORBIDDEN');
    expect(await code(UPLOAD, { input }, tokens.otherEditor)).toBe('NOT_FOUND');
  });

  it('records a danger at a hazard source of the community, and refuses one of another community', async () => {
    const cell = (await run(CREATE_CELL, { input: { communityId: community.id, name: '南塔村委会', kind: 'VILLAGE_COMMITTEE', responsibleUnit: UNIT } })).createGridCell;
    const source = (
      await run(CREATE_SOURCE, { input: { cellId: cell.id, kind: 'GAS_SERVICE_LINE', location: { address: '南塔街道1号' }, riskLevel: 'RED', responsibleUnit: UNIT } })
    ).createHazardSource;
    const danger = await record({ subject: { type: 'HAZARD_SOURCE', id: source.id } });
    expect(danger).toMatchObject({ subject: { type: 'HAZARD_SOURCE', id: source.id }, inspectionId: null });
    // Found later by an inspection of the community (a manhole has no checklist: no items to answer).
    const manhole = (
      await run(CREATE_SOURCE, { input: { cellId: cell.id, kind: 'MANHOLE', location: { address: '南塔街道2号' }, riskLevel: 'YELLOW', responsibleUnit: UNIT } })
    ).createHazardSource;
    const inspection = (
      await run(`mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id } }`, {
        input: { subjectType: 'HAZARD_SOURCE', subjectId: manhole.id, heldOn: today, inspector: UNIT, results: [] },
      })
    ).recordInspection;
    const found = await record({ subject: { type: 'HAZARD_SOURCE', id: manhole.id }, inspectionId: inspection.id });
    expect(found.inspectionId).toBe(inspection.id);
    const inspected = (await run(`query($id: ID!) { inspection(id: $id) { dangers { id } } }`, { id: inspection.id })).inspection;
    expect(inspected.dangers.map((entry: { id: string }) => entry.id)).toContain(found.id);
    // An id that is no inspection of the community is refused, and nothing is written.
    await bad(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: 'x', responsibleUnit: UNIT, deadline: today, inspectionId: PHOTO } }, 'input.inspectionId');
    await bad(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: 'x', responsibleUnit: UNIT, deadline: today, subject: { type: 'SUPERVISED_UNIT', id: source.id } } }, 'input.subject.id');
  });

  it('is OVERDUE after its deadline day (not on it), while awaiting its fix; lists by state and overdue, paginated', async () => {
    const mine = await seedCommunity(app.table, { regionCode: '210102001', name: `南塔街道${doorIndex}` });
    const token = await app.token({ role: 'COMMUNITY_EDITOR', communities: [mine.id], subject: `lister-${doorIndex}` });
    const at = (deadline: string, foundOn = addDays(today, -30)) =>
      run(RECORD, { input: { communityId: mine.id, severity: 'GENERAL', description: '隐患', responsibleUnit: UNIT, foundOn, deadline } }, token).then((data) => data.recordHiddenDanger);
    const late = await at(addDays(today, -1));
    const dueToday = await at(today);
    const later = await at(addDays(today, 3));
    const lateButFixed = await at(addDays(today, -10));
    expect(late).toMatchObject({ overdue: true, daysOverdue: 1 });
    expect(dueToday).toMatchObject({ overdue: false, daysOverdue: 0 });
    const started = (await run(START, { input: { id: lateButFixed.id, version: 1 } }, token)).startRectification;
    expect(started.overdue).toBe(true);
    const fixed = (await run(REPORT, { input: { id: lateButFixed.id, version: started.version, photoEvidenceIds: [await photoOf(lateButFixed.id, token)] } }, token)).reportRectified;
    expect(fixed).toMatchObject({ overdue: false, daysOverdue: 0 });

    const ids = (data: { hiddenDangers: { edges: { node: { id: string } }[] } }) => data.hiddenDangers.edges.map((edge) => edge.node.id);
    const all = await run(LIST, { c: mine.id }, token);
    expect(ids(all)).toEqual([lateButFixed.id, late.id, dueToday.id, later.id]);
    expect(all.hiddenDangers.totalCount).toBe(4);
    const overdue = await run(LIST, { c: mine.id, overdue: true }, token);
    expect(ids(overdue)).toEqual([late.id]);
    expect(overdue.hiddenDangers.totalCount).toBe(1);
    expect(ids(await run(LIST, { c: mine.id, overdue: false }, token))).toEqual([lateButFixed.id, dueToday.id, later.id]);
    expect(ids(await run(LIST, { c: mine.id, state: 'RECTIFIED' }, token))).toEqual([lateButFixed.id]);
    const first = await run(LIST, { c: mine.id, first: 2 }, token);
    expect(first.hiddenDangers.pageInfo.hasNextPage).toBe(true);
    const second = await run(LIST, { c: mine.id, first: 2, after: first.hiddenDangers.pageInfo.endCursor }, token);
    expect([...ids(first), ...ids(second)]).toEqual(ids(all));
    await bad(LIST, { c: 'not#an id' }, 'communityId', token);
  });
});

const NOTES = `{ notifications(first: 100) { edges { node { rule threshold message dueOn daysLeft escalatedTo { level regionCode } hiddenDanger { id state } community { id } } } } }`;
const ESCALATED = `query($r: String, $first: Int, $after: String) { escalatedHazards(regionCode: $r, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id daysOverdue } } } }`;

describe('escalation of overdue hidden dangers through the reminders job', () => {
  let street: Community;
  let streetEditor: string;
  const reviewerOf = (region: string) => app.token({ role: 'REVIEWER', region, subject: `escalation-${region}` });
  interface Note {
    rule: string;
    threshold: string;
    dueOn: string;
    daysLeft: number;
    escalatedTo: { level: string; regionCode: string | null };
    hiddenDanger: { id: string } | null;
  }
  const escalationsOf = async (token: string, dangerId: string, doorIndex = 0): Promise<Note[]> =>
    (ok(await app.doors[doorIndex]!.execute(NOTES, {}, token)).notifications.edges as { node: Note }[])
      .map((edge) => edge.node)
      .filter((node) => node.rule === 'DANGER_ESCALATED' && node.hiddenDanger?.id === dangerId);

  beforeAll(async () => {
    street = await seedCommunity(app.table, { regionCode: '210103001', name: '沈河某街道' });
    streetEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [street.id], subject: 'street-editor' });
  });

  it('tells each level once, on the 1st, 15th, 30th and 60th overdue day, its own reviewers only; a missed run sends every level passed', async () => {
    const deadline = addDays(today, -70);
    const recorded = ok(
      await app.doors[0]!.execute(RECORD, { input: { communityId: street.id, severity: 'MAJOR', description: '燃气管线穿越卧室', responsibleUnit: UNIT, foundOn: addDays(deadline, -10), deadline } }, streetEditor),
    ).recordHiddenDanger;
    const fixedLate = ok(
      await app.doors[0]!.execute(RECORD, { input: { communityId: street.id, severity: 'GENERAL', description: '已整改', responsibleUnit: UNIT, foundOn: addDays(deadline, -10), deadline } }, streetEditor),
    ).recordHiddenDanger;
    const started = ok(await app.doors[0]!.execute(START, { input: { id: fixedLate.id, version: 1 } }, streetEditor)).startRectification;
    ok(await app.doors[0]!.execute(REPORT, { input: { id: fixedLate.id, version: started.version, photoEvidenceIds: [await photoOf(fixedLate.id, streetEditor)] } }, streetEditor));
    const [county, city, province, national, otherCounty] = await Promise.all([reviewerOf('210103'), reviewerOf('2101'), reviewerOf('21'), app.token({ role: 'REVIEWER', subject: 'national' }), reviewerOf('210102')]);
    const job = createRemindersJob(app.table.name, app.table.client);

    // The deadline day: not overdue, nothing. The first overdue day: the county.
    await job.run(runFor(deadline));
    expect(await escalationsOf(county, recorded.id)).toEqual([]);
    const first = await job.run(runFor(addDays(deadline, 1)));
    expect(first.byRule.DANGER_ESCALATED.written).toBe(1);
    const [toCounty] = await escalationsOf(county, recorded.id, 1);
    expect(toCounty).toMatchObject({ threshold: 'COUNTY#210103', dueOn: deadline, daysLeft: -1, escalatedTo: { level: 'COUNTY', regionCode: '210103' } });
    expect((toCounty as unknown as { message: string }).message).toContain('沈河某街道');
    // The same day again, and the days up to the 14th: already sent, nothing new; the city is not told yet.
    const again = await job.run(runFor(addDays(deadline, 1)));
    expect(again.byRule.DANGER_ESCALATED).toEqual({ written: 0, alreadySent: 1 });
    await job.run(runFor(addDays(deadline, 14)));
    expect(await escalationsOf(city, recorded.id)).toEqual([]);
    expect(await escalationsOf(county, recorded.id)).toHaveLength(1);
    // The 15th: the city, once.
    await job.run(runFor(addDays(deadline, 15)));
    expect((await escalationsOf(city, recorded.id)).map((note) => note.threshold)).toEqual(['CITY#2101']);
    // Runs missed until the 70th: the province and the national centre at once, each level still once.
    // (other dangers of this file escalate on this day too: the feeds say what this one did)
    await job.run(runFor(today));
    await job.run(runFor(today));
    expect((await escalationsOf(province, recorded.id)).map((note) => note.threshold)).toEqual(['PROVINCE#21']);
    expect((await escalationsOf(national, recorded.id)).map((note) => note.threshold)).toEqual(['NATIONAL']);
    expect((await escalationsOf(county, recorded.id)).map((note) => note.threshold)).toEqual(['COUNTY#210103']);
    expect(await escalationsOf(otherCounty, recorded.id)).toEqual([]);
    expect(await escalationsOf(streetEditor, recorded.id)).toEqual([]);
    // The one rectified (RECTIFIED) before any run is never escalated.
    for (const token of [county, city, province, national]) expect(await escalationsOf(token, fixedLate.id)).toEqual([]);
  });

  it.each([0, 1])('lists in escalatedHazards what climbed to each level (door %i), for its reviewers', async (doorIndex) => {
    const door = app.doors[doorIndex]!;
    const at = async (days: number) =>
      ok(
        await door.execute(
          RECORD,
          { input: { communityId: street.id, severity: 'GENERAL', description: `逾期${days}天`, responsibleUnit: UNIT, foundOn: addDays(today, -days - 1), deadline: addDays(today, -days) } },
          streetEditor,
        ),
      ).recordHiddenDanger;
    const [d1, d14, d15, d0] = [await at(1), await at(14), await at(15), await at(0)];
    const [county, city, province, otherCounty, analyst21] = await Promise.all([
      reviewerOf('210103'),
      reviewerOf('2101'),
      reviewerOf('21'),
      reviewerOf('210102'),
      app.token({ role: 'PROVINCIAL_ANALYST', region: '21', subject: 'analyst-esc' }),
    ]);
    const ids = async (region: string, token: string) => (ok(await door.execute(ESCALATED, { r: region, first: 100 }, token)).escalatedHazards.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    const countyIds = await ids('210103', county);
    expect(countyIds).toEqual(expect.arrayContaining([d1.id, d14.id, d15.id]));
    expect(countyIds).not.toContain(d0.id);
    const cityIds = await ids('2101', city);
    expect(cityIds).toContain(d15.id);
    expect(cityIds).not.toContain(d14.id);
    expect(await ids('2101', analyst21)).toEqual(cityIds);
    expect(await ids('2101', province)).toEqual(cityIds);
    expect(await ids('210102', otherCounty)).not.toContain(d1.id);
    // Earliest deadline first, paginated.
    const firstPage = ok(await door.execute(ESCALATED, { r: '210103', first: 1 }, county)).escalatedHazards;
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = ok(await door.execute(ESCALATED, { r: '210103', first: 100, after: firstPage.pageInfo.endCursor }, county)).escalatedHazards;
    expect([firstPage.edges[0].node.id, ...secondPage.edges.map((edge: { node: { id: string } }) => edge.node.id)]).toEqual(countyIds);
    expect(firstPage.totalCount).toBe(countyIds.length);
    // The national centre: a street's danger climbs there on its 60th overdue day, not before.
    const d60 = await at(60);
    const national = await app.token({ role: 'REVIEWER', subject: 'escalation-national' });
    const nationalIds = async (first: number, after?: string) => ok(await door.execute(ESCALATED, { r: null, first, after }, national)).escalatedHazards;
    const nationalAll = await nationalIds(100);
    const nationalList = nationalAll.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(nationalList).toContain(d60.id);
    for (const below of [d1, d14, d15]) expect(nationalList).not.toContain(below.id);
    expect(nationalAll.totalCount).toBe(nationalList.length);
    const nationalFirst = await nationalIds(1);
    const nationalRest = await nationalIds(100, nationalFirst.pageInfo.endCursor);
    expect([...nationalFirst.edges, ...nationalRest.edges].map((edge: { node: { id: string } }) => edge.node.id)).toEqual(nationalList);
    expect(await ids('21', province)).toContain(d60.id);
    for (const token of [province, analyst21, streetEditor]) expect(errorCode(await door.execute(ESCALATED, { r: null }, token))).toBe('FORBIDDEN');
    const foreign = await door.execute(ESCALATED, { r: '210103', after: Buffer.from('2026-01-01#x').toString('base64url') }, county);
    expect(errorCode(foreign)).toBe('BAD_USER_INPUT');
    expect(foreign.body.errors?.[0]?.extensions?.field).toBe('after');
    // Who may not.
    expect(errorCode(await door.execute(ESCALATED, { r: '2101' }, county))).toBe('FORBIDDEN');
    expect(errorCode(await door.execute(ESCALATED, { r: '210103' }, otherCounty))).toBe('FORBIDDEN');
    expect(errorCode(await door.execute(ESCALATED, { r: '210103' }, streetEditor))).toBe('FORBIDDEN');
    expect(errorCode(await door.execute(ESCALATED, { r: '210103' }, undefined))).toBe('UNAUTHENTICATED');
    const wrong = await door.execute(ESCALATED, { r: '210103001' }, county);
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.body.errors?.[0]?.extensions?.field).toBe('regionCode');
  });
});
