import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certification } from '#certification/model.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/** The caller's notifications through both doors: pages, unread state, the badge count, and who may mark what. */
const LIST = `query($first: Int, $after: String, $unreadOnly: Boolean) { notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
  totalCount unreadCount pageInfo { hasNextPage endCursor } edges { cursor node { id rule read createdAt } } } }`;
const COUNT = '{ unreadNotificationCount }';
const MARK = 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount notifications { id read } } }';

let app: TestApp;
let editor: string;
let otherEditor: string;
let ids: string[];

beforeAll(async () => {
  app = await createTestApp();
  const pipeline = createWritePipeline(app.table);
  const communities = new CommunityRepository(app.table, pipeline);
  const certifications = new CertificationRepository(app.table, pipeline, communities, new AssessmentRepository(app.table, pipeline, communities).assessments);
  const community = await seedCommunity(app.table, { regionCode: '450102001', name: '通知测试社区', stage: 'DESIGNATED' });
  const other = await seedCommunity(app.table, { regionCode: '450102002', name: '另一个社区', stage: 'DESIGNATED' });
  for (const [target, designatedOn] of [[community, '2024-03-01'], [community, '2023-01-10'], [other, '2024-03-01']] as const) {
    const now = new Date().toISOString();
    const certification: Certification = {
      id: randomUUID(), communityId: target.id, regionCode: target.regionCode, level: designatedOn.startsWith('2023') ? 'NATIONAL' : 'CITY', standardVersion: 'AQ/T 9001-2006',
      appliedOn: designatedOn, reReview: false, decision: 'DESIGNATED', decidedOn: designatedOn, designatedOn, phase: 'DECIDED', version: 1, createdAt: now, updatedAt: now,
    };
    await certifications.record(certification, target.regionCode, systemOrigin('test-fixture', `fixture:${certification.id}`));
  }
  // Three days of the job: each day's steps of the two titles, and AT_RISK once per community.
  const job = createRemindersJob(app.table.name, app.table.client);
  for (const day of ['2026-09-10', '2026-12-20', '2027-02-05']) await job.run(runFor(day));
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  otherEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] });
  const all = ok(await app.doors[0]!.execute(LIST, { first: 100 }, editor)).notifications;
  ids = all.edges.map((edge: any) => edge.node.id);
}, 60_000);
afterAll(() => app.close());

describe.each([0, 1])('notifications through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it('pages the caller\'s notifications newest first, and counts them', async () => {
    // Act
    const first = ok(await door().execute(LIST, { first: 2 }, editor)).notifications;
    const rest = ok(await door().execute(LIST, { first: 100, after: first.pageInfo.endCursor }, editor)).notifications;
    // Assess
    const all = [...first.edges, ...rest.edges].map((edge: any) => edge.node);
    expect(all.map((node: any) => node.id)).toEqual(ids);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const times = all.map((node: any) => node.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.totalCount).toBe(ids.length);
  });
});

describe('read state', () => {
  it('marks read, once: the badge count falls by what was unread, unreadOnly leaves them out, a repeat changes nothing', async () => {
    // Prepare
    const before = ok(await app.doors[0]!.execute(COUNT, {}, editor)).unreadNotificationCount;
    // Act
    const marked = ok(await app.doors[1]!.execute(MARK, { ids: [ids[0], ids[1], ids[0]] }, editor)).markNotificationsRead;
    const repeat = ok(await app.doors[0]!.execute(MARK, { ids: [ids[0]] }, editor)).markNotificationsRead;
    // Assess
    expect(marked).toMatchObject({ marked: 2, unreadCount: before - 2, notifications: [{ id: ids[0], read: true }, { id: ids[1], read: true }] });
    expect(repeat).toMatchObject({ marked: 0, unreadCount: before - 2 });
    const unread = ok(await app.doors[0]!.execute(LIST, { first: 100, unreadOnly: true }, editor)).notifications;
    expect(unread.edges.map((edge: any) => edge.node.id)).toEqual(ids.slice(2));
    expect(unread.unreadCount).toBe(before - 2);
    const page = ok(await app.doors[1]!.execute(LIST, { first: 1, unreadOnly: true }, editor)).notifications;
    expect(page.edges.map((edge: any) => edge.node.id)).toEqual([ids[2]]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    // Read state is the caller's own: the same notification, to another reader in its audiences, is unread.
    const reviewer = await app.token({ role: 'REVIEWER', region: '4501' });
    const theirs = ok(await app.doors[0]!.execute(LIST, { first: 100 }, reviewer)).notifications;
    expect(theirs.edges.find((edge: any) => edge.node.id === ids[0])?.node.read).toBe(false);
  });

  it('counts a notification marked by two requests at once only once', async () => {
    // Prepare
    const before = ok(await app.doors[0]!.execute(COUNT, {}, editor)).unreadNotificationCount;
    // Act
    const results = await Promise.all([0, 1, 0, 1].map((door) => app.doors[door]!.execute(MARK, { ids: [ids[3]] }, editor)));
    // Assess
    expect(results.map((result) => result.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results.reduce((sum, result) => sum + result.body.data.markNotificationsRead.marked, 0)).toBe(1);
    expect(ok(await app.doors[1]!.execute(COUNT, {}, editor)).unreadNotificationCount).toBe(before - 1);
  });
});

describe('authorization of the notification operations', () => {
  it('needs a token for every operation', async () => {
    for (const [query, variables] of [[LIST, {}], [COUNT, {}], [MARK, { ids: [ids[0]] }]] as const) {
      expect(errorCode(await app.doors[0]!.execute(query, variables))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses to mark another community\'s notification (NOT_FOUND naming it) and writes nothing, not even the caller\'s own', async () => {
    // Prepare
    const mine = ok(await app.doors[0]!.execute(LIST, { first: 100 }, otherEditor)).notifications;
    const before = ok(await app.doors[0]!.execute(COUNT, {}, otherEditor)).unreadNotificationCount;
    const own = mine.edges[0].node.id;
    // Act
    const response = await app.doors[1]!.execute(MARK, { ids: [own, ids.at(-1)!] }, otherEditor);
    const outsider = await app.doors[0]!.execute(MARK, { ids: [ids.at(-1)!] }, await app.token({ role: 'REVIEWER', region: '37' }));
    // Assess
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.body.errors?.[0]?.message).toContain(ids.at(-1)!);
    expect(errorCode(outsider)).toBe('NOT_FOUND');
    expect(ok(await app.doors[0]!.execute(COUNT, {}, otherEditor)).unreadNotificationCount).toBe(before);
  });

  it('refuses ids that cannot be notifications, naming the argument', async () => {
    for (const value of [[], ['bad#id'], Array.from({ length: 41 }, (_, n) => `id-${n}`)]) {
      const response = await app.doors[0]!.execute(MARK, { ids: value }, editor);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(String(response.body.errors?.[0]?.extensions?.field)).toMatch(/^ids/);
    }
  });

  it('gives an analyst (who holds no duty the job reminds) an empty list and a zero badge, and a bad cursor BAD_USER_INPUT', async () => {
    const analyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '45' });
    expect(ok(await app.doors[0]!.execute(LIST, {}, analyst)).notifications).toMatchObject({ edges: [], totalCount: 0, unreadCount: 0 });
    expect(ok(await app.doors[1]!.execute(COUNT, {}, analyst)).unreadNotificationCount).toBe(0);
    expect(errorCode(await app.doors[0]!.execute(MARK, { ids: [ids[0]] }, analyst))).toBe('NOT_FOUND');
    const bad = await app.doors[0]!.execute(LIST, { after: '!!' }, editor);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });
});
