import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterKey, shardOf } from '#analytics/counters.ts';
import { CREATION_PK_PREFIX, SNAPSHOT } from '#analytics/creation-counters.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';
import { itemInputs, seedSubmittedSelfAssessment, sheetOfLevel } from '#tests/support/review.ts';

/**
 * The creation-record counters (communities by stage and population, projects and interventions,
 * activities and attendees, surveys, certifications) are written in the transaction of the write
 * that changes them, through every mutation that changes them; the queries read them back, and a
 * recount after concurrent writes finds nothing to fix.
 */
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id version regionCode } }`;
const UPDATE_COMMUNITY = `mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { id version stage regionCode population } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id version category } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id version category } }`;
const CLOSE_PROJECT = `mutation($input: CloseProjectInput!) { closeProject(input: $input) { id version status } }`;
const CREATE_INTERVENTION = `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id version status } }`;
const UPDATE_INTERVENTION = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version status } }`;
const CREATE_ACTIVITY = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }`;
const UPDATE_ACTIVITY = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id version } }`;
const DELETE_ACTIVITY = `mutation($input: DeleteActivityInput!) { deleteActivity(input: $input) { id } }`;
const RECORD_SURVEY = `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id version } }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id version } }`;
const REVIEW = `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { id version } }`;
const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { id version decision } }`;
const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { id version } }`;
const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`;
const RECOMPUTE = `mutation($regionCode: String!) {
  recomputeAggregates(regionCode: $regionCode) { incidents creationRecords itemsFixed differences { family regionCode period attribute stored recounted } }
}`;

const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  creationSummary(regionCode: $regionCode, period: $period) {
    region { code }
    period { label yearEarlier { label } }
    communities { total byStage { stage count } communitiesWithPopulation population }
    certifications { level applications designations reDesignations }
    projects {
      projects interventions started closed interventionsCompleted
      byStatus { status count }
      byCategory { category projects interventions started closed }
      interventionsByStatus { status count }
      interventionsByKind { kind interventions completed }
    }
    activities { activities attendees byKind { kind activities attendees } }
    surveys { years surveys awarenessAverage participationAverage satisfactionAverage satisfactionSurveys }
  }
}`;
const BREAKDOWN = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  creationRegionBreakdown(regionCode: $regionCode, period: $period) {
    total { region { code } communities designated population projects activities attendees }
    children { region { code name } communities designated communitiesWithPopulation population projects interventions designations activities attendees drills awarenessAverage participationAverage }
  }
}`;
const TREND = `query($regionCode: String!, $fromYear: Int!, $toYear: Int!) {
  designationTrend(regionCode: $regionCode, fromYear: $fromYear, toYear: $toYear) { years { year byLevel { level applications designations reDesignations } } }
}`;
const RATES = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentSummary(regionCode: $regionCode, period: $period) {
    total { current { count injured } }
    population { communities communitiesWithPopulation population }
    ratesPer10000 { count deaths injured }
  }
}`;

let app: TestApp;
let admin: string;
let analyst37: string;
let analyst21: string;
let editor: string;

/** Communities: two in 菏泽市 (3717), one in 滨州市 (3716), one in 沈阳市 (2101). */
const community: Record<'mudan' | 'mudan2' | 'bincheng' | 'shenhe', { id: string; version: number }> = {} as never;

beforeAll(async () => {
  app = await createTestApp();
  [admin, analyst37, analyst21] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
  ]);
  for (const [key, input] of [
    ['mudan', { name: '统计西城街道', kind: 'STREET', regionCode: '371702002', stage: 'LAUNCHED', launchedOn: '2023-03-01', population: 50_000 }],
    ['mudan2', { name: '统计南城街道', kind: 'STREET', regionCode: '371702003', stage: 'PLANNED' }],
    ['bincheng', { name: '统计滨城区', kind: 'DISTRICT', regionCode: '371602', stage: 'IMPLEMENTING', population: 30_000 }],
    ['shenhe', { name: '统计沈河区', kind: 'DISTRICT', regionCode: '210103', stage: 'PLANNED', population: 20_000 }],
  ] as const) {
    const created = ok(await app.doors[0]!.execute(CREATE_COMMUNITY, { input }, admin)).createCommunity;
    community[key] = { id: created.id, version: created.version };
  }
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.mudan.id] });
}, 60_000);
afterAll(() => app.close());

async function mutate(query: string, input: Record<string, unknown>, token = admin, door = 0) {
  const data = ok(await app.doors[door]!.execute(query, { input }, token));
  return Object.values(data)[0] as { id: string; version: number } & Record<string, unknown>;
}

async function summary(regionCode: string, period: Record<string, unknown>, door: Door = app.doors[0]!) {
  return ok(await door.execute(SUMMARY, { regionCode, period }, analyst37)).creationSummary;
}

async function updateCommunity(key: keyof typeof community, changes: Record<string, unknown>) {
  const updated = await mutate(UPDATE_COMMUNITY, { id: community[key].id, version: community[key].version, ...changes });
  community[key].version = updated.version;
  return updated;
}

const stageCount = (figures: { byStage: { stage: string; count: number }[] }, stage: string) => figures.byStage.find((row) => row.stage === stage)?.count;

async function recountDifferences(regionCode: string) {
  return ok(await app.doors[1]!.execute(RECOMPUTE, { regionCode }, admin)).recomputeAggregates;
}

describe('communities by stage and population', () => {
  it('counts where the communities stand now and follows stage changes, population edits and region moves', async () => {
    let figures = (await summary('37', { year: 2024 })).communities;
    expect(figures).toMatchObject({ total: 3, communitiesWithPopulation: 2, population: 80_000 });
    expect(stageCount(figures, 'LAUNCHED')).toBe(1);
    expect(stageCount(figures, 'IMPLEMENTING')).toBe(1);
    expect(stageCount(figures, 'PLANNED')).toBe(1);
    expect(figures.byStage.map((row: { stage: string }) => row.stage)).toEqual(['PLANNED', 'LAUNCHED', 'IMPLEMENTING', 'SELF_ASSESSED', 'APPLIED', 'UNDER_REVIEW', 'DESIGNATED', 'LAPSED']);

    await updateCommunity('mudan', { stage: 'IMPLEMENTING', stageChangedOn: '2023-09-01', population: 52_000 });
    await updateCommunity('mudan2', { stage: 'LAUNCHED' });
    figures = (await summary('3717', { year: 2024 }, app.doors[1]!)).communities;
    expect(figures).toMatchObject({ total: 2, communitiesWithPopulation: 1, population: 52_000 });
    expect(stageCount(figures, 'IMPLEMENTING')).toBe(1);
    expect(stageCount(figures, 'LAUNCHED')).toBe(1);
    expect(stageCount(figures, 'PLANNED')).toBe(0);

    // 滨城区 moves (a correction of its code) from 滨州 to 沈阳: both provinces' snapshots follow.
    await updateCommunity('bincheng', { regionCode: '210102' });
    expect((await summary('37', { year: 2024 })).communities).toMatchObject({ total: 2, population: 52_000 });
    const liaoning = ok(await app.doors[0]!.execute(SUMMARY, { regionCode: '21', period: { year: 2024 } }, analyst21)).creationSummary.communities;
    expect(liaoning).toMatchObject({ total: 2, communitiesWithPopulation: 2, population: 50_000 });
    await updateCommunity('bincheng', { regionCode: '371602' });

    const breakdown = ok(await app.doors[0]!.execute(BREAKDOWN, { regionCode: '37', period: { year: 2024 } }, analyst37)).creationRegionBreakdown;
    expect(breakdown.total).toMatchObject({ region: { code: '37' }, communities: 3, population: 82_000 });
    const cities = Object.fromEntries(breakdown.children.map((row: { region: { code: string } }) => [row.region.code, row]));
    expect(cities['3717']).toMatchObject({ region: { name: '菏泽市' }, communities: 2, communitiesWithPopulation: 1, population: 52_000 });
    expect(cities['3716']).toMatchObject({ communities: 1, population: 30_000 });
    expect(cities['3701']).toMatchObject({ communities: 0, population: 0, awarenessAverage: null });
  });
});

describe('projects and interventions', () => {
  let road: { id: string; version: number };
  let fire: { id: string; version: number };
  const interventions: { id: string; version: number }[] = [];

  it('counts projects by category and status now and by start in the period, interventions by category, kind and status', async () => {
    road = await mutate(CREATE_PROJECT, { communityId: community.mudan.id, name: '交通安全促进项目', category: 'ROAD_TRAFFIC', leadAgency: '交警大队', startOn: '2024-03-01', status: 'IN_PROGRESS' });
    fire = await mutate(CREATE_PROJECT, { communityId: community.mudan.id, name: '消防安全促进项目', category: 'FIRE', leadAgency: '消防大队', startOn: '2025-01-10' });
    for (const input of [
      { kind: 'FACILITIES', description: '路口安装红绿灯和监控', responsibleUnit: '交警大队', startOn: '2024-04-01', completedOn: '2024-06-01', status: 'DONE' },
      { kind: 'PUBLICITY', description: '交通安全宣传进校园', responsibleUnit: '教育办', status: 'IN_PROGRESS' },
      { kind: 'POLICY', description: '摩托车头盔佩戴规定', responsibleUnit: '街道办', status: 'PLANNED' },
    ]) {
      interventions.push(await mutate(CREATE_INTERVENTION, { projectId: road.id, ...input }, editor, 1));
    }
    const projects = (await summary('371702', { year: 2024 })).projects;
    expect(projects).toMatchObject({ projects: 2, interventions: 3, started: 1, closed: 0, interventionsCompleted: 1 });
    const category = (name: string) => projects.byCategory.find((row: { category: string }) => row.category === name);
    expect(category('ROAD_TRAFFIC')).toEqual({ category: 'ROAD_TRAFFIC', projects: 1, interventions: 3, started: 1, closed: 0 });
    expect(category('FIRE')).toEqual({ category: 'FIRE', projects: 1, interventions: 0, started: 0, closed: 0 });
    expect(projects.byStatus).toEqual([
      { status: 'PLANNED', count: 1 },
      { status: 'IN_PROGRESS', count: 1 },
      { status: 'CLOSED', count: 0 },
    ]);
    expect(projects.interventionsByKind.find((row: { kind: string }) => row.kind === 'FACILITIES')).toEqual({ kind: 'FACILITIES', interventions: 1, completed: 1 });
    expect(projects.interventionsByStatus.find((row: { status: string }) => row.status === 'DONE')).toEqual({ status: 'DONE', count: 1 });
    // A quarter without a start: started 0, but what stands now is the same.
    expect((await summary('371702', { year: 2024, quarter: 4 })).projects).toMatchObject({ projects: 2, interventions: 3, started: 0 });
  });

  it('moves the interventions along when a project changes category, and counts closures and completions by their dates', async () => {
    road = await mutate(UPDATE_PROJECT, { id: road.id, version: road.version, category: 'HOME' });
    const done = await mutate(UPDATE_INTERVENTION, { id: interventions[1]!.id, version: interventions[1]!.version, status: 'DONE', completedOn: '2025-02-01' });
    interventions[1] = done;
    fire = await mutate(CLOSE_PROJECT, { id: fire.id, version: fire.version, closedOn: '2025-06-30', outcome: '火灾起数下降' });

    const y2024 = (await summary('3717', { year: 2024 })).projects;
    const category = (figures: typeof y2024, name: string) => figures.byCategory.find((row: { category: string }) => row.category === name);
    expect(category(y2024, 'ROAD_TRAFFIC')).toEqual({ category: 'ROAD_TRAFFIC', projects: 0, interventions: 0, started: 0, closed: 0 });
    expect(category(y2024, 'HOME')).toEqual({ category: 'HOME', projects: 1, interventions: 3, started: 1, closed: 0 });
    const y2025 = (await summary('37', { year: 2025 })).projects;
    expect(y2025).toMatchObject({ started: 1, closed: 1, interventionsCompleted: 1 });
    expect(category(y2025, 'FIRE')).toEqual({ category: 'FIRE', projects: 1, interventions: 0, started: 1, closed: 1 });
    expect(y2025.byStatus).toEqual([
      { status: 'PLANNED', count: 0 },
      { status: 'IN_PROGRESS', count: 1 },
      { status: 'CLOSED', count: 1 },
    ]);
    expect(y2025.interventionsByStatus.find((row: { status: string }) => row.status === 'DONE')).toEqual({ status: 'DONE', count: 2 });
    expect(y2025.interventionsByKind.find((row: { kind: string }) => row.kind === 'PUBLICITY')).toEqual({ kind: 'PUBLICITY', interventions: 1, completed: 1 });
  });

  it('refuses a category change racing an intervention being added, so neither is counted under the wrong category', async () => {
    const project = await mutate(CREATE_PROJECT, { communityId: community.mudan2.id, name: '老年人防跌倒项目', category: 'ELDERLY', leadAgency: '卫生院', startOn: '2024-05-01' });
    const outcomes = await Promise.all([
      ...Array.from({ length: 6 }, (_, n) =>
        app.doors[n % 2]!.execute(CREATE_INTERVENTION, { input: { projectId: project.id, kind: 'SERVICE', description: `入户评估 ${n}`, responsibleUnit: '卫生院' } }, admin),
      ),
      app.doors[0]!.execute(UPDATE_PROJECT, { input: { id: project.id, version: project.version, category: 'HOME' } }, admin),
    ]);
    for (const response of outcomes) if (response.body.errors) expect(errorCode(response)).toBe('CONFLICT');
    const report = await recountDifferences('371702');
    expect(report.differences).toEqual([]);
  });
});

describe('activities and surveys', () => {
  it('counts activities by kind with their attendees, following edits and deletions', async () => {
    const training = await mutate(CREATE_ACTIVITY, { communityId: community.mudan.id, kind: 'TRAINING', topic: '安全员培训', heldOn: '2024-04-10', attendeeCount: 40 });
    await mutate(CREATE_ACTIVITY, { communityId: community.mudan.id, kind: 'DRILL', topic: '消防疏散演练', heldOn: '2024-05-12', attendeeCount: 120 });
    const november = await mutate(CREATE_ACTIVITY, { communityId: community.mudan2.id, kind: 'DRILL', topic: '防汛演练', heldOn: '2024-11-20', attendeeCount: 80 }, admin, 1);
    await mutate(CREATE_ACTIVITY, { communityId: community.shenhe.id, kind: 'DRILL', topic: '沈河演练', heldOn: '2024-05-12', attendeeCount: 999 });

    let activities = (await summary('37', { year: 2024 })).activities;
    expect(activities).toMatchObject({ activities: 3, attendees: 240 });
    expect(activities.byKind.find((row: { kind: string }) => row.kind === 'DRILL')).toEqual({ kind: 'DRILL', activities: 2, attendees: 200 });

    await mutate(UPDATE_ACTIVITY, { id: training.id, version: training.version, attendeeCount: 45, heldOn: '2024-12-01' });
    await mutate(DELETE_ACTIVITY, { id: november.id, version: november.version });
    activities = (await summary('37', { year: 2024 })).activities;
    expect(activities).toMatchObject({ activities: 2, attendees: 165 });
    const q4 = (await summary('3717', { year: 2024, quarter: 4 })).activities;
    expect(q4).toMatchObject({ activities: 1, attendees: 45 });
    expect(q4.byKind.find((row: { kind: string }) => row.kind === 'TRAINING')).toEqual({ kind: 'TRAINING', activities: 1, attendees: 45 });
    const may = (await summary('371702', { year: 2024, month: 5 })).activities;
    expect(may).toMatchObject({ activities: 1, attendees: 120 });
  });

  it('averages the year\'s survey rates over the communities that surveyed, to one decimal', async () => {
    const first = await mutate(RECORD_SURVEY, { communityId: community.mudan.id, year: 2024, awarenessRate: 86.5, participationRate: 80.2, satisfactionRate: 90, sampleSize: 400 });
    await mutate(RECORD_SURVEY, { communityId: community.mudan2.id, year: 2024, awarenessRate: 75, participationRate: 70.1, sampleSize: 300 });
    let surveys = (await summary('3717', { year: 2024 })).surveys;
    expect(surveys).toEqual({ years: [2024], surveys: 2, awarenessAverage: 80.8, participationAverage: 75.2, satisfactionAverage: 90, satisfactionSurveys: 1 });

    await mutate(RECORD_SURVEY, { communityId: community.mudan.id, year: 2024, awarenessRate: 88.5, participationRate: 80.2, sampleSize: 420, version: first.version });
    surveys = (await summary('37', { year: 2024, month: 7 })).surveys;
    expect(surveys).toEqual({ years: [2024], surveys: 2, awarenessAverage: 81.8, participationAverage: 75.2, satisfactionAverage: null, satisfactionSurveys: 0 });
    expect((await summary('37', { year: 2023 })).surveys).toMatchObject({ surveys: 0, awarenessAverage: null });
  });
});

describe('certifications', () => {
  // ISCCC's international review is recorded as it happened, past dates included (CITY and
  // NATIONAL go through the endorsement chain and are scored on their sheets: analytics-review.test.ts).
  it('counts applications, designations and re-designations per level and year, and the designated communities', async () => {
    await updateCommunity('mudan', { stage: 'SELF_ASSESSED', stageChangedOn: '2024-10-01' });
    let certification = await mutate(APPLY, { communityId: community.mudan.id, level: 'INTERNATIONAL', appliedOn: '2024-11-01' });
    certification = await mutate(REVIEW, { id: certification.id, version: certification.version, onSiteReviewOn: '2025-02-01', score: 92 });
    certification = await mutate(DECIDE, { id: certification.id, version: certification.version, decision: 'DESIGNATED', decidedOn: '2025-03-01', designatedOn: '2025-03-01' });
    // The re-review three years on (a past date the lifecycle allows).
    let rereview = await mutate(APPLY, { communityId: community.mudan.id, level: 'INTERNATIONAL', appliedOn: '2025-09-01', reReview: true });
    rereview = await mutate(REVIEW, { id: rereview.id, version: rereview.version, onSiteReviewOn: '2025-10-01' });
    await mutate(DECIDE, { id: rereview.id, version: rereview.version, decision: 'DESIGNATED', decidedOn: '2025-10-15', designatedOn: '2025-10-15' });

    const trend = ok(await app.doors[1]!.execute(TREND, { regionCode: '3717', fromYear: 2024, toYear: 2026 }, analyst37)).designationTrend;
    const international = (year: number) => trend.years.find((row: { year: number }) => row.year === year).byLevel.find((row: { level: string }) => row.level === 'INTERNATIONAL');
    expect(trend.years.map((row: { year: number }) => row.year)).toEqual([2024, 2025, 2026]);
    expect(international(2024)).toEqual({ level: 'INTERNATIONAL', applications: 1, designations: 0, reDesignations: 0 });
    expect(international(2025)).toEqual({ level: 'INTERNATIONAL', applications: 1, designations: 1, reDesignations: 1 });
    expect(international(2026)).toEqual({ level: 'INTERNATIONAL', applications: 0, designations: 0, reDesignations: 0 });

    const y2025 = await summary('37', { year: 2025 });
    expect(y2025.certifications).toEqual([
      { level: 'CITY', applications: 0, designations: 0, reDesignations: 0 },
      { level: 'NATIONAL', applications: 0, designations: 0, reDesignations: 0 },
      { level: 'INTERNATIONAL', applications: 1, designations: 1, reDesignations: 1 },
    ]);
    expect(stageCount(y2025.communities, 'DESIGNATED')).toBe(1);
    const breakdown = ok(await app.doors[0]!.execute(BREAKDOWN, { regionCode: '3717', period: { year: 2025 } }, analyst37)).creationRegionBreakdown;
    expect(breakdown.children.find((row: { region: { code: string } }) => row.region.code === '371702')).toMatchObject({ designated: 1, designations: 2 });
  });

  it('counts CITY and NATIONAL applications, designations and re-designations that went up the chain and were scored on their sheets', { timeout: 60_000 }, async () => {
    // 京山 (湖北 42, 荆门 4208, 京山市 420882): a province no other test writes to, so the figures are this test's own.
    const today = chinaToday();
    const year = Number(today.slice(0, 4));
    const door = app.doors[1]!;
    const [county, city, province, national] = await Promise.all([
      app.token({ role: 'REVIEWER', region: '420882' }),
      app.token({ role: 'REVIEWER', region: '4208' }),
      app.token({ role: 'REVIEWER', region: '42' }),
      app.token({ role: 'REVIEWER' }),
    ]);
    const applicant = async (regionCode: string) => {
      const seeded = await seedCommunity(app.table, {
        regionCode,
        stage: 'SELF_ASSESSED',
        launchedOn: '2020-01-01',
        stageHistory: [
          { stage: 'LAUNCHED', on: '2020-01-01' },
          { stage: 'SELF_ASSESSED', on: today },
        ],
      });
      return { community: seeded, token: await app.token({ role: 'COMMUNITY_EDITOR', communities: [seeded.id] }) };
    };
    const endorse = async (cert: { id: string; version: number }, token: string) =>
      mutate(`mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { id version } }`, { id: cert.id, version: cert.version, action: 'ENDORSE' }, token, 1);
    /** Apply on a submitted self-assessment, up the level's route, scored on site all A and designated. */
    const designate = async (who: Awaited<ReturnType<typeof applicant>>, level: 'CITY' | 'NATIONAL', reReview = false) => {
      const self = await seedSubmittedSelfAssessment(app.table, who.community, level);
      let cert = await mutate(APPLY, { communityId: who.community.id, level, appliedOn: today, selfAssessmentId: self.id, reReview }, who.token, 1);
      const route = level === 'CITY' ? [county, city] : [county, city, province, national];
      for (const token of route) cert = await endorse(cert, token);
      const decider = route.at(-1)!;
      cert = await mutate(SCORE, { id: cert.id, version: cert.version, onSiteReviewOn: today, items: itemInputs(sheetOfLevel(level), 'A') }, decider, 1);
      return mutate(DECIDE, { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: today, designatedOn: today }, decider, 1);
    };
    const figures = async () => {
      const summaryNow = ok(await door.execute(SUMMARY, { regionCode: '42', period: { year } }, admin)).creationSummary;
      const trend = ok(await app.doors[0]!.execute(TREND, { regionCode: '4208', fromYear: year, toYear: year }, admin)).designationTrend;
      return { summary: summaryNow.certifications, trend: trend.years[0].byLevel, designated: stageCount(summaryNow.communities, 'DESIGNATED') };
    };
    const row = (level: string, applications: number, designations: number, reDesignations: number) => ({ level, applications, designations, reDesignations });

    // A CITY designation, then its re-review; a NATIONAL designation with incidents falling year over year
    const cityApplicant = await applicant('420882101');
    await designate(cityApplicant, 'CITY');
    await designate(cityApplicant, 'CITY', true);
    const nationalApplicant = await applicant('420882102');
    for (const occurredAt of [`${year - 2}-03-05T08:00:00+08:00`, `${year - 2}-06-05T08:00:00+08:00`, `${year - 1}-03-05T08:00:00+08:00`]) {
      await mutate(CREATE_INCIDENT, fallAtHome(nationalApplicant.community.id, { occurredAt }));
    }
    const decided = await designate(nationalApplicant, 'NATIONAL');
    expect(decided.decision).toBe('DESIGNATED');

    // An application still in its chain counts as an application of the year, not as a designation
    const waiting = await applicant('420882103');
    const self = await seedSubmittedSelfAssessment(app.table, waiting.community, 'CITY');
    await mutate(APPLY, { communityId: waiting.community.id, level: 'CITY', appliedOn: today, selfAssessmentId: self.id }, waiting.token, 0);

    const expected = [row('CITY', 3, 1, 1), row('NATIONAL', 1, 1, 0), row('INTERNATIONAL', 0, 0, 0)];
    const now = await figures();
    expect(now.summary).toEqual(expected);
    expect(now.trend).toEqual(expected);
    expect(now.designated).toBe(2);
  });
});

describe('incident rates per 10,000 population', () => {
  it('gives rates per 10,000 of the recorded population, with what it covers, and none where nobody recorded one', async () => {
    for (const [n, communityId] of [community.mudan.id, community.mudan.id, community.mudan2.id].entries()) {
      await mutate(CREATE_INCIDENT, fallAtHome(communityId, { occurredAt: `2025-0${n + 1}-10T09:00:00+08:00` }));
    }
    const rates = async (regionCode: string, door = 0) => ok(await app.doors[door]!.execute(RATES, { regionCode, period: { year: 2025 } }, analyst37)).incidentSummary;
    const mudanStreet = await rates('371702002');
    expect(mudanStreet.population).toEqual({ communities: 1, communitiesWithPopulation: 1, population: 52_000 });
    expect(mudanStreet.ratesPer10000).toEqual({ count: 0.38, deaths: 0, injured: 0.38 });
    // 南城 has not recorded its population: no rate of its own, and the district's base says it covers 1 of 2.
    expect((await rates('371702003', 1)).ratesPer10000).toBeNull();
    let district = await rates('371702', 1);
    expect(district.population).toEqual({ communities: 2, communitiesWithPopulation: 1, population: 52_000 });
    expect(district.ratesPer10000).toEqual({ count: 0.58, deaths: 0, injured: 0.58 });
    await updateCommunity('mudan2', { population: 8_000 });
    district = await rates('371702', 1);
    expect(district.population).toEqual({ communities: 2, communitiesWithPopulation: 2, population: 60_000 });
    expect(district.ratesPer10000).toEqual({ count: 0.5, deaths: 0, injured: 0.5 });
  });
});

describe('counters equal a recount', () => {
  it('after concurrent writes of every kind through both doors', async () => {
    const writes: Promise<GraphQLResponse>[] = [];
    for (let n = 0; n < 40; n += 1) {
      const door = app.doors[n % 2]!;
      const target = [community.mudan, community.mudan2, community.bincheng, community.shenhe][n % 4]!;
      if (n % 5 === 4) {
        writes.push(door.execute(RECORD_SURVEY, { input: { communityId: target.id, year: 2020 + (n % 3), awarenessRate: 60 + n / 2, participationRate: 50, sampleSize: 100 } }, admin));
      } else if (n % 5 === 3) {
        writes.push(door.execute(CREATE_PROJECT, { input: { communityId: target.id, name: `并发项目 ${n}`, category: n % 2 ? 'WATER' : 'SCHOOL_CHILDREN', leadAgency: '街道办', startOn: `2023-0${1 + (n % 9)}-01` } }, admin));
      } else {
        writes.push(door.execute(CREATE_ACTIVITY, { input: { communityId: target.id, kind: n % 2 ? 'DRILL' : 'LECTURE', topic: `并发活动 ${n}`, heldOn: `2023-${String(1 + (n % 12)).padStart(2, '0')}-15`, attendeeCount: n * 3 } }, admin));
      }
    }
    const responses = await Promise.all(writes);
    // Concurrent writes of one community meet on its counter items: the server sends a cancelled
    // transaction again, so none of these (all distinct records) may fail.
    for (const response of responses) expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();

    for (const region of ['37', '21']) {
      const report = await recountDifferences(region);
      expect(report.differences).toEqual([]);
      expect(report.itemsFixed).toBe(0);
      expect(report.creationRecords).toBeGreaterThan(0);
    }
    const activities = (await summary('37', { year: 2023 })).activities;
    const expected = Array.from({ length: 40 }, (_, n) => n).filter((n) => n % 5 < 3 && n % 4 !== 3);
    expect(activities.activities).toBe(expected.length);
    expect(activities.attendees).toBe(expected.reduce((total, n) => total + n * 3, 0));
  });

  it('recomputeAggregates finds and repairs counters that drifted, at the region, under it and above it', async () => {
    // A community counted twice at every level of its path (as a write applied twice would), not through the API.
    const shard = shardOf(community.mudan.id);
    for (const region of ['37', '3717', '371702', '371702002']) {
      await app.table.client.send(
        new UpdateCommand({
          TableName: app.table.name,
          Key: counterKey(region, SNAPSHOT, shard, CREATION_PK_PREFIX),
          UpdateExpression: 'ADD #com :two, #rev :one',
          ExpressionAttributeNames: { '#com': 'com', '#rev': 'rev' },
          ExpressionAttributeValues: { ':two': 2, ':one': 1 },
        }),
      );
    }
    expect((await summary('37', { year: 2024 })).communities.total).toBe(5);
    const report = await recountDifferences('3717');
    // Found at 菏泽市 and under it; 山东 above it counts the same communities and is corrected by the same amount.
    expect(report.differences.map((difference: { regionCode: string }) => difference.regionCode).sort()).toEqual(['3717', '371702', '371702002']);
    for (const difference of report.differences) {
      expect(difference).toMatchObject({ family: 'CREATION', period: 'NOW', attribute: 'com' });
      expect(difference.stored - difference.recounted).toBe(2);
    }
    expect((await summary('3717', { year: 2024 })).communities.total).toBe(2);
    expect((await summary('37', { year: 2024 })).communities.total).toBe(3);
    expect((await recountDifferences('37')).differences).toEqual([]);
  });
});

describe('recount of counters the listing does not name', () => {
  it('finds a region whose counters are not listed on the province (written before the listing was) and repairs it', async () => {
    // Forget the province's listing of the regions under it, then make 西城街道's counter drift.
    const province = await app.table.client.send(
      new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${CREATION_PK_PREFIX}37` } }),
    );
    for (const item of province.Items ?? []) {
      await app.table.client.send(new UpdateCommand({ TableName: app.table.name, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'REMOVE #regions', ExpressionAttributeNames: { '#regions': 'regions' } }));
    }
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: counterKey('371702002', SNAPSHOT, shardOf(community.mudan.id), CREATION_PK_PREFIX),
        UpdateExpression: 'ADD #com :one, #rev :one',
        ExpressionAttributeNames: { '#com': 'com', '#rev': 'rev' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const report = await recountDifferences('37');
    expect(report.differences).toEqual([{ family: 'CREATION', regionCode: '371702002', period: 'NOW', attribute: 'com', stored: 2, recounted: 1 }]);
    expect((await recountDifferences('37')).differences).toEqual([]);
  });
});

describe('scope and input', () => {
  it('bounds every creation query by the caller\'s region and validates its input', async () => {
    const forbidden = await app.doors[0]!.execute(SUMMARY, { regionCode: '37', period: { year: 2024 } }, analyst21);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(errorCode(await app.doors[1]!.execute(BREAKDOWN, { regionCode: '3717', period: { year: 2024 } }, analyst21))).toBe('FORBIDDEN');
    expect(errorCode(await app.doors[0]!.execute(TREND, { regionCode: '37', fromYear: 2020, toYear: 2024 }, editor))).toBe('FORBIDDEN');
    const unknown = await app.doors[0]!.execute(SUMMARY, { regionCode: '99', period: { year: 2024 } }, analyst37);
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    const backwards = await app.doors[1]!.execute(TREND, { regionCode: '37', fromYear: 2024, toYear: 2020 }, analyst37);
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.body.errors?.[0]?.extensions?.field).toBe('toYear');
    const badPeriod = await app.doors[0]!.execute(SUMMARY, { regionCode: '37', period: { year: 2024, month: 13 } }, analyst37);
    expect(errorCode(badPeriod)).toBe('BAD_USER_INPUT');
    expect(badPeriod.body.errors?.[0]?.extensions?.field).toBe('period.month');
  });
});
