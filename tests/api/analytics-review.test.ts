import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterKey, shardOf } from '#analytics/counters.ts';
import { CREATION_PK_PREFIX } from '#analytics/creation-counters.ts';
import { listingKeys } from '#core/db/keys.ts';
import { combined, type WritePipeline } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { bundledSheets } from '#review/bundled-sheets.ts';
import type { SheetGrade } from '#review/sheet.ts';
import { createTestApp, type Door, ok, type TestApp } from '#tests/support/app.ts';
import { downloadExport, exportTable } from '#tests/support/export-file.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The designation review's figures (creationSummary.review and the export): applications where
 * they stand in the chain now, self-assessed and on-site scores of the period, the weakest
 * elements. The certification and assessment records are committed through the real write
 * pipeline (the stores and contributors the API wires), in the shapes issue 10's design gives
 * them; the figures are read through both doors, the CSV with a real parser, and a recount
 * afterwards finds nothing to fix.
 */
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id regionCode } }`;
const LEVELS = 'byLevel { level count }';
const SCORES = 'level count averageTotal averageMax averagePercent byOutcome { pass rectify fail }';
const REVIEW = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  creationSummary(regionCode: $regionCode, period: $period) {
    review {
      applications { open ${LEVELS} inEndorsement steps { step applications ${LEVELS} } }
      selfAssessments { ${SCORES} }
      onSite { ${SCORES} }
      weakestElements { element percent averageScore averageMax assessments selfAssessedPercent onSitePercent }
    }
  }
}`;
const RECOMPUTE = `mutation($regionCode: String!) {
  recomputeAggregates(regionCode: $regionCode) { creationRecords itemsFixed differences { family regionCode period shard attribute stored recounted } }
}`;
const EXPORT = `mutation($regionCode: String!, $period: AnalyticsPeriodInput!) { aggregateExport(regionCode: $regionCode, period: $period) { url } }`;

type Level = 'CITY' | 'NATIONAL' | 'INTERNATIONAL';
type ChainLevel = 'COUNTY' | 'CITY' | 'PROVINCE' | 'NATIONAL';

/** The fields of a certification in the chain (issue 10's design), as the lead's repository stores them. */
interface ChainCertification {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode: string;
  readonly level: Level;
  readonly standardVersion: string;
  readonly appliedOn: string;
  readonly reReview: boolean;
  readonly decision: 'PENDING' | 'DESIGNATED' | 'RECTIFICATION' | 'REJECTED' | 'WITHDRAWN';
  readonly designatedOn?: string;
  readonly phase?: 'ENDORSEMENT' | 'RETURNED' | 'ON_SITE_REVIEW' | 'RECTIFICATION' | 'DECIDED';
  readonly waitingFor?: { readonly level: ChainLevel; readonly regionCode: string | null };
  readonly onSiteAssessmentId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Indicator {
  readonly element: string;
  readonly score: number;
  readonly max: number;
}

/** An assessment as the assessments helper stores it (functions/review/assessment-model.ts), with what analytics reads. */
interface TestAssessment {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode: string;
  readonly kind: 'SELF' | 'ON_SITE';
  readonly status: 'DRAFT' | 'SUBMITTED';
  readonly sheetId: string;
  readonly sheetVersion: number;
  readonly level: Level;
  readonly items: Record<string, unknown>;
  readonly summary?: { total: number; max: number; outcome: 'PASS' | 'RECTIFY' | 'FAIL'; zeroItems: string[]; indicators: Indicator[] };
  readonly submittedOn?: string;
  readonly onSiteReviewOn?: string;
  readonly certificationId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

let app: TestApp;
let admin: string;
let analyst37: string;
let pipeline: WritePipeline;
let certifications: RecordStore<ChainCertification>;
let assessments: RecordStore<TestAssessment>;
const origin = systemOrigin('analytics-review-test', 'request');
const at = '2026-12-01T08:00:00.000Z';

/** 西城 (菏泽 牡丹区), 滨城区 (滨州), 沈河区 (沈阳: another province). */
const community: Record<'xicheng' | 'bincheng' | 'shenhe', { id: string; regionCode: string }> = {} as never;

beforeAll(async () => {
  app = await createTestApp();
  [admin, analyst37] = await Promise.all([app.token({ role: 'ADMIN' }), app.token({ role: 'PROVINCIAL_ANALYST', region: '37' })]);
  for (const [key, input] of [
    ['xicheng', { name: '评定西城街道', kind: 'STREET', regionCode: '371702002', stage: 'IMPLEMENTING' }],
    ['bincheng', { name: '评定滨城区', kind: 'DISTRICT', regionCode: '371602', stage: 'IMPLEMENTING' }],
    ['shenhe', { name: '评定沈河区', kind: 'DISTRICT', regionCode: '210103', stage: 'IMPLEMENTING' }],
  ] as const) {
    community[key] = ok(await app.doors[0]!.execute(CREATE_COMMUNITY, { input }, admin)).createCommunity;
  }
  pipeline = createWritePipeline(app.table);
  certifications = new RecordStore<ChainCertification>(app.table, {
    kind: 'CERTIFICATION',
    type: 'Certification',
    label: 'certification',
    listing: (record) => ({ partition: listingKeys.certifications(record.communityId), position: `${record.appliedOn}#${record.id}` }),
  });
  assessments = new RecordStore<TestAssessment>(app.table, {
    kind: 'ASSESSMENT',
    type: 'Assessment',
    label: 'assessment',
    listing: (record) => ({ partition: `COMMUNITY#${record.communityId}#ASSESSMENTS`, position: `${record.createdAt}#${record.id}` }),
  });
}, 60_000);
afterAll(() => app.close());

async function review(regionCode: string, period: Record<string, unknown>, door: Door = app.doors[0]!) {
  return ok(await door.execute(REVIEW, { regionCode, period }, analyst37)).creationSummary.review;
}

function certificationOf(key: keyof typeof community, id: string, fields: Partial<ChainCertification> & Pick<ChainCertification, 'level'>): ChainCertification {
  const { id: communityId, regionCode } = community[key];
  return { id, communityId, regionCode, standardVersion: 'AQ/T 9001-2006', appliedOn: '2025-04-01', reReview: false, decision: 'PENDING', version: 1, createdAt: at, updatedAt: at, ...fields };
}

function assessmentOf(key: keyof typeof community, id: string, fields: Partial<TestAssessment> & Pick<TestAssessment, 'kind' | 'status' | 'level'>): TestAssessment {
  const { id: communityId, regionCode } = community[key];
  const sheetId = fields.level === 'CITY' ? 'city' : 'national-onsite';
  return { id, communityId, regionCode, sheetId, sheetVersion: 1, items: {}, version: 1, createdAt: at, updatedAt: at, ...fields };
}

function summaryOf(total: number, outcome: 'PASS' | 'RECTIFY' | 'FAIL', indicators: Indicator[], max = 150_000) {
  return { total, max, outcome, zeroItems: [], indicators };
}

const stored = { certifications: new Map<string, ChainCertification>(), assessments: new Map<string, TestAssessment>() };

async function create(kind: 'certifications' | 'assessments', record: ChainCertification | TestAssessment): Promise<void> {
  const write = kind === 'certifications' ? certifications.created(record as ChainCertification, record.regionCode) : assessments.created(record as TestAssessment, record.regionCode);
  await pipeline.commit({ operation: 'CREATE', ...write }, origin);
  stored[kind].set(record.id, record as never);
}

/** Replaces a stored record by `changes` under its version, as the repositories do. */
function replacedCertification(id: string, changes: Partial<ChainCertification>) {
  const previous = stored.certifications.get(id)!;
  const next = { ...previous, ...changes, version: previous.version + 1 };
  stored.certifications.set(id, next);
  return certifications.replaced(previous, next, previous.regionCode);
}

function replacedAssessment(id: string, changes: Partial<TestAssessment>) {
  const previous = stored.assessments.get(id)!;
  const next = { ...previous, ...changes, version: previous.version + 1 };
  stored.assessments.set(id, next);
  return assessments.replaced(previous, next, previous.regionCode);
}

const steps = (figures: { applications: { steps: { step: string; applications: number }[] } }) =>
  Object.fromEntries(figures.applications.steps.map((row) => [row.step, row.applications]));
const level = <T extends { level: string }>(rows: T[], name: Level) => rows.find((row) => row.level === name);

async function recount(regionCode: string) {
  return ok(await app.doors[1]!.execute(RECOMPUTE, { regionCode }, admin)).recomputeAggregates;
}

describe('applications in the chain (now)', () => {
  it('stand where the chain has them, by phase, by the level waited for and by level, in every region of their path', async () => {
    // Prepare: a NATIONAL application of 西城 at the county, a CITY one of 滨城区 at the city, a
    // CITY application of 西城 made before the chain (no phase, PENDING), one of 沈河区 elsewhere.
    await create('certifications', certificationOf('xicheng', 'cert-xc-national', { level: 'NATIONAL', phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '371702' } }));
    await create('certifications', certificationOf('bincheng', 'cert-bc-city', { level: 'CITY', phase: 'ENDORSEMENT', waitingFor: { level: 'CITY', regionCode: '3716' } }));
    await create('certifications', certificationOf('xicheng', 'cert-xc-legacy', { level: 'CITY', appliedOn: '2024-11-01' }));
    await create('certifications', certificationOf('shenhe', 'cert-sh-national', { level: 'NATIONAL', phase: 'ENDORSEMENT', waitingFor: { level: 'PROVINCE', regionCode: '21' } }));

    // Act + Assess
    const shandong = await review('37', { year: 2025 });
    expect(shandong.applications).toMatchObject({
      open: 3,
      inEndorsement: 2,
      byLevel: [
        { level: 'CITY', count: 2 },
        { level: 'NATIONAL', count: 1 },
        { level: 'INTERNATIONAL', count: 0 },
      ],
    });
    expect(steps(shandong)).toEqual({
      ENDORSEMENT_COUNTY: 1,
      ENDORSEMENT_CITY: 1,
      ENDORSEMENT_PROVINCE: 0,
      ENDORSEMENT_NATIONAL: 0,
      RETURNED: 0,
      ON_SITE_REVIEW: 1,
      RECTIFICATION: 0,
    });
    expect(level(shandong.applications.steps.find((row: { step: string }) => row.step === 'ENDORSEMENT_COUNTY').byLevel, 'NATIONAL')).toEqual({ level: 'NATIONAL', count: 1 });
    // A snapshot: the same whatever the period.
    expect((await review('37', { year: 2009, month: 5 }, app.doors[1]!)).applications).toEqual(shandong.applications);
    const heze = await review('3717', { year: 2025 }, app.doors[1]!);
    expect(steps(heze)).toMatchObject({ ENDORSEMENT_COUNTY: 1, ENDORSEMENT_CITY: 0, ON_SITE_REVIEW: 1 });
    expect(steps(await review('371702002', { year: 2025 }))).toMatchObject({ ENDORSEMENT_COUNTY: 1, ON_SITE_REVIEW: 1 });
    expect(steps(await review('3716', { year: 2025 }))).toMatchObject({ ENDORSEMENT_COUNTY: 0, ENDORSEMENT_CITY: 1 });
  });

  it('follow an application up the chain, back to the community and on to the decision', async () => {
    const id = 'cert-xc-national';
    const stepsOf37 = async () => steps(await review('37', { year: 2025 }));
    for (const [waiting, regionCode] of [
      ['CITY', '3717'],
      ['PROVINCE', '37'],
      ['NATIONAL', null],
    ] as const) {
      await pipeline.commit({ operation: 'CERTIFICATION_ENDORSED', ...replacedCertification(id, { waitingFor: { level: waiting, regionCode } }) }, origin);
      // 菏泽 holds 西城 alone: the application waits at one level at a time.
      const heze = steps(await review('3717', { year: 2025 }, app.doors[1]!));
      expect(Object.entries(heze).filter(([step, count]) => step.startsWith('ENDORSEMENT_') && count > 0)).toEqual([[`ENDORSEMENT_${waiting}`, 1]]);
    }
    expect(await stepsOf37()).toMatchObject({ ENDORSEMENT_COUNTY: 0, ENDORSEMENT_CITY: 1, ENDORSEMENT_PROVINCE: 0, ENDORSEMENT_NATIONAL: 1 });

    // The national centre returns it; the community resubmits; it climbs to acceptance again.
    await pipeline.commit({ operation: 'CERTIFICATION_RETURNED', ...replacedCertification(id, { phase: 'RETURNED', waitingFor: undefined }) }, origin);
    expect(await stepsOf37()).toMatchObject({ ENDORSEMENT_NATIONAL: 0, RETURNED: 1 });
    expect((await review('37', { year: 2025 })).applications).toMatchObject({ open: 3, inEndorsement: 1 });
    await pipeline.commit({ operation: 'CERTIFICATION_RESUBMITTED', ...replacedCertification(id, { phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '371702' } }) }, origin);
    expect(await stepsOf37()).toMatchObject({ ENDORSEMENT_COUNTY: 1, RETURNED: 0 });
    await pipeline.commit({ operation: 'CERTIFICATION_ACCEPTED', ...replacedCertification(id, { phase: 'ON_SITE_REVIEW', waitingFor: { level: 'NATIONAL', regionCode: null } }) }, origin);
    expect(await stepsOf37()).toMatchObject({ ENDORSEMENT_COUNTY: 0, ENDORSEMENT_NATIONAL: 0, ON_SITE_REVIEW: 2 });
    await pipeline.commit({ operation: 'CERTIFICATION_DECIDED', ...replacedCertification(id, { phase: 'RECTIFICATION', decision: 'RECTIFICATION' }) }, origin);
    expect(await stepsOf37()).toMatchObject({ ON_SITE_REVIEW: 1, RECTIFICATION: 1 });
    await pipeline.commit({ operation: 'CERTIFICATION_DECIDED', ...replacedCertification(id, { phase: 'DECIDED', decision: 'DESIGNATED', designatedOn: '2026-01-10' }) }, origin);

    // Assess: no longer open; the designation counts in its year as before.
    const figures = await review('37', { year: 2026 });
    expect(figures.applications).toMatchObject({ open: 2, byLevel: [{ level: 'CITY', count: 2 }, { level: 'NATIONAL', count: 0 }, { level: 'INTERNATIONAL', count: 0 }] });
    expect(steps(figures)).toMatchObject({ RECTIFICATION: 0, ON_SITE_REVIEW: 1, ENDORSEMENT_CITY: 1 });
    const certificationsOf2026 = ok(
      await app.doors[0]!.execute(`query { creationSummary(regionCode: "37", period: { year: 2026 }) { certifications { level designations } } }`, {}, analyst37),
    ).creationSummary.certifications;
    expect(level(certificationsOf2026, 'NATIONAL')).toEqual({ level: 'NATIONAL', designations: 1 });
  });
});

describe('scores and the weakest elements (in the period)', () => {
  it('count submitted self-assessments and scored on-site assessments per level, by their dates, and leave drafts out', async () => {
    // Prepare
    await create('assessments', assessmentOf('xicheng', 'sa-xc', {
      kind: 'SELF', status: 'SUBMITTED', level: 'NATIONAL', submittedOn: '2025-03-10',
      summary: summaryOf(112_500, 'PASS', [
        { element: 'ORGANISATION', score: 14_000, max: 15_000 },
        { element: 'EMERGENCY_RESPONSE', score: 6_000, max: 12_000 },
        { element: 'INJURY_RECORDS', score: 9_000, max: 12_000 },
      ]),
    }));
    await create('assessments', assessmentOf('bincheng', 'sa-bc', {
      kind: 'SELF', status: 'SUBMITTED', level: 'NATIONAL', submittedOn: '2025-06-01',
      summary: summaryOf(80_000, 'RECTIFY', [
        { element: 'ORGANISATION', score: 10_000, max: 15_000 },
        { element: 'EMERGENCY_RESPONSE', score: 3_000, max: 12_000 },
      ]),
    }));
    // A draft (even with a projected summary) and another province's self-assessment count nowhere here.
    await create('assessments', assessmentOf('xicheng', 'sa-xc-city-draft', { kind: 'SELF', status: 'DRAFT', level: 'CITY', summary: summaryOf(10_000, 'FAIL', [{ element: 'ARCHIVES', score: 0, max: 8_000 }], 100_000) }));
    await create('assessments', assessmentOf('shenhe', 'sa-sh', { kind: 'SELF', status: 'SUBMITTED', level: 'NATIONAL', submittedOn: '2025-05-05', summary: summaryOf(50_000, 'FAIL', [{ element: 'ARCHIVES', score: 0, max: 15_000 }]) }));
    // The on-site scoring of 西城: the lead's code writes it and the certification in one transaction.
    const onSite = assessmentOf('xicheng', 'os-xc', { kind: 'ON_SITE', status: 'DRAFT', level: 'NATIONAL', certificationId: 'cert-xc-national' });
    await create('assessments', onSite);
    expect((await review('37', { year: 2025 })).onSite.map((row: { count: number }) => row.count)).toEqual([0, 0, 0]);
    await pipeline.commit(
      combined(
        'ASSESSMENT_SCORED',
        { operation: 'ASSESSMENT_SCORED', ...replacedAssessment('os-xc', { onSiteReviewOn: '2025-09-15', summary: summaryOf(95_000, 'RECTIFY', [{ element: 'ORGANISATION', score: 12_000, max: 15_000 }, { element: 'EMERGENCY_RESPONSE', score: 9_000, max: 12_000 }]) }) },
        { operation: 'UPDATE', ...replacedCertification('cert-xc-national', { onSiteAssessmentId: 'os-xc' }) },
      ),
      origin,
    );

    // Act
    const year = await review('37', { year: 2025 });

    // Assess
    expect(level(year.selfAssessments, 'NATIONAL')).toEqual({ level: 'NATIONAL', count: 2, averageTotal: 96.25, averageMax: 150, averagePercent: 64.2, byOutcome: { pass: 1, rectify: 1, fail: 0 } });
    expect(level(year.selfAssessments, 'CITY')).toEqual({ level: 'CITY', count: 0, averageTotal: null, averageMax: null, averagePercent: null, byOutcome: { pass: 0, rectify: 0, fail: 0 } });
    expect(level(year.onSite, 'NATIONAL')).toEqual({ level: 'NATIONAL', count: 1, averageTotal: 95, averageMax: 150, averagePercent: 63.3, byOutcome: { pass: 0, rectify: 1, fail: 0 } });
    // ER (6 + 3 + 9) / 36 = 50 %; IR 9 / 12 = 75 %; ORG (14 + 10 + 12) / 45 = 80 %. ARCHIVES has data only in a draft and in 辽宁.
    expect(year.weakestElements).toEqual([
      { element: 'EMERGENCY_RESPONSE', percent: 50, averageScore: 6, averageMax: 12, assessments: 3, selfAssessedPercent: 37.5, onSitePercent: 75 },
      { element: 'INJURY_RECORDS', percent: 75, averageScore: 9, averageMax: 12, assessments: 1, selfAssessedPercent: 75, onSitePercent: null },
      { element: 'ORGANISATION', percent: 80, averageScore: 12, averageMax: 15, assessments: 3, selfAssessedPercent: 80, onSitePercent: 80 },
    ]);
    // By month and by region: 西城's self-assessment in March, 滨城区's in June, the on-site score in September.
    expect(level((await review('37', { year: 2025, month: 3 }, app.doors[1]!)).selfAssessments, 'NATIONAL')).toMatchObject({ count: 1, averageTotal: 112.5 });
    expect(level((await review('37', { year: 2025, quarter: 3 })).onSite, 'NATIONAL')).toMatchObject({ count: 1 });
    expect(level((await review('3716', { year: 2025 })).selfAssessments, 'NATIONAL')).toMatchObject({ count: 1, averageTotal: 80, byOutcome: { pass: 0, rectify: 1, fail: 0 } });
    expect((await review('37', { year: 2024 })).weakestElements).toEqual([]);
  });

  it('move the figures when the review team re-scores (minus the old summary, plus the new), and when a self-assessment is revised', async () => {
    // Act: the re-score after rectification, in December.
    await pipeline.commit(
      {
        operation: 'ASSESSMENT_SCORED',
        ...replacedAssessment('os-xc', { onSiteReviewOn: '2025-12-20', summary: summaryOf(104_000, 'PASS', [{ element: 'ORGANISATION', score: 12_000, max: 15_000 }, { element: 'EMERGENCY_RESPONSE', score: 11_000, max: 12_000 }]) }),
      },
      origin,
    );

    // Assess
    const year = await review('37', { year: 2025 });
    expect(level(year.onSite, 'NATIONAL')).toEqual({ level: 'NATIONAL', count: 1, averageTotal: 104, averageMax: 150, averagePercent: 69.3, byOutcome: { pass: 1, rectify: 0, fail: 0 } });
    expect(year.weakestElements.map((row: { element: string; percent: number }) => [row.element, row.percent])).toEqual([
      ['EMERGENCY_RESPONSE', 55.6],
      ['INJURY_RECORDS', 75],
      ['ORGANISATION', 80],
    ]);
    expect(level((await review('37', { year: 2025, month: 9 })).onSite, 'NATIONAL')).toMatchObject({ count: 0, averageTotal: null });
    expect(level((await review('37', { year: 2025, month: 12 }, app.doors[1]!)).onSite, 'NATIONAL')).toMatchObject({ count: 1, averageTotal: 104 });

    // A returned self-assessment stays counted; its revision counts when it is submitted.
    await create('assessments', assessmentOf('bincheng', 'sa-bc-2', { kind: 'SELF', status: 'DRAFT', level: 'NATIONAL' }));
    expect(level((await review('3716', { year: 2025 })).selfAssessments, 'NATIONAL')).toMatchObject({ count: 1 });
    await pipeline.commit(
      { operation: 'ASSESSMENT_SUBMITTED', ...replacedAssessment('sa-bc-2', { status: 'SUBMITTED', submittedOn: '2025-11-02', summary: summaryOf(101_000, 'PASS', [{ element: 'EMERGENCY_RESPONSE', score: 9_000, max: 12_000 }]) }) },
      origin,
    );
    expect(level((await review('3716', { year: 2025 })).selfAssessments, 'NATIONAL')).toEqual({
      level: 'NATIONAL', count: 2, averageTotal: 90.5, averageMax: 150, averagePercent: 60.3, byOutcome: { pass: 1, rectify: 1, fail: 0 },
    });
  });
});

interface ScoreRow {
  level: string;
  count: number;
  averageTotal: number | null;
  averageMax: number | null;
  averagePercent: number | null;
  byOutcome: { pass: number; rectify: number; fail: number };
}

const cell = (value: number | null) => (value === null ? '' : String(value));

describe('the export', () => {
  it.each([0, 1])('carries the same review figures, with Chinese labels, through door %i', async (doorIndex) => {
    // Act
    const door = app.doors[doorIndex]!;
    const { url } = ok(await door.execute(EXPORT, { regionCode: '37', period: { year: 2025 } }, analyst37)).aggregateExport;
    const file = await downloadExport(url);
    const table = (titlePart: string) => exportTable(file, titlePart);
    const figures = await review('37', { year: 2025 }, door);

    // Assess: the chain now
    const chain = table('Applications in the designation chain');
    expect(chain.title).toBe('评定流程 在途申报(现) Applications in the designation chain, now (山东省)');
    expect(chain.header).toEqual(['环节 Step', '名称 Name', '申报数 Applications', '市级 CITY', '全国 NATIONAL', '国际 INTERNATIONAL']);
    expect(chain.rows.map((row) => row[0])).toEqual([...figures.applications.steps.map((row: { step: string }) => row.step), 'TOTAL']);
    for (const step of figures.applications.steps) {
      const row = chain.rows.find((candidate) => candidate[0] === step.step);
      expect(row?.slice(2)).toEqual([String(step.applications), ...step.byLevel.map((entry: { count: number }) => String(entry.count))]);
    }
    expect(chain.rows.find((row) => row[0] === 'ENDORSEMENT_CITY')?.slice(1, 4)).toEqual(['待市级推荐/受理', '1', '1']);
    expect(chain.rows.at(-1)).toEqual(['TOTAL', '在途合计 Open in total', '2', '2', '0', '0']);

    // Assess: scores per kind and level
    const scores = table('Self-assessed and on-site scores');
    expect(scores.rows).toHaveLength(6);
    const national = scores.rows.find((row) => row[0] === 'ON_SITE' && row[1] === 'NATIONAL');
    const onSite = level(figures.onSite as ScoreRow[], 'NATIONAL')!;
    expect(national).toEqual([
      'ON_SITE', 'NATIONAL', '现场评审 全国安全社区', String(onSite.count), cell(onSite.averageTotal), cell(onSite.averageMax), cell(onSite.averagePercent),
      String(onSite.byOutcome.pass), String(onSite.byOutcome.rectify), String(onSite.byOutcome.fail),
    ]);
    expect(scores.rows.find((row) => row[0] === 'SELF' && row[1] === 'NATIONAL')?.slice(3, 7)).toEqual(['3', '97.83', '150', '65.2']);
    expect(scores.rows.find((row) => row[0] === 'SELF' && row[1] === 'CITY')?.slice(3)).toEqual(['0', '', '', '', '0', '0', '0']);

    // Assess: the weakest elements, lowest first
    const weakest = table('Weakest elements');
    expect(weakest.rows.map((row) => row.slice(0, 3))).toEqual(
      figures.weakestElements.map((row: { element: string; percent: number }) => [row.element, expect.any(String), String(row.percent)]),
    );
    expect(weakest.rows[0]?.slice(0, 2)).toEqual(['EMERGENCY_RESPONSE', '应急预案和响应']);
    expect(weakest.rows.find((row) => row[0] === 'INJURY_RECORDS')).toEqual(['INJURY_RECORDS', '事故与伤害记录', '75', '9', '12', '1', '75', '']);
  });
});

describe('counters equal a recount', () => {
  it('finds nothing to fix after the writes above, and repairs a review counter that drifted', async () => {
    for (const region of ['37', '21']) {
      const report = await recount(region);
      expect(report.differences).toEqual([]);
      expect(report.itemsFixed).toBe(0);
    }
    // A self-assessed total of 西城 counted twice in its town's year item (as a write applied twice would).
    const shard = shardOf(community.xicheng.id);
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: counterKey('371702002', 'Y2025', shard, CREATION_PK_PREFIX),
        UpdateExpression: 'ADD #tot :extra, #rev :one',
        ExpressionAttributeNames: { '#tot': 'sa_NATIONAL_tot', '#rev': 'rev' },
        ExpressionAttributeValues: { ':extra': 112_500, ':one': 1 },
      }),
    );
    expect(level((await review('371702002', { year: 2025 })).selfAssessments, 'NATIONAL')).toMatchObject({ averageTotal: 225 });
    const report = await recount('37');
    expect(report.differences).toEqual([{ family: 'CREATION', regionCode: '371702002', period: 'Y2025', shard, attribute: 'sa_NATIONAL_tot', stored: 225_000, recounted: 112_500 }]);
    expect(level((await review('371702002', { year: 2025 })).selfAssessments, 'NATIONAL')).toMatchObject({ averageTotal: 112.5 });
    expect((await recount('37')).differences).toEqual([]);
  });
});

/** Every part of every item of the city sheet graded, by item. */
function gradeCitySheet(grade: (itemId: string) => SheetGrade) {
  const sheet = bundledSheets().find((candidate) => candidate.id === 'city')!;
  return sheet.items.map((item) => ({ itemId: item.id, parts: item.parts.map((part) => ({ part: part.part, grade: grade(item.id) })) }));
}

const ASSESSMENT = 'id version total maxTotal outcome indicators { element score max }';
const OPEN = `mutation($input: OpenSelfAssessmentInput!) { openSelfAssessment(input: $input) { ${ASSESSMENT} } }`;
const SAVE = `mutation($input: SaveSelfAssessmentInput!) { saveSelfAssessment(input: $input) { ${ASSESSMENT} } }`;
const SUBMIT = `mutation($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { ${ASSESSMENT} status } }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id version } }`;
const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { id version chain { phase } } }`;
const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { id version onSiteOutcome onSiteAssessment { ${ASSESSMENT} } } }`;
const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { id version decision } }`;

describe('through the API: a CITY application of 济南 from its self-assessment to its designation', () => {
  it('counts the self-assessment, follows the application up the chain, counts the on-site score, and equals a recount', { timeout: 120_000 }, async () => {
    // Prepare: a street of 历下区 (济南, 3701), its editor and the county's and city's reviewers.
    const created = await seedCommunity(app.table, {
      name: '评定解放路街道',
      regionCode: '370102001',
      launchedOn: '2019-03-01',
      stageHistory: [
        { stage: 'LAUNCHED', on: '2019-03-01' },
        { stage: 'IMPLEMENTING', on: '2019-06-01' },
      ],
    });
    const [editor, county, city] = await Promise.all([
      app.token({ role: 'COMMUNITY_EDITOR', communities: [created.id] }),
      app.token({ role: 'REVIEWER', region: '370102' }),
      app.token({ role: 'REVIEWER', region: '3701' }),
    ]);
    const run = async (query: string, input: Record<string, unknown>, token: string, door = 0) => Object.values(ok(await app.doors[door]!.execute(query, { input }, token)))[0] as Record<string, any>;
    const jinan = () => review('3701', { year: 2025 }, app.doors[1]!);
    const pointsOf = (assessment: { indicators: { element: string; score: number; max: number }[] }, element: string) =>
      assessment.indicators.filter((indicator) => indicator.element === element).reduce((sums, indicator) => ({ score: sums.score + indicator.score, max: sums.max + indicator.max }), { score: 0, max: 0 });

    // Act 1: the self-assessment, weak on emergency response (element 7), submitted in May.
    let self = await run(OPEN, { communityId: created.id, level: 'CITY' }, editor);
    self = await run(SAVE, { id: self.id, version: self.version, items: gradeCitySheet((itemId) => (itemId.startsWith('7.') ? 'C' : itemId.startsWith('9.') ? 'B' : 'A')) }, editor, 1);
    self = await run(SUBMIT, { id: self.id, version: self.version, submittedOn: '2025-05-10' }, editor);
    expect(self.status).toBe('SUBMITTED');

    // Assess 1: the self-assessment as the assessment itself gives it
    let figures = await jinan();
    expect(level(figures.selfAssessments, 'CITY')).toMatchObject({ count: 1, averageTotal: self.total, averageMax: self.maxTotal, byOutcome: { [self.outcome.toLowerCase()]: 1 } });
    const emergency = pointsOf(self as never, 'EMERGENCY_RESPONSE');
    expect(figures.weakestElements[0]).toMatchObject({ element: 'EMERGENCY_RESPONSE', percent: Math.round((emergency.score / emergency.max) * 1000) / 10, assessments: 1, onSitePercent: null });
    expect(figures.weakestElements[1]).toMatchObject({ element: 'INJURY_RECORDS', percent: 70 });
    expect(figures.weakestElements).toHaveLength(12);

    // Act 2: the application climbs the chain: the county endorses, the city accepts.
    let certification = await run(APPLY, { communityId: created.id, level: 'CITY', appliedOn: '2025-05-20', selfAssessmentId: self.id }, editor);
    expect(steps(await jinan())).toMatchObject({ ENDORSEMENT_COUNTY: 1, ENDORSEMENT_CITY: 0 });
    certification = await run(ENDORSE, { id: certification.id, version: certification.version, action: 'ENDORSE' }, county, 1);
    expect(steps(await jinan())).toMatchObject({ ENDORSEMENT_COUNTY: 0, ENDORSEMENT_CITY: 1 });
    certification = await run(ENDORSE, { id: certification.id, version: certification.version, action: 'ENDORSE', comment: '同意受理' }, city);
    expect(certification.chain.phase).toBe('ON_SITE_REVIEW');
    figures = await jinan();
    expect(steps(figures)).toMatchObject({ ENDORSEMENT_CITY: 0, ON_SITE_REVIEW: 1 });
    expect(figures.applications.byLevel).toEqual([{ level: 'CITY', count: 1 }, { level: 'NATIONAL', count: 0 }, { level: 'INTERNATIONAL', count: 0 }]);

    // Act 3: the city's review team scores on site in July (emergency response better than the community said), then designates.
    certification = await run(SCORE, { id: certification.id, version: certification.version, onSiteReviewOn: '2025-07-01', expertGroup: '济南市安全社区促进中心专家组', items: gradeCitySheet((itemId) => (itemId.startsWith('7.') ? 'B' : 'A')) }, city, 1);
    expect(certification.onSiteOutcome).toBe('PASS');
    const onSite = certification.onSiteAssessment;
    figures = await jinan();
    expect(level(figures.onSite, 'CITY')).toMatchObject({ count: 1, averageTotal: onSite.total, averageMax: onSite.maxTotal, byOutcome: { pass: 1, rectify: 0, fail: 0 } });
    const both = { self: pointsOf(self as never, 'EMERGENCY_RESPONSE'), onSite: pointsOf(onSite, 'EMERGENCY_RESPONSE') };
    expect(figures.weakestElements.find((row: { element: string }) => row.element === 'EMERGENCY_RESPONSE')).toMatchObject({
      assessments: 2,
      percent: Math.round(((both.self.score + both.onSite.score) / (both.self.max + both.onSite.max)) * 1000) / 10,
      onSitePercent: 70,
    });
    expect(level((await review('3701', { year: 2025, month: 7 })).onSite, 'CITY')).toMatchObject({ count: 1 });
    // The acceptance moved the community to UNDER_REVIEW today: the designation is dated today (China).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await run(DECIDE, { id: certification.id, version: certification.version, decision: 'DESIGNATED', decidedOn: today, designatedOn: today }, city);

    // Assess 3: no longer open; the on-site score stays counted once; the recount agrees.
    figures = await jinan();
    expect(figures.applications).toMatchObject({ open: 0, inEndorsement: 0 });
    expect(level(figures.onSite, 'CITY')).toMatchObject({ count: 1, averageTotal: onSite.total });
    expect(level(figures.selfAssessments, 'CITY')).toMatchObject({ count: 1 });
    const report = await recount('3701');
    expect(report.differences).toEqual([]);
    expect(report.creationRecords).toBeGreaterThanOrEqual(4);
  });
});

describe('concurrent submissions', () => {
  it('count every self-assessment submitted at once through both doors, and equal a recount', { timeout: 180_000 }, async () => {
    // Prepare: the eight streets of 长清区 (济南 370113), each with its CITY self-assessment graded.
    const towns = await Promise.all(
      Array.from({ length: 8 }, async (_, n) => {
        const community = await seedCommunity(app.table, {
          name: `并发自评社区${n}`,
          regionCode: `37011300${n + 1}`,
          launchedOn: '2019-03-01',
          stageHistory: [{ stage: 'IMPLEMENTING', on: '2019-06-01' }],
        });
        const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
        const door = app.doors[n % 2]!;
        const opened = ok(await door.execute(OPEN, { input: { communityId: community.id, level: 'CITY' } }, editor)).openSelfAssessment;
        const saved = ok(await door.execute(SAVE, { input: { id: opened.id, version: opened.version, items: gradeCitySheet(() => (n % 2 ? 'A' : 'B')) } }, editor)).saveSelfAssessment;
        return { editor, door, saved };
      }),
    );

    // Act: every submission at once
    const submitted = await Promise.all(
      towns.map(async ({ editor, door, saved }) => ok(await door.execute(SUBMIT, { input: { id: saved.id, version: saved.version, submittedOn: '2025-08-08' } }, editor)).submitSelfAssessment),
    );

    // Assess
    const figures = await review('370113', { year: 2025, month: 8 });
    const totals = submitted.map((assessment) => Math.round(assessment.total * 1000));
    expect(submitted.map((assessment) => assessment.outcome).sort()).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'PASS', 'PASS', 'PASS', 'PASS']);
    expect(level(figures.selfAssessments, 'CITY')).toMatchObject({
      count: 8,
      averageTotal: Math.round(totals.reduce((sum, total) => sum + total, 0) / 8 / 10) / 100,
      // All A passes (100); all B is 70, below the city sheet's 80 to rectify: FAIL.
      byOutcome: { pass: 4, rectify: 0, fail: 4 },
    });
    expect(figures.weakestElements.every((row: { assessments: number }) => row.assessments === 8)).toBe(true);
    const report = await recount('3701');
    expect(report.differences).toEqual([]);
  });
});
