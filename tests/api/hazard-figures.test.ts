import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterKey, shardOf } from '#analytics/counters.ts';
import { CREATION_PK_PREFIX, CreationDeltas, missedInspectionContributions, SNAPSHOT } from '#analytics/creation-counters.ts';
import type { Community } from '#community/model.ts';
import { addDays } from '#core/dates.ts';
import { listingKeys } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { bundledChecklist } from '#hazard/checklist.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The figures of issue 12 (inspections, hidden dangers, residents' reports) in creationSummary
 * and creationRegionBreakdown: counters written in the transaction of every inspection and
 * danger move, overdue dangers read at query time from the province's listing, the same through
 * both doors; and a recount after concurrent writes (inspections and danger moves at once, the
 * daily job's missed dues beside them) that finds nothing to fix.
 */
const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
const CREATE_UNIT = `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id } }`;
const CREATE_SOURCE = `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }`;
const INSPECT = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id failedCount } }`;
const RECORD = `mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { id version } }`;
const START = `mutation($input: HiddenDangerMoveInput!) { startRectification(input: $input) { id version } }`;
const REPORT = `mutation($input: ReportRectifiedInput!) { reportRectified(input: $input) { id version } }`;
const VERIFY = `mutation($input: HiddenDangerMoveInput!) { verifyHiddenDanger(input: $input) { id version state } }`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`;
const RECOMPUTE = `mutation($regionCode: String!) { recomputeAggregates(regionCode: $regionCode) { itemsFixed differences { family regionCode period attribute stored recounted } } }`;

const HAZARD_FIELDS = `
  hazardSources { sources byLevel { level sources } }
  inspections { held bySubjectType { subjectType held } onSchedule due missed failed coveragePercent }
  hiddenDangers {
    found bySeverity { severity found } byFoundBy { foundBy found } foundAndVerified rectificationRatePercent
    rectified rectifiedLate verified medianDaysToVerification averageDaysToVerification
    awaitingRectification byState { state dangers } overdue overdueMajor
  }
  residentReports { received answered answeredWithin7Days answeredInTimePercent triagedIntoDanger noDanger open }`;
const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) { creationSummary(regionCode: $regionCode, period: $period) { region { code } ${HAZARD_FIELDS} } }`;
const BREAKDOWN = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  creationRegionBreakdown(regionCode: $regionCode, period: $period) { total { region { code } ${HAZARD_FIELDS} } children { region { code } ${HAZARD_FIELDS} } }
}`;

const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };
const INSPECTOR = { organisation: '南塔街道安全生产监督管理站', post: '安全检查员' };
const UNIT = { organisation: '老四季抻面馆', post: '店长' };
const RESTAURANT = bundledChecklist('RESTAURANT');
if (!RESTAURANT) throw new Error('the RESTAURANT checklist is bundled');
const results = (fail: boolean) => RESTAURANT.items.map((item) => ({ itemId: item.id, ...(fail && item.id === 'lpg-upright' ? { outcome: 'FAIL', note: '两只钢瓶卧放使用' } : { outcome: 'PASS' }) }));

const today = chinaToday();
/** The months from 40 days ago to this one: every day the test writes falls in them. */
const PERIOD = { from: addDays(today, -40).slice(0, 7), to: today.slice(0, 7) };

let app: TestApp;
let nanta: Community;
let heping: Community;
let far: Community;
let dadong: Community;
let huanggu: Community;
const tokens = {} as Record<'editor' | 'secondEditor' | 'hepingEditor' | 'farEditor' | 'dadongEditor' | 'huangguEditor' | 'intake' | 'analyst' | 'reviewer' | 'admin', string>;

beforeAll(async () => {
  app = await createTestApp();
  [nanta, heping, far, dadong, huanggu] = await Promise.all([
    seedCommunity(app.table, { regionCode: '210102001', name: '南塔街道' }),
    seedCommunity(app.table, { regionCode: '210103001', name: '沈河某街道' }),
    seedCommunity(app.table, { regionCode: '371702001', name: '东城街道' }),
    seedCommunity(app.table, { regionCode: '210104001', name: '大东某街道' }),
    seedCommunity(app.table, { regionCode: '210105001', name: '皇姑某街道' }),
  ]);
  const requests = {
    editor: { role: 'COMMUNITY_EDITOR', communities: [nanta.id], subject: 'editor-a' },
    secondEditor: { role: 'COMMUNITY_EDITOR', communities: [nanta.id], subject: 'editor-b' },
    hepingEditor: { role: 'COMMUNITY_EDITOR', communities: [heping.id], subject: 'editor-h' },
    farEditor: { role: 'COMMUNITY_EDITOR', communities: [far.id], subject: 'editor-f' },
    dadongEditor: { role: 'COMMUNITY_EDITOR', communities: [dadong.id], subject: 'editor-d' },
    huangguEditor: { role: 'COMMUNITY_EDITOR', communities: [huanggu.id], subject: 'editor-g' },
    intake: { role: 'REPORT_INTAKE', app: 'figures-hotline', subject: 'app-figures' },
    analyst: { role: 'PROVINCIAL_ANALYST', region: '21' },
    reviewer: { role: 'REVIEWER', region: '2101' },
    admin: { role: 'ADMIN' },
  } as const;
  for (const [name, request] of Object.entries(requests)) tokens[name as keyof typeof requests] = await app.token(request);
});
afterAll(() => app.close());

const run = async (query: string, variables: Record<string, unknown>, token = tokens.editor, door = 0) => ok(await app.doors[door]!.execute(query, variables, token));

async function cellOf(community: Community, token: string): Promise<string> {
  return (await run(CREATE_CELL, { input: { communityId: community.id, name: '塔湾社区', kind: 'RESIDENTS_COMMITTEE', responsibleUnit: OFFICE } }, token)).createGridCell.id;
}
const unitIn = async (cellId: string, token: string) =>
  (await run(CREATE_UNIT, { input: { cellId, kind: 'RESTAURANT', name: '老四季抻面馆', grade: 'D', responsibleUnit: UNIT } }, token)).createSupervisedUnit.id as string;
const sourceIn = async (cellId: string, token: string, riskLevel = 'RED') =>
  (await run(CREATE_SOURCE, { input: { cellId, kind: 'MANHOLE', location: { address: '塔湾小区3号楼后' }, riskLevel, responsibleUnit: OFFICE } }, token)).createHazardSource.id as string;
const inspect = (subjectType: string, subjectId: string, fail: boolean, token = tokens.editor) =>
  run(INSPECT, { input: { subjectType, subjectId, heldOn: today, inspector: INSPECTOR, results: subjectType === 'SUPERVISED_UNIT' ? results(fail) : [] } }, token);
const danger = async (community: Community, overrides: Record<string, unknown> = {}, token = tokens.editor) =>
  (await run(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: '液化气钢瓶与灶具间距不足', responsibleUnit: UNIT, deadline: addDays(today, 7), ...overrides } }, token))
    .recordHiddenDanger as { id: string; version: number };
async function photoOf(dangerId: string, token = tokens.editor): Promise<string> {
  const input = { ownerType: 'HIDDEN_DANGER', ownerId: dangerId, fileName: '整改后照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'e'.repeat(64), element: 'CORRECTIVE_ACTIONS' };
  return (await run(UPLOAD, { input }, token)).requestEvidenceUpload.evidence.id;
}
async function rectify(record: { id: string; version: number }, token = tokens.editor) {
  const started = (await run(START, { input: { id: record.id, version: record.version } }, token)).startRectification;
  return (await run(REPORT, { input: { id: record.id, version: started.version, photoEvidenceIds: [await photoOf(record.id, token)] } }, token)).reportRectified as { id: string; version: number };
}

/** Inspections stored with `onSchedule: true` in a community (the field the inspection service stamps once it keeps due days). */
async function onScheduleIn(community: Community): Promise<number> {
  const items = await app.table.client.send(
    new QueryCommand({ TableName: app.table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': listingKeys.inspections(community.id) } }),
  );
  return (items.Items ?? []).filter((item) => item.onSchedule === true).length;
}

const creationDifferences = (report: { differences: { family: string }[] }) => report.differences.filter((difference) => difference.family === 'CREATION');

describe('hazard figures', () => {
  it('count inspections, dangers by severity and what found them, rectifications, verifications and overdue ones, per region and the same through both doors', async () => {
    const cell = await cellOf(nanta, tokens.editor);
    const [restaurant, tank] = [await unitIn(cell, tokens.editor), await sourceIn(cell, tokens.editor)];
    const failed = (await inspect('SUPERVISED_UNIT', restaurant, true)).recordInspection;
    expect(failed.failedCount).toBe(1);
    await inspect('HAZARD_SOURCE', tank, false);

    // Found by the inspection (MAJOR), by the office; one rectified and verified; one overdue.
    await danger(nanta, { severity: 'MAJOR', inspectionId: failed.id, subject: { type: 'SUPERVISED_UNIT', id: restaurant } });
    const fixed = await rectify(await danger(nanta));
    expect((await run(VERIFY, { input: { id: fixed.id, version: fixed.version } }, tokens.secondEditor)).verifyHiddenDanger.state).toBe('VERIFIED');
    await danger(nanta, { foundOn: addDays(today, -30), deadline: addDays(today, -3) });
    // A MAJOR one overdue in 沈河区, and one in 山东 that 沈阳's figures never count.
    await danger(heping, { severity: 'MAJOR', foundOn: addDays(today, -20), deadline: addDays(today, -1) }, tokens.hepingEditor);
    await danger(far, { foundOn: addDays(today, -20), deadline: addDays(today, -1) }, tokens.farEditor);
    // Due today is not overdue yet.
    await danger(heping, { foundOn: addDays(today, -5), deadline: today }, tokens.hepingEditor);

    const summaries = await Promise.all([0, 1].map((door) => run(SUMMARY, { regionCode: '2101', period: PERIOD }, tokens.analyst, door)));
    expect(summaries[1]).toEqual(summaries[0]);
    const { creationSummary } = summaries[0]!;
    expect(creationSummary.hazardSources.sources).toBe(1);
    const scheduled = await onScheduleIn(nanta);
    // Both held today, before their first due day (tomorrow: a D unit and a red source are daily).
    expect(scheduled).toBe(2);
    expect(creationSummary.inspections).toEqual({
      held: 2,
      bySubjectType: [
        { subjectType: 'SUPERVISED_UNIT', held: 1 },
        { subjectType: 'HAZARD_SOURCE', held: 1 },
      ],
      onSchedule: scheduled,
      due: scheduled,
      missed: 0,
      failed: 1,
      coveragePercent: scheduled === 0 ? null : 100,
    });
    expect(creationSummary.hiddenDangers).toEqual({
      found: 5,
      bySeverity: [
        { severity: 'GENERAL', found: 3 },
        { severity: 'MAJOR', found: 2 },
      ],
      byFoundBy: [
        { foundBy: 'INSPECTION', found: 1 },
        { foundBy: 'REPORT', found: 0 },
        { foundBy: 'OFFICE', found: 4 },
      ],
      foundAndVerified: 1,
      rectificationRatePercent: 20,
      rectified: 1,
      rectifiedLate: 0,
      verified: 1,
      medianDaysToVerification: 0,
      averageDaysToVerification: 0,
      awaitingRectification: 4,
      byState: [
        { state: 'OPEN', dangers: 4 },
        { state: 'RECTIFYING', dangers: 0 },
        { state: 'RECTIFIED', dangers: 0 },
        { state: 'VERIFIED', dangers: 1 },
      ],
      overdue: 2,
      overdueMajor: 1,
    });
    expect(creationSummary.residentReports).toEqual({ received: 0, answered: 0, answeredWithin7Days: 0, answeredInTimePercent: null, triagedIntoDanger: 0, noDanger: 0, open: 0 });

    // The breakdown: the same figures per district, overdue read once for all of them.
    const breakdown = (await run(BREAKDOWN, { regionCode: '2101', period: PERIOD }, tokens.reviewer, 1)).creationRegionBreakdown;
    expect(breakdown.total.hiddenDangers).toEqual(creationSummary.hiddenDangers);
    const child = (code: string) => breakdown.children.find((line: { region: { code: string } }) => line.region.code === code);
    expect(child('210102').hiddenDangers).toMatchObject({ found: 3, foundAndVerified: 1, overdue: 1, overdueMajor: 0, awaitingRectification: 2 });
    expect(child('210102').inspections).toMatchObject({ held: 2, failed: 1 });
    expect(child('210103').hiddenDangers).toMatchObject({ found: 2, overdue: 1, overdueMajor: 1, bySeverity: [{ severity: 'GENERAL', found: 1 }, { severity: 'MAJOR', found: 1 }] });
    expect(child('210103').inspections.held).toBe(0);
    expect(child('210106').hiddenDangers).toMatchObject({ found: 0, overdue: 0, rectificationRatePercent: null, medianDaysToVerification: null });

    // 山东's own: its one overdue danger, none of 沈阳's.
    const shandong = (await run(SUMMARY, { regionCode: '37', period: PERIOD }, tokens.admin)).creationSummary.hiddenDangers;
    expect(shandong).toMatchObject({ found: 1, overdue: 1, overdueMajor: 0 });
    // A community editor reads no region's figures.
    expect(errorCode(await app.doors[0]!.execute(SUMMARY, { regionCode: '2101', period: PERIOD }, tokens.editor))).toBe('FORBIDDEN');
  });

  it('take a rectification back when its verification fails, and count a late one', async () => {
    const before = (await run(SUMMARY, { regionCode: '210102', period: PERIOD }, tokens.analyst)).creationSummary.hiddenDangers;
    const late = await rectify(await danger(nanta, { foundOn: addDays(today, -10), deadline: addDays(today, -2) }));
    let after = (await run(SUMMARY, { regionCode: '210102', period: PERIOD }, tokens.analyst)).creationSummary.hiddenDangers;
    expect(after.rectified - before.rectified).toBe(1);
    expect(after.rectifiedLate - before.rectifiedLate).toBe(1);
    // Reported fixed: no longer overdue (the unit has done its part), waiting for its verification.
    expect(after.overdue).toBe(before.overdue);
    const rejected = ok(
      await app.doors[1]!.execute(`mutation($input: RejectVerificationInput!) { rejectVerification(input: $input) { version state } }`, { input: { id: late.id, version: late.version, reason: '软管老化未更换' } }, tokens.secondEditor),
    ).rejectVerification;
    expect(rejected.state).toBe('RECTIFYING');
    after = (await run(SUMMARY, { regionCode: '210102', period: PERIOD }, tokens.analyst)).creationSummary.hiddenDangers;
    expect(after.rectified).toBe(before.rectified);
    expect(after.rectifiedLate).toBe(before.rectifiedLate);
    // Back to awaiting its fix, past its deadline: overdue again.
    expect(after.overdue).toBe(before.overdue + 1);
    expect(after.found).toBe(before.found + 1);
  });

  it('equal a recount after concurrent inspections and danger moves, keep the daily job’s missed dues, and repair a drifted one', async () => {
    const cell = await cellOf(dadong, tokens.dadongEditor);
    const units = await Promise.all(Array.from({ length: 4 }, () => unitIn(cell, tokens.dadongEditor)));
    const sources = await Promise.all(['RED', 'ORANGE', 'YELLOW'].map((level) => sourceIn(cell, tokens.dadongEditor, level)));
    const open = await Promise.all(Array.from({ length: 4 }, () => danger(dadong, {}, tokens.dadongEditor)));
    const rectified = await Promise.all(Array.from({ length: 2 }, async () => rectify(await danger(dadong, {}, tokens.dadongEditor), tokens.dadongEditor)));
    const verifier = await app.token({ role: 'COMMUNITY_EDITOR', communities: [dadong.id], subject: 'editor-d2' });
    // All at once, through both doors: inspections, new dangers, starts, verifications.
    await Promise.all([
      ...units.map((id, index) => inspect('SUPERVISED_UNIT', id, index % 2 === 0, tokens.dadongEditor)),
      ...sources.map((id) => inspect('HAZARD_SOURCE', id, false, tokens.dadongEditor)),
      ...open.map((record, index) => run(START, { input: { id: record.id, version: record.version } }, tokens.dadongEditor, index % 2)),
      ...rectified.map((record, index) => run(VERIFY, { input: { id: record.id, version: record.version } }, verifier, index % 2)),
      ...Array.from({ length: 3 }, (_, index) => danger(dadong, { severity: index === 0 ? 'MAJOR' : 'GENERAL' }, tokens.dadongEditor)),
    ]);
    // The daily job's missed dues, as its step writes them (one transaction: the counters' ADDs).
    const missed = new CreationDeltas().add(missedInspectionContributions(dadong.regionCode, dadong.id, [addDays(today, -2), addDays(today, -1)]), 1);
    await app.table.client.send(new TransactWriteCommand({ TransactItems: missed.steps(app.table).map((step) => step.item) }));

    const figures = (await run(SUMMARY, { regionCode: '210104', period: PERIOD }, tokens.analyst)).creationSummary;
    const scheduled = await onScheduleIn(dadong);
    expect(figures.inspections).toMatchObject({ held: 7, failed: 2, missed: 2, due: scheduled + 2, onSchedule: scheduled });
    expect(figures.hiddenDangers.byState).toEqual([
      { state: 'OPEN', dangers: 3 },
      { state: 'RECTIFYING', dangers: 4 },
      { state: 'RECTIFIED', dangers: 0 },
      { state: 'VERIFIED', dangers: 2 },
    ]);
    expect(figures.hazardSources.sources).toBe(3);

    const report = ok(await app.doors[1]!.execute(RECOMPUTE, { regionCode: '21' }, tokens.admin)).recomputeAggregates;
    expect(creationDifferences(report)).toEqual([]);

    // A drift (a state counted twice, as a write applied twice would): found and repaired, the job's misses kept.
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: counterKey('210104', SNAPSHOT, shardOf(dadong.id), CREATION_PK_PREFIX),
        UpdateExpression: 'ADD #open :one, #rev :one',
        ExpressionAttributeNames: { '#open': 'hd_now_OPEN', '#rev': 'rev' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const repaired = ok(await app.doors[0]!.execute(RECOMPUTE, { regionCode: '2101' }, tokens.admin)).recomputeAggregates;
    expect(creationDifferences(repaired)).toEqual([{ family: 'CREATION', regionCode: '210104', period: 'NOW', attribute: 'hd_now_OPEN', stored: 4, recounted: 3 }]);
    const again = (await run(SUMMARY, { regionCode: '210104', period: PERIOD }, tokens.analyst)).creationSummary;
    expect(again.hiddenDangers.byState[0]).toEqual({ state: 'OPEN', dangers: 3 });
    expect(again.inspections.missed).toBe(2);
    expect(creationDifferences(ok(await app.doors[0]!.execute(RECOMPUTE, { regionCode: '21' }, tokens.admin)).recomputeAggregates)).toEqual([]);
  });

  it('count residents’ reports received, answered (in 7 days), by outcome and open, a danger triaged from one as found by a REPORT, and equal a recount', async () => {
    const SUBMIT = `mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode receivedAt } }`;
    const ANSWER = `mutation($input: AnswerResidentReportInput!) { answerResidentReport(input: $input) { status outcome } }`;
    const submit = () => run(SUBMIT, { input: { communityId: huanggu.id, description: '小区北门井盖缺失', location: { address: '皇姑某街道某小区北门' } } }, tokens.intake);
    await Promise.all([submit(), submit(), submit()]);
    const listed = (await run(`query($c: ID!) { residentReports(communityId: $c, first: 10) { edges { node { id version } } } }`, { c: huanggu.id }, tokens.huangguEditor)).residentReports.edges.map(
      (edge: { node: { id: string; version: number } }) => edge.node,
    );
    expect(listed).toHaveLength(3);
    const [first, second] = listed;
    const triaged = await run(
      ANSWER,
      { input: { id: first.id, version: first.version, answer: '已核实，已责令物业限期补装井盖', danger: { severity: 'GENERAL', responsibleUnit: { organisation: '某物业公司', post: '经理' }, deadline: addDays(today, 3) } } },
      tokens.huangguEditor,
    );
    expect(triaged.answerResidentReport).toEqual({ status: 'ANSWERED', outcome: 'HIDDEN_DANGER' });
    await run(ANSWER, { input: { id: second.id, version: second.version, answer: '经现场核查，井盖完好，不属于隐患' } }, tokens.huangguEditor, 1);

    const summaries = await Promise.all([0, 1].map((door) => run(SUMMARY, { regionCode: '210105', period: PERIOD }, tokens.analyst, door)));
    expect(summaries[1]).toEqual(summaries[0]);
    const { residentReports, hiddenDangers } = summaries[0]!.creationSummary;
    expect(residentReports).toEqual({ received: 3, answered: 2, answeredWithin7Days: 2, answeredInTimePercent: 66.7, triagedIntoDanger: 1, noDanger: 1, open: 1 });
    expect(hiddenDangers.byFoundBy).toEqual([
      { foundBy: 'INSPECTION', found: 0 },
      { foundBy: 'REPORT', found: 1 },
      { foundBy: 'OFFICE', found: 0 },
    ]);
    const breakdown = (await run(BREAKDOWN, { regionCode: '2101', period: PERIOD }, tokens.reviewer)).creationRegionBreakdown;
    expect(breakdown.children.find((line: { region: { code: string } }) => line.region.code === '210105').residentReports).toEqual(residentReports);
    expect(breakdown.total.residentReports.received).toBe(3);
    expect(creationDifferences(ok(await app.doors[1]!.execute(RECOMPUTE, { regionCode: '2101' }, tokens.admin)).recomputeAggregates)).toEqual([]);
  });

  it('count the dues the daily job finds missed in the figures, and a recount keeps them', async () => {
    // Last: the job counts every subject's missed days in the table, the other tests' too.
    const sujiatun = await seedCommunity(app.table, { regionCode: '210111001', name: '苏家屯某街道' });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [sujiatun.id] });
    const cell = await cellOf(sujiatun, editor);
    await unitIn(cell, editor);
    await inspect('SUPERVISED_UNIT', await unitIn(cell, editor), false, editor);
    // Registered today: due tomorrow. Four days on, tomorrow and the two days after passed uninspected; the other unit, inspected today, missed the same.
    const run4 = await createRemindersJob(app.table.name, app.table.client).run(runFor(addDays(today, 4)));
    expect(run4.missedInspections.days).toBeGreaterThanOrEqual(6);
    const period = { from: PERIOD.from, to: addDays(today, 4).slice(0, 7) };
    const figures = (await run(SUMMARY, { regionCode: '210111', period }, tokens.analyst)).creationSummary.inspections;
    expect(figures).toEqual({
      held: 1,
      bySubjectType: [
        { subjectType: 'SUPERVISED_UNIT', held: 1 },
        { subjectType: 'HAZARD_SOURCE', held: 0 },
      ],
      onSchedule: 1,
      due: 7,
      missed: 6,
      failed: 0,
      coveragePercent: 14.3,
    });
    expect(creationDifferences(ok(await app.doors[0]!.execute(RECOMPUTE, { regionCode: '21' }, tokens.admin)).recomputeAggregates)).toEqual([]);
    expect((await run(SUMMARY, { regionCode: '210111', period }, tokens.analyst)).creationSummary.inspections.missed).toBe(6);
  });
});
