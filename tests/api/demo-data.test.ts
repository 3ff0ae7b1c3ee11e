import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId, seedDemoData } from '#scripts/seed/load.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';

/** What `npm start` promises of its demo data, read back through the API. */
let app: TestApp;
let admin: string;
let first: Awaited<ReturnType<typeof seedDemoData>>;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  first = await seedDemoData(app.table);
}, 300_000);
afterAll(() => app.close());

describe('demo data', () => {
  it('gives 南塔街道 its 15 projects with 66 interventions', async () => {
    const response = await app.doors[0]!.execute(
      `query($id: ID!) { community(id: $id) { name projects(first: 100) { totalCount edges { node { interventionCount interventions { id } } } } } }`,
      { id: demoId('shenyang-shenhe-nanta') },
      admin,
    );
    const community = response.body.data.community;
    expect(community.name).toBe('南塔街道');
    expect(community.projects.totalCount).toBe(15);
    const interventions = community.projects.edges.reduce((sum: number, edge: { node: { interventions: unknown[] } }) => sum + edge.node.interventions.length, 0);
    expect(interventions).toBe(66);
  });

  it('gives 吴店镇 its national designation of 2009 and 九龙镇 its 24 projects', async () => {
    const wudian = await app.doors[1]!.execute(
      `query($id: ID!) { community(id: $id) { name stage latestCertification { level decision designatedOn } projects { edges { node { category } } } } }`,
      { id: demoId('heze-mudan-wudian') },
      admin,
    );
    expect(wudian.body.data.community).toMatchObject({ name: '吴店镇', stage: 'DESIGNATED', latestCertification: { level: 'NATIONAL', decision: 'DESIGNATED' } });
    expect(wudian.body.data.community.latestCertification.designatedOn.slice(0, 4)).toBe('2009');
    const categories = wudian.body.data.community.projects.edges.map((edge: { node: { category: string } }) => edge.node.category);
    expect(categories).toEqual(expect.arrayContaining(['PESTICIDE_POISONING', 'DOG_BITES', 'AGRICULTURAL_MACHINERY', 'MIGRANT_WORKERS']));
    const jiulong = await app.doors[1]!.execute(`query($id: ID!) { projects(communityId: $id) { totalCount } }`, { id: demoId('guangzhou-luogang-jiulong') }, admin);
    expect(jiulong.body.data.projects.totalCount).toBe(24);
  });

  it('records 东城 handing out leaflets, calendars and handbooks, and two drills a year', async () => {
    const response = await app.doors[0]!.execute(
      `query($id: ID!) { community(id: $id) { activities(first: 100) { edges { node { kind heldOn materials { kind quantity } } } } } }`,
      { id: demoId('heze-mudan-dongcheng') },
      admin,
    );
    const activities = response.body.data.community.activities.edges.map((edge: { node: any }) => edge.node);
    const handedOut = (kind: string) =>
      activities.flatMap((activity: any) => activity.materials).filter((material: any) => material.kind === kind).reduce((sum: number, material: any) => sum + material.quantity, 0);
    expect([handedOut('LEAFLET'), handedOut('CALENDAR'), handedOut('HANDBOOK')]).toEqual([1800, 360, 870]);
    const drillsIn2010 = activities.filter((activity: any) => activity.kind === 'DRILL' && activity.heldOn.startsWith('2010'));
    expect(drillsIn2010).toHaveLength(2);
  });

  it('gives the 牡丹区 units several years of synthetic incidents', async () => {
    const response = await app.doors[0]!.execute(
      `query($id: ID!) { incidents(communityId: $id, from: "2009-01-01T00:00:00+08:00", to: "2010-01-01T00:00:00+08:00", first: 1) { totalCount } community(id: $id) { recentIncidents { occurredAt } } }`,
      { id: demoId('heze-mudan-xicheng') },
      admin,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.incidents.totalCount).toBeGreaterThan(5);
    expect(response.body.data.community.recentIncidents).toHaveLength(10);
    expect(first.incidents).toBeGreaterThan(1000);
  });

  it('loads once: a second load writes nothing', async () => {
    expect(first.communities).toBeGreaterThan(20);
    const again = await seedDemoData(app.table);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
  });
});
