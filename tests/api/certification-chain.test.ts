import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Community } from '#community/model.ts';
import type { CertificationLevel } from '#certification/model.ts';
import { guardKeys } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createTestApp, type Door, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';
import type { SheetGrade } from '#review/sheet.ts';
import { itemInputs, seedSubmittedSelfAssessment, sheetOfLevel } from '#tests/support/review.ts';

/**
 * The designation review's chain (issue 10): application on a submitted self-assessment,
 * endorsement level by level, on-site scoring on the same sheet, a decision that follows it.
 * 杜店街道 (371602010) sits in 滨城区 371602, 滨州市 3716, 山东省 37.
 */
const CERT = `id level decision score maxScore scoredOnSheet onSiteOutcome onSiteOutcomeReason rectifyBy rectifyItems rectificationOverdue version
  community { id stage }
  selfAssessment { id }
  onSiteAssessment { id kind status total outcome }
  chain { route phase waitingSince waitingFor { level regionCode region { name } } steps { action level regionCode comment by role at selfAssessmentId } }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CERT} } }`;
const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { ${CERT} } }`;
const RESUBMIT = `mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { ${CERT} } }`;
const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { ${CERT} } }`;
const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { ${CERT} } }`;
const REVIEW = `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { id } }`;
const READ = `query($id: ID!) { certification(id: $id) { ${CERT} } }`;
const PENDING = `query($level: ChainLevel, $regionCode: String, $first: Int, $after: String) {
  pendingEndorsements(level: $level, regionCode: $regionCode, first: $first, after: $after) { totalCount edges { cursor node { id chain { phase waitingFor { level regionCode } } } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id ownerType } } }`;

const TODAY = chinaToday();
const THIS_YEAR = Number(TODAY.slice(0, 4));

let app: TestApp;
let admin: string;
const reviewers: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  for (const region of ['371602', '371621', '3716', '3717', '37', '44', '371602010']) reviewers[region] = await app.token({ role: 'REVIEWER', region });
  reviewers.national = await app.token({ role: 'REVIEWER' });
}, 60_000);
afterAll(() => app.close());

interface Applicant {
  community: Community;
  editor: string;
  selfAssessmentId: string;
}

/** A self-assessed community of 滨城区 with a submitted self-assessment on the level's sheet, and incidents falling year over year. */
async function applicant(level: CertificationLevel, options: { launchedOn?: string; incidents?: [number, number] } = {}): Promise<Applicant> {
  const community = await seedCommunity(app.table, {
    regionCode: '371602010',
    stage: 'SELF_ASSESSED',
    launchedOn: options.launchedOn ?? '2020-01-01',
    stageHistory: [
      { stage: 'LAUNCHED', on: options.launchedOn ?? '2020-01-01' },
      { stage: 'SELF_ASSESSED', on: TODAY },
    ],
  });
  const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  const [yearBefore, lastYear] = options.incidents ?? [3, 1];
  const door = app.doors[1]!;
  for (const [year, count] of [[THIS_YEAR - 2, yearBefore], [THIS_YEAR - 1, lastYear]] as const) {
    for (let n = 0; n < count; n += 1) {
      ok(await door.execute(CREATE_INCIDENT, { input: fallAtHome(community.id, { occurredAt: `${year}-0${n + 1}-10T08:00:00+08:00` }) }, editor));
    }
  }
  const self = await seedSubmittedSelfAssessment(app.table, community, level);
  return { community, editor, selfAssessmentId: self.id };
}

async function apply(door: Door, who: Applicant, level: CertificationLevel) {
  return ok(await door.execute(APPLY, { input: { communityId: who.community.id, level, appliedOn: TODAY, selfAssessmentId: who.selfAssessmentId } }, who.editor)).applyForCertification;
}

async function endorse(door: Door, certification: { id: string; version: number }, token: string, action: 'ENDORSE' | 'RETURN' = 'ENDORSE', comment?: string) {
  return door.execute(ENDORSE, { input: { id: certification.id, version: certification.version, action, ...(comment ? { comment } : {}) } }, token);
}

async function pendingIds(door: Door, token: string, variables: Record<string, unknown> = {}): Promise<string[]> {
  return ok(await door.execute(PENDING, { first: 100, ...variables }, token)).pendingEndorsements.edges.map((edge: { node: { id: string } }) => edge.node.id);
}

describe.each([0, 1])('the endorsement chain through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it('takes a NATIONAL application from the county, city and province to the national centre, which scores it on site and designates it', { timeout: 60_000 }, async () => {
    // Prepare
    const who = await applicant('NATIONAL');
    // Act: apply
    let cert = await apply(door(), who, 'NATIONAL');
    // Assess: it waits for the county; the community has applied
    expect(cert.community.stage).toBe('APPLIED');
    expect(cert.chain).toMatchObject({ route: ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'], phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '371602', region: { name: '滨城区' } } });
    expect(cert.selfAssessment).toEqual({ id: who.selfAssessmentId });
    expect(await pendingIds(door(), reviewers['371602']!)).toContain(cert.id);
    expect(await pendingIds(door(), reviewers['3716']!)).not.toContain(cert.id);

    // Act: each level endorses in turn; each queue holds it only while it waits there
    for (const [level, next] of [['371602', '3716'], ['3716', '37'], ['37', 'national']] as const) {
      cert = ok(await endorse(door(), cert, reviewers[level]!, 'ENDORSE', `${level} 推荐`)).endorseCertification;
      expect(await pendingIds(door(), reviewers[level]!)).not.toContain(cert.id);
      expect(await pendingIds(door(), reviewers[next]!)).toContain(cert.id);
    }
    expect(cert.chain.waitingFor).toEqual({ level: 'NATIONAL', regionCode: null, region: null });
    cert = ok(await endorse(door(), cert, reviewers.national!)).endorseCertification;
    expect(cert.chain).toMatchObject({ phase: 'ON_SITE_REVIEW', waitingFor: { level: 'NATIONAL' } });
    expect(cert.community.stage).toBe('UNDER_REVIEW');
    expect(cert.chain.steps.map((step: { action: string; level: string | null }) => [step.action, step.level])).toEqual([
      ['SUBMIT', null],
      ['ENDORSE', 'COUNTY'],
      ['ENDORSE', 'CITY'],
      ['ENDORSE', 'PROVINCE'],
      ['ACCEPT', 'NATIONAL'],
    ]);
    expect(cert.chain.steps[1]).toMatchObject({ regionCode: '371602', role: 'REVIEWER', comment: '371602 推荐', by: expect.any(String), at: expect.any(String) });

    // Act: on-site scores (one part of item 3.1 at B: 149.64), beside the self-assessment
    const sheet = sheetOfLevel('NATIONAL');
    cert = ok(await door().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, expertGroup: '全国安全社区促进中心专家组', items: itemInputs(sheet, 'A') } }, reviewers.national!)).scoreCertificationOnSite;
    expect(cert).toMatchObject({ score: 150, maxScore: 150, scoredOnSheet: true, onSiteOutcome: 'PASS', onSiteAssessment: { kind: 'ON_SITE', status: 'DRAFT', total: 150, outcome: 'PASS' } });
    // A decision that contradicts the sheet is refused, naming the rule, and changes nothing
    const contrary = await door().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'REJECTED', decidedOn: TODAY } }, reviewers.national!);
    expect(errorCode(contrary)).toBe('BAD_USER_INPUT');
    expect(contrary.body.errors?.[0]?.extensions).toMatchObject({ field: 'input.decision', rule: 'DECISION_FOLLOWS_SHEET' });
    expect(ok(await door().execute(READ, { id: cert.id }, admin)).certification).toMatchObject({ decision: 'PENDING', version: cert.version, community: { stage: 'UNDER_REVIEW' } });
    const designated = ok(await door().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers.national!)).decideCertification;

    // Assess
    expect(designated).toMatchObject({ decision: 'DESIGNATED', community: { stage: 'DESIGNATED' }, chain: { phase: 'DECIDED', waitingFor: null }, onSiteAssessment: { status: 'SUBMITTED' } });
    expect(await pendingIds(door(), reviewers.national!)).not.toContain(cert.id);
    const guard = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: guardKeys.openCertification(who.community.id, 'NATIONAL') }));
    expect(guard.Item).toBeUndefined();
  });

  it('lets only the level an application waits for act on it: the wrong level is FORBIDDEN, another region NOT_FOUND', async () => {
    const who = await applicant('NATIONAL');
    const cert = await apply(door(), who, 'NATIONAL');
    // Wrong level within the region: the city and the province before the county
    for (const token of [reviewers['3716']!, reviewers['37']!, reviewers.national!, reviewers['371602010']!]) {
      expect(errorCode(await endorse(door(), cert, token))).toBe('FORBIDDEN');
    }
    // Right level, another county or city: the community is not theirs to see
    expect(errorCode(await endorse(door(), cert, reviewers['371621']!))).toBe('NOT_FOUND');
    expect(errorCode(await endorse(door(), cert, reviewers['3717']!))).toBe('NOT_FOUND');
    // Neither the community nor an analyst endorses
    expect(errorCode(await endorse(door(), cert, who.editor))).toBe('FORBIDDEN');
    expect(errorCode(await endorse(door(), cert, await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' })))).toBe('FORBIDDEN');
    // Nobody at the national level may score it before it is accepted
    const early = await door().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: [] } }, reviewers.national!);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(ok(await door().execute(READ, { id: cert.id }, admin)).certification).toMatchObject({ version: 1, chain: { phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY' } } });
    // Queues: a town's reviewer acts at no level; an admin names one
    expect(errorCode(await door().execute(PENDING, {}, reviewers['371602010']!))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(PENDING, {}, admin))).toBe('FORBIDDEN');
    expect(await pendingIds(door(), admin, { level: 'COUNTY', regionCode: '371602' })).toContain(cert.id);
    expect(errorCode(await door().execute(PENDING, { level: 'CITY', regionCode: '3716' }, reviewers['371602']!))).toBe('FORBIDDEN');
  });

  it('returns an application to the community, which resubmits it with a revised self-assessment; the chain keeps every step', async () => {
    const who = await applicant('CITY');
    let cert = await apply(door(), who, 'CITY');
    const bare = await endorse(door(), cert, reviewers['371602']!, 'RETURN');
    expect(errorCode(bare)).toBe('BAD_USER_INPUT');
    expect(bare.body.errors?.[0]?.extensions?.field).toBe('input.comment');
    cert = ok(await endorse(door(), cert, reviewers['371602']!, 'RETURN', '请补充应急演练记录')).endorseCertification;
    expect(cert.chain).toMatchObject({ phase: 'RETURNED', waitingFor: null });
    expect(cert.community.stage).toBe('APPLIED');
    expect(await pendingIds(door(), reviewers['371602']!)).not.toContain(cert.id);
    // Only the community resubmits, and only a returned application
    expect(errorCode(await door().execute(RESUBMIT, { input: { id: cert.id, version: cert.version } }, reviewers['371602']!))).toBe('FORBIDDEN');
    const revised = await seedSubmittedSelfAssessment(app.table, who.community, 'CITY', 'B');
    cert = ok(await door().execute(RESUBMIT, { input: { id: cert.id, version: cert.version, selfAssessmentId: revised.id, comment: '已补充' } }, who.editor)).resubmitCertification;
    expect(cert.chain).toMatchObject({ phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '371602' } });
    expect(cert.selfAssessment).toEqual({ id: revised.id });
    expect(cert.chain.steps.map((step: { action: string }) => step.action)).toEqual(['SUBMIT', 'RETURN', 'RESUBMIT']);
    expect(cert.chain.steps[1].comment).toBe('请补充应急演练记录');
    expect(cert.chain.steps[2].selfAssessmentId).toBe(revised.id);
    expect(errorCode(await door().execute(RESUBMIT, { input: { id: cert.id, version: cert.version } }, who.editor))).toBe('BAD_USER_INPUT');
    expect(await pendingIds(door(), reviewers['371602']!)).toContain(cert.id);
  });
});

describe('the chain under concurrency, faults and the sheet', () => {
  const http = () => app.doors[1]!;

  it('lets one of two reviewers acting on the same step at once win; the other gets CONFLICT', async () => {
    const who = await applicant('CITY');
    const cert = await apply(http(), who, 'CITY');
    const second = await app.token({ role: 'REVIEWER', region: '371602' });
    const results = await Promise.all([endorse(app.doors[0]!, cert, reviewers['371602']!), endorse(http(), cert, second, 'RETURN', '退回')]);
    const codes = results.map((result) => errorCode(result) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const stored = ok(await http().execute(READ, { id: cert.id }, admin)).certification;
    expect(stored.version).toBe(2);
    expect(stored.chain.steps).toHaveLength(2);
    // One after the other, the second reviewer still learns it as CONFLICT: the step was taken
    const late = await endorse(http(), cert, second);
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.body.errors?.[0]?.extensions?.field).toBe('input.version');
  });

  it('writes nothing when the acceptance transaction fails: neither the step nor the stage move', async () => {
    const who = await applicant('CITY');
    let cert = await apply(http(), who, 'CITY');
    cert = ok(await endorse(http(), cert, reviewers['371602']!)).endorseCertification;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') throw new Error('injected failure');
        return next(args);
      },
      { step: 'initialize', name: 'failAcceptance' },
    );
    try {
      expect(errorCode(await endorse(http(), cert, reviewers['3716']!))).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      app.clients.dynamodb.middlewareStack.remove('failAcceptance');
      logged.mockRestore();
    }
    expect(ok(await http().execute(READ, { id: cert.id }, admin)).certification).toMatchObject({ version: cert.version, chain: { phase: 'ENDORSEMENT', waitingFor: { level: 'CITY' } }, community: { stage: 'APPLIED' } });
    expect(await pendingIds(http(), reviewers['3716']!)).toContain(cert.id);
  });

  it('has the city decide a CITY application as its sheet says: rectification, a re-score of what fell short, then designation', { timeout: 60_000 }, async () => {
    // Prepare: accepted by the city
    const who = await applicant('CITY');
    let cert = await apply(http(), who, 'CITY');
    cert = ok(await endorse(http(), cert, reviewers['371602']!)).endorseCertification;
    cert = ok(await endorse(http(), cert, reviewers['3716']!)).endorseCertification;
    expect(cert.chain).toMatchObject({ route: ['COUNTY', 'CITY'], phase: 'ON_SITE_REVIEW', waitingFor: { level: 'CITY', regionCode: '3716' } });
    expect(cert.community.stage).toBe('UNDER_REVIEW');
    const sheet = sheetOfLevel('CITY');
    // Items at C lose 70 % of their points: enough of them to fall below 90 but not below 80 → RECTIFY
    const shortfall: string[] = [];
    for (let lost = 0; lost <= 10; ) {
      const item = sheet.items[shortfall.length]!;
      shortfall.push(item.id);
      lost += 0.7 * item.parts.reduce((sum, part) => sum + part.points, 0);
    }
    // The province and the national centre do not decide a CITY application
    for (const token of [reviewers['37']!, reviewers.national!, reviewers['371602']!]) {
      expect(errorCode(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A') } }, token))).toBe('FORBIDDEN');
    }
    // Act
    const weak = Object.fromEntries(shortfall.map((id) => [id, 'C' as const]));
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A', weak) } }, reviewers['3716']!)).scoreCertificationOnSite;
    expect(cert.onSiteOutcome).toBe('RECTIFY');
    expect(cert.score).toBeLessThan(90);
    expect(cert.score).toBeGreaterThanOrEqual(80);
    const designate = await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers['3716']!);
    expect(designate.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decision', rule: 'DECISION_FOLLOWS_SHEET' });
    cert = ok(await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'RECTIFICATION', decidedOn: TODAY, notes: '限期整改' } }, reviewers['3716']!)).decideCertification;
    // Assess: three months to rectify, the items that fell short to re-score; the community stays under review
    const [year, month, day] = TODAY.split('-').map(Number) as [number, number, number];
    const due = new Date(Date.UTC(year, month - 1 + 3, 1));
    expect(cert.rectifyBy.slice(0, 7)).toBe(due.toISOString().slice(0, 7));
    expect(Number(cert.rectifyBy.slice(8))).toBeLessThanOrEqual(day);
    expect(cert).toMatchObject({ decision: 'RECTIFICATION', rectifyItems: shortfall, rectificationOverdue: false, community: { stage: 'UNDER_REVIEW' }, chain: { phase: 'RECTIFICATION' } });
    expect(await pendingIds(http(), reviewers['3716']!)).toContain(cert.id);
    // Only what fell short is re-scored
    const full = await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A', {}, [sheet.items.at(-1)!.id]) } }, reviewers['3716']!);
    expect(full.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.items.0.itemId', rule: 'RESCORE_SHORTFALL_ONLY' });
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A', {}, shortfall) } }, reviewers['3716']!)).scoreCertificationOnSite;
    expect(cert).toMatchObject({ score: 100, onSiteOutcome: 'PASS' });
    const again = await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'RECTIFICATION', decidedOn: TODAY } }, reviewers['3716']!);
    expect(again.body.errors?.[0]?.extensions?.rule).toBe('DECISION_FOLLOWS_SHEET');
    const designated = ok(await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers['3716']!)).decideCertification;
    expect(designated).toMatchObject({ decision: 'DESIGNATED', community: { stage: 'DESIGNATED' }, chain: { phase: 'DECIDED' } });
  });

  it('rejects an application with an item at zero and sends the community back to IMPLEMENTING', { timeout: 60_000 }, async () => {
    const who = await applicant('CITY');
    let cert = await apply(http(), who, 'CITY');
    cert = ok(await endorse(http(), cert, reviewers['371602']!)).endorseCertification;
    cert = ok(await endorse(http(), cert, reviewers['3716']!)).endorseCertification;
    const sheet = sheetOfLevel('CITY');
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A', { [sheet.items[0]!.id]: 'D' }) } }, reviewers['3716']!)).scoreCertificationOnSite;
    expect(cert.onSiteOutcome).toBe('FAIL');
    expect(cert.onSiteOutcomeReason).toContain(sheet.items[0]!.id);
    const rectify = await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'RECTIFICATION', decidedOn: TODAY } }, reviewers['3716']!);
    expect(rectify.body.errors?.[0]?.extensions?.rule).toBe('DECISION_FOLLOWS_SHEET');
    const rejected = ok(await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'REJECTED', decidedOn: TODAY } }, reviewers['3716']!)).decideCertification;
    expect(rejected).toMatchObject({ decision: 'REJECTED', community: { stage: 'IMPLEMENTING' } });
  });

  it('lets the review team start from the community\'s own grades and change what it finds different', async () => {
    const who = await applicant('CITY');
    let cert = await apply(http(), who, 'CITY');
    cert = ok(await endorse(http(), cert, reviewers['371602']!)).endorseCertification;
    cert = ok(await endorse(http(), cert, reviewers['3716']!)).endorseCertification;
    const sheet = sheetOfLevel('CITY');
    const last = sheet.items.at(-1)!;
    // The self-assessment graded everything A (100); the team finds the last item only partly there (B)
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, startFromSelfAssessment: true, items: itemInputs(sheet, 'B', {}, [last.id]) } }, reviewers['3716']!)).scoreCertificationOnSite;
    const lastPoints = last.parts.reduce((sum, part) => sum + part.points, 0);
    expect(cert.score).toBeCloseTo(100 - 0.3 * lastPoints, 6);
    expect(cert.onSiteAssessment.status).toBe('DRAFT');
    const again = await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, startFromSelfAssessment: true, items: [] } }, reviewers['3716']!);
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.startFromSelfAssessment');
  });

  it('keeps the largest on-site save the input allows, every note and finding at full length, with its audit entry', { timeout: 60_000 }, async () => {
    // Prepare: the national sheet (50 items), accepted for review
    const who = await applicant('NATIONAL');
    let cert = await apply(http(), who, 'NATIONAL');
    for (const region of ['371602', '3716', '37', 'national'] as const) cert = ok(await endorse(http(), cert, reviewers[region]!)).endorseCertification;
    const sheet = sheetOfLevel('NATIONAL');
    // Act: 300 and 500 Chinese characters (3 bytes each in UTF-8) on every item, twice (the audit entry holds before and after)
    const items = (grade: SheetGrade, mark: string) =>
      itemInputs(sheet, grade).map((item) => ({ ...item, note: mark.repeat(300), finding: '整'.repeat(499) + mark }));
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: items('B', '评') } }, reviewers.national!)).scoreCertificationOnSite;
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: items('A', '审') } }, reviewers.national!)).scoreCertificationOnSite;
    // Assess
    expect(cert.score).toBe(150);
    const history = ok(await http().execute('query($id: ID!) { assessment(id: $id) { items { note finding } history(first: 5) { edges { node { operation } } } } }', { id: cert.onSiteAssessment.id }, admin)).assessment;
    expect(history.items[0]).toEqual({ note: '审'.repeat(300), finding: `${'整'.repeat(499)}审` });
    expect(history.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toEqual(['ASSESSMENT_SCORED', 'ASSESSMENT_SCORED']);
  });

  it('refuses to decide before every item is scored on site, and a typed score for a sheet-scored level', async () => {
    const who = await applicant('CITY');
    let cert = await apply(http(), who, 'CITY');
    cert = ok(await endorse(http(), cert, reviewers['371602']!)).endorseCertification;
    cert = ok(await endorse(http(), cert, reviewers['3716']!)).endorseCertification;
    const unscored = await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers['3716']!);
    expect(unscored.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ON_SITE_SCORED' });
    const sheet = sheetOfLevel('CITY');
    cert = ok(await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheet, 'A').slice(0, 10) } }, reviewers['3716']!)).scoreCertificationOnSite;
    const partial = await http().execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers['3716']!);
    expect(partial.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ON_SITE_SCORED' });
    const typed = await http().execute(REVIEW, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, score: 95 } }, reviewers['3716']!);
    expect(typed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.score', rule: 'SCORE_FROM_SHEET' });
    const badGrade = await http().execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: [{ itemId: sheet.items[0]!.id, parts: [{ part: 'COMPLIANCE', grade: 'MET' }] }] } }, reviewers['3716']!);
    expect(errorCode(badGrade)).toBe('BAD_USER_INPUT');
    expect(badGrade.body.errors?.[0]?.extensions?.field).toMatch(/^input\.items\.0\.parts\.0\./);
  });

  it.each([
    ['a NATIONAL application launched two years ago or less', 'NATIONAL', { launchedOn: `${THIS_YEAR - 1}-01-01` }, 'NATIONAL_TWO_YEARS', 'input.appliedOn'],
    ['a NATIONAL application whose incidents did not fall', 'NATIONAL', { incidents: [1, 1] as [number, number] }, 'NATIONAL_INCIDENTS_FALLING', 'input.communityId'],
    ['a CITY application within six months of the launch', 'CITY', { launchedOn: TODAY }, 'CITY_SIX_MONTHS', 'input.appliedOn'],
  ] as const)('refuses %s, naming the rule, and writes nothing', async (_label, level, options, rule, field) => {
    const who = await applicant(level, options);
    const response = await http().execute(APPLY, { input: { communityId: who.community.id, level, appliedOn: TODAY, selfAssessmentId: who.selfAssessmentId } }, who.editor);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule, field });
    const community = ok(await http().execute('query($id: ID!) { community(id: $id) { stage certifications { id } } }', { id: who.community.id }, admin)).community;
    expect(community).toEqual({ stage: 'SELF_ASSESSED', certifications: [] });
  });

  it('needs a submitted self-assessment of the community on the level sheet', async () => {
    const who = await applicant('CITY');
    const other = await applicant('CITY');
    const none = await http().execute(APPLY, { input: { communityId: who.community.id, level: 'CITY', appliedOn: TODAY } }, who.editor);
    expect(none.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.selfAssessmentId' });
    const wrongLevel = await http().execute(APPLY, { input: { communityId: who.community.id, level: 'NATIONAL', appliedOn: TODAY, selfAssessmentId: who.selfAssessmentId } }, who.editor);
    expect(wrongLevel.body.errors?.[0]?.extensions?.field).toBe('input.selfAssessmentId');
    const foreign = await http().execute(APPLY, { input: { communityId: who.community.id, level: 'CITY', appliedOn: TODAY, selfAssessmentId: other.selfAssessmentId } }, who.editor);
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(errorCode(foreign));
  });

  it('lets the review team upload evidence to the certification it scores, and nothing else of the community', async () => {
    const who = await applicant('NATIONAL');
    const cert = await apply(http(), who, 'NATIONAL');
    const file = { fileName: '现场评审意见.pdf', contentType: 'application/pdf', size: 1024, sha256: 'a'.repeat(64) };
    const byNational = await http().execute(UPLOAD, { input: { ownerType: 'CERTIFICATION', ownerId: cert.id, ...file } }, reviewers.national!);
    expect(ok(byNational).requestEvidenceUpload.evidence.ownerType).toBe('CERTIFICATION');
    expect(errorCode(await http().execute(UPLOAD, { input: { ownerType: 'CERTIFICATION', ownerId: cert.id, ...file } }, reviewers['371602']!))).toBe('FORBIDDEN');
    expect(errorCode(await http().execute(UPLOAD, { input: { ownerType: 'COMMUNITY', ownerId: who.community.id, ...file } }, reviewers.national!))).toBe('FORBIDDEN');
    expect(ok(await http().execute(UPLOAD, { input: { ownerType: 'CERTIFICATION', ownerId: cert.id, ...file } }, who.editor)).requestEvidenceUpload.evidence.ownerType).toBe('CERTIFICATION');
  });
});
