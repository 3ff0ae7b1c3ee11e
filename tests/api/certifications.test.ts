import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const CERT_FIELDS = `id level standardVersion appliedOn reReview onSiteReviewOn expertGroup findings score maxScore decision decidedOn
  designatedOn certificateNumber validUntil reReviewDueOn version community { id stage }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CERT_FIELDS} } }`;
const REVIEW = `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { ${CERT_FIELDS} } }`;
const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { ${CERT_FIELDS} } }`;
const HISTORY = `query($id: ID!) { community(id: $id) { stage stageHistory { stage on } latestCertification { id decision } certifications { id level decision } } }`;

let app: TestApp;
let admin: string;
let reviewer: string;
let analyst: string;

beforeAll(async () => {
  app = await createTestApp();
  [admin, reviewer, analyst] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  ]);
});
afterAll(() => app.close());

async function selfAssessed(): Promise<{ community: Community; editor: string }> {
  const community = await seedCommunity(app.table, {
    regionCode: '371702101',
    stage: 'SELF_ASSESSED',
    stageHistory: [
      { stage: 'LAUNCHED', on: '2007-10-15' },
      { stage: 'SELF_ASSESSED', on: '2008-10-01' },
    ],
  });
  return { community, editor: await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }) };
}

describe.each([0, 1])('certifications through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it('takes a community from application through on-site review to designation, moving its stage each time', async () => {
    // Prepare
    const { community, editor } = await selfAssessed();
    // Act
    const applied = await door().execute(APPLY, { input: { communityId: community.id, level: 'NATIONAL', appliedOn: '2008-11-01' } }, editor);
    const id = applied.body.data.applyForCertification.id;
    const reviewed = await door().execute(
      REVIEW,
      { input: { id, version: 1, onSiteReviewOn: '2008-12-20', expertGroup: '全国安全社区促进中心专家组', findings: '组织机构健全', score: 118.5 } },
      reviewer,
    );
    const decided = await door().execute(
      DECIDE,
      { input: { id, version: 2, decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10', certificateNumber: 'AQSQ-2009-001' } },
      reviewer,
    );
    // Assess
    expect(applied.body.data.applyForCertification).toMatchObject({ decision: 'PENDING', standardVersion: 'AQ/T 9001-2006', community: { stage: 'APPLIED' } });
    expect(reviewed.body.data.recordCertificationReview).toMatchObject({ score: 118.5, maxScore: 150, community: { stage: 'UNDER_REVIEW' } });
    expect(decided.body.data.decideCertification).toMatchObject({
      decision: 'DESIGNATED',
      designatedOn: '2009-01-10',
      reReviewDueOn: '2014-01-10',
      community: { stage: 'DESIGNATED' },
    });
    const history = await door().execute(HISTORY, { id: community.id }, analyst);
    expect(history.body.data.community.stageHistory.slice(-3)).toEqual([
      { stage: 'APPLIED', on: '2008-11-01' },
      { stage: 'UNDER_REVIEW', on: '2008-12-20' },
      { stage: 'DESIGNATED', on: '2009-01-10' },
    ]);
    expect(history.body.data.community.latestCertification).toEqual({ id, decision: 'DESIGNATED' });
  });

  it('keeps one pending application per level and a history newest first', async () => {
    const { community, editor } = await selfAssessed();
    const city = await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2008-11-01' } }, editor);
    expect(city.body.errors).toBeUndefined();
    const twice = await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2008-11-02' } }, editor);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(twice.body.errors?.[0]?.extensions?.field).toBe('input.level');
    const cityId = city.body.data.applyForCertification.id;
    await door().execute(DECIDE, { input: { id: cityId, version: 1, decision: 'WITHDRAWN', decidedOn: '2008-11-20' } }, reviewer);
    const after = await door().execute(HISTORY, { id: community.id }, admin);
    expect(after.body.data.community.stage).toBe('IMPLEMENTING');
    expect(after.body.data.community.certifications).toEqual([{ id: cityId, level: 'CITY', decision: 'WITHDRAWN' }]);
  });

  it('sends a failed first application back to IMPLEMENTING and a failed re-review to LAPSED', async () => {
    const { community, editor } = await selfAssessed();
    const first = (await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2009-01-05' } }, editor)).body.data.applyForCertification;
    await door().execute(REVIEW, { input: { id: first.id, version: 1, onSiteReviewOn: '2009-02-01', score: 95 } }, reviewer);
    const designated = await door().execute(DECIDE, { input: { id: first.id, version: 2, decision: 'DESIGNATED', decidedOn: '2009-02-10', designatedOn: '2009-02-10' } }, reviewer);
    expect(designated.body.data.decideCertification.reReviewDueOn).toBe('2012-02-10');
    const again = (await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2012-01-05', reReview: true } }, editor)).body.data.applyForCertification;
    await door().execute(REVIEW, { input: { id: again.id, version: 1, onSiteReviewOn: '2012-01-20', score: 60 } }, reviewer);
    const rejected = await door().execute(DECIDE, { input: { id: again.id, version: 2, decision: 'REJECTED', decidedOn: '2012-02-01' } }, reviewer);
    expect(rejected.body.data.decideCertification.community.stage).toBe('LAPSED');
  });

  it.each([
    ['designation without a review', 'decide-unreviewed', 'input.decision'],
    ['score above the sheet', 'score', 'input.score'],
    ['review before the application', 'early-review', 'input.onSiteReviewOn'],
    ['designation without a date', 'no-date', 'input.designatedOn'],
    ['validity before designation', 'validity', 'input.validUntil'],
  ])('refuses %s naming %s and leaves certification and stage as they were', async (_label, kind, field) => {
    const { community, editor } = await selfAssessed();
    const cert = (await door().execute(APPLY, { input: { communityId: community.id, level: 'NATIONAL', appliedOn: '2008-11-01' } }, editor)).body.data.applyForCertification;
    let version = 1;
    if (kind !== 'decide-unreviewed' && kind !== 'score' && kind !== 'early-review') {
      await door().execute(REVIEW, { input: { id: cert.id, version: 1, onSiteReviewOn: '2008-12-01' } }, reviewer);
      version = 2;
    }
    const inputs: Record<string, [string, Record<string, unknown>]> = {
      'decide-unreviewed': [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10' }],
      score: [REVIEW, { onSiteReviewOn: '2008-12-01', score: 151 }],
      'early-review': [REVIEW, { onSiteReviewOn: '2008-10-01' }],
      'no-date': [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10' }],
      validity: [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10', validUntil: '2008-01-01' }],
    };
    const [mutation, input] = inputs[kind]!;
    const response = await door().execute(mutation, { input: { id: cert.id, version, ...input } }, reviewer);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    const after = await door().execute(HISTORY, { id: community.id }, admin);
    expect(after.body.data.community.latestCertification.decision).toBe('PENDING');
    expect(after.body.data.community.stage).toBe(version === 1 ? 'APPLIED' : 'UNDER_REVIEW');
  });

  it('lets only the community apply and only reviewers review and decide', async () => {
    const { community, editor } = await selfAssessed();
    expect(errorCode(await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2008-11-01' } }, reviewer))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2008-11-01' } }, analyst))).toBe('FORBIDDEN');
    const cert = (await door().execute(APPLY, { input: { communityId: community.id, level: 'CITY', appliedOn: '2008-11-01' } }, editor)).body.data.applyForCertification;
    expect(errorCode(await door().execute(REVIEW, { input: { id: cert.id, version: 1, onSiteReviewOn: '2008-12-01' } }, editor))).toBe('FORBIDDEN');
    const otherCityReviewer = await app.token({ role: 'REVIEWER', region: '2101' });
    expect(errorCode(await door().execute(REVIEW, { input: { id: cert.id, version: 1, onSiteReviewOn: '2008-12-01' } }, otherCityReviewer))).toBe('NOT_FOUND');
    const planned = await seedCommunity(app.table, { stage: 'LAUNCHED' });
    const plannedEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [planned.id] });
    const early = await door().execute(APPLY, { input: { communityId: planned.id, level: 'CITY', appliedOn: '2008-11-01' } }, plannedEditor);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
  });
});
