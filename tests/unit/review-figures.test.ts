import { describe, expect, it } from 'vitest';
import { assessmentContributions, certificationContributions, type CountedAssessment, type CountedCertification, CreationDeltas } from '#analytics/creation-counters.ts';
import { reviewFigures } from '#analytics/review-figures.ts';

/**
 * The review's counter contributions and the figures read back from them, offline: what an
 * assessment or a certification adds to which period, and how the figures average and sort.
 */
const selfAssessment: CountedAssessment = {
  communityId: 'c1',
  regionCode: '371702002',
  kind: 'SELF',
  status: 'SUBMITTED',
  level: 'NATIONAL',
  submittedOn: '2025-03-10',
  summary: {
    total: 112_500,
    max: 150_000,
    outcome: 'PASS',
    indicators: [
      { element: 'ORGANISATION', score: 14_000, max: 15_000 },
      { element: 'EMERGENCY_RESPONSE', score: 6_000, max: 12_000 },
    ],
  },
};

const certification: CountedCertification = {
  communityId: 'c1',
  regionCode: '371702002',
  level: 'NATIONAL',
  appliedOn: '2025-04-01',
  reReview: false,
  decision: 'PENDING',
  phase: 'ENDORSEMENT',
  waitingFor: { level: 'CITY', regionCode: '3717' },
};

/** The items of a set of contributions, as a reader finds them (one region). */
function itemsOf(region: string, period: string, ...contributions: ReturnType<typeof assessmentContributions>[]) {
  const deltas = new CreationDeltas();
  for (const contribution of contributions) deltas.add(contribution, 1);
  return deltas
    .items()
    .filter((item) => item.regionCode === region && item.period === period)
    .map((item) => Object.fromEntries(item.deltas));
}

describe('assessment contributions', () => {
  it('count a submitted self-assessment in the year and month it was submitted, per level, outcome and element', () => {
    const contributions = assessmentContributions(selfAssessment, 'fallback');
    expect(contributions.map((contribution) => [contribution.regionCode, contribution.period])).toEqual([
      ['371702002', 'Y2025'],
      ['371702002', 'M2025-03'],
    ]);
    expect(contributions[0]?.values).toEqual({
      sa_NATIONAL: 1,
      sa_NATIONAL_tot: 112_500,
      sa_NATIONAL_max: 150_000,
      sa_NATIONAL_PASS: 1,
      sa_el_ORGANISATION_s: 14_000,
      sa_el_ORGANISATION_m: 15_000,
      sa_el_ORGANISATION_n: 1,
      sa_el_EMERGENCY_RESPONSE_s: 6_000,
      sa_el_EMERGENCY_RESPONSE_m: 12_000,
      sa_el_EMERGENCY_RESPONSE_n: 1,
    });
  });

  it('count nothing for a draft, a self-assessment without a summary or an on-site score not yet scored', () => {
    expect(assessmentContributions({ ...selfAssessment, status: 'DRAFT' }, 'x')).toEqual([]);
    expect(assessmentContributions({ ...selfAssessment, summary: undefined }, 'x')).toEqual([]);
    expect(assessmentContributions({ ...selfAssessment, kind: 'ON_SITE', status: 'DRAFT', summary: undefined, onSiteReviewOn: '2025-09-01' }, 'x')).toEqual([]);
    // Saved halfway through the visit: its projected total is no on-site score yet
    expect(assessmentContributions({ ...selfAssessment, kind: 'ON_SITE', status: 'DRAFT', summary: { ...selfAssessment.summary!, complete: false }, onSiteReviewOn: '2025-09-01' }, 'x')).toEqual([]);
  });

  it('count an on-site score once every part is scored, by the on-site review date, draft or not', () => {
    const onSite: CountedAssessment = { ...selfAssessment, kind: 'ON_SITE', status: 'DRAFT', submittedOn: undefined, onSiteReviewOn: '2025-09-15', summary: { ...selfAssessment.summary!, complete: true } };
    const contributions = assessmentContributions(onSite, 'x');
    expect(contributions.map((contribution) => contribution.period)).toEqual(['Y2025', 'M2025-09']);
    expect(contributions[0]?.values).toMatchObject({ os_NATIONAL: 1, os_NATIONAL_tot: 112_500, os_el_ORGANISATION_n: 1 });
    expect(Object.keys(contributions[0]?.values ?? {}).some((name) => name.startsWith('sa_'))).toBe(false);
  });

  it('sum two indicators of one element and count the assessment once for it; elements without a maximum are left out', () => {
    const isccc: CountedAssessment = {
      ...selfAssessment,
      level: 'INTERNATIONAL',
      summary: {
        total: 5_000,
        max: 8_000,
        outcome: 'RECTIFY',
        indicators: [
          { element: 'INJURY_RECORDS', score: 1_000, max: 2_000 },
          { element: 'INJURY_RECORDS', score: 1_500, max: 2_000 },
          { element: 'MONITORING', score: 0, max: 0 },
        ],
      },
    };
    const [year] = assessmentContributions(isccc, 'x');
    expect(year?.values).toMatchObject({ sa_el_INJURY_RECORDS_s: 2_500, sa_el_INJURY_RECORDS_m: 4_000, sa_el_INJURY_RECORDS_n: 1, sa_INTERNATIONAL_RECTIFY: 1 });
    expect(year?.values).not.toHaveProperty('sa_el_MONITORING_m');
  });

  it('move the figures when a summary is replaced: minus before, plus after, what stays cancels out', () => {
    const rescored: CountedAssessment = { ...selfAssessment, summary: { ...selfAssessment.summary!, total: 120_000, indicators: [{ element: 'ORGANISATION', score: 14_000, max: 15_000 }, { element: 'EMERGENCY_RESPONSE', score: 10_000, max: 12_000 }] } };
    const deltas = new CreationDeltas().change(assessmentContributions(selfAssessment, 'x'), assessmentContributions(rescored, 'x'));
    const town = deltas.items().find((item) => item.regionCode === '371702002' && item.period === 'Y2025');
    expect(Object.fromEntries(town?.deltas ?? [])).toEqual({ sa_NATIONAL_tot: 7_500, sa_el_EMERGENCY_RESPONSE_s: 4_000 });
  });
});

describe('certification contributions', () => {
  it('stand an application in ENDORSEMENT at the level it waits for, in the snapshot of every level of its region', () => {
    const snapshot = certificationContributions(certification, 'x').filter((contribution) => contribution.period === 'NOW');
    expect(snapshot).toEqual([
      {
        regionCode: '371702002',
        communityId: 'c1',
        period: 'NOW',
        values: { rv_open: 1, rv_open_NATIONAL: 1, rv_ph_ENDORSEMENT: 1, rv_ph_ENDORSEMENT_NATIONAL: 1, rv_wait_CITY: 1, rv_wait_CITY_NATIONAL: 1 },
      },
    ]);
    const regions = new CreationDeltas().add(snapshot, 1).items().map((item) => item.regionCode);
    expect(regions).toEqual(['37', '3717', '371702', '371702002']);
  });

  it('read a record made before the chain as the chain does: PENDING is ON_SITE_REVIEW, a decision is closed', () => {
    const legacy = { ...certification, phase: undefined, waitingFor: undefined };
    expect(certificationContributions(legacy, 'x').find((contribution) => contribution.period === 'NOW')?.values).toEqual({
      rv_open: 1,
      rv_open_NATIONAL: 1,
      rv_ph_ON_SITE_REVIEW: 1,
      rv_ph_ON_SITE_REVIEW_NATIONAL: 1,
    });
    expect(certificationContributions({ ...legacy, decision: 'RECTIFICATION' }, 'x').some((contribution) => contribution.period === 'NOW')).toBe(false);
    expect(certificationContributions({ ...certification, phase: 'DECIDED', decision: 'DESIGNATED', designatedOn: '2025-12-01' }, 'x').some((c) => c.period === 'NOW')).toBe(false);
  });
});

describe('review figures', () => {
  it('average totals in points, give percents of the maximum, count outcomes, and sort elements lowest first', () => {
    const second: CountedAssessment = {
      ...selfAssessment,
      communityId: 'c2',
      submittedOn: '2025-06-01',
      summary: { total: 80_000, max: 150_000, outcome: 'RECTIFY', indicators: [{ element: 'ORGANISATION', score: 10_000, max: 15_000 }, { element: 'INJURY_RECORDS', score: 9_000, max: 12_000 }] },
    };
    const onSite: CountedAssessment = { ...selfAssessment, kind: 'ON_SITE', onSiteReviewOn: '2025-09-15', summary: { ...selfAssessment.summary!, total: 104_000, indicators: [{ element: 'EMERGENCY_RESPONSE', score: 11_000, max: 12_000 }] } };
    const period = itemsOf('37', 'Y2025', ...[selfAssessment, second, onSite].map((assessment) => assessmentContributions(assessment, 'x')));
    const snapshot = itemsOf('37', 'NOW', certificationContributions(certification, 'x'));
    const figures = reviewFigures(snapshot, period);

    expect(figures.selfAssessments.find((row) => row.level === 'NATIONAL')).toEqual({
      level: 'NATIONAL',
      count: 2,
      averageTotal: 96.25,
      averageMax: 150,
      averagePercent: 64.2,
      byOutcome: { pass: 1, rectify: 1, fail: 0 },
    });
    expect(figures.selfAssessments.find((row) => row.level === 'CITY')).toEqual({ level: 'CITY', count: 0, averageTotal: null, averageMax: null, averagePercent: null, byOutcome: { pass: 0, rectify: 0, fail: 0 } });
    expect(figures.onSite.find((row) => row.level === 'NATIONAL')).toMatchObject({ count: 1, averageTotal: 104, averagePercent: 69.3 });
    // ER: (6 + 11) / (12 + 12) = 70.8 %; IR 75 %; ORG (14 + 10) / 30 = 80 %.
    expect(figures.weakestElements).toEqual([
      { element: 'EMERGENCY_RESPONSE', percent: 70.8, averageScore: 8.5, averageMax: 12, assessments: 2, selfAssessedPercent: 50, onSitePercent: 91.7 },
      { element: 'INJURY_RECORDS', percent: 75, averageScore: 9, averageMax: 12, assessments: 1, selfAssessedPercent: 75, onSitePercent: null },
      { element: 'ORGANISATION', percent: 80, averageScore: 12, averageMax: 15, assessments: 2, selfAssessedPercent: 80, onSitePercent: null },
    ]);
    expect(figures.applications).toMatchObject({ open: 1, inEndorsement: 1 });
    expect(figures.applications.steps.map((row) => [row.step, row.applications])).toEqual([
      ['ENDORSEMENT_COUNTY', 0],
      ['ENDORSEMENT_CITY', 1],
      ['ENDORSEMENT_PROVINCE', 0],
      ['ENDORSEMENT_NATIONAL', 0],
      ['RETURNED', 0],
      ['ON_SITE_REVIEW', 0],
      ['RECTIFICATION', 0],
    ]);
    expect(figures.applications.steps[1]?.byLevel).toEqual([
      { level: 'CITY', count: 0 },
      { level: 'NATIONAL', count: 1 },
      { level: 'INTERNATIONAL', count: 0 },
    ]);
  });

  it('sorts by the exact ratio, not the rounded percent, and keeps the standard order on ties', () => {
    const tie: CountedAssessment = {
      ...selfAssessment,
      summary: {
        total: 3_000,
        max: 6_000,
        outcome: 'FAIL',
        indicators: [
          // 2001/3000 = 66.70 % and 2000/3000 = 66.67 %: both read 66.7 %, MONITORING is lower.
          { element: 'RISK_ASSESSMENT', score: 2_001, max: 3_000 },
          { element: 'MONITORING', score: 2_000, max: 3_000 },
          { element: 'ORGANISATION', score: 1_000, max: 2_000 },
          { element: 'ARCHIVES', score: 500, max: 1_000 },
        ],
      },
    };
    const figures = reviewFigures([], itemsOf('37', 'Y2025', assessmentContributions(tie, 'x')));
    expect(figures.weakestElements.map((row) => [row.element, row.percent])).toEqual([
      ['ORGANISATION', 50],
      ['ARCHIVES', 50],
      ['MONITORING', 66.7],
      ['RISK_ASSESSMENT', 66.7],
    ]);
  });
});
