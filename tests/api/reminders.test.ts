import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey } from '#core/db/keys.ts';
import { untaggedNotificationId } from '#notification/model.ts';
import type { Certification, CertificationLevel } from '#certification/model.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import type { Community } from '#community/model.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { SAMPLES, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';
import { seedDesignation } from '#tests/support/review.ts';

/**
 * The reminders job (issue 11) against DynamoDB Local, read back through both doors as the
 * people it reminds: due dates and windows at their edges, AT_RISK, the 20-working-day rule,
 * uploads that never arrived, idempotency (twice, a replay, concurrent runs) and recipients by scope.
 */
const NOTIFICATIONS = `query($first: Int, $unreadOnly: Boolean) { notifications(first: $first, unreadOnly: $unreadOnly) {
  totalCount unreadCount edges { node { id rule threshold message daysLeft dueOn level lastWorkMonth workingDaysWaited waitingAt { level regionCode } on read community { id } certification { id } evidence { id status } } } } }`;

let app: TestApp;
let job: ReturnType<typeof createRemindersJob>;
let certifications: CertificationRepository;

beforeAll(async () => {
  app = await createTestApp();
  job = createRemindersJob(app.table.name, app.table.client);
  const pipeline = createWritePipeline(app.table);
  const communities = new CommunityRepository(app.table, pipeline);
  certifications = new CertificationRepository(app.table, pipeline, communities, new AssessmentRepository(app.table, pipeline, communities).assessments);
}, 60_000);
afterAll(() => app.close());

const days = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A designated community of `regionCode` whose title was designated on `designatedOn` (valid until `validUntil` when given). */
const designated = (regionCode: string, level: CertificationLevel, designatedOn: string, validUntil?: string) =>
  seedDesignation(app.table, { regionCode, level, designatedOn, name: `提醒测试${randomUUID().slice(0, 6)}社区`, ...(validUntil ? { validUntil } : {}) });

async function feedOf(token: string, door = 0): Promise<{ nodes: any[]; totalCount: number; unreadCount: number }> {
  const data = ok(await app.doors[door]!.execute(NOTIFICATIONS, { first: 100 }, token)).notifications;
  const nodes: any[] = data.edges.map((edge: { node: any }) => edge.node);
  return { ...data, nodes };
}

const editorOf = (community: Community) => app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });

describe('re-review reminders at their edges', () => {
  // The job's day; the titles fall due relative to it (CITY titles hold three years).
  const today = '2027-01-01';

  it('reminds 180, 90 and 30 days ahead (the narrowest step within), on the due date and one day overdue; not 181 days ahead', async () => {
    // Prepare: CITY titles designated three years before each due date.
    const cases = [
      [181, undefined],
      [180, '180'],
      [91, '180'],
      [90, '90'],
      [31, '90'],
      [30, '30'],
      [0, '30'],
      [-1, 'OVERDUE'],
    ] as const;
    const seeded = [];
    for (const [left, threshold] of cases) {
      const due = days(today, left);
      seeded.push({ left, threshold, ...(await designated(`450102${String(seeded.length + 1).padStart(3, '0')}`, 'CITY', `${Number(due.slice(0, 4)) - 3}${due.slice(4)}`)) });
    }
    // Act
    const report = await job.run(runFor(today));
    // Assess
    expect(report.today).toBe(today);
    for (const { left, threshold, community, certification } of seeded) {
      const feed = await feedOf(await editorOf(community), left % 2 === 0 ? 0 : 1);
      const reReview = feed.nodes.filter((node) => node.rule === 'RE_REVIEW_DUE' || node.rule === 'RE_REVIEW_OVERDUE');
      if (threshold === undefined) {
        expect(reReview, `${left} days left`).toEqual([]);
        continue;
      }
      expect(reReview, `${left} days left`).toHaveLength(1);
      expect(reReview[0]).toMatchObject({
        rule: left < 0 ? 'RE_REVIEW_OVERDUE' : 'RE_REVIEW_DUE',
        threshold,
        daysLeft: left,
        dueOn: days(today, left),
        level: 'CITY',
        on: today,
        read: false,
        community: { id: community.id },
        certification: { id: certification.id },
      });
      expect(reReview[0].message).toContain(community.name);
    }
  });

  it('counts days across a leap day: a title designated on 29 February falls due on 28 February, 180 days from 1 September', async () => {
    // Prepare: designated 2024-02-29 (CITY, three years: 2027-02-28); a written validity of 2028-02-29.
    const leapDesignated = await designated('450103001', 'CITY', '2024-02-29');
    const leapValidity = await designated('450103002', 'NATIONAL', '2023-03-01', '2028-02-29');
    // Act
    await job.run(runFor('2026-08-31'));
    const before = (await feedOf(await editorOf(leapDesignated.community))).nodes;
    await job.run(runFor('2026-09-01'));
    await job.run(runFor('2028-01-30'));
    // Assess
    expect(before.filter((node) => node.rule === 'RE_REVIEW_DUE')).toEqual([]);
    const after = (await feedOf(await editorOf(leapDesignated.community))).nodes.filter((node) => node.rule === 'RE_REVIEW_DUE' && node.on === '2026-09-01');
    expect(after).toMatchObject([{ threshold: '180', dueOn: '2027-02-28', daysLeft: 180 }]);
    const validity = (await feedOf(await editorOf(leapValidity.community))).nodes.filter((node) => node.on === '2028-01-30' && node.rule === 'RE_REVIEW_DUE');
    expect(validity).toMatchObject([{ threshold: '30', dueOn: '2028-02-29', daysLeft: 30 }]);
  });
});

describe('AT_RISK', () => {
  it('notifies a designated community with no recorded work for 12 months, once per lapse, and not one with recent work', async () => {
    // Prepare
    const today = runFor(undefined).today;
    const idle = await designated('450104001', 'NATIONAL', '2024-06-01');
    const busy = await designated('450104002', 'NATIONAL', '2024-06-01');
    const busyEditor = await editorOf(busy.community);
    ok(await app.doors[1]!.execute('mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', { input: fallAtHome(busy.community.id) }, busyEditor));
    // Act
    await job.run(runFor(today));
    await job.run(runFor(today));
    // Assess
    const idleRisk = (await feedOf(await editorOf(idle.community))).nodes.filter((node) => node.rule === 'AT_RISK');
    expect(idleRisk).toMatchObject([{ threshold: 'since:NONE', lastWorkMonth: null, community: { id: idle.community.id }, certification: null }]);
    expect(idleRisk[0].message).toContain('12个月');
    expect((await feedOf(busyEditor)).nodes.filter((node) => node.rule === 'AT_RISK')).toEqual([]);
  });
});

describe('an application waiting more than 20 working days at one level', () => {
  async function waitingSince(regionCode: string, waitingSinceIso: string, phase: 'ENDORSEMENT' | 'RECTIFICATION' = 'ENDORSEMENT') {
    const community = await seedCommunity(app.table, { regionCode, name: `等待测试${randomUUID().slice(0, 6)}社区`, stage: 'APPLIED', launchedOn: '2020-01-01' });
    const certification: Certification = {
      id: randomUUID(),
      communityId: community.id,
      regionCode,
      level: 'CITY',
      standardVersion: 'AQ/T 9001-2006',
      appliedOn: waitingSinceIso.slice(0, 10),
      reReview: false,
      decision: 'PENDING',
      phase,
      waitingFor: { level: 'COUNTY', regionCode: regionCode.slice(0, 6) },
      waitingSince: waitingSinceIso,
      version: 1,
      createdAt: waitingSinceIso,
      updatedAt: waitingSinceIso,
    };
    await certifications.record(certification, regionCode, systemOrigin('test-fixture', `fixture:${certification.id}`));
    return { community, certification };
  }

  it('counts China\'s working days (the Mid-Autumn and National Day holidays, the make-up Saturday): 20 is not more than 20, 21 is', async () => {
    // Prepare: waiting since 2026-09-10 (China). By chinese-days' 2026 calendar (Mid-Autumn to 27
    // September, National Day 1–7 October, Saturday 10 October worked) that is 20 working days by
    // 14 October and 21 by the 15th; by calendar days it would have been 34 and 35.
    const waiting = await waitingSince('450105001', '2026-09-10T02:00:00.000Z');
    const rectifying = await waitingSince('450105002', '2026-09-10T02:00:00.000Z', 'RECTIFICATION');
    const county = await app.token({ role: 'REVIEWER', region: '450105' });
    // Act
    await job.run(runFor('2026-10-14'));
    const at20 = (await feedOf(county)).nodes.filter((node) => node.rule === 'WAITING_AT_LEVEL');
    await job.run(runFor('2026-10-15'));
    await job.run(runFor('2026-10-20'));
    // Assess
    expect(at20).toEqual([]);
    const found = (await feedOf(county)).nodes.filter((node) => node.rule === 'WAITING_AT_LEVEL');
    expect(found).toMatchObject([{ workingDaysWaited: 21, on: '2026-10-15', waitingAt: { level: 'COUNTY', regionCode: '450105' }, certification: { id: waiting.certification.id } }]);
    expect(found.map((node) => node.community.id)).not.toContain(rectifying.community.id);
  });
});

describe('uploads that never arrived', () => {
  const REQUEST = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id status } upload { url fields { name value } expiresAt } } }`;

  it('marks PENDING_UPLOAD evidence EXPIRED past its URL and the late-arrival allowance, with its audit entry and one notification; an upload that arrived is untouched', async () => {
    // Prepare
    const community = await seedCommunity(app.table, { regionCode: '450106001', name: '过期测试社区' });
    const editor = await editorOf(community);
    const file = SAMPLES.pdf();
    const input = (size: number) => ({ ownerType: 'COMMUNITY', ownerId: community.id, fileName: '会议纪要.pdf', contentType: 'application/pdf', size, sha256: sha256(file.bytes) });
    const pending = ok(await app.doors[0]!.execute(REQUEST, { input: input(file.bytes.length) }, editor)).requestEvidenceUpload;
    const big = ok(await app.doors[0]!.execute(REQUEST, { input: { ...input(500 * 1024 * 1024), contentType: 'video/mp4', fileName: '演练.mp4' } }, editor)).requestEvidenceUpload;
    const arrived = ok(await app.doors[1]!.execute(REQUEST, { input: input(file.bytes.length) }, editor)).requestEvidenceUpload;
    expect((await app.uploadEvidence(arrived.upload, file)).outcomes.map((outcome) => outcome.result)).toEqual(['AVAILABLE']);
    const expiresAt = Date.parse(pending.upload.expiresAt);
    const today = runFor(undefined).today;
    // Act: within the allowance (two minutes for a small file), then past it (a 500 MB video still may be arriving).
    const early = await job.run({ today, now: new Date(expiresAt + 60_000) });
    const late = await job.run({ today, now: new Date(expiresAt + 10 * 60_000) });
    const again = await job.run({ today, now: new Date(expiresAt + 10 * 60_000) });
    // Assess
    expect(early.evidenceExpired).toBe(0);
    expect(late.evidenceExpired).toBe(1);
    expect(again.evidenceExpired).toBe(0);
    const STATUS = 'query($id: ID!) { evidence(id: $id) { status expiredAt downloadUrl history(first: 10) { edges { node { operation actor { subject role } } } } } }';
    const expired = ok(await app.doors[1]!.execute(STATUS, { id: pending.evidence.id }, editor)).evidence;
    expect(expired).toMatchObject({ status: 'EXPIRED', downloadUrl: null });
    expect(expired.history.edges.map((edge: any) => edge.node)).toContainEqual({ operation: 'EVIDENCE_EXPIRED', actor: { subject: 'reminders', role: 'SYSTEM' } });
    expect(ok(await app.doors[1]!.execute(STATUS, { id: big.evidence.id }, editor)).evidence.status).toBe('PENDING_UPLOAD');
    expect(ok(await app.doors[1]!.execute(STATUS, { id: arrived.evidence.id }, editor)).evidence.status).toBe('AVAILABLE');
    const notes = (await feedOf(editor)).nodes.filter((node) => node.rule === 'UPLOAD_EXPIRED');
    expect(notes).toMatchObject([{ threshold: 'EXPIRED', evidence: { id: pending.evidence.id, status: 'EXPIRED' }, community: { id: community.id } }]);
    expect(notes[0].message).not.toContain('会议纪要');
    // A file posted after all is not taken: the evidence stays EXPIRED.
    const posted = await app.uploadEvidence(pending.upload, file);
    expect(posted.outcomes.map((outcome) => outcome.result)).toEqual(['IGNORED']);
    expect(ok(await app.doors[0]!.execute(STATUS, { id: pending.evidence.id }, editor)).evidence.status).toBe('EXPIRED');
  });
});

describe('idempotency and recipients', () => {
  it('writes nothing twice: a second run, a replay by another job instance, and three concurrent runs of a new day', async () => {
    // Prepare
    const a = await designated('450107001', 'CITY', '2024-03-15');
    const b = await designated('450107002', 'CITY', '2024-04-20');
    const first = await job.run(runFor('2026-10-01'));
    // Act
    const second = await job.run(runFor('2026-10-01'));
    const replay = await createRemindersJob(app.table.name, app.table.client).run(runFor('2026-10-01'));
    const concurrent = await Promise.all([0, 1, 2].map(() => createRemindersJob(app.table.name, app.table.client).run(runFor('2027-01-05'))));
    // Assess
    expect(first.written).toBeGreaterThan(0);
    expect(second.written).toBe(0);
    expect(second.alreadySent).toBe(first.written + first.alreadySent);
    expect(replay.written).toBe(0);
    const writtenConcurrently = concurrent.reduce((sum, report) => sum + report.written, 0);
    const national = await feedOf(await app.token({ role: 'ADMIN' }));
    const ofTheDay = national.nodes.filter((node) => node.on === '2027-01-05');
    expect(writtenConcurrently).toBeGreaterThan(0);
    expect(ofTheDay).toHaveLength(writtenConcurrently);
    expect(new Set(national.nodes.map((node) => node.id)).size).toBe(national.nodes.length);
    expect(national.totalCount).toBe(national.nodes.length);
    expect((await job.run(runFor('2027-01-05'))).written).toBe(0);
    // a: 165 days left on 1 October (the 180-day step), 69 on 5 January (the 90-day one); b: 201, then 105 (the 180-day step once).
    for (const [{ community }, expected] of [
      [a, ['AT_RISK:since:NONE', 'RE_REVIEW_DUE:180', 'RE_REVIEW_DUE:90']],
      [b, ['AT_RISK:since:NONE', 'RE_REVIEW_DUE:180']],
    ] as const) {
      const feed = await feedOf(await editorOf(community));
      const keys = feed.nodes.map((node) => `${node.rule}:${node.threshold}`);
      expect(keys.sort()).toEqual(expected);
      expect(feed.totalCount).toBe(feed.nodes.length);
      expect(feed.unreadCount).toBe(feed.nodes.length);
    }
  });

  it('counts a finding notified before ids were tagged (its notification under the bare UUID) as sent, and writes no second one', async () => {
    // Prepare: a run, then its notifications moved to the ids they had before tags
    await designated('450108001', 'CITY', '2024-03-15');
    const first = await job.run(runFor('2026-10-02'));
    const ids = (await feedOf(await app.token({ role: 'ADMIN' }))).nodes.filter((node) => node.on === '2026-10-02').map((node) => String(node.id));
    expect(ids.length).toBe(first.written);
    expect(first.written).toBeGreaterThan(0);
    for (const id of ids) {
      const record = (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recordKey('NOTIFICATION', id) }))).Item ?? {};
      const untagged = untaggedNotificationId(String(record.id));
      expect(untagged).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await app.table.client.send(new PutCommand({ TableName: app.table.name, Item: { ...record, ...recordKey('NOTIFICATION', untagged), id: untagged } }));
      await app.table.client.send(new DeleteCommand({ TableName: app.table.name, Key: { pk: record.pk, sk: record.sk } }));
    }
    // Act
    const again = await job.run(runFor('2026-10-02'));
    // Assess
    expect(again.written).toBe(0);
    expect(again.alreadySent).toBe(first.written + first.alreadySent);
  });

  it('reaches the community\'s editors and the reviewers whose region covers it; an editor of another community, a reviewer of another region and an analyst get nothing', async () => {
    // Prepare
    const here = await designated('450108001', 'CITY', '2020-01-10');
    const other = await designated('450201001', 'CITY', '2020-01-10');
    await job.run(runFor('2027-01-05'));
    const ids = async (token: string) => new Set((await feedOf(token)).nodes.map((node) => node.community.id));
    // Act
    const [province, city, county, town, nationalReviewer, admin, otherCounty, otherProvince, analyst, editor, otherEditor] = await Promise.all([
      app.token({ role: 'REVIEWER', region: '45' }),
      app.token({ role: 'REVIEWER', region: '4501' }),
      app.token({ role: 'REVIEWER', region: '450108' }),
      app.token({ role: 'REVIEWER', region: '450108001' }),
      app.token({ role: 'REVIEWER' }),
      app.token({ role: 'ADMIN' }),
      app.token({ role: 'REVIEWER', region: '450102' }),
      app.token({ role: 'REVIEWER', region: '37' }),
      app.token({ role: 'PROVINCIAL_ANALYST', region: '45' }),
      editorOf(here.community),
      editorOf(other.community),
    ]);
    // Assess
    for (const token of [province, city, county, town, nationalReviewer, admin, editor]) expect((await ids(token)).has(here.community.id)).toBe(true);
    for (const token of [city, county, town, editor]) expect((await ids(token)).has(other.community.id)).toBe(false);
    expect((await ids(otherCounty)).has(here.community.id)).toBe(false);
    expect((await ids(otherEditor)).has(here.community.id)).toBe(false);
    expect((await ids(otherEditor)).has(other.community.id)).toBe(true);
    expect((await feedOf(otherProvince)).nodes).toEqual([]);
    const analystFeed = await feedOf(analyst);
    expect(analystFeed).toMatchObject({ nodes: [], totalCount: 0, unreadCount: 0 });
  });
});
