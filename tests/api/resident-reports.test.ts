import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Community } from '#community/model.ts';
import { addDays } from '#core/dates.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import { newResidentReport, rateWindowOf, TRACKING_ALPHABET, trackingDigest } from '#hazard/report-model.ts';
import { ResidentReportRepository } from '#hazard/report-repository.ts';
import { systemOrigin } from '#core/origin.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * Residents' reports (群众举报) through both doors: intake apps (REPORT_INTAKE) file them and read
 * them back by tracking code and may do nothing else; the phone a resident leaves reaches the
 * community's editors only (never reviewers, analysts, the app, the audit trail, logs or errors);
 * the office answers each once, triaging it into a hidden danger in the same write or saying why
 * not; unanswered after 7 days a report is overdue and its editors are told once; and each app is
 * held to its reports per minute, a refused report writing nothing.
 */

const LIMIT = 6;
const SUBMIT = `mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode status receivedAt receivedOn } }`;
const TRACK = `query($code: String!) { residentReportByTrackingCode(code: $code) { status receivedOn outcome answer answeredOn hiddenDangerState } }`;
const FIELDS = 'id status outcome answer answeredOn receivedOn overdue daysWaiting phoneGiven phone version description location { address latitude longitude } hiddenDanger { id state severity deadline description residentReport { id } } community { id }';
const GET = `query($id: ID!) { residentReport(id: $id) { ${FIELDS} history { edges { node { operation actor { role scope } changes { field before after } } } } } }`;
const LIST = `query($c: ID!, $status: ResidentReportStatus, $overdue: Boolean, $first: Int, $after: String) {
  residentReports(communityId: $c, status: $status, overdue: $overdue, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status overdue daysWaiting receivedOn } } }
}`;
const ANSWER = `mutation($input: AnswerResidentReportInput!) { answerResidentReport(input: $input) { ${FIELDS} } }`;
const DANGERS = `query($c: ID!) { hiddenDangers(communityId: $c, first: 100) { totalCount edges { node { id description } } } }`;
const NOTES = `{ notifications(first: 100) { edges { node { rule threshold message dueOn daysLeft residentReport { id } community { id } } } } }`;

const PHONE = '13912345678';
const UNIT = { organisation: '南塔街道安监站', post: '网格长' };
const LOCATION = { address: '南塔街道建设路12号院内', latitude: 41.77, longitude: 123.43 };
const today = chinaToday();

let app: TestApp;
let community: Community;
let other: Community;
const tokens: Record<string, string> = {};
const logged: string[] = [];

beforeAll(async () => {
  process.env.REPORT_INTAKE_PER_MINUTE = String(LIMIT);
  app = await createTestApp();
  [community, other] = await Promise.all([
    seedCommunity(app.table, { regionCode: '210102001', name: '南塔街道' }),
    seedCommunity(app.table, { regionCode: '371702001', name: '东城街道' }),
  ]);
  const requests = {
    editor: { role: 'COMMUNITY_EDITOR', communities: [community.id], subject: 'editor-a' },
    otherEditor: { role: 'COMMUNITY_EDITOR', communities: [other.id], subject: 'editor-other' },
    reviewer: { role: 'REVIEWER', region: '2101', subject: 'reviewer-city' },
    analyst: { role: 'PROVINCIAL_ANALYST', region: '21', subject: 'analyst-21' },
    admin: { role: 'ADMIN', subject: 'admin' },
    radio: { role: 'REPORT_INTAKE', app: 'radio-hotline', subject: 'app-radio' },
    wechat: { role: 'REPORT_INTAKE', app: 'wechat-mini', subject: 'app-wechat' },
    shandong: { role: 'REPORT_INTAKE', app: 'sd-12345', region: '37', subject: 'app-sd' },
  } as const;
  for (const [name, request] of Object.entries(requests)) tokens[name] = await app.token(request);
  for (let door = 0; door < 2; door += 1) {
    for (const name of ['intakeA', 'intakeB', 'limit']) tokens[`${name}${door}`] = await app.token({ role: 'REPORT_INTAKE', app: `${name.toLowerCase()}-door-${door}`, subject: `app-${name}-${door}` });
  }
  // Everything the functions log in this process (both doors run here), to look for the phone in.
  for (const level of ['info', 'warn', 'error', 'log'] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...parts: unknown[]) => {
      logged.push(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part, Object.getOwnPropertyNames(part ?? {})))).join(' '));
      if (level !== 'info') original(...parts);
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  delete process.env.REPORT_INTAKE_PER_MINUTE;
  await app.close();
});

describe.each([0, 1])('residents\' reports through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  const run = async (query: string, variables: Record<string, unknown>, token = tokens.editor) => ok(await door().execute(query, variables, token));
  const code = async (query: string, variables: Record<string, unknown>, token: string | undefined) => errorCode(await door().execute(query, variables, token));
  const bad = async (query: string, variables: Record<string, unknown>, field: string, token = tokens.editor) => {
    const response = await door().execute(query, variables, token);
    expect(errorCode(response), JSON.stringify(response.body.errors)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    return response;
  };
  const intake = () => tokens[`intakeA${doorIndex}`]!;
  const submit = async (overrides: Record<string, unknown> = {}, token = intake()) =>
    (await run(SUBMIT, { input: { communityId: community.id, description: '小区东门化粪池井盖破损，有孩子在旁边玩', location: LOCATION, ...overrides } }, token)).submitResidentReport;
  /** The report a receipt is of, as the office finds it in its list (the receipt names no id: the app never learns one). */
  const reportOf = async (receivedAt: string) => {
    const listed = (await run(`query($c: ID!) { residentReports(communityId: $c, first: 100) { edges { node { id receivedAt } } } }`, { c: community.id })).residentReports.edges;
    const id = listed.find((edge: { node: { receivedAt: string } }) => edge.node.receivedAt === receivedAt)?.node.id;
    expect(id).toBeDefined();
    return (await run(GET, { id })).residentReport as Record<string, any>;
  };

  it('takes in a report from an intake app and gives a tracking code that only that app can read back', async () => {
    // Act
    const receipt = await submit();
    const tracked = (await run(TRACK, { code: receipt.trackingCode }, intake())).residentReportByTrackingCode;
    const typedLoosely = (await run(TRACK, { code: `${receipt.trackingCode.slice(0, 4).toLowerCase()}-${receipt.trackingCode.slice(4).replace(/0/g, 'o')}` }, intake())).residentReportByTrackingCode;

    // Assess
    expect(receipt.status).toBe('RECEIVED');
    expect(receipt.receivedOn).toBe(today);
    expect(receipt.trackingCode).toHaveLength(12);
    expect([...receipt.trackingCode].every((character: string) => TRACKING_ALPHABET.includes(character))).toBe(true);
    expect(tracked).toEqual({ status: 'RECEIVED', receivedOn: today, outcome: null, answer: null, answeredOn: null, hiddenDangerState: null });
    expect(typedLoosely).toEqual(tracked);
    expect(await code(TRACK, { code: receipt.trackingCode }, tokens[`intakeB${doorIndex}`])).toBe('NOT_FOUND');
    expect(await code(TRACK, { code: 'ABCDEFGHJKMN' }, intake())).toBe('NOT_FOUND');
    await bad(TRACK, { code: 'not-a-code!' }, 'code', intake());
  });

  it('refuses an intake app everything else, and the staff the intake operations', async () => {
    // Prepare
    const receipt = await submit();
    const report = await reportOf(receipt.receivedAt);

    // Act
    const refused = await Promise.all([
      code(`{ communities(first: 1) { totalCount } }`, {}, intake()),
      code(`query($id: ID!) { community(id: $id) { id } }`, { id: community.id }, intake()),
      code(LIST, { c: community.id }, intake()),
      code(GET, { id: report.id }, intake()),
      code(ANSWER, { input: { id: report.id, version: 1, answer: '已处理' } }, intake()),
      code(DANGERS, { c: community.id }, intake()),
      code(`{ notifications { edges { node { id } } } }`, {}, intake()),
    ]);
    const staff = await Promise.all(
      ['editor', 'reviewer', 'analyst', 'admin'].flatMap((name) => [
        code(SUBMIT, { input: { communityId: community.id, description: '井盖破损', location: LOCATION } }, tokens[name]),
        code(TRACK, { code: receipt.trackingCode }, tokens[name]),
      ]),
    );

    // Assess
    expect(refused).toEqual(refused.map(() => 'FORBIDDEN'));
    expect(staff).toEqual(staff.map(() => 'FORBIDDEN'));
    expect(await code(SUBMIT, { input: { communityId: community.id, description: '井盖破损', location: LOCATION } }, tokens.shandong)).toBe('NOT_FOUND');
    expect(await code(SUBMIT, { input: { communityId: other.id, description: '井盖破损', location: LOCATION } }, tokens.shandong)).toBeUndefined();
    expect(await code(SUBMIT, { input: { communityId: '0f8fad5b-d9cb-469f-a165-70867728950e', description: '井盖破损', location: LOCATION } }, intake())).toBe('NOT_FOUND');
  });

  it('refuses a bad report naming the field, without echoing a phone number, and writes nothing', async () => {
    // Prepare
    const before = (await run(LIST, { c: community.id })).residentReports.totalCount;

    // Act
    const badPhone = await bad(SUBMIT, { input: { communityId: community.id, description: '井盖破损', location: LOCATION, phone: '12912345678' } }, 'input.phone', intake());
    await bad(SUBMIT, { input: { communityId: community.id, description: '井盖破损', location: { address: '东门', latitude: 10.5, longitude: 150 } } }, 'input.location.longitude', intake());
    await bad(SUBMIT, { input: { communityId: community.id, description: '   ', location: LOCATION } }, 'input.description', intake());

    // Assess
    expect(JSON.stringify(badPhone.body)).not.toContain('12912345678');
    expect((await run(LIST, { c: community.id })).residentReports.totalCount).toBe(before);
  });

  it('shows the phone to the community\'s editors only: never to reviewers, analysts, admins or the app, nor in the history or the logs', async () => {
    // Prepare
    const receipt = await submit({ phone: '+86 139-1234-5678' });
    const report = await reportOf(receipt.receivedAt);
    logged.length = 0;

    // Act
    const views = Object.fromEntries(
      await Promise.all(['editor', 'reviewer', 'analyst', 'admin'].map(async (name) => [name, (await run(GET, { id: report.id }, tokens[name])).residentReport] as const)),
    );
    const tracked = await door().execute(TRACK, { code: receipt.trackingCode }, intake());
    const answered = (await run(ANSWER, { input: { id: report.id, version: 1, answer: '经核实，井盖已更换。' } })).answerResidentReport;
    const historyAfter = Object.fromEntries(
      await Promise.all(['editor', 'reviewer', 'analyst', 'admin'].map(async (name) => [name, (await run(GET, { id: report.id }, tokens[name])).residentReport.history] as const)),
    );

    // Assess
    expect(views.editor).toMatchObject({ phoneGiven: true, phone: PHONE });
    for (const name of ['reviewer', 'analyst', 'admin']) expect(views[name]).toMatchObject({ phoneGiven: true, phone: null });
    expect(answered.phone).toBe(PHONE);
    expect(JSON.stringify(receipt)).not.toContain(PHONE);
    expect(JSON.stringify(tracked.body)).not.toContain(PHONE);
    for (const history of Object.values(historyAfter)) {
      expect(history.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toEqual(['CREATE', 'RESIDENT_REPORT_ANSWERED']);
      expect(JSON.stringify(history)).not.toContain(PHONE);
    }
    expect(historyAfter.editor.edges[0].node.actor).toEqual({ role: 'REPORT_INTAKE', scope: `app:intakea-door-${doorIndex}` });
    expect(logged.join('\n')).not.toContain(PHONE);
    expect(logged.some((line) => line.includes('PERSONAL_DATA_READ') && line.includes(report.id) && line.includes('phone'))).toBe(true);
  });

  it('keeps what the resident wrote from analysts (null, and redacted in the history), as an incident\'s description; staff in scope read it, each read logged without it', async () => {
    const text = '3号楼王大爷家门口的化粪池井盖松动';
    const receipt = await submit({ description: text });
    const report = await reportOf(receipt.receivedAt);
    logged.length = 0;
    const views = Object.fromEntries(
      await Promise.all(['editor', 'reviewer', 'analyst', 'admin'].map(async (name) => [name, (await run(GET, { id: report.id }, tokens[name])).residentReport] as const)),
    );
    for (const name of ['editor', 'reviewer', 'admin']) expect(views[name].description).toBe(text);
    expect(views.analyst.description).toBeNull();
    expect(JSON.stringify(views.analyst.history)).not.toContain(text);
    expect(JSON.stringify(views.reviewer.history)).toContain(text);
    expect(logged.join('\n')).not.toContain(text);
    expect(logged.some((line) => line.includes('PERSONAL_DATA_READ') && line.includes(report.id) && line.includes('description'))).toBe(true);
  });

  it('triages a report into a hidden danger in the same write, shown by its tracking code, and answers it once', async () => {
    // Prepare
    const receipt = await submit();
    const report = await reportOf(receipt.receivedAt);
    const dangersBefore = (await run(DANGERS, { c: community.id })).hiddenDangers.totalCount;
    const danger = { severity: 'GENERAL', responsibleUnit: UNIT, deadline: addDays(today, 7) };

    // Act
    await bad(ANSWER, { input: { id: report.id, version: 1, answer: '属实', danger: { ...danger, deadline: addDays(today, -1) } } }, 'input.danger.deadline');
    await bad(ANSWER, { input: { id: report.id, version: 1, answer: '属实', danger: { ...danger, subject: { type: 'HAZARD_SOURCE', id: '0f8fad5b-d9cb-469f-a165-70867728950e' } } } }, 'input.danger.subject.id');
    const untouched = (await run(GET, { id: report.id })).residentReport;
    const forbidden = await Promise.all([
      code(ANSWER, { input: { id: report.id, version: 1, answer: '属实' } }, tokens.reviewer),
      code(ANSWER, { input: { id: report.id, version: 1, answer: '属实' } }, tokens.analyst),
      code(ANSWER, { input: { id: report.id, version: 1, answer: '属实' } }, tokens.otherEditor),
    ]);
    const answered = (await run(ANSWER, { input: { id: report.id, version: 1, answer: '属实，已责令物业限期更换井盖。', danger } })).answerResidentReport;
    const tracked = (await run(TRACK, { code: receipt.trackingCode }, intake())).residentReportByTrackingCode;
    const again = await door().execute(ANSWER, { input: { id: report.id, version: 2, answer: '再答一次' } }, tokens.editor);
    const stale = await door().execute(ANSWER, { input: { id: report.id, version: 1, answer: '再答一次' } }, tokens.editor);
    const dangersAfter = (await run(DANGERS, { c: community.id })).hiddenDangers;

    // Assess
    expect(untouched).toMatchObject({ status: 'RECEIVED', version: 1, hiddenDanger: null });
    expect(forbidden).toEqual(['FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND']);
    expect(answered).toMatchObject({ status: 'ANSWERED', outcome: 'HIDDEN_DANGER', answeredOn: today, version: 2, hiddenDanger: { state: 'OPEN', severity: 'GENERAL', deadline: addDays(today, 7), description: report.description, residentReport: { id: report.id } } });
    expect(tracked).toEqual({ status: 'ANSWERED', receivedOn: today, outcome: 'HIDDEN_DANGER', answer: '属实，已责令物业限期更换井盖。', answeredOn: today, hiddenDangerState: 'OPEN' });
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.id');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(dangersAfter.totalCount).toBe(dangersBefore + 1);
    expect(dangersAfter.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(answered.hiddenDanger.id);
  });

  it('answers a report that is not a danger with the reason, which the tracking code shows', async () => {
    // Prepare
    const receipt = await submit();
    const report = await reportOf(receipt.receivedAt);

    // Act
    await bad(ANSWER, { input: { id: report.id, version: 1, answer: '' } }, 'input.answer');
    const answered = (await run(ANSWER, { input: { id: report.id, version: 1, answer: '经现场核实，该井盖为新装，不构成隐患。' } }, tokens.admin)).answerResidentReport;
    const tracked = (await run(TRACK, { code: receipt.trackingCode }, intake())).residentReportByTrackingCode;

    // Assess
    expect(answered).toMatchObject({ status: 'ANSWERED', outcome: 'NO_DANGER', hiddenDanger: null });
    expect(tracked).toMatchObject({ status: 'ANSWERED', outcome: 'NO_DANGER', answer: '经现场核实，该井盖为新装，不构成隐患。', hiddenDangerState: null });
    expect((await run(LIST, { c: community.id, status: 'ANSWERED', first: 100 })).residentReports.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(report.id);
  });

  it('holds each app to its reports per minute: exactly the limit of concurrent submissions pass, the rest RATE_LIMITED (HTTP 429) and unwritten', async () => {
    // Prepare: a minute's window must not turn over while the submissions run.
    const second = new Date().getUTCSeconds();
    if (second >= 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const token = tokens[`limit${doorIndex}`]!;
    const before = (await run(LIST, { c: other.id, first: 100 }, tokens.admin)).residentReports.totalCount;

    // Act
    const responses = await Promise.all(
      Array.from({ length: LIMIT + 4 }, (_, index) => door().execute(SUBMIT, { input: { communityId: other.id, description: `东城街道第${index}号井盖破损`, location: LOCATION } }, token)),
    );

    // Assess
    const passed = responses.filter((response) => !response.body.errors);
    const limited = responses.filter((response) => errorCode(response) === 'RATE_LIMITED');
    expect(passed).toHaveLength(LIMIT);
    expect(limited).toHaveLength(4);
    for (const response of limited) {
      expect(response.status).toBe(429);
      expect(response.body.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
      expect(response.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(response.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect((await run(LIST, { c: other.id, first: 100 }, tokens.admin)).residentReports.totalCount).toBe(before + LIMIT);
  }, 90_000);
});

describe('overdue reports', () => {
  const door = () => app.doors[0]!;
  const run = async (query: string, variables: Record<string, unknown>, token = tokens.editor) => ok(await door().execute(query, variables, token));
  let repository: ResidentReportRepository;
  let community2: Community;

  /** A report received `daysAgo` days before today, written as a submission writes it (the API takes in reports only now). */
  async function receivedDaysAgo(daysAgo: number): Promise<string> {
    const at = new Date(Date.parse(`${addDays(today, -daysAgo)}T10:00:00+08:00`)).toISOString();
    const report = newResidentReport({ description: `${daysAgo}天前的举报`, location: LOCATION, phoneGiven: false }, community2, 'radio-hotline', at);
    await repository.submit(report, { trackingDigest: trackingDigest(`T${daysAgo}${report.id}`), window: rateWindowOf(new Date(at)), limit: 100 }, systemOrigin('test', `seed-${daysAgo}`));
    return report.id;
  }

  beforeAll(async () => {
    const pipeline = createWritePipeline(app.table);
    repository = new ResidentReportRepository(app.table, pipeline, new HiddenDangerRepository(app.table, pipeline));
    community2 = await seedCommunity(app.table, { regionCode: '210102002', name: '北塔街道' });
    tokens.editor2 = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community2.id], subject: 'editor-2' });
  });

  it('is overdue only after the 7th day since the day received, in the listing and for the reminders job, which tells its editors once', async () => {
    // Prepare
    const [onTime, late, answeredLate] = [await receivedDaysAgo(7), await receivedDaysAgo(8), await receivedDaysAgo(9)];
    const version = (await run(GET, { id: answeredLate }, tokens.editor2)).residentReport.version;
    await run(ANSWER, { input: { id: answeredLate, version, answer: '已核实处理' } }, tokens.editor2);
    const job = createRemindersJob(app.table.name, app.table.client);
    const notesOf = async (token: string) =>
      (ok(await door().execute(NOTES, {}, token)).notifications.edges as { node: { rule: string; residentReport: { id: string } | null; dueOn: string; daysLeft: number } }[])
        .map((edge) => edge.node)
        .filter((note) => note.rule === 'REPORT_OVERDUE');

    // Act
    const overdue = (await run(LIST, { c: community2.id, overdue: true }, tokens.editor2)).residentReports;
    const notOverdue = (await run(LIST, { c: community2.id, overdue: false }, tokens.editor2)).residentReports;
    const views = Object.fromEntries(await Promise.all([onTime, late].map(async (id) => [id, (await run(GET, { id }, tokens.editor2)).residentReport] as const)));
    const first = await job.run(runFor(today));
    const again = await job.run(runFor(today));
    const editorNotes = await notesOf(tokens.editor2!);
    const reviewerNotes = await notesOf(tokens.reviewer!);
    const tomorrow = await job.run(runFor(addDays(today, 1)));

    // Assess
    expect(overdue.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([late]);
    expect(overdue.totalCount).toBe(1);
    expect(notOverdue.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual([onTime, answeredLate].sort());
    expect(views[onTime]).toMatchObject({ overdue: false, daysWaiting: 7 });
    expect(views[late]).toMatchObject({ overdue: true, daysWaiting: 8 });
    expect(first.byRule.REPORT_OVERDUE.written).toBe(1);
    expect(again.byRule.REPORT_OVERDUE).toEqual({ written: 0, alreadySent: 1 });
    expect(editorNotes).toEqual([expect.objectContaining({ residentReport: { id: late }, dueOn: addDays(today, -1), daysLeft: -1 })]);
    expect(reviewerNotes).toEqual([]);
    expect(tomorrow.byRule.REPORT_OVERDUE).toEqual({ written: 1, alreadySent: 1 });
  });

  it('counts the reports in the creation counters of their region, in the transactions of their writes', async () => {
    // Act: 北塔街道 (210102002) holds the three reports above, one answered 9 days after it came.
    const period = { from: addDays(today, -9).slice(0, 7), to: today.slice(0, 7) };
    const figures = (
      await run(
        `query($period: AnalyticsPeriodInput!) { creationSummary(regionCode: "210102002", period: $period) { residentReports { received answered answeredWithin7Days triagedIntoDanger noDanger open } } }`,
        { period },
        tokens.analyst,
      )
    ).creationSummary.residentReports;

    // Assess
    expect(figures).toEqual({ received: 3, answered: 1, answeredWithin7Days: 0, triagedIntoDanger: 0, noDanger: 1, open: 2 });
  });
});
