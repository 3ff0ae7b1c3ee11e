import { type ChainLevel, type ChainPosition, chainRegionOf, decidingPosition } from '#core/auth/policy.ts';
import type { Certification, CertificationLevel } from './model.ts';

/**
 * The endorsement chain (申报, 逐级推荐; review.md): a NATIONAL application is endorsed by the
 * county (区县), the city and the province in turn, then accepted for review by the national
 * centre; a CITY application by the county, then accepted by the city. The last level of the
 * route accepts rather than endorses: it sends the on-site review team, scores and decides.
 * INTERNATIONAL applications are reviewed by ISCCC outside China's chain: no route.
 *
 *   ENDORSEMENT      waits for route[i]; ENDORSE moves on, the last level's ENDORSE is ACCEPT
 *   RETURNED         waits for the community: it amends its self-assessment or archive and resubmits
 *   ON_SITE_REVIEW   accepted: the deciding level scores on site (现场评审) and decides
 *   RECTIFICATION    the sheet gave RECTIFY: the deciding level re-scores what fell short and decides
 *   DECIDED          designated, rejected or withdrawn
 */
export const CHAIN_PHASES = ['ENDORSEMENT', 'RETURNED', 'ON_SITE_REVIEW', 'RECTIFICATION', 'DECIDED'] as const;
export type ChainPhase = (typeof CHAIN_PHASES)[number];

export const CHAIN_ACTIONS = ['SUBMIT', 'ENDORSE', 'RETURN', 'RESUBMIT', 'ACCEPT'] as const;
export type ChainAction = (typeof CHAIN_ACTIONS)[number];

/** One step of an application's chain, as recorded: who (token subject and role) and when. */
export interface ChainStep {
  readonly action: ChainAction;
  /** The level that acted; COMMUNITY for the community's own submissions. */
  readonly level: ChainLevel | 'COMMUNITY';
  /** The region code at that level (the community's for its submissions); null for the national centre. */
  readonly regionCode: string | null;
  readonly comment?: string;
  readonly by: string;
  readonly role: string;
  readonly at: string;
  /** The self-assessment submitted with a SUBMIT or RESUBMIT. */
  readonly selfAssessmentId?: string;
}

export const ROUTES: Readonly<Record<CertificationLevel, readonly ChainLevel[]>> = {
  NATIONAL: ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'],
  CITY: ['COUNTY', 'CITY'],
  INTERNATIONAL: [],
};

export function positionAt(level: ChainLevel, communityRegionCode: string): ChainPosition {
  return { level, regionCode: chainRegionOf(level, communityRegionCode) };
}

/** Where a new (or resubmitted) application waits first; INTERNATIONAL goes straight to its review. */
export function firstPosition(level: CertificationLevel, communityRegionCode: string): { phase: ChainPhase; waitingFor?: ChainPosition } {
  const first = ROUTES[level][0];
  return first ? { phase: 'ENDORSEMENT', waitingFor: positionAt(first, communityRegionCode) } : { phase: 'ON_SITE_REVIEW' };
}

/** After an ENDORSE at `from`: the next level, or, when `from` was the last, the accepted application. */
export function afterEndorsement(level: CertificationLevel, from: ChainLevel, communityRegionCode: string): { accepted: boolean; phase: ChainPhase; waitingFor?: ChainPosition } {
  const route = ROUTES[level];
  const index = route.indexOf(from);
  const next = route[index + 1];
  if (next) return { accepted: false, phase: 'ENDORSEMENT', waitingFor: positionAt(next, communityRegionCode) };
  const deciding = decidingPosition(level, communityRegionCode);
  return { accepted: true, phase: 'ON_SITE_REVIEW', ...(deciding ? { waitingFor: deciding } : {}) };
}

/** The phase of a certification; records made before the chain existed have none and read as before. */
export function phaseOf(certification: Pick<Certification, 'phase' | 'decision'>): ChainPhase {
  if (certification.phase) return certification.phase;
  if (certification.decision === 'PENDING') return 'ON_SITE_REVIEW';
  return 'DECIDED';
}

/** Whether a certification is still open: its application guard stands and reviewers act on it. */
export const isOpen = (phase: ChainPhase) => phase !== 'DECIDED';

/** What `Certification.chain` shows: the route, where the application stands, every step. */
export interface ChainView {
  readonly route: readonly ChainLevel[];
  readonly phase: ChainPhase;
  readonly waitingFor: ChainPosition | null;
  readonly waitingSince: string | null;
  readonly steps: readonly ChainStep[];
}

export function chainOf(certification: Certification): ChainView {
  const phase = phaseOf(certification);
  return {
    route: ROUTES[certification.level],
    phase,
    waitingFor: phase === 'DECIDED' ? null : (certification.waitingFor ?? null),
    waitingSince: phase === 'DECIDED' ? null : (certification.waitingSince ?? null),
    steps: certification.chain ?? [],
  };
}
