import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeys } from '#core/db/keys.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const SHEET_FIELDS = `id version level kind title titleEn source effectiveFrom total bundled publishedAt versions
  indicators { number name nameEn element maxPoints items { id indicator text textEn evidence source maxPoints parts { part points } signals } }
  scale { grade percent meaning } rule { pass { minTotal noZeroItem } rectify { minTotal noZeroItem } source }`;
const SHEET = `query($id: ID!, $version: Int) { scoringSheet(id: $id, version: $version) { ${SHEET_FIELDS} } }`;
const SHEETS = 'query { scoringSheets { id version level kind bundled versions } }';
const PUBLISH = 'mutation($sheet: JSON!) { publishScoringSheet(sheet: $sheet) { id version level kind title bundled publishedAt versions total } }';

const nationalFile = (): any => JSON.parse(readFileSync('functions/review/sheets/national-onsite.v1.json', 'utf8'));
const cityFile = (): any => JSON.parse(readFileSync('functions/review/sheets/city.v1.json', 'utf8'));

let app: TestApp;
let admin: string;
let others: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  others = {
    COMMUNITY_EDITOR: await app.token({ role: 'COMMUNITY_EDITOR', communities: ['52f5e748-02df-4b9d-85c6-6502a92aed5c'] }),
    REVIEWER: await app.token({ role: 'REVIEWER' }),
    'REVIEWER 3717': await app.token({ role: 'REVIEWER', region: '3717' }),
    PROVINCIAL_ANALYST: await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  };
});
afterAll(() => app.close());

/** Every item of a sheet id in the table (its versions and its LATEST item). */
async function storedItems(sheetId: string) {
  const response = await app.table.client.send(
    new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SHEET#${sheetId}` } }),
  );
  return response.Items ?? [];
}

/** The audit entries of a sheet version (its own history). */
async function auditEntries(ref: string) {
  const response = await app.table.client.send(
    new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.record('ScoringSheet', ref) } }),
  );
  return response.Items ?? [];
}

describe.each([0, 1])('scoring sheets through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  /** A sheet id of this door's own, so the doors' publications do not meet. */
  const pilot = `pilot-${doorIndex}`;

  it('reads the bundled sheets, with their shape, to every signed-in role', async () => {
    for (const token of [admin, ...Object.values(others)]) {
      const list = ok(await door().execute(SHEETS, {}, token)).scoringSheets;
      expect(list.slice(0, 3)).toEqual([
        { id: 'national-onsite', version: 1, level: 'NATIONAL', kind: 'SCORED', bundled: true, versions: [1] },
        { id: 'city', version: 1, level: 'CITY', kind: 'SCORED', bundled: true, versions: [1] },
        { id: 'isccc', version: 1, level: 'INTERNATIONAL', kind: 'CHECKLIST', bundled: true, versions: [1] },
      ]);
    }
    const national = ok(await door().execute(SHEET, { id: 'national-onsite' }, others.COMMUNITY_EDITOR)).scoringSheet;
    expect(national).toMatchObject({ version: 1, total: 150, bundled: true, publishedAt: null, rule: { pass: { minTotal: 100, noZeroItem: true }, rectify: { minTotal: 75 } } });
    expect(national.indicators).toHaveLength(12);
    expect(national.indicators[0]).toMatchObject({ number: 1, element: 'ORGANISATION', maxPoints: 15, name: '安全社区创建机构与职责' });
    expect(national.indicators.flatMap((indicator: any) => indicator.items)).toHaveLength(50);
    expect(national.indicators[0].items[0]).toMatchObject({
      id: '1.1',
      indicator: 1,
      maxPoints: 3,
      source: '全国安全社区现场评定表(暂行)',
      parts: [{ part: 'PRESENCE', points: 0.8 }, { part: 'TRACES', points: 1 }, { part: 'EFFECT', points: 1.2 }],
      signals: ['COMMITTEE_SECTORS'],
    });
    expect(national.scale.map((step: any) => step.percent)).toEqual([100, 70, 30, 0]);
    // Every sheet with every field fits a request's cost budget, counted with the sheets' list sizes.
    const full = await door().execute(`query { scoringSheets { ${SHEET_FIELDS} } }`, {}, others.REVIEWER);
    expect(ok(full).scoringSheets[0].indicators[11].items).toHaveLength(3);
    const cost = (full.body as { extensions?: { cost?: { requested: number; limit: number } } }).extensions?.cost;
    expect(cost?.requested).toBeGreaterThan(10 * 12 * 10 * 3 * 10);
    expect(cost!.requested).toBeLessThanOrEqual(cost!.limit);
    const city = ok(await door().execute(SHEET, { id: 'city', version: 1 }, others.PROVINCIAL_ANALYST)).scoringSheet;
    expect(city.indicators.reduce((sum: number, indicator: any) => sum + indicator.maxPoints, 0)).toBe(100);
    expect(city.indicators.flatMap((indicator: any) => indicator.items)).toHaveLength(45);
  });

  it('answers NOT_FOUND for a sheet or version that does not exist, BAD_USER_INPUT for one that cannot, UNAUTHENTICATED without a token', async () => {
    const missing = await door().execute(SHEET, { id: 'no-such-sheet' }, admin);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(SHEET, { id: 'city', version: 7 }, admin))).toBe('NOT_FOUND');
    const zero = await door().execute(SHEET, { id: 'city', version: 0 }, admin);
    expect(errorCode(zero)).toBe('BAD_USER_INPUT');
    expect(zero.body.errors?.[0]?.extensions?.field).toBe('version');
    const badId = await door().execute(SHEET, { id: 'city#1' }, admin);
    expect(errorCode(badId)).toBe('BAD_USER_INPUT');
    expect(badId.body.errors?.[0]?.extensions?.field).toBe('id');
    expect(errorCode(await door().execute(SHEETS, {}))).toBe('UNAUTHENTICATED');
  });

  it('lets an ADMIN publish a new version, audited, and keeps the versions before it', async () => {
    // Prepare: a sheet of this door's own (v1), then its v2.
    const first = { ...nationalFile(), id: pilot, version: 1, title: '试点评定表' };
    const second = { ...nationalFile(), id: pilot, version: 2, title: '试点评定表（修订）' };
    second.items[0].text = '建立跨部门的领导机构（修订）';
    // Act
    const published = await door().execute(PUBLISH, { sheet: first }, admin);
    const revised = await door().execute(PUBLISH, { sheet: second }, admin);
    // Assess
    expect(ok(published).publishScoringSheet).toMatchObject({ id: pilot, version: 1, level: 'NATIONAL', bundled: false, total: 150, versions: [1] });
    expect(ok(revised).publishScoringSheet).toMatchObject({ id: pilot, version: 2, title: '试点评定表（修订）', versions: [1, 2] });
    expect(Date.parse(revised.body.data.publishScoringSheet.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
    const latest = ok(await door().execute(SHEET, { id: pilot }, others.REVIEWER)).scoringSheet;
    expect(latest).toMatchObject({ version: 2, bundled: false, versions: [1, 2] });
    expect(latest.indicators[0].items[0].text).toBe('建立跨部门的领导机构（修订）');
    // What an assessment made on v1 reads back: v1, unchanged, for ever.
    const kept = ok(await door().execute(SHEET, { id: pilot, version: 1 }, others.COMMUNITY_EDITOR)).scoringSheet;
    expect(kept).toMatchObject({ version: 1, title: '试点评定表' });
    expect(kept.indicators[0].items[0].text).toBe('建立跨部门的领导机构');
    const listed = ok(await door().execute(SHEETS, {}, others.PROVINCIAL_ANALYST)).scoringSheets;
    expect(listed.find((sheet: any) => sheet.id === pilot)).toEqual({ id: pilot, version: 2, level: 'NATIONAL', kind: 'SCORED', bundled: false, versions: [1, 2] });
    // The audit entry: in the version's own history, with no community and no region (in no log).
    const [entry, ...more] = await auditEntries(`${pilot}@2`);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ operation: 'SHEET_PUBLISHED', recordType: 'ScoringSheet', recordId: `${pilot}@2`, communityId: '', regionCode: '', version: 2, actor: { role: 'ADMIN' } });
    expect(entry!.gsi1pk).toBeUndefined();
    expect(entry!.gsi2pk).toBeUndefined();
    const fields = Object.fromEntries((entry!.changes as { field: string; after: string }[]).map((change) => [change.field, JSON.parse(change.after)]));
    expect(fields).toMatchObject({ sheetId: pilot, level: 'NATIONAL', items: 50, total: 150 });
    expect(fields.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The region's log still reads (an entry without a region is not in it).
    const log = ok(await door().execute('query { auditLog(regionCode: "37", first: 5) { edges { node { recordType } } } }', {}, admin));
    expect(log.auditLog.edges.map((edge: any) => edge.node.recordType)).not.toContain('ScoringSheet');
    // Through GraphQL: the version's history, for the review's staff; a bundled version has none
    const HISTORY = 'query($id: ID!, $version: Int) { scoringSheet(id: $id, version: $version) { history(first: 5) { edges { node { operation recordType recordId actor { role } } } } } }';
    const history = ok(await door().execute(HISTORY, { id: pilot, version: 2 }, others.REVIEWER)).scoringSheet.history;
    expect(history.edges).toEqual([{ node: { operation: 'SHEET_PUBLISHED', recordType: 'ScoringSheet', recordId: `${pilot}@2`, actor: { role: 'ADMIN' } } }]);
    expect(ok(await door().execute(HISTORY, { id: 'national-onsite', version: 1 }, admin)).scoringSheet.history.edges).toEqual([]);
    for (const role of ['COMMUNITY_EDITOR', 'PROVINCIAL_ANALYST'] as const) {
      expect(errorCode(await door().execute(HISTORY, { id: pilot, version: 2 }, others[role]!))).toBe('FORBIDDEN');
    }
  });

  it('refuses a publication by any other role, storing nothing', async () => {
    const sheet = { ...nationalFile(), id: `${pilot}-forbidden` };
    for (const [role, token] of Object.entries(others)) {
      expect(errorCode(await door().execute(PUBLISH, { sheet }, token)), role).toBe('FORBIDDEN');
    }
    expect(await storedItems(`${pilot}-forbidden`)).toEqual([]);
    expect(await auditEntries(`${pilot}-forbidden@1`)).toEqual([]);
  });

  it('refuses a bad file with one error entry per issue, naming sheet.<path>, storing nothing', async () => {
    const sheet = { ...nationalFile(), id: `${pilot}-bad` };
    sheet.items[3].parts[0].points = 0.9;
    sheet.items[7].id = '3.9';
    sheet.scale[0].percent = 90;
    const refused = await door().execute(PUBLISH, { sheet }, admin);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    const issues = refused.body.errors?.[0]?.extensions?.issues as { field: string; message: string }[];
    expect(issues.map((issue) => issue.field)).toEqual(['sheet.items.7.id', 'sheet.total', 'sheet.scale.0.percent']);
    expect(refused.body.errors?.[0]?.extensions?.field).toBe('sheet.items.7.id');
    const notObject = await door().execute(PUBLISH, { sheet: [1, 2, 3] }, admin);
    expect(errorCode(notObject)).toBe('BAD_USER_INPUT');
    expect(notObject.body.errors?.[0]?.extensions?.field).toBe('sheet');
    const missing = { ...nationalFile(), id: `${pilot}-bad` };
    delete missing.items[0].text;
    const missingText = await door().execute(PUBLISH, { sheet: missing }, admin);
    expect(missingText.body.errors?.[0]?.extensions?.field).toBe('sheet.items.0.text');
    expect(await storedItems(`${pilot}-bad`)).toEqual([]);
    expect(await auditEntries(`${pilot}-bad@1`)).toEqual([]);
  });

  it('refuses a version that exists with CONFLICT, one not above the latest or of another level with BAD_USER_INPUT', async () => {
    // A bundled version: CONFLICT, and nothing stored under its id.
    const bundled = await door().execute(PUBLISH, { sheet: { ...nationalFile(), title: '覆盖内置版本' } }, admin);
    expect(errorCode(bundled)).toBe('CONFLICT');
    expect(bundled.body.errors?.[0]?.extensions?.field).toBe('sheet.version');
    expect(await storedItems('national-onsite')).toEqual([]);
    // A published one.
    const id = `${pilot}-versions`;
    ok(await door().execute(PUBLISH, { sheet: { ...cityFile(), id, version: 3 } }, admin));
    expect(errorCode(await door().execute(PUBLISH, { sheet: { ...cityFile(), id, version: 3, title: '另一份' } }, admin))).toBe('CONFLICT');
    const below = await door().execute(PUBLISH, { sheet: { ...cityFile(), id, version: 2 } }, admin);
    expect(errorCode(below)).toBe('BAD_USER_INPUT');
    expect(below.body.errors?.[0]?.extensions?.field).toBe('sheet.version');
    expect(below.body.errors?.[0]?.message).toContain('above the latest version of');
    const otherLevel = await door().execute(PUBLISH, { sheet: { ...nationalFile(), id, version: 4 } }, admin);
    expect(errorCode(otherLevel)).toBe('BAD_USER_INPUT');
    expect(otherLevel.body.errors?.[0]?.extensions?.field).toBe('sheet.level');
    // The bundled city sheet's id: v1 is bundled, so v1 is CONFLICT and v2 is a new version.
    expect(errorCode(await door().execute(PUBLISH, { sheet: cityFile() }, admin))).toBe('CONFLICT');
    expect((await storedItems(id)).map((item) => item.sk).sort()).toEqual(['LATEST', 'V0003']);
    expect(ok(await door().execute(SHEET, { id }, admin)).scoringSheet.versions).toEqual([3]);
  });

  it('lets one of two simultaneous publications of a version win; the other is CONFLICT', async () => {
    const id = `${pilot}-race`;
    const [a, b] = await Promise.all([
      door().execute(PUBLISH, { sheet: { ...cityFile(), id, title: '甲' } }, admin),
      door().execute(PUBLISH, { sheet: { ...cityFile(), id, title: '乙' } }, admin),
    ]);
    const codes = [errorCode(a), errorCode(b)];
    expect(codes.filter((code) => code === undefined)).toHaveLength(1);
    expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(1);
    const winner = (errorCode(a) === undefined ? a : b).body.data.publishScoringSheet.title;
    expect(ok(await door().execute(SHEET, { id }, admin)).scoringSheet.title).toBe(winner);
    expect(await auditEntries(`${id}@1`)).toHaveLength(1);
  });
});

describe('an assessment and the sheet version it was made on', () => {
  it('keeps its version, as it was, after a later version is published; a new assessment takes the latest', async () => {
    // Prepare: two communities implementing their programme, the first with a self-assessment on v1.
    const [first, second] = await Promise.all(
      ['371702002', '371702003'].map((regionCode) =>
        seedCommunity(app.table, {
          regionCode,
          stage: 'IMPLEMENTING',
          launchedOn: '2019-03-01',
          stageHistory: [
            { stage: 'LAUNCHED', on: '2019-03-01' },
            { stage: 'IMPLEMENTING', on: '2019-06-01' },
          ],
        }),
      ),
    );
    const editorOf = (communityId: string) => app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId] });
    const OPEN = 'mutation($input: OpenSelfAssessmentInput!) { openSelfAssessment(input: $input) { id sheet { id version } } }';
    const opened = ok(await app.doors[0]!.execute(OPEN, { input: { communityId: first!.id, level: 'NATIONAL' } }, await editorOf(first!.id))).openSelfAssessment;
    expect(opened.sheet).toEqual({ id: 'national-onsite', version: 1 });
    // Act: an ADMIN publishes national-onsite v2 with another text for item 1.1.
    const revised = { ...nationalFile(), version: 2, title: '全国安全社区现场评定表（第二版）' };
    revised.items[0].text = '建立跨部门的安全社区促进委员会';
    ok(await app.doors[1]!.execute(PUBLISH, { sheet: revised }, admin));
    // Assess: the first assessment still reads v1 and its texts, through both doors.
    const READ = 'query($id: ID!) { assessment(id: $id) { sheet { id version title bundled indicators { items { id text } } } } }';
    for (const door of app.doors) {
      const { sheet } = ok(await door.execute(READ, { id: opened.id }, await editorOf(first!.id))).assessment;
      expect(sheet).toMatchObject({ id: 'national-onsite', version: 1, title: '全国安全社区现场评定表(暂行)', bundled: true });
      expect(sheet.indicators[0].items[0]).toEqual({ id: '1.1', text: '建立跨部门的领导机构' });
    }
    const later = ok(await app.doors[1]!.execute(OPEN, { input: { communityId: second!.id, level: 'NATIONAL' } }, await editorOf(second!.id))).openSelfAssessment;
    expect(later.sheet).toEqual({ id: 'national-onsite', version: 2 });
  });
});
