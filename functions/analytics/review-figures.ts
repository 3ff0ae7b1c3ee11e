import { CERTIFICATION_LEVELS, type CertificationLevel } from '#certification/model.ts';
import { AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';
import { OUTCOMES } from '#review/sheet.ts';
import { ASSESSMENT_PREFIX } from './creation-counters.ts';
import { sum } from './model.ts';

/**
 * The designation review's figures of a region (creation-counters.ts, rv_*, sa_*, os_*): where
 * the open applications stand now, the self-assessed and on-site scores of the period per level,
 * and the AQ/T 9001 elements that scored lowest. Sums of counter items, as every creation figure.
 */
type Items = readonly Readonly<Record<string, unknown>>[];

/** The steps of the chain an application can wait at: endorsement at each level, then the review's own. */
export const REVIEW_CHAIN_STEPS = [
  'ENDORSEMENT_COUNTY',
  'ENDORSEMENT_CITY',
  'ENDORSEMENT_PROVINCE',
  'ENDORSEMENT_NATIONAL',
  'RETURNED',
  'ON_SITE_REVIEW',
  'RECTIFICATION',
] as const;
export type ReviewChainStep = (typeof REVIEW_CHAIN_STEPS)[number];

export interface LevelCount {
  readonly level: CertificationLevel;
  readonly count: number;
}

export interface ReviewChainStepFigures {
  readonly step: ReviewChainStep;
  readonly applications: number;
  readonly byLevel: LevelCount[];
}

export interface ReviewApplicationFigures {
  /** Open now: every phase but DECIDED. */
  readonly open: number;
  readonly byLevel: LevelCount[];
  /** In ENDORSEMENT, whatever the level waited for. */
  readonly inEndorsement: number;
  readonly steps: ReviewChainStepFigures[];
}

export interface OutcomeCounts {
  readonly pass: number;
  readonly rectify: number;
  readonly fail: number;
}

export interface ReviewScoreFigures {
  readonly level: CertificationLevel;
  readonly count: number;
  /** Points, two decimals; null without an assessment. */
  readonly averageTotal: number | null;
  readonly averageMax: number | null;
  /** The totals over the maxima, in percent with one decimal. */
  readonly averagePercent: number | null;
  readonly byOutcome: OutcomeCounts;
}

export interface ReviewElementFigures {
  readonly element: AqtElement;
  /** The element's points over its maximum, summed over the period's scored assessments (self and on-site), in percent, one decimal. */
  readonly percent: number;
  /** Average points per assessment and its maximum, two decimals. */
  readonly averageScore: number;
  readonly averageMax: number;
  /** Assessments that scored the element. */
  readonly assessments: number;
  readonly selfAssessedPercent: number | null;
  readonly onSitePercent: number | null;
}

export interface ReviewFigures {
  readonly applications: ReviewApplicationFigures;
  readonly selfAssessments: ReviewScoreFigures[];
  readonly onSite: ReviewScoreFigures[];
  /** Elements with data, lowest percent first (ties in AQ/T order). */
  readonly weakestElements: ReviewElementFigures[];
}

const round = (value: number, decimals: number) => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};

/** `part` of `whole` in percent, one decimal; null when there is no whole. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? round((part / whole) * 100, 1) : null;
}

/** Thousandths of a point, averaged over `count`, in points with two decimals; null when none. */
function averagePoints(thousandths: number, count: number): number | null {
  return count > 0 ? round(thousandths / count / 1000, 2) : null;
}

const stepAttribute = (step: ReviewChainStep) => (step.startsWith('ENDORSEMENT_') ? `rv_wait_${step.slice('ENDORSEMENT_'.length)}` : `rv_ph_${step}`);

export function applicationFigures(snapshot: Items): ReviewApplicationFigures {
  const byLevel = (attribute: string) => CERTIFICATION_LEVELS.map((level) => ({ level, count: sum(snapshot, `${attribute}_${level}`) }));
  return {
    open: sum(snapshot, 'rv_open'),
    byLevel: byLevel('rv_open'),
    inEndorsement: sum(snapshot, 'rv_ph_ENDORSEMENT'),
    steps: REVIEW_CHAIN_STEPS.map((step) => ({ step, applications: sum(snapshot, stepAttribute(step)), byLevel: byLevel(stepAttribute(step)) })),
  };
}

export function scoreFigures(period: Items, kind: keyof typeof ASSESSMENT_PREFIX): ReviewScoreFigures[] {
  const k = ASSESSMENT_PREFIX[kind];
  return CERTIFICATION_LEVELS.map((level) => {
    const count = sum(period, `${k}_${level}`);
    const total = sum(period, `${k}_${level}_tot`);
    const max = sum(period, `${k}_${level}_max`);
    const [pass, rectify, fail] = OUTCOMES.map((outcome) => sum(period, `${k}_${level}_${outcome}`)) as [number, number, number];
    return {
      level,
      count,
      averageTotal: averagePoints(total, count),
      averageMax: averagePoints(max, count),
      averagePercent: percent(total, max),
      byOutcome: { pass, rectify, fail },
    };
  });
}

export function weakestElements(period: Items): ReviewElementFigures[] {
  const rows: { figure: ReviewElementFigures; ratio: number }[] = [];
  for (const element of AQT_ELEMENTS) {
    const of = (kind: keyof typeof ASSESSMENT_PREFIX, metric: 's' | 'm' | 'n') => sum(period, `${ASSESSMENT_PREFIX[kind]}_el_${element}_${metric}`);
    const score = of('SELF', 's') + of('ON_SITE', 's');
    const max = of('SELF', 'm') + of('ON_SITE', 'm');
    const assessments = of('SELF', 'n') + of('ON_SITE', 'n');
    if (max <= 0 || assessments <= 0) continue;
    rows.push({
      ratio: score / max,
      figure: {
        element,
        percent: percent(score, max) ?? 0,
        averageScore: averagePoints(score, assessments) ?? 0,
        averageMax: averagePoints(max, assessments) ?? 0,
        assessments,
        selfAssessedPercent: percent(of('SELF', 's'), of('SELF', 'm')),
        onSitePercent: percent(of('ON_SITE', 's'), of('ON_SITE', 'm')),
      },
    });
  }
  // Lowest first by the exact ratio, not the rounded percent; ties keep the standard's order (the sort is stable).
  return rows.sort((a, b) => a.ratio - b.ratio).map((row) => row.figure);
}

export function reviewFigures(snapshot: Items, period: Items): ReviewFigures {
  return {
    applications: applicationFigures(snapshot),
    selfAssessments: scoreFigures(period, 'SELF'),
    onSite: scoreFigures(period, 'ON_SITE'),
    weakestElements: weakestElements(period),
  };
}
