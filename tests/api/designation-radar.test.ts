
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import type { CertificationLevel } from '#certification/model.ts';
import { addMonths } from '#core/dates.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { fallAtHome } from '#tests/support/records.ts';
import { seedDesignation } from '#tests/support/review.ts';

/**
 * The re-review radar (issue 11): designations that stand, by re-review due date, with the
 * community's last recorded work and AT_RISK. Designations are recorded whole (as the demo's past
 * ones are); a re-designation and a failed re-review go through the API.
 */
const RADAR = `query($regionCode: String!, $within: Int!, $first: Int, $after: String) {
  designationsDue(regionCode: $regionCode, within: $within, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { level dueOn daysLeft overdue cycle siteVisitRequired stage lastWorkMonth atRisk community { id name } certification { id designatedOn } } }
  } }`;

const TODAY = chinaToday();
const YEARS: Record<CertificationLevel, number> = { CITY: 3, NATIONAL: 5, INTERNATIONAL: 5 };

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
}, 60_000);
afterAll(() => app.close());

/** A designated community of `regionCode` whose re-review falls due on `dueOn`. */
function designated(regionCode: string, level: CertificationLevel, dueOn: string, name?: string) {
  const designatedOn = addMonths(dueOn, -12 * YEARS[level]);
  return seedDesignation(app.table, { regionCode, level, designatedOn, stageOn: [designatedOn, TODAY].sort()[0]!, appliedOn: addMonths(designatedOn, -3), ...(name ? { name } : {}) });
}

const days = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each([0, 1])('the re-review radar through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  // Each door its own county of 广西 (45), so the two runs do not meet.
  const county = doorIndex === 0 ? '450102' : '450103';

  it('lists what falls due within the window or is overdue, soonest first, with the days left at their edges', async () => {
    // Prepare
    const dueToday = await designated(`${county}001`, 'CITY', TODAY);
    const overdue = await designated(`${county}002`, 'NATIONAL', days(TODAY, -1));
    const atEdge = await designated(`${county}003`, 'INTERNATIONAL', addMonths(TODAY, 12));
    const beyond = await designated(`${county}004`, 'CITY', days(addMonths(TODAY, 12), 1));
    // Act
    const radar = ok(await door().execute(RADAR, { regionCode: county, within: 12 }, admin)).designationsDue;
    // Assess
    const nodes = radar.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes.map((node: { community: { id: string } }) => node.community.id)).toEqual([overdue.community.id, dueToday.community.id, atEdge.community.id]);
    expect(nodes[0]).toMatchObject({ level: 'NATIONAL', dueOn: days(TODAY, -1), daysLeft: -1, overdue: true, stage: 'DESIGNATED', cycle: 1, siteVisitRequired: true });
    expect(nodes[1]).toMatchObject({ level: 'CITY', dueOn: TODAY, daysLeft: 0, overdue: false });
    expect(nodes[2]).toMatchObject({ level: 'INTERNATIONAL', dueOn: addMonths(TODAY, 12), overdue: false, cycle: 1, siteVisitRequired: false });
    expect(radar.totalCount).toBe(3);
    const wider = ok(await door().execute(RADAR, { regionCode: county, within: 13 }, admin)).designationsDue;
    expect(wider.edges.map((edge: { node: { community: { id: string } } }) => edge.node.community.id)).toContain(beyond.community.id);
    // Pages
    const first = ok(await door().execute(RADAR, { regionCode: county, within: 12, first: 2 }, admin)).designationsDue;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await door().execute(RADAR, { regionCode: county, within: 12, first: 2, after: first.pageInfo.endCursor }, admin)).designationsDue;
    expect(rest.edges.map((edge: { node: { community: { id: string } } }) => edge.node.community.id)).toEqual([atEdge.community.id]);
  });

  it('flags a community with no recorded work for 12 months AT_RISK, and shows the last month of work', async () => {
    const idle = await designated(`${county}011`, 'CITY', addMonths(TODAY, 2));
    const busy = await designated(`${county}012`, 'CITY', addMonths(TODAY, 3));
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [busy.community.id] });
    ok(await door().execute('mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', { input: fallAtHome(busy.community.id) }, editor));
    const nodes = ok(await door().execute(RADAR, { regionCode: `${county}01`.slice(0, 6), within: 6 }, admin)).designationsDue.edges.map((edge: { node: unknown }) => edge.node);
    const byId = new Map(nodes.map((node: { community: { id: string } }) => [node.community.id, node]));
    expect(byId.get(idle.community.id)).toMatchObject({ atRisk: true, lastWorkMonth: null });
    const occurred = new Date(Date.parse(fallAtHome(busy.community.id).occurredAt as string) + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(byId.get(busy.community.id)).toMatchObject({ atRisk: false, lastWorkMonth: occurred });
  });

  it('lets reviewers and analysts read their region, editors their own communities, and refuses another region', async () => {
    const mine = await designated(`${county}021`, 'NATIONAL', addMonths(TODAY, 1));
    const other = await designated(`${county}022`, 'NATIONAL', addMonths(TODAY, 1));
    const ids = async (token: string, regionCode = county) =>
      ok(await door().execute(RADAR, { regionCode, within: 3 }, token)).designationsDue.edges.map((edge: { node: { community: { id: string } } }) => edge.node.community.id);
    for (const token of [await app.token({ role: 'REVIEWER', region: '45' }), await app.token({ role: 'PROVINCIAL_ANALYST', region: '45' }), await app.token({ role: 'REVIEWER' })]) {
      expect(await ids(token)).toEqual(expect.arrayContaining([mine.community.id, other.community.id]));
    }
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [mine.community.id] });
    expect(await ids(editor)).toEqual([mine.community.id]);
    expect(await ids(editor, '45')).toEqual([mine.community.id]);
    for (const token of [await app.token({ role: 'REVIEWER', region: '37' }), await app.token({ role: 'PROVINCIAL_ANALYST', region: '44' })]) {
      expect(errorCode(await door().execute(RADAR, { regionCode: county, within: 3 }, token))).toBe('FORBIDDEN');
    }
    expect(errorCode(await door().execute(RADAR, { regionCode: county, within: 3 }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a window or region it cannot read, naming it', async () => {
    for (const [variables, field] of [
      [{ regionCode: county, within: -1 }, 'within'],
      [{ regionCode: county, within: 121 }, 'within'],
      [{ regionCode: '4501x', within: 3 }, 'regionCode'],
    ] as const) {
      const response = await door().execute(RADAR, variables, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
  });
});

describe('the radar after a re-review', () => {
  const http = () => app.doors[1]!;
  const APPLY = 'mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id version } }';
  const REVIEW = 'mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { id version } }';
  const DECIDE = 'mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { id decision cycle } }';

  async function reReview(community: Community, decision: 'DESIGNATED' | 'REJECTED') {
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const reviewer = await app.token({ role: 'REVIEWER' });
    const applied = ok(await http().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: TODAY, reReview: true } }, editor)).applyForCertification;
    const reviewed = ok(await http().execute(REVIEW, { input: { id: applied.id, version: applied.version, onSiteReviewOn: TODAY } }, reviewer)).recordCertificationReview;
    return ok(
      await http().execute(
        DECIDE,
        { input: { id: reviewed.id, version: reviewed.version, decision, decidedOn: TODAY, ...(decision === 'DESIGNATED' ? { designatedOn: TODAY } : {}) } },
        reviewer,
      ),
    ).decideCertification;
  }

  it('shows a re-designated title once, in its second cycle (an ISCCC site visit is due), and drops a title whose re-review failed', async () => {
    const renewed = await designated('450202001', 'INTERNATIONAL', days(TODAY, 10));
    const failed = await designated('450202002', 'INTERNATIONAL', days(TODAY, 20));
    const decided = await reReview(renewed.community, 'DESIGNATED');
    await reReview(failed.community, 'REJECTED');
    const nodes = ok(await http().execute(RADAR, { regionCode: '450202', within: 120 }, admin)).designationsDue.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ certification: { id: decided.id, designatedOn: TODAY }, cycle: 2, siteVisitRequired: true, dueOn: addMonths(TODAY, 60), stage: 'DESIGNATED' });
    const old = ok(await http().execute('query($id: ID!) { certification(id: $id) { decision cycle endedOn endReason history(first: 5) { edges { node { operation } } } } }', { id: renewed.certification.id }, admin)).certification;
    expect(old).toMatchObject({ decision: 'DESIGNATED', cycle: 1, endedOn: TODAY, endReason: 'REDESIGNATED' });
    expect(decided.cycle).toBe(2);
    expect(old.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toContain('CERTIFICATION_DECIDED');
    const lapsed = ok(await http().execute('query($id: ID!) { community(id: $id) { stage } }', { id: failed.community.id }, admin)).community;
    expect(lapsed.stage).toBe('LAPSED');
  });
});
