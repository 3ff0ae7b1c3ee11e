import { describe, expect, it } from 'vitest';
import {
  applyForCertificationInputSchema,
  decideCertificationInputSchema,
  recordCertificationReviewInputSchema,
} from '#certification/model.ts';
import { createIncidentInputSchema, importRecordSchema } from '#incident/model.ts';
import { createInterventionInputSchema, createProjectInputSchema } from '#project/model.ts';
import { createActivityInputSchema, recordSurveyInputSchema } from '#training/model.ts';
import { todayIso } from '#core/taxonomy.ts';
import { demoCommunities, type DemoCommunity } from '#scripts/seed/demo-communities.ts';
import {
  DEMO_INCIDENT_TOTALS,
  DEMO_INCIDENT_YEARS,
  demoActivities,
  demoCertifications,
  demoIncidents,
  type DemoIncident,
  demoProjects,
  demoSurveys,
} from '#scripts/seed/demo-records.ts';
import { demoId } from '#scripts/seed/load.ts';
import { summarize } from '#review/assessment-model.ts';
import { bundledSheet } from '#review/bundled-sheets.ts';
import { chinaToday } from '#core/taxonomy.ts';
import {
  DUDIAN,
  dudianDraftItems,
  dudianIncidents,
  dudianRecentTraining,
  dudianSurvey,
  demoNationalReviews,
  demoPendingApplication,
  nationalChain,
  onSiteGrades,
  pendingApplicationSteps,
  pendingSelfGrades,
  selfGrades,
} from '#scripts/seed/demo-review.ts';

const communities = new Map<string, DemoCommunity>(demoCommunities.map((community) => [community.key, community]));
const community = (key: string): DemoCommunity => {
  const found = communities.get(key);
  if (!found) throw new Error(`no demo community ${key}`);
  return found;
};
const incidents = demoIncidents();

const issuesOf = (result: { success: boolean; error?: { issues: unknown[] } }) => (result.success ? [] : result.error?.issues);
const projectsOf = (key: string) => demoProjects.filter((project) => project.communityKey === key);
const duplicates = (values: readonly string[]) => values.filter((value, index) => values.indexOf(value) !== index);

/** As an analyst computes a year-over-year change: percent, one decimal. */
function yoy(before: number, after: number): number {
  const percent = ((after - before) / before) * 100;
  // Away from a tie at the second decimal, so every rounding convention agrees.
  expect(Math.abs(percent * 10 - Math.round(percent * 10))).toBeLessThan(0.45);
  return Math.round(percent * 10) / 10;
}

interface Sums {
  accidents: number;
  deaths: number;
  injured: number;
  economicLoss: number;
}

function totals(of: readonly DemoIncident[], year: number): Sums {
  const sums: Sums = { accidents: 0, deaths: 0, injured: 0, economicLoss: 0 };
  for (const { input } of of) {
    if (!String(input.occurredAt).startsWith(`${year}-`)) continue;
    sums.accidents += 1;
    sums.deaths += input.deaths;
    sums.injured += input.injured;
    sums.economicLoss += input.economicLoss ?? 0;
  }
  return sums;
}

/** The earliest date a record of the community can carry: its launch, or its first stage beyond planning. */
function startOfCreation(key: string): string | undefined {
  const { input, stageHistory } = community(key);
  const first = stageHistory[0];
  return input.launchedOn ?? (first && first.stage !== 'PLANNED' ? first.on : undefined);
}

/** Personal names that occur in the briefings (as in demo-communities.test.ts). */
const PERSONAL_NAMES = ['赵润田', '刘士合', '尹玉明', '丁志刚', '卢勇', '欧阳梅', '郭元林', '王博', '史德高', '杨元元', '张宝明', '李洪涛', '侯卫玲', '曾爱慧'];

describe('demo projects and interventions', () => {
  it.each(demoProjects.map((project) => [project.key, project] as const))('%s parses with its schemas', (_, project) => {
    // Prepare
    const input = { communityId: demoId('community', project.communityKey), ...project.input };
    // Act
    const parsed = createProjectInputSchema.safeParse(input);
    const interventions = project.interventions.map((intervention) => createInterventionInputSchema.safeParse({ projectId: demoId('project', project.key), ...intervention }));
    // Assess
    expect(issuesOf(parsed)).toEqual([]);
    expect(interventions.flatMap(issuesOf)).toEqual([]);
  });

  it('南塔街道 has exactly 15 projects with 66 interventions in all, in the areas the briefing names', () => {
    const nanta = projectsOf('shenyang-shenhe-nanta');
    expect(nanta).toHaveLength(15);
    expect(nanta.reduce((sum, project) => sum + project.interventions.length, 0)).toBe(66);
    for (const category of ['ROAD_TRAFFIC', 'FIRE', 'SCHOOL_CHILDREN', 'CONSTRUCTION_SITES', 'PUBLIC_PLACES', 'RELIGIOUS_SITES', 'OLD_RESIDENTIAL_COMPOUNDS', 'WORKPLACE']) {
      expect(nanta.map((project) => project.input.category)).toContain(category);
    }
    const environments = nanta.flatMap((project) => project.input.environments ?? []);
    for (const environment of ['MARKET', 'WAREHOUSE', 'SCHOOL', 'CONSTRUCTION_SITE', 'RELIGIOUS_SITE', 'PUBLIC_PLACE']) expect(environments).toContain(environment);
  });

  it('九龙镇 has exactly 24 projects, each with interventions', () => {
    const jiulong = projectsOf('guangzhou-luogang-jiulong');
    expect(jiulong).toHaveLength(24);
    expect(jiulong.filter((project) => project.interventions.length === 0).map((project) => project.key)).toEqual([]);
    expect(jiulong.map((project) => project.input.name)).toContain('“美丽乡村”促进项目');
  });

  it('吴店镇 has the pesticide, dog-bite, farm-machinery and migrant-worker projects, with the free pesticide boxes', () => {
    const wudian = projectsOf('heze-mudan-wudian');
    const categories = wudian.map((project) => project.input.category);
    for (const category of ['PESTICIDE_POISONING', 'DOG_BITES', 'AGRICULTURAL_MACHINERY', 'MIGRANT_WORKERS']) expect(categories).toContain(category);
    const pesticide = wudian.find((project) => project.input.category === 'PESTICIDE_POISONING');
    expect(pesticide?.interventions.some((intervention) => intervention.kind === 'PRODUCTS' && intervention.description.includes('农药储存箱') && intervention.description.includes('免费'))).toBe(true);
  });

  it('an intervention starts no earlier than its project, and nothing predates the community’s creation', () => {
    const problems: string[] = [];
    for (const project of demoProjects) {
      const start = startOfCreation(project.communityKey);
      if (start && project.input.startOn < start) problems.push(`${project.key} starts ${project.input.startOn} before ${start}`);
      for (const intervention of project.interventions) {
        if (intervention.startOn && intervention.startOn < project.input.startOn) problems.push(`${project.key}: ${intervention.description} starts before its project`);
        if (intervention.status === 'DONE' && !intervention.completedOn) problems.push(`${project.key}: ${intervention.description} is DONE without completedOn`);
        if ((intervention.completedOn ?? '') > todayIso()) problems.push(`${project.key}: ${intervention.description} completes in the future`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('demo activities and surveys', () => {
  it.each(demoActivities.map((activity) => [activity.key, activity] as const))('%s parses with createActivityInputSchema', (_, activity) => {
    const input = {
      communityId: demoId('community', activity.communityKey),
      ...activity.input,
      ...(activity.projectKey ? { projectId: demoId('project', activity.projectKey) } : {}),
    };
    expect(issuesOf(createActivityInputSchema.safeParse(input))).toEqual([]);
  });

  it('an activity belongs to a project of its own community and is held after the creation started', () => {
    const problems: string[] = [];
    for (const activity of demoActivities) {
      const project = activity.projectKey ? demoProjects.find((candidate) => candidate.key === activity.projectKey) : undefined;
      if (activity.projectKey && project?.communityKey !== activity.communityKey) problems.push(`${activity.key}: project ${activity.projectKey}`);
      const start = startOfCreation(activity.communityKey);
      if (start && activity.input.heldOn < start) problems.push(`${activity.key} before ${start}`);
    }
    expect(problems).toEqual([]);
  });

  it('东城 distributed 1 800 leaflets, 360 calendars and 870 handbooks, and drilled twice a year', () => {
    const dongcheng = demoActivities.filter((activity) => activity.communityKey === 'heze-mudan-dongcheng');
    const quantity = (kind: string) =>
      dongcheng.flatMap((activity) => activity.input.materials ?? []).filter((material) => material.kind === kind).reduce((sum, material) => sum + material.quantity, 0);
    expect([quantity('LEAFLET'), quantity('CALENDAR'), quantity('HANDBOOK')]).toEqual([1800, 360, 870]);
    const drillsPerYear = new Map<string, number>();
    for (const activity of dongcheng.filter((candidate) => candidate.input.kind === 'DRILL')) {
      const year = activity.input.heldOn.slice(0, 4);
      drillsPerYear.set(year, (drillsPerYear.get(year) ?? 0) + 1);
    }
    expect(drillsPerYear.size).toBeGreaterThan(1);
    expect([...drillsPerYear.values()].every((count) => count === 2)).toBe(true);
  });

  it('滨州’s launch training is on 2009-05-09', () => {
    const launch = demoActivities.filter((activity) => activity.key.includes('launch-training'));
    expect(launch.length).toBeGreaterThan(0);
    expect(launch.every((activity) => activity.input.heldOn === '2009-05-09')).toBe(true);
  });

  it.each(demoSurveys.map((survey) => [`${survey.communityKey} ${survey.input.year}`, survey] as const))('survey %s parses and reaches the briefing’s 80 %', (_, survey) => {
    expect(issuesOf(recordSurveyInputSchema.safeParse({ communityId: demoId('community', survey.communityKey), ...survey.input }))).toEqual([]);
    expect(survey.input.awarenessRate).toBeGreaterThan(80);
    expect(survey.input.participationRate).toBeGreaterThan(80);
  });
});

describe('demo certifications', () => {
  it.each(demoCertifications.map((certification) => [certification.key, certification] as const))('%s parses with the application, review and decision schemas', (_, certification) => {
    const id = demoId('certification', certification.key);
    expect(issuesOf(applyForCertificationInputSchema.safeParse({ communityId: demoId('community', certification.communityKey), ...certification.application }))).toEqual([]);
    if (certification.review) expect(issuesOf(recordCertificationReviewInputSchema.safeParse({ id, version: 1, ...certification.review }))).toEqual([]);
    if (certification.decision) expect(issuesOf(decideCertificationInputSchema.safeParse({ id, version: 2, ...certification.decision }))).toEqual([]);
  });

  it('dates run application → on-site review → decision', () => {
    const problems = demoCertifications.filter(({ application, review, decision }) => {
      const review_ = review?.onSiteReviewOn ?? application.appliedOn;
      return review_ < application.appliedOn || (decision !== undefined && decision.decidedOn < review_) || (decision?.designatedOn !== undefined && decision.designatedOn < application.appliedOn);
    });
    expect(problems.map((certification) => certification.key)).toEqual([]);
  });

  it('every designation in a community’s stage history has its certification on that date, and the other way round', () => {
    const designationsInHistory = demoCommunities.flatMap((demo) => demo.stageHistory.filter((change) => change.stage === 'DESIGNATED').map((change) => `${demo.key} ${change.on}`));
    const designated = demoCertifications.filter((certification) => certification.decision?.decision === 'DESIGNATED').map((certification) => `${certification.communityKey} ${certification.decision?.designatedOn}`);
    expect([...designated].sort()).toEqual([...designationsInHistory].sort());
  });

  it('an UNDER_REVIEW stage is the on-site review of the certification that follows it', () => {
    for (const demo of demoCommunities) {
      for (const change of demo.stageHistory.filter((candidate) => candidate.stage === 'UNDER_REVIEW')) {
        const reviews = demoCertifications.filter((certification) => certification.communityKey === demo.key).map((certification) => certification.review?.onSiteReviewOn);
        expect(reviews).toContain(change.on);
      }
    }
  });

  it('levels: 5 national designations in 牡丹区 (2009–2010), 九龙镇 national, 16 city-level units', () => {
    const levelOf = (key: string) => demoCertifications.filter((certification) => certification.communityKey === key).map((certification) => certification.application.level);
    for (const key of ['heze-mudan-xicheng', 'heze-mudan-wudian', 'heze-mudan-nancheng', 'heze-mudan-dongcheng', 'heze-mudan-beicheng', 'guangzhou-luogang-jiulong']) {
      expect(levelOf(key)).toEqual(['NATIONAL']);
    }
    expect(demoCertifications.filter((certification) => certification.application.level === 'CITY')).toHaveLength(16);
    const designatedOn = (key: string) => demoCertifications.find((certification) => certification.communityKey === key)?.decision?.designatedOn ?? '';
    expect(designatedOn('heze-mudan-xicheng').slice(0, 7)).toBe('2009-01');
    expect(designatedOn('heze-mudan-wudian').slice(0, 4)).toBe('2009');
    expect(designatedOn('heze-mudan-nancheng').slice(0, 7)).toBe('2009-07');
    expect(designatedOn('heze-mudan-dongcheng').slice(0, 7)).toBe('2010-09');
    expect(designatedOn('heze-mudan-beicheng').slice(0, 7)).toBe('2010-09');
    expect(designatedOn('heze-mudan-dongcheng') <= designatedOn('heze-mudan-beicheng')).toBe(true);
  });
});

describe('demo incidents', () => {
  it('has several years of incidents', () => {
    expect(incidents.length).toBeGreaterThan(1000);
    expect(new Set(incidents.map(({ input }) => String(input.occurredAt).slice(0, 4)))).toEqual(new Set(DEMO_INCIDENT_YEARS.map(String)));
  });

  it('every incident parses with createIncidentInputSchema and importRecordSchema', () => {
    const problems = incidents.flatMap(({ communityKey, input }) => [
      ...(issuesOf(createIncidentInputSchema.safeParse({ communityId: demoId('community', communityKey), ...input })) ?? []).map((issue) => `${input.externalId}: ${JSON.stringify(issue)}`),
      ...(issuesOf(importRecordSchema.safeParse(input)) ?? []).map((issue) => `${input.externalId} (import): ${JSON.stringify(issue)}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('is deterministic', () => {
    expect(demoIncidents()).toEqual(incidents);
  });

  it('externalIds are unique and read demo-<unit>-<year>-<n>', () => {
    const ids = incidents.map(({ input }) => input.externalId);
    expect(duplicates(ids)).toEqual([]);
    expect(ids.filter((id) => !/^demo-[a-z]+-20\d\d-\d{3}$/.test(id))).toEqual([]);
  });

  it('only 牡丹区’s units of 2007–2011 have incidents (371702, and the four now under 371771/371772)', () => {
    const codes = new Set(incidents.map(({ communityKey }) => community(communityKey).input.regionCode));
    expect([...codes].filter((code) => !/^3717(02|71|72)\d{3}$/.test(code))).toEqual([]);
    expect(codes.size).toBe(21);
  });

  describe.each([
    ['371702 (牡丹区 as the region tree has it today)', (code: string) => code.startsWith('371702')],
    ['all 21 units of 牡丹区 in 2009', (code: string) => /^3717(02|71|72)/.test(code)],
  ] as const)('%s', (_, inRegion) => {
    const ofRegion = incidents.filter(({ communityKey }) => inRegion(community(communityKey).input.regionCode));
    const y2008 = totals(ofRegion, 2008);
    const y2009 = totals(ofRegion, 2009);

    it('2009 against 2008: accidents −12.1 %, deaths −8.9 %, injuries −14.6 %, losses −10.7 %', () => {
      expect([
        yoy(y2008.accidents, y2009.accidents),
        yoy(y2008.deaths, y2009.deaths),
        yoy(y2008.injured, y2009.injured),
        yoy(y2008.economicLoss, y2009.economicLoss),
      ]).toEqual([-12.1, -8.9, -14.6, -10.7]);
    });
  });

  it('the 371702 yearly totals are the documented DEMO_INCIDENT_TOTALS', () => {
    const of371702 = incidents.filter(({ communityKey }) => community(communityKey).input.regionCode.startsWith('371702'));
    for (const year of DEMO_INCIDENT_YEARS) expect(totals(of371702, year)).toEqual(DEMO_INCIDENT_TOTALS['371702'][year]);
  });

  it('keeps what 篇8 says: no 较大 accident in 西城、吴店、南城 2007–2010, no fatal fire in the district 2006–2010', () => {
    const pilots = new Set(['heze-mudan-xicheng', 'heze-mudan-wudian', 'heze-mudan-nancheng']);
    // 较大事故: 3 or more deaths, or 10 or more seriously injured, or a loss of 10 million yuan or more.
    const major = incidents.filter(
      ({ communityKey, input }) =>
        pilots.has(communityKey) && String(input.occurredAt) < '2011' && (input.deaths >= 3 || input.injured >= 10 || (input.economicLoss ?? 0) >= 1_000_000_000),
    );
    expect(major.map(({ input }) => input.externalId)).toEqual([]);
    const fatalFires = incidents.filter(({ input }) => input.cause === 'FIRE' && input.deaths > 0 && String(input.occurredAt) < '2011');
    expect(fatalFires.map(({ input }) => input.externalId)).toEqual([]);
  });

  it('has a realistic mix: drowning in the warm months, pesticide poisoning and farm machinery in the towns', () => {
    const causes = new Set(incidents.map(({ input }) => input.cause));
    for (const cause of ['ROAD_TRAFFIC', 'FALL', 'MACHINERY', 'POISONING', 'ANIMAL_BITE', 'BURN', 'DROWNING', 'FIRE']) expect(causes).toContain(cause);
    const drownings = incidents.filter(({ input }) => input.cause === 'DROWNING');
    expect(drownings.filter(({ input }) => !/-0[4-9]-/.test(String(input.occurredAt))).map(({ input }) => input.externalId)).toEqual([]);
    const rural = incidents.filter(({ input }) => input.place === 'FARMLAND');
    expect(rural.filter(({ communityKey }) => community(communityKey).input.kind !== 'TOWN' && communityKey !== 'heze-mudan-huangzhen')).toEqual([]);
  });
});

describe('all demo records', () => {
  it('name communities by existing keys', () => {
    const keys = [
      ...demoProjects.map((record) => record.communityKey),
      ...demoActivities.map((record) => record.communityKey),
      ...demoSurveys.map((record) => record.communityKey),
      ...demoCertifications.map((record) => record.communityKey),
      ...incidents.map((record) => record.communityKey),
    ];
    expect([...new Set(keys)].filter((key) => !communities.has(key))).toEqual([]);
  });

  it('have unique keys (and ids that differ from the communities’)', () => {
    const keys = [...demoProjects, ...demoActivities, ...demoCertifications].map((record) => record.key);
    expect(duplicates([...keys, ...demoCommunities.map((demo) => demo.key)])).toEqual([]);
    expect(duplicates(demoSurveys.map((survey) => `${survey.communityKey}:${survey.input.year}`))).toEqual([]);
  });

  it('carry no personal names and say where they come from', () => {
    const text = JSON.stringify([demoProjects, demoActivities, demoSurveys, demoCertifications, incidents]);
    expect(PERSONAL_NAMES.filter((name) => text.includes(name))).toEqual([]);
    expect([...demoProjects, ...demoActivities, ...demoSurveys, ...demoCertifications].filter((record) => record.source.trim() === '')).toEqual([]);
  });
});

describe('demo designation review (demo-review.ts, synthetic)', () => {
  const sheet = bundledSheet('national-onsite', 1)!;
  const certificationOf = (key: string) => demoCertifications.find((certification) => certification.key === key)!;

  it.each(demoNationalReviews.map((review) => [review.communityKey, review] as const))('%s: the 2009 on-site total is a PASS consistent with the designation', (_, review) => {
    const items = onSiteGrades(sheet, review);
    const summary = summarize(sheet, items);
    expect(Object.keys(items)).toHaveLength(50);
    expect(summary.max).toBe(150_000);
    expect(summary.total).toBeGreaterThanOrEqual(100_000);
    expect(summary.zeroItems).toEqual([]);
    expect(summary.outcome).toBe('PASS');
    expect(certificationOf(review.certificationKey).decision?.decision).toBe('DESIGNATED');
    // Synthetic but plausible: not all A, grades differ per item, a few findings.
    const grades = Object.values(items).flatMap((item) => Object.values(item.parts));
    expect(grades).toHaveLength(150);
    expect(grades.filter((grade) => grade === 'A').length).toBeLessThan(120);
    expect(new Set(Object.values(items).map((item) => JSON.stringify(item.parts))).size).toBeGreaterThan(5);
    const findings = Object.values(items).filter((item) => item.finding);
    expect(findings.length).toBeGreaterThanOrEqual(3);
    expect(findings.length).toBeLessThanOrEqual(6);
    // The self-assessment is complete and passes too.
    expect(summarize(sheet, selfGrades(sheet, review))).toMatchObject({ outcome: 'PASS', zeroItems: [] });
    expect(onSiteGrades(sheet, review)).toEqual(items);
  });

  it.each(demoNationalReviews.map((review) => [review.communityKey, review] as const))('%s: self-assessed before applying, endorsed between application and review', (_, review) => {
    const { application, review: onSite } = certificationOf(review.certificationKey);
    expect(review.selfSubmittedOn < application.appliedOn).toBe(true);
    const steps = nationalChain(review.communityKey, community(review.communityKey).input.regionCode, application.appliedOn, review.chainDates, demoId('assessment', review.selfKey));
    expect(steps.map((step) => `${step.action} ${step.level} ${step.regionCode}`)).toEqual([
      `SUBMIT COMMUNITY ${community(review.communityKey).input.regionCode}`,
      'ENDORSE COUNTY 371702',
      'ENDORSE CITY 3717',
      'ENDORSE PROVINCE 37',
      'ACCEPT NATIONAL null',
    ]);
    const days = steps.map((step) => step.at.slice(0, 10));
    expect(days).toEqual([...days].sort());
    expect(days[0]).toBe(application.appliedOn);
    expect(days.every((day) => day <= (onSite?.onSiteReviewOn ?? ''))).toBe(true);
    expect(steps.every((step) => /^demo-(reviewer|editor)-[a-z0-9-]+$/.test(step.by))).toBe(true);
  });

  it('杜店 is IMPLEMENTING, launched more than two years ago, with incidents falling from the year before last to last year', () => {
    const today = chinaToday();
    const dudian = community(DUDIAN);
    expect(dudian.input.stage).toBe('IMPLEMENTING');
    expect(dudian.input.regionCode).toBe('371602010');
    expect(String(dudian.input.launchedOn) < `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`).toBe(true);
    const sectors = new Set(dudian.input.committee?.members.map((member) => member.sector));
    expect(sectors.size).toBeLessThan(5);
    const rows = dudianIncidents(today);
    const year = Number(today.slice(0, 4));
    const inYear = (of: number) => rows.filter((row) => String(row.occurredAt).startsWith(`${of}-`)).length;
    expect(inYear(year - 1)).toBeGreaterThan(0);
    expect(inYear(year - 1)).toBeLessThan(inYear(year - 2));
    expect(rows.every((row) => String(row.occurredAt) < today)).toBe(true);
    const problems = rows.flatMap((row) => [...(issuesOf(importRecordSchema.safeParse(row)) ?? []), ...(issuesOf(createIncidentInputSchema.safeParse({ communityId: demoId('community', DUDIAN), ...row })) ?? [])]);
    expect(problems).toEqual([]);
    expect(duplicates(rows.map((row) => row.externalId))).toEqual([]);
    expect(rows.every((row) => /^demo-dudian-20\d\d-\d{3}$/.test(row.externalId))).toBe(true);
  });

  it('杜店’s survey of last year is below 80 %, its recent activity is no drill, and its draft leaves some parts ungraded', () => {
    const today = chinaToday();
    const survey = dudianSurvey(today);
    expect(survey.year).toBe(Number(today.slice(0, 4)) - 1);
    expect(Math.min(survey.awarenessRate, survey.participationRate)).toBeLessThan(80);
    expect(issuesOf(recordSurveyInputSchema.safeParse({ communityId: demoId('community', DUDIAN), ...survey }))).toEqual([]);
    const training = dudianRecentTraining(today);
    expect(training.input.kind).not.toBe('DRILL');
    expect(issuesOf(createActivityInputSchema.safeParse({ communityId: demoId('community', DUDIAN), ...training.input }))).toEqual([]);
    expect(demoActivities.filter((activity) => activity.communityKey === DUDIAN && activity.input.kind === 'DRILL')).toEqual([]);
    const items = dudianDraftItems(sheet, today, demoId('community', DUDIAN), 'survey-id');
    const graded = Object.values(items).reduce((sum, item) => sum + Object.keys(item.parts).length, 0);
    expect(graded).toBeGreaterThan(100);
    expect(graded).toBeLessThan(150);
    expect(Object.values(items).filter((item) => item.note).length).toBeGreaterThanOrEqual(3);
    expect(Object.values(items).every((item) => item.finding === undefined)).toBe(true);
  });

  it('沙土镇’s application agrees with its stage history: self-assessed, applied, endorsed by 牡丹区 after applying', () => {
    const shatu = community(demoPendingApplication.communityKey);
    const on = (stage: string) => shatu.stageHistory.filter((change) => change.stage === stage).at(-1)?.on;
    expect(shatu.input.stage).toBe('APPLIED');
    expect(on('SELF_ASSESSED')).toBe(demoPendingApplication.selfSubmittedOn);
    expect(on('APPLIED')).toBe(demoPendingApplication.appliedOn);
    expect(shatu.input.regionCode.startsWith('371702')).toBe(true);
    const [submit, endorsement] = pendingApplicationSteps(shatu.input.regionCode, demoId('assessment', demoPendingApplication.selfKey));
    expect([submit.action, endorsement.action, endorsement.level, endorsement.regionCode]).toEqual(['SUBMIT', 'ENDORSE', 'COUNTY', '371702']);
    expect(submit.at < endorsement.at).toBe(true);
    expect(summarize(sheet, pendingSelfGrades(sheet))).toMatchObject({ outcome: 'PASS', zeroItems: [] });
    // Eligible when it applied: launched more than two years before, and its (synthetic) incidents fell in 2010 against 2009.
    expect(String(shatu.input.launchedOn) < '2009-10-17').toBe(true);
    const ofShatu = incidents.filter((incident) => incident.communityKey === demoPendingApplication.communityKey);
    expect(totals(ofShatu, 2010).accidents).toBeLessThan(totals(ofShatu, 2009).accidents);
  });

  it('carries no personal names', () => {
    const text = JSON.stringify([
      demoNationalReviews,
      demoNationalReviews.map((review) => onSiteGrades(sheet, review)),
      demoPendingApplication,
      dudianDraftItems(sheet, chinaToday(), 'c', 's'),
      dudianIncidents(chinaToday()),
    ]);
    expect(PERSONAL_NAMES.filter((name) => text.includes(name))).toEqual([]);
  });
});
