import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId, seedDemoData } from '#scripts/seed/load.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { DUDIAN_DRAFT_KEY, demoPendingApplication, demoNationalReviews } from '#scripts/seed/demo-review.ts';
import { createTestApp, type GraphQLResponse, type TestApp } from '#tests/support/app.ts';
import { addDays, daysBetween } from '#core/dates.ts';
import { DEMO_INTAKE_APP, demoHazards, MUDAN, MUDAN_REGISTERED_DAYS_AGO, NANTA, NANTA_OVERDUE_DAYS, NANTA_REGISTERED_DAYS_AGO, SYNTHETIC_MARK } from '#scripts/seed/demo-hazards.ts';
import { demoTrackingCode, seedDemoHazards } from '#scripts/seed/load-hazards.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';

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
      { id: demoId('community', 'shenyang-shenhe-nanta') },
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
      { id: demoId('community', 'heze-mudan-wudian') },
      admin,
    );
    expect(wudian.body.data.community).toMatchObject({ name: '吴店镇', stage: 'DESIGNATED', latestCertification: { level: 'NATIONAL', decision: 'DESIGNATED' } });
    expect(wudian.body.data.community.latestCertification.designatedOn.slice(0, 4)).toBe('2009');
    const categories = wudian.body.data.community.projects.edges.map((edge: { node: { category: string } }) => edge.node.category);
    expect(categories).toEqual(expect.arrayContaining(['PESTICIDE_POISONING', 'DOG_BITES', 'AGRICULTURAL_MACHINERY', 'MIGRANT_WORKERS']));
    const jiulong = await app.doors[1]!.execute(`query($id: ID!) { projects(communityId: $id) { totalCount } }`, { id: demoId('community', 'guangzhou-luogang-jiulong') }, admin);
    expect(jiulong.body.data.projects.totalCount).toBe(24);
  });

  it('records 东城 handing out leaflets, calendars and handbooks, and two drills a year', async () => {
    const response = await app.doors[0]!.execute(
      `query($id: ID!) { community(id: $id) { activities(first: 100) { edges { node { kind heldOn materials { kind quantity } } } } } }`,
      { id: demoId('community', 'heze-mudan-dongcheng') },
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
      { id: demoId('community', 'heze-mudan-xicheng') },
      admin,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.incidents.totalCount).toBeGreaterThan(5);
    expect(response.body.data.community.recentIncidents).toHaveLength(10);
    expect(first.incidents).toBeGreaterThan(1000);
  });

  it('scores 西城’s and 吴店’s 2009 national reviews on the national sheet: PASS, at least 100 of 150, no item at 0, DESIGNATED', async () => {
    for (const [door, review] of demoNationalReviews.map((review, index) => [app.doors[index % 2]!, review] as const)) {
      const response = await door.execute(
        `query($id: ID!) { certification(id: $id) {
          level decision designatedOn score maxScore scoredOnSheet onSiteOutcome
          chain { phase waitingFor { level } steps { action level regionCode by role at } }
          selfAssessment { id kind status submittedOn outcome }
          onSiteAssessment { id kind status total maxTotal outcome zeroItems onSiteReview: certification { onSiteReviewOn expertGroup } items { finding parts { grade } } }
        } }`,
        { id: demoId('certification', review.certificationKey) },
        admin,
      );
      const certification = ok(response).certification;
      expect(certification, review.communityKey).toMatchObject({ level: 'NATIONAL', decision: 'DESIGNATED', maxScore: 150, scoredOnSheet: true, onSiteOutcome: 'PASS' });
      const onSite = certification.onSiteAssessment;
      expect(onSite).toMatchObject({ id: demoId('assessment', review.onSiteKey), kind: 'ON_SITE', status: 'SUBMITTED', maxTotal: 150, outcome: 'PASS', zeroItems: [] });
      expect(onSite.total).toBeGreaterThanOrEqual(100);
      expect(certification.score).toBe(onSite.total);
      // Every item scores something; grades differ from item to item (not all A).
      const grades = onSite.items.flatMap((item: { parts: { grade: string }[] }) => item.parts.map((part) => part.grade));
      expect(grades).toHaveLength(150);
      expect(new Set(grades).size).toBeGreaterThan(1);
      expect(onSite.items.filter((item: { finding: string | null }) => item.finding).length).toBeGreaterThan(0);
      expect(onSite.onSiteReview.expertGroup).toMatch(/专家组/);
      // The community's own grades, submitted before it applied.
      expect(certification.selfAssessment).toMatchObject({ id: demoId('assessment', review.selfKey), kind: 'SELF', status: 'SUBMITTED' });
      expect(certification.selfAssessment.submittedOn < '2008-10-20').toBe(true);
      // The chain: submitted, endorsed by 牡丹区, 菏泽, 山东, accepted by the national centre, between application and review.
      const steps = certification.chain.steps;
      expect(certification.chain).toMatchObject({ phase: 'DECIDED', waitingFor: null });
      expect(steps.map((step: { action: string; level: string | null; regionCode: string | null }) => [step.action, step.level, step.regionCode])).toEqual([
        ['SUBMIT', null, expect.stringMatching(/^371702/)],
        ['ENDORSE', 'COUNTY', '371702'],
        ['ENDORSE', 'CITY', '3717'],
        ['ENDORSE', 'PROVINCE', '37'],
        ['ACCEPT', 'NATIONAL', null],
      ]);
      expect(steps.every((step: { by: string }) => /^demo-(reviewer|editor)-/.test(step.by))).toBe(true);
      expect(steps.every((step: { at: string }) => step.at.slice(0, 10) >= '2008-10-20' && step.at.slice(0, 10) <= certification.onSiteAssessment.onSiteReview.onSiteReviewOn)).toBe(true);
    }
  });

  it('keeps the other demo certifications as they were recorded', async () => {
    const response = await app.doors[0]!.execute(
      `query($id: ID!) { community(id: $id) { latestCertification { decision score scoredOnSheet onSiteAssessment { id } chain { phase steps { action } } } } }`,
      { id: demoId('community', 'heze-mudan-nancheng') },
      admin,
    );
    expect(ok(response).community.latestCertification).toEqual({ decision: 'DESIGNATED', score: null, scoredOnSheet: false, onSiteAssessment: null, chain: { phase: 'DECIDED', steps: [] } });
  });

  it('shows 杜店’s editor a draft self-assessment whose suggestions show its gaps, with a projected outcome', async () => {
    const dudian = demoId('community', 'binzhou-kfq-dudian');
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [dudian] });
    const response = await app.doors[1]!.execute(
      `query($id: ID!) { assessment(id: $id) {
        kind status complete gradedParts parts total outcome outcomeReason community { stage }
        items { item { id } note parts { part grade suggestion { grade reason } } }
      } }`,
      { id: demoId('assessment', DUDIAN_DRAFT_KEY) },
      editor,
    );
    const draft = ok(response).assessment;
    expect(draft).toMatchObject({ kind: 'SELF', status: 'DRAFT', complete: false, parts: 150, community: { stage: 'IMPLEMENTING' } });
    expect(draft.gradedParts).toBeGreaterThan(100);
    expect(draft.gradedParts).toBeLessThan(150);
    expect(['PASS', 'RECTIFY', 'FAIL']).toContain(draft.outcome);
    expect(draft.outcomeReason).not.toBe('');
    type Part = { part: string; grade: string | null; suggestion: { grade: string; reason: string } };
    const part = (itemId: string, name: string): Part => {
      const item = draft.items.find((candidate: { item: { id: string } }) => candidate.item.id === itemId);
      return item.parts.find((candidate: Part) => candidate.part === name);
    };
    // Committee members from fewer than 5 sectors: the leadership body's presence at most C.
    expect(part('1.1', 'PRESENCE').suggestion.grade).toBe('C');
    // No drill in the last 12 months: element 7's presence D.
    expect(['7.1', '7.2', '7.3', '7.4'].map((id) => part(id, 'PRESENCE').suggestion.grade)).toEqual(['D', 'D', 'D', 'D']);
    // Last year's survey below 80 %: element 2's effect at most B.
    expect(part('2.2', 'EFFECT').suggestion.grade).toBe('B');
    // No AVAILABLE evidence in an element: its traces D (this test uploads no archive at all).
    expect(part('3.1', 'TRACES').suggestion.grade).toBe('D');
    // Incidents fall year over year: the incident trend is no gap.
    expect(part('9.1', 'EFFECT').suggestion.grade).toBe('A');
    // Some parts left to grade, a few notes.
    expect(part('12.1', 'PRESENCE').grade).toBeNull();
    expect(draft.items.filter((item: { note: string | null }) => item.note).length).toBeGreaterThanOrEqual(3);
  });

  it('gives 杜店 fewer incidents last year than the year before, relative to today', async () => {
    const year = Number(chinaToday().slice(0, 4));
    const count = async (of: number) =>
      ok(
        await app.doors[0]!.execute(
          `query($id: ID!, $from: DateTime!, $to: DateTime!) { incidents(communityId: $id, from: $from, to: $to, first: 1) { totalCount } }`,
          { id: demoId('community', 'binzhou-kfq-dudian'), from: `${of}-01-01T00:00:00+08:00`, to: `${of + 1}-01-01T00:00:00+08:00` },
          admin,
        ),
      ).incidents.totalCount;
    const [lastYear, yearBefore] = [await count(year - 1), await count(year - 2)];
    expect(lastYear).toBeGreaterThan(0);
    expect(lastYear).toBeLessThan(yearBefore);
  });

  it('has 沙土镇’s NATIONAL application in the city reviewer’s (3717) pendingEndorsements, endorsed by 牡丹区', async () => {
    const QUEUE = `query { pendingEndorsements(first: 50) { totalCount edges { node { id level appliedOn community { name stage } selfAssessment { status }
      chain { phase waitingFor { level regionCode } waitingSince steps { action level regionCode by } } } } } }`;
    const city = await app.token({ role: 'REVIEWER', region: '3717' });
    const queue = ok(await app.doors[0]!.execute(QUEUE, {}, city)).pendingEndorsements;
    const application = queue.edges.map((edge: { node: unknown }) => edge.node).find((node: { id: string }) => node.id === demoId('certification', demoPendingApplication.certificationKey));
    expect(application).toMatchObject({
      level: 'NATIONAL',
      appliedOn: demoPendingApplication.appliedOn,
      community: { name: '沙土镇', stage: 'APPLIED' },
      selfAssessment: { status: 'SUBMITTED' },
      chain: { phase: 'ENDORSEMENT', waitingFor: { level: 'CITY', regionCode: '3717' } },
    });
    expect(application.chain.waitingSince).not.toBeNull();
    expect(application.chain.steps.map((step: { action: string; level: string | null; regionCode: string }) => [step.action, step.level, step.regionCode])).toEqual([
      ['SUBMIT', null, '371702100'],
      ['ENDORSE', 'COUNTY', '371702'],
    ]);
    // No longer the county's to act on.
    const county = ok(await app.doors[1]!.execute(QUEUE, {}, await app.token({ role: 'REVIEWER', region: '371702' }))).pendingEndorsements;
    expect(county.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(application.id);
    // Its open-application guard stands: a second NATIONAL application is refused.
    const again = await app.doors[1]!.execute(
      `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id } }`,
      { input: { communityId: demoId('community', 'heze-mudan-shatu'), level: 'NATIONAL', appliedOn: '2011-10-20', selfAssessmentId: demoId('assessment', demoPendingApplication.selfKey) } },
      admin,
    );
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('loads once: a second load writes nothing', async () => {
    expect(first.communities).toBeGreaterThan(20);
    const again = await seedDemoData(app.table);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
  });

  it('walks 杜店 through the README: grade the rest, submit, apply NATIONAL, up the chain, scored on site and designated', async () => {
    const dudian = demoId('community', 'binzhou-kfq-dudian');
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [dudian] });
    const today = chinaToday();
    const door = app.doors[0]!;
    const draft = ok(await door.execute(`query($id: ID!) { assessment(id: $id) { id version items { item { id } parts { part grade suggestion { grade } } } } }`, { id: demoId('assessment', DUDIAN_DRAFT_KEY) }, editor)).assessment;
    // The editor grades what is left as suggested, but never D (an item at zero fails the sheet).
    type DraftItem = { item: { id: string }; parts: { part: string; grade: string | null; suggestion: { grade: string } }[] };
    const gradeOf = (part: DraftItem['parts'][number]) => part.grade ?? (part.suggestion.grade === 'D' ? 'C' : part.suggestion.grade);
    const rest = draft.items
      .map((item: DraftItem) => ({ itemId: item.item.id, parts: item.parts.filter((part) => part.grade === null).map((part) => ({ part: part.part, grade: gradeOf(part) })) }))
      .filter((item: { parts: unknown[] }) => item.parts.length > 0);
    // The review team finds every C of the community's own grades better than it thought (B): at least 105 of 150.
    const onSiteItems = draft.items.map((item: DraftItem) => ({
      itemId: item.item.id,
      parts: item.parts.map((part) => ({ part: part.part, grade: gradeOf(part) === 'C' ? 'B' : gradeOf(part) })),
      ...(item.item.id === '7.1' ? { finding: '应尽快组织应急演练并留存记录。' } : {}),
    }));
    const saved = ok(await door.execute(`mutation($input: SaveSelfAssessmentInput!) { saveSelfAssessment(input: $input) { version complete } }`, { input: { id: draft.id, version: draft.version, items: rest } }, editor)).saveSelfAssessment;
    expect(saved.complete).toBe(true);
    const submitted = ok(await door.execute(`mutation($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { status community { stage } } }`, { input: { id: draft.id, version: saved.version } }, editor)).submitSelfAssessment;
    expect(submitted).toEqual({ status: 'SUBMITTED', community: { stage: 'SELF_ASSESSED' } });
    const CHAIN = 'id version chain { phase waitingFor { level regionCode } } community { stage }';
    let certification = ok(
      await door.execute(`mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CHAIN} } }`, { input: { communityId: dudian, level: 'NATIONAL', appliedOn: today, selfAssessmentId: draft.id } }, editor),
    ).applyForCertification;
    expect(certification.chain.waitingFor).toEqual({ level: 'COUNTY', regionCode: '371602' });
    for (const [region, next] of [
      ['371602', { level: 'CITY', regionCode: '3716' }],
      ['3716', { level: 'PROVINCE', regionCode: '37' }],
      ['37', { level: 'NATIONAL', regionCode: null }],
      [undefined, { level: 'NATIONAL', regionCode: null }],
    ] as const) {
      const reviewer = await app.token({ role: 'REVIEWER', ...(region ? { region } : {}) });
      const queue = ok(await door.execute(`query { pendingEndorsements(first: 50) { edges { node { id } } } }`, {}, reviewer)).pendingEndorsements;
      expect(queue.edges.map((edge: { node: { id: string } }) => edge.node.id), region ?? 'national').toContain(certification.id);
      certification = ok(await door.execute(`mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { ${CHAIN} } }`, { input: { id: certification.id, version: certification.version, action: 'ENDORSE' } }, reviewer)).endorseCertification;
      if (region) expect(certification.chain.waitingFor).toEqual(next);
    }
    expect(certification.chain.phase).toBe('ON_SITE_REVIEW');
    expect(certification.community.stage).toBe('UNDER_REVIEW');
    const national = await app.token({ role: 'REVIEWER' });
    const scored = ok(
      await door.execute(
        `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { version score onSiteOutcome } }`,
        { input: { id: certification.id, version: certification.version, onSiteReviewOn: today, expertGroup: '全国安全社区促进中心专家组', items: onSiteItems } },
        national,
      ),
    ).scoreCertificationOnSite;
    if (scored.onSiteOutcome !== 'PASS') return expect.fail(`the walkthrough's on-site scores give ${scored.onSiteOutcome} (${scored.score})`);
    const decided = ok(
      await door.execute(
        `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { decision community { stage } } }`,
        { input: { id: certification.id, version: scored.version, decision: 'DESIGNATED', decidedOn: today, designatedOn: today } },
        national,
      ),
    ).decideCertification;
    expect(decided).toEqual({ decision: 'DESIGNATED', community: { stage: 'DESIGNATED' } });
  });
});

describe('demo hazards (issue 12)', () => {
  const nanta = demoId('community', NANTA);
  const mudan = demoId('community', MUDAN);
  const data = () => demoHazards(chinaToday());

  it('lists 南塔街道’s register by level to its editor: septic tanks, gas service lines, transformer boxes, the 13 large warehouses and the old compounds', async () => {
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [nanta] });
    const expected = data().sources.filter((source) => source.communityKey === NANTA);
    const byLevel: Record<string, number> = {};
    for (const level of ['RED', 'ORANGE', 'YELLOW', 'BLUE'] as const) {
      const register = ok(
        await app.doors[0]!.execute(
          `query($id: ID!, $level: RiskLevel) { hazardRegister(communityId: $id, level: $level, first: 100) { totalCount edges { node { kind riskLevel description } } } }`,
          { id: nanta, level },
          editor,
        ),
      ).hazardRegister;
      expect(register.edges.every((edge: { node: { riskLevel: string } }) => edge.node.riskLevel === level)).toBe(true);
      byLevel[level] = register.totalCount;
    }
    const levelOf = (level: string) => expected.filter((source) => source.riskLevel === level).length;
    expect(byLevel).toEqual({ RED: levelOf('RED'), ORANGE: levelOf('ORANGE'), YELLOW: levelOf('YELLOW'), BLUE: levelOf('BLUE') });
    expect(Object.values(byLevel).every((count) => count > 0)).toBe(true);
    expect(Object.values(byLevel).reduce((sum, count) => sum + count, 0)).toBe(expected.length);
    const all = ok(
      await app.doors[1]!.execute(`query($id: ID!) { hazardRegister(communityId: $id, first: 100) { totalCount edges { node { kind riskLevel description } } } }`, { id: nanta }, editor),
    ).hazardRegister;
    const nodes = all.edges.map((edge: { node: { kind: string; riskLevel: string; description: string } }) => edge.node);
    // Red first, then orange, yellow, blue; every synthetic source says so.
    const ranks = nodes.map((node: { riskLevel: string }) => ['RED', 'ORANGE', 'YELLOW', 'BLUE'].indexOf(node.riskLevel));
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    const kinds = (kind: string) => nodes.filter((node: { kind: string }) => node.kind === kind).length;
    expect([kinds('SEPTIC_TANK'), kinds('GAS_SERVICE_LINE'), kinds('TRANSFORMER_BOX'), kinds('WAREHOUSE'), kinds('OLD_COMPOUND')]).toEqual([12, 8, 6, 13, 4]);
    expect(nodes.every((node: { description: string }) => node.description.endsWith(SYNTHETIC_MARK))).toBe(true);
    // Its restaurants, inspected on the restaurant checklist (LPG items among them).
    const restaurants = ok(
      await app.doors[0]!.execute(`query($id: ID!) { supervisedUnits(communityId: $id, first: 100) { totalCount edges { node { id kind } } } }`, { id: nanta }, editor),
    ).supervisedUnits;
    expect(restaurants.totalCount).toBe(8);
    const inspected = ok(
      await app.doors[1]!.execute(
        `query($id: ID!, $unit: ID!) { inspections(communityId: $id, subjectId: $unit, first: 100) { totalCount edges { node { checklistKind results { itemId outcome } } } } }`,
        { id: nanta, unit: demoId('supervisedUnit', 'nanta-unit-restaurant-1') },
        editor,
      ),
    ).inspections;
    expect(inspected.totalCount).toBeGreaterThan(1);
    expect(inspected.edges[0].node.checklistKind).toBe('RESTAURANT');
    expect(inspected.edges[0].node.results.map((result: { itemId: string }) => result.itemId)).toContain('lpg-storage');
  });

  it('has one overdue hidden danger in 南塔街道, escalated to 沈阳’s reviewers, and others rectified and verified', async () => {
    const today = chinaToday();
    const overdue = ok(
      await app.doors[0]!.execute(
        `query($id: ID!) { hiddenDangers(communityId: $id, overdue: true, first: 20) { totalCount edges { node { id severity state deadline daysOverdue inspectionId } } } }`,
        { id: nanta },
        admin,
      ),
    ).hiddenDangers;
    expect(overdue.totalCount).toBe(1);
    const [danger] = overdue.edges.map((edge: { node: unknown }) => edge.node);
    expect(danger).toMatchObject({ id: demoId('hiddenDanger', 'nanta-danger-restaurant-3-basement'), severity: 'MAJOR', state: 'RECTIFYING', deadline: addDays(today, -NANTA_OVERDUE_DAYS), daysOverdue: NANTA_OVERDUE_DAYS });
    expect(danger.inspectionId).toBe(demoId('inspection', 'nanta-unit-restaurant-3/inspection/0'));
    // Found by the restaurant's first inspection, in its transaction.
    const finding = ok(await app.doors[1]!.execute(`query($id: ID!) { inspection(id: $id) { failedCount dangers { id } } }`, { id: danger.inspectionId }, admin)).inspection;
    expect(finding).toEqual({ failedCount: 1, dangers: [{ id: danger.id }] });
    // Climbed to the county (day 1) and the city (day 15), not yet the province (day 30).
    const escalated = async (region: string) =>
      ok(await app.doors[1]!.execute(`query($region: String) { escalatedHazards(regionCode: $region, first: 50) { edges { node { id } } } }`, { region }, await app.token({ role: 'REVIEWER', region })))
        .escalatedHazards.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await escalated('2101')).toContain(danger.id);
    expect(await escalated('210103')).toContain(danger.id);
    expect(await escalated('21')).not.toContain(danger.id);
    const states = async (state: string) =>
      ok(await app.doors[0]!.execute(`query($id: ID!, $state: HiddenDangerState) { hiddenDangers(communityId: $id, state: $state) { totalCount } }`, { id: nanta, state }, admin)).hiddenDangers.totalCount;
    // Two of them triaged from residents' reports (one verified, one being fixed before its deadline), one found by the office itself.
    expect([await states('VERIFIED'), await states('RECTIFIED'), await states('RECTIFYING'), await states('OPEN')]).toEqual([6, 1, 2, 1]);
    const period = { from: addDays(today, -NANTA_REGISTERED_DAYS_AGO).slice(0, 7), to: today.slice(0, 7) };
    const figures = ok(
      await app.doors[1]!.execute(
        `query($period: AnalyticsPeriodInput!) { creationSummary(regionCode: "210103019", period: $period) { hiddenDangers { found byFoundBy { foundBy found } foundAndVerified } } }`,
        { period },
        admin,
      ),
    ).creationSummary.hiddenDangers;
    expect(figures.found).toBe(10);
    expect(figures.foundAndVerified).toBe(6);
    expect(Object.fromEntries(figures.byFoundBy.map((entry: { foundBy: string; found: number }) => [entry.foundBy, entry.found]))).toMatchObject({ INSPECTION: 7, REPORT: 2, OFFICE: 1 });
    // A verified one went through every move, each in its trail.
    const verified = ok(
      await app.doors[1]!.execute(`query($id: ID!) { hiddenDanger(id: $id) { state rectificationNote rectifiedAt verifiedAt history(first: 20) { edges { node { operation } } } } }`, { id: demoId('hiddenDanger', 'nanta-danger-restaurant-1-lpg-storage') }, admin),
    ).hiddenDanger;
    expect(verified.state).toBe('VERIFIED');
    expect(verified.rectifiedAt < verified.verifiedAt).toBe(true);
    expect(verified.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toEqual(['CREATE', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED', 'HIDDEN_DANGER_MOVED']);
  });

  it('gives 牡丹区 a grid from town to village to area, with village codes under 371702, and graded units A–D', async () => {
    const analyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' });
    const grid = ok(await app.doors[0]!.execute(`query($id: ID!) { grid(communityId: $id, first: 100) { totalCount edges { node { name kind depth villageCode parent { name } } } } }`, { id: mudan }, analyst)).grid;
    const cells = grid.edges.map((edge: { node: { depth: number; kind: string; villageCode: string | null } }) => edge.node);
    expect(Math.max(...cells.map((cell: { depth: number }) => cell.depth))).toBe(3);
    expect(cells.filter((cell: { depth: number }) => cell.depth === 1).map((cell: { name: string }) => cell.name)).toEqual(['吴店镇', '西城街道', '沙土镇']);
    const villages = cells.filter((cell: { depth: number }) => cell.depth === 2);
    expect(villages.length).toBe(12);
    expect(villages.every((cell: { villageCode: string | null }) => /^371702\d{6}$/.test(cell.villageCode ?? ''))).toBe(true);
    expect(cells.find((cell: { name: string }) => cell.name === '吴店村工业片区')).toMatchObject({ depth: 3, kind: 'AREA', parent: { name: '吴店村' } });
    const grades = async (grade: string) =>
      ok(await app.doors[1]!.execute(`query($id: ID!, $grade: SupervisionGrade) { supervisedUnits(communityId: $id, grade: $grade) { totalCount } }`, { id: mudan, grade }, analyst)).supervisedUnits.totalCount;
    const counts = [await grades('A'), await grades('B'), await grades('C'), await grades('D')];
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(24);
  });

  it('gives 牡丹区 a year of inspections, most of them on schedule, and two units let slip that are overdue now', async () => {
    const today = chinaToday();
    const expected = data().inspections.filter((inspection) => inspection.communityKey === MUDAN);
    type Held = { heldOn: string; dueOn: string | null; onSchedule: boolean | null };
    const held: Held[] = [];
    for (let after: string | null = null; ; ) {
      const page: { edges: { node: Held }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(
        await app.doors[held.length % 2]!.execute(
          `query($id: ID!, $after: String) { inspections(communityId: $id, first: 100, after: $after) { edges { node { heldOn dueOn onSchedule } } pageInfo { hasNextPage endCursor } } }`,
          { id: mudan, after },
          admin,
        ),
      ).inspections;
      held.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(held).toHaveLength(expected.length);
    expect(held.every((inspection) => inspection.heldOn >= addDays(today, -MUDAN_REGISTERED_DAYS_AGO) && inspection.heldOn < today)).toBe(true);
    // Each says its due day and whether it was held by then, as recordInspection records it.
    expect(held.every((inspection) => inspection.dueOn !== null && inspection.onSchedule === inspection.heldOn <= inspection.dueOn)).toBe(true);
    const onSchedule = held.filter((inspection) => inspection.onSchedule).length;
    expect(onSchedule / held.length).toBeGreaterThan(0.8);
    expect(onSchedule).toBeLessThan(held.length);
    // The district's reviewer sees the two units let slip overdue, across the region.
    const county = await app.token({ role: 'REVIEWER', region: '371702' });
    const due = ok(await app.doors[1]!.execute(`query { inspectionsDue(regionCode: "371702", first: 100) { edges { node { subjectId status daysOverdue } } } }`, {}, county)).inspectionsDue;
    const overdue = due.edges.filter((edge: { node: { status: string } }) => edge.node.status === 'OVERDUE').map((edge: { node: { subjectId: string } }) => edge.node.subjectId);
    expect(overdue).toEqual(expect.arrayContaining([demoId('supervisedUnit', 'mudan-unit-1'), demoId('supervisedUnit', 'mudan-unit-11')]));
    // The figures of the year: every inspection held, the due days late ones passed counted missed, coverage under 100 %.
    const period = { from: addDays(today, -MUDAN_REGISTERED_DAYS_AGO).slice(0, 7), to: today.slice(0, 7) };
    const figures = ok(
      await app.doors[0]!.execute(
        `query($period: AnalyticsPeriodInput!) { creationSummary(regionCode: "371702", period: $period) { inspections { held onSchedule due missed coveragePercent } } }`,
        { period },
        admin,
      ),
    ).creationSummary.inspections;
    expect(figures).toMatchObject({ held: held.length, onSchedule });
    expect(figures.missed).toBeGreaterThan(0);
    expect(figures.due).toBe(onSchedule + figures.missed);
    expect(figures.coveragePercent).toBeGreaterThan(80);
    expect(figures.coveragePercent).toBeLessThan(100);
  });

  it('answers 南塔’s residents’ reports, three within 7 days and one late, and shows the answer to the intake app by its tracking code', async () => {
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [nanta] });
    const reports = ok(
      await app.doors[0]!.execute(
        `query($id: ID!) { residentReports(communityId: $id, first: 20) { totalCount edges { node { id status receivedOn answeredOn outcome phoneGiven phone hiddenDanger { state } } } } }`,
        { id: nanta },
        editor,
      ),
    ).residentReports;
    type Report = { id: string; status: string; receivedOn: string; answeredOn: string | null; outcome: string | null; phoneGiven: boolean; phone: string | null; hiddenDanger: { state: string } | null };
    const nodes: Report[] = reports.edges.map((edge: { node: Report }) => edge.node);
    expect(reports.totalCount).toBe(5);
    const answered = nodes.filter((report) => report.status === 'ANSWERED');
    const days = (report: Report) => daysBetween(report.receivedOn, report.answeredOn ?? '');
    expect(answered.filter((report) => days(report) <= 7)).toHaveLength(3);
    expect(answered.filter((report) => days(report) > 7).map(days)).toEqual([12]);
    expect(nodes.filter((report) => report.status === 'RECEIVED')).toHaveLength(1);
    expect(answered.filter((report) => report.outcome === 'HIDDEN_DANGER').map((report) => report.hiddenDanger?.state).sort()).toEqual(['RECTIFYING', 'VERIFIED']);
    // Anonymous but one, whose (synthetic) number the office sees.
    expect(nodes.filter((report) => report.phoneGiven).map((report) => report.phone)).toEqual(['13900000000']);
    // The resident asks through the app that took the report in.
    const intake = await app.token({ role: 'REPORT_INTAKE', app: DEMO_INTAKE_APP });
    const tracked = ok(
      await app.doors[1]!.execute(`query($code: String!) { residentReportByTrackingCode(code: $code) { status outcome answer answeredOn hiddenDangerState } }`, { code: demoTrackingCode('nanta-report-1') }, intake),
    ).residentReportByTrackingCode;
    expect(tracked).toMatchObject({ status: 'ANSWERED', outcome: 'HIDDEN_DANGER', hiddenDangerState: 'VERIFIED' });
    expect(tracked.answer).toMatch(/限期整改/);
    // Another app's token reads nothing of it.
    const other = await app.doors[0]!.execute(`query($code: String!) { residentReportByTrackingCode(code: $code) { status } }`, { code: demoTrackingCode('nanta-report-1') }, await app.token({ role: 'REPORT_INTAKE', app: 'another-app' }));
    expect(other.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('writes every hazard record once: the first load wrote them, a reload none', async () => {
    const demo = data();
    const triaged = demo.reports.flatMap((report) => (report.answer?.danger ? [report.answer.danger] : []));
    expect(first).toMatchObject({
      gridCells: demo.cells.length,
      inspectionFrequencies: 1,
      hazardSources: demo.sources.length,
      supervisedUnits: demo.units.length,
      inspections: demo.inspections.length,
      hiddenDangers: demo.dangers.length + triaged.length,
      dangerMoves: [...demo.dangers, ...triaged].reduce((sum, danger) => sum + danger.moves.length, 0),
      residentReports: demo.reports.length,
      reportAnswers: demo.reports.filter((report) => report.answer).length,
    });
    const again = await seedDemoHazards(app.table);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
  });

  it('once the reminders job has run, as npm start runs it: 沈阳’s reviewer is told of the overdue danger, and 牡丹区’s units let slip count their missed dues', async () => {
    const today = chinaToday();
    const period = { from: addDays(today, -MUDAN_REGISTERED_DAYS_AGO).slice(0, 7), to: today.slice(0, 7) };
    const FIGURES = `query($period: AnalyticsPeriodInput!) { creationSummary(regionCode: "371702", period: $period) { inspections { held due missed } } }`;
    const before = ok(await app.doors[0]!.execute(FIGURES, { period }, admin)).creationSummary.inspections;
    const report = await createRemindersJob(app.table.name, app.table.client).run(runFor(undefined));
    expect(report.missedInspections.days).toBeGreaterThan(0);
    const after = ok(await app.doors[1]!.execute(FIGURES, { period }, admin)).creationSummary.inspections;
    expect(after.held).toBe(before.held);
    expect(after.missed).toBeGreaterThan(before.missed);
    expect(after.due - before.due).toBe(after.missed - before.missed);
    const city = await app.token({ role: 'REVIEWER', region: '2101' });
    const notifications = ok(
      await app.doors[0]!.execute(`query { notifications(first: 100) { edges { node { rule hiddenDanger { id } escalatedTo { level regionCode } } } } }`, {}, city),
    ).notifications.edges.map((edge: { node: unknown }) => edge.node);
    expect(notifications).toContainEqual({ rule: 'DANGER_ESCALATED', hiddenDanger: { id: demoId('hiddenDanger', 'nanta-danger-restaurant-3-basement') }, escalatedTo: { level: 'CITY', regionCode: '2101' } });
    // A second run counts and sends nothing again.
    const again = await createRemindersJob(app.table.name, app.table.client).run(runFor(undefined));
    expect(again.missedInspections.days).toBe(0);
  });
});

function ok(response: GraphQLResponse) {
  expect(response.body.errors).toBeUndefined();
  return response.body.data;
}
