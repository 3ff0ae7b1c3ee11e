import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { guardKeys } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import type { SheetGrade } from '#review/sheet.ts';
import { createTestApp, type Door, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { itemInputs, seedSubmittedSelfAssessment, sheetOfLevel } from '#tests/support/review.ts';

/**
 * Certifications at every level. INTERNATIONAL (ISCCC) applications are reviewed outside China's
 * chain: the platform records ISCCC's visit (recordCertificationReview, a typed score) and its
 * decision as they happen. CITY applications rest on a submitted self-assessment, go up the chain
 * (county → city), are scored on site on the city sheet and decided as the sheet says; the chain
 * itself is tested at length in certification-chain.test.ts. 牡丹区 371702, 菏泽市 3717, 山东省 37.
 */
const CERT_FIELDS = `id level standardVersion appliedOn reReview onSiteReviewOn expertGroup findings score maxScore scoredOnSheet onSiteOutcome
  decision decidedOn designatedOn certificateNumber validUntil reReviewDueOn version community { id stage } chain { phase waitingFor { level regionCode } }`;
const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CERT_FIELDS} } }`;
const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { ${CERT_FIELDS} } }`;
const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { ${CERT_FIELDS} } }`;
const REVIEW = `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { ${CERT_FIELDS} } }`;
const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { ${CERT_FIELDS} } }`;
const HISTORY = `query($id: ID!) { community(id: $id) { stage stageHistory { stage on } latestCertification { id decision version } certifications { id level decision } } }`;

const TODAY = chinaToday();

let app: TestApp;
let admin: string;
/** A national reviewer (no region): ISCCC's steps are recorded by reviewers in region. */
let reviewer: string;
let analyst: string;
const reviewers: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  [admin, reviewer, analyst] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  ]);
  for (const region of ['371702', '3717', '37', '2101']) reviewers[region] = await app.token({ role: 'REVIEWER', region });
});
afterAll(() => app.close());

interface Applicant {
  community: Community;
  editor: string;
}

/** A community of 牡丹区 launched in 2007 that has assessed itself. */
async function selfAssessed(): Promise<Applicant> {
  const community = await seedCommunity(app.table, {
    regionCode: '371702101',
    stage: 'SELF_ASSESSED',
    launchedOn: '2007-10-15',
    stageHistory: [
      { stage: 'LAUNCHED', on: '2007-10-15' },
      { stage: 'SELF_ASSESSED', on: '2008-10-01' },
    ],
  });
  return { community, editor: await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }) };
}

/** A CITY application on a freshly submitted self-assessment, as the community sends it. */
async function applyCity(door: Door, who: Applicant, extra: Record<string, unknown> = {}) {
  const self = await seedSubmittedSelfAssessment(app.table, who.community, 'CITY');
  return door.execute(APPLY, { input: { communityId: who.community.id, level: 'CITY', appliedOn: TODAY, selfAssessmentId: self.id, ...extra } }, who.editor);
}

/** A CITY application endorsed by the county and accepted by the city: waiting for its on-site review. */
async function acceptedCity(door: Door, who: Applicant, extra: Record<string, unknown> = {}) {
  return throughChain(door, ok(await applyCity(door, who, extra)).applyForCertification);
}

/** The county endorses a CITY application and the city accepts it for review. */
async function throughChain(door: Door, applied: { id: string; version: number }) {
  const endorsed = ok(await door.execute(ENDORSE, { input: { id: applied.id, version: applied.version, action: 'ENDORSE' } }, reviewers['371702']!)).endorseCertification;
  const cert = ok(await door.execute(ENDORSE, { input: { id: endorsed.id, version: endorsed.version, action: 'ENDORSE' } }, reviewers['3717']!)).endorseCertification;
  expect(cert.chain).toEqual({ phase: 'ON_SITE_REVIEW', waitingFor: { level: 'CITY', regionCode: '3717' } });
  return cert;
}

/** The city's review team scores every item at one grade. */
async function scoreAll(door: Door, cert: { id: string; version: number }, grade: SheetGrade) {
  const items = itemInputs(sheetOfLevel('CITY'), grade);
  return ok(await door.execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, expertGroup: '菏泽市安全社区专家组', items } }, reviewers['3717']!)).scoreCertificationOnSite;
}

describe.each([0, 1])('certifications through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it('takes an ISCCC application from application through on-site review to designation, moving its stage each time', async () => {
    // Prepare
    const { community, editor } = await selfAssessed();
    // Act: INTERNATIONAL needs neither a self-assessment nor the chain
    const applied = await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, editor);
    const id = ok(applied).applyForCertification.id;
    const reviewed = await door().execute(
      REVIEW,
      { input: { id, version: 1, onSiteReviewOn: '2008-12-20', expertGroup: 'WHO 社区安全促进合作中心 ISCCC 专家组', findings: '六项指标均已满足', score: 92.5 } },
      reviewer,
    );
    const decided = await door().execute(
      DECIDE,
      { input: { id, version: 2, decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10', certificateNumber: 'ISCCC-2009-001' } },
      reviewer,
    );
    // Assess
    expect(ok(applied).applyForCertification).toMatchObject({ decision: 'PENDING', standardVersion: 'AQ/T 9001-2006', community: { stage: 'APPLIED' }, chain: { phase: 'ON_SITE_REVIEW', waitingFor: null } });
    expect(ok(reviewed).recordCertificationReview).toMatchObject({ score: 92.5, maxScore: 100, scoredOnSheet: false, community: { stage: 'UNDER_REVIEW' } });
    expect(ok(decided).decideCertification).toMatchObject({
      decision: 'DESIGNATED',
      designatedOn: '2009-01-10',
      reReviewDueOn: '2014-01-10',
      community: { stage: 'DESIGNATED' },
      chain: { phase: 'DECIDED' },
    });
    const history = await door().execute(HISTORY, { id: community.id }, analyst);
    expect(ok(history).community.stageHistory.slice(-3)).toEqual([
      { stage: 'APPLIED', on: '2008-11-01' },
      { stage: 'UNDER_REVIEW', on: '2008-12-20' },
      { stage: 'DESIGNATED', on: '2009-01-10' },
    ]);
    expect(ok(history).community.latestCertification).toMatchObject({ id, decision: 'DESIGNATED' });
  });

  it('takes a CITY application up the chain to an on-site score and a designation, moving its stage each time', async () => {
    const who = await selfAssessed();
    const applied = ok(await applyCity(door(), who)).applyForCertification;
    expect(applied).toMatchObject({ decision: 'PENDING', community: { stage: 'APPLIED' }, chain: { phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '371702' } } });
    const accepted = await throughChain(door(), applied);
    expect(accepted.community.stage).toBe('UNDER_REVIEW');
    const scored = await scoreAll(door(), accepted, 'A');
    expect(scored).toMatchObject({ score: 100, maxScore: 100, scoredOnSheet: true, onSiteOutcome: 'PASS', onSiteReviewOn: TODAY, expertGroup: '菏泽市安全社区专家组', community: { stage: 'UNDER_REVIEW' } });
    const decided = ok(
      await door().execute(DECIDE, { input: { id: scored.id, version: scored.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY, certificateNumber: 'HZ-AQSQ-001' } }, reviewers['3717']!),
    ).decideCertification;
    expect(decided).toMatchObject({ decision: 'DESIGNATED', designatedOn: TODAY, certificateNumber: 'HZ-AQSQ-001', community: { stage: 'DESIGNATED' }, chain: { phase: 'DECIDED', waitingFor: null } });
    // A city title holds three years
    expect(decided.reReviewDueOn).toBe(`${Number(TODAY.slice(0, 4)) + 3}${TODAY.slice(4)}`.replace(/-02-29$/, '-02-28'));
    const history = ok(await door().execute(HISTORY, { id: who.community.id }, analyst)).community;
    expect(history.stageHistory.slice(-3)).toEqual([
      { stage: 'APPLIED', on: TODAY },
      { stage: 'UNDER_REVIEW', on: TODAY },
      { stage: 'DESIGNATED', on: TODAY },
    ]);
    expect(history.latestCertification).toMatchObject({ id: decided.id, decision: 'DESIGNATED' });
  });

  it('keeps one pending application per level and a history newest first', async () => {
    const { community, editor } = await selfAssessed();
    const city = await applyCity(door(), { community, editor });
    const cityId = ok(city).applyForCertification.id;
    // A second CITY application while the first is open, on another submitted self-assessment: CONFLICT, nothing written
    const twice = await applyCity(door(), { community, editor });
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(twice.body.errors?.[0]?.extensions?.field).toBe('input.level');
    expect(ok(await door().execute(HISTORY, { id: community.id }, admin)).community.certifications).toEqual([{ id: cityId, level: 'CITY', decision: 'PENDING' }]);
    // Another level is another application; it has its own guard
    const isccc = ok(await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-02' } }, editor)).applyForCertification;
    const iscccTwice = await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-03' } }, editor);
    expect(errorCode(iscccTwice)).toBe('CONFLICT');
    expect(iscccTwice.body.errors?.[0]?.extensions?.field).toBe('input.level');
    // Newest application first (by appliedOn): the CITY one of today, then ISCCC's of 2008
    expect(ok(await door().execute(HISTORY, { id: community.id }, admin)).community.certifications).toEqual([
      { id: cityId, level: 'CITY', decision: 'PENDING' },
      { id: isccc.id, level: 'INTERNATIONAL', decision: 'PENDING' },
    ]);
  });

  it('keeps the CITY guard until the application is decided, and lifts it on the decision', async () => {
    const who = await selfAssessed();
    const accepted = await acceptedCity(door(), who);
    const withdrawn = ok(await door().execute(DECIDE, { input: { id: accepted.id, version: accepted.version, decision: 'WITHDRAWN', decidedOn: TODAY } }, reviewers['3717']!)).decideCertification;
    expect(withdrawn).toMatchObject({ decision: 'WITHDRAWN', community: { stage: 'IMPLEMENTING' }, chain: { phase: 'DECIDED', waitingFor: null } });
    // The decision lifts the guard
    const guard = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: guardKeys.openCertification(who.community.id, 'CITY') }));
    expect(guard.Item).toBeUndefined();
    expect(ok(await door().execute(HISTORY, { id: who.community.id }, admin)).community.certifications).toEqual([{ id: accepted.id, level: 'CITY', decision: 'WITHDRAWN' }]);
  });

  it('sends a failed first application back to IMPLEMENTING and a failed re-review to LAPSED', async () => {
    // ISCCC: a first application rejected
    const isccc = await selfAssessed();
    const first = ok(await door().execute(APPLY, { input: { communityId: isccc.community.id, level: 'INTERNATIONAL', appliedOn: '2009-01-05' } }, isccc.editor)).applyForCertification;
    ok(await door().execute(REVIEW, { input: { id: first.id, version: 1, onSiteReviewOn: '2009-02-01', score: 40 } }, reviewer));
    const rejected = ok(await door().execute(DECIDE, { input: { id: first.id, version: 2, decision: 'REJECTED', decidedOn: '2009-02-10' } }, reviewer)).decideCertification;
    expect(rejected.community.stage).toBe('IMPLEMENTING');

    // CITY: a first application that fails on the sheet (every item at D) returns to IMPLEMENTING
    const failing = await selfAssessed();
    const scoredD = await scoreAll(door(), await acceptedCity(door(), failing), 'D');
    expect(scoredD).toMatchObject({ score: 0, onSiteOutcome: 'FAIL' });
    const failed = ok(await door().execute(DECIDE, { input: { id: scoredD.id, version: scoredD.version, decision: 'REJECTED', decidedOn: TODAY } }, reviewers['3717']!)).decideCertification;
    expect(failed).toMatchObject({ decision: 'REJECTED', community: { stage: 'IMPLEMENTING' } });

    // CITY: designated on a pass, then a re-review that fails on the sheet: LAPSED
    const who = await selfAssessed();
    const passed = await scoreAll(door(), await acceptedCity(door(), who), 'A');
    const designated = ok(
      await door().execute(DECIDE, { input: { id: passed.id, version: passed.version, decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY } }, reviewers['3717']!),
    ).decideCertification;
    expect(designated.community.stage).toBe('DESIGNATED');
    const again = await acceptedCity(door(), who, { reReview: true });
    expect(again).toMatchObject({ reReview: true, community: { stage: 'UNDER_REVIEW' } });
    const rescored = await scoreAll(door(), again, 'D');
    // The sheet gives FAIL: a rectification or a designation contradicts it
    const contrary = await door().execute(DECIDE, { input: { id: rescored.id, version: rescored.version, decision: 'RECTIFICATION', decidedOn: TODAY } }, reviewers['3717']!);
    expect(contrary.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'DECISION_FOLLOWS_SHEET' });
    const lapsed = ok(await door().execute(DECIDE, { input: { id: rescored.id, version: rescored.version, decision: 'REJECTED', decidedOn: TODAY } }, reviewers['3717']!)).decideCertification;
    expect(lapsed.community.stage).toBe('LAPSED');
    const history = ok(await door().execute(HISTORY, { id: who.community.id }, admin)).community;
    expect(history.certifications.map((cert: { id: string; decision: string }) => cert.decision).sort()).toEqual(['DESIGNATED', 'REJECTED']);
    expect(history.latestCertification.decision).toMatch(/^(DESIGNATED|REJECTED)$/);
  });

  it.each([
    ['designation without a review', 'decide-unreviewed', 'input.decision'],
    ['score above the sheet', 'score', 'input.score'],
    ['review before the application', 'early-review', 'input.onSiteReviewOn'],
    ['designation without a date', 'no-date', 'input.designatedOn'],
    ['validity before designation', 'validity', 'input.validUntil'],
  ])('refuses %s (ISCCC) naming %s and leaves certification and stage as they were', async (_label, kind, field) => {
    const { community, editor } = await selfAssessed();
    const cert = ok(await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, editor)).applyForCertification;
    let version = 1;
    if (kind !== 'decide-unreviewed' && kind !== 'score' && kind !== 'early-review') {
      ok(await door().execute(REVIEW, { input: { id: cert.id, version: 1, onSiteReviewOn: '2008-12-01' } }, reviewer));
      version = 2;
    }
    const inputs: Record<string, [string, Record<string, unknown>]> = {
      'decide-unreviewed': [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10' }],
      score: [REVIEW, { onSiteReviewOn: '2008-12-01', score: 101 }],
      'early-review': [REVIEW, { onSiteReviewOn: '2008-10-01' }],
      'no-date': [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10' }],
      validity: [DECIDE, { decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10', validUntil: '2008-01-01' }],
    };
    const [mutation, input] = inputs[kind]!;
    const response = await door().execute(mutation, { input: { id: cert.id, version, ...input } }, reviewer);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    const after = ok(await door().execute(HISTORY, { id: community.id }, admin)).community;
    expect(after.latestCertification).toMatchObject({ decision: 'PENDING', version });
    expect(after.stage).toBe(version === 1 ? 'APPLIED' : 'UNDER_REVIEW');
  });

  it.each([
    ['a designation before the on-site scores', 'decide-unscored', 'input.decision', 'ON_SITE_SCORED'],
    ['a typed score', 'typed-score', 'input.score', 'SCORE_FROM_SHEET'],
    ['an ISCCC review record', 'typed-review', 'input.id', 'SCORE_FROM_SHEET'],
    ['on-site scores before the application', 'early-score', 'input.onSiteReviewOn', undefined],
    ['a grade the sheet does not use', 'bad-grade', 'input.items.0.parts.0.grade', undefined],
    ['a designation without a date', 'no-date', 'input.designatedOn', undefined],
    ['validity before designation', 'validity', 'input.validUntil', undefined],
  ])('refuses %s (CITY) naming %s and leaves certification and stage as they were', async (_label, kind, field, rule) => {
    const who = await selfAssessed();
    // Applied on a date in the past, so that a review before it can be tried
    let cert = await acceptedCity(door(), who, { appliedOn: '2024-03-01' });
    if (kind === 'no-date' || kind === 'validity') cert = await scoreAll(door(), cert, 'A');
    const item = sheetOfLevel('CITY').items[0]!;
    const inputs: Record<string, [string, Record<string, unknown>]> = {
      'decide-unscored': [DECIDE, { decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY }],
      'typed-score': [REVIEW, { onSiteReviewOn: TODAY, score: 95 }],
      'typed-review': [REVIEW, { onSiteReviewOn: TODAY, findings: '良好' }],
      'early-score': [SCORE, { onSiteReviewOn: '2024-02-01', items: itemInputs(sheetOfLevel('CITY'), 'A') }],
      'bad-grade': [SCORE, { onSiteReviewOn: TODAY, items: [{ itemId: item.id, parts: [{ part: item.parts[0]!.part, grade: 'MET' }] }] }],
      'no-date': [DECIDE, { decision: 'DESIGNATED', decidedOn: TODAY }],
      validity: [DECIDE, { decision: 'DESIGNATED', decidedOn: TODAY, designatedOn: TODAY, validUntil: '2024-01-01' }],
    };
    const [mutation, input] = inputs[kind]!;
    const response = await door().execute(mutation, { input: { id: cert.id, version: cert.version, ...input } }, reviewers['3717']!);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    if (rule) expect(response.body.errors?.[0]?.extensions?.rule).toBe(rule);
    const after = ok(await door().execute(HISTORY, { id: who.community.id }, admin)).community;
    expect(after.latestCertification).toMatchObject({ id: cert.id, decision: 'PENDING', version: cert.version });
    expect(after.stage).toBe('UNDER_REVIEW');
  });

  it('lets only the community apply and only the deciding reviewers review, score and decide', async () => {
    const who = await selfAssessed();
    const { community, editor } = who;
    const self = await seedSubmittedSelfAssessment(app.table, community, 'CITY');
    const cityInput = { communityId: community.id, level: 'CITY', appliedOn: TODAY, selfAssessmentId: self.id };
    for (const token of [reviewer, reviewers['371702']!, analyst]) {
      expect(errorCode(await door().execute(APPLY, { input: cityInput }, token))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, token))).toBe('FORBIDDEN');
    }
    expect(ok(await door().execute(HISTORY, { id: community.id }, admin)).community.certifications).toEqual([]);

    // ISCCC: reviewers in region record its steps; the community does not, and a reviewer elsewhere does not see it
    const isccc = ok(await door().execute(APPLY, { input: { communityId: community.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, editor)).applyForCertification;
    expect(errorCode(await door().execute(REVIEW, { input: { id: isccc.id, version: 1, onSiteReviewOn: '2008-12-01' } }, editor))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(REVIEW, { input: { id: isccc.id, version: 1, onSiteReviewOn: '2008-12-01' } }, analyst))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(REVIEW, { input: { id: isccc.id, version: 1, onSiteReviewOn: '2008-12-01' } }, reviewers['2101']!))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(DECIDE, { input: { id: isccc.id, version: 1, decision: 'WITHDRAWN', decidedOn: '2008-12-01' } }, editor))).toBe('FORBIDDEN');

    // CITY: only the city's reviewers score and decide it, once the chain has brought it to them
    const cert = await acceptedCity(door(), who);
    const score = { id: cert.id, version: cert.version, onSiteReviewOn: TODAY, items: itemInputs(sheetOfLevel('CITY'), 'A') };
    const decide = { id: cert.id, version: cert.version, decision: 'WITHDRAWN', decidedOn: TODAY };
    for (const token of [editor, analyst, reviewer, reviewers['371702']!, reviewers['37']!]) {
      expect(errorCode(await door().execute(SCORE, { input: score }, token))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(DECIDE, { input: decide }, token))).toBe('FORBIDDEN');
    }
    expect(errorCode(await door().execute(SCORE, { input: score }, reviewers['2101']!))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(DECIDE, { input: decide }, reviewers['2101']!))).toBe('NOT_FOUND');
    expect(ok(await door().execute(HISTORY, { id: community.id }, admin)).community.latestCertification).toMatchObject({ id: cert.id, decision: 'PENDING', version: cert.version });
    expect(ok(await door().execute(SCORE, { input: score }, reviewers['3717']!)).scoreCertificationOnSite.onSiteOutcome).toBe('PASS');

    // A community that has not assessed itself does not apply
    const planned = await seedCommunity(app.table, { stage: 'LAUNCHED', launchedOn: '2007-10-15' });
    const plannedEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [planned.id] });
    const early = await door().execute(APPLY, { input: { communityId: planned.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, plannedEditor);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.body.errors?.[0]?.extensions?.field).toBe('input.communityId');
  });
});
