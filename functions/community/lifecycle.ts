import type { CommunityStage } from './model.ts';

/**
 * The creation lifecycle (domain.md): PLANNED → LAUNCHED (启动) → IMPLEMENTING (实施) →
 * SELF_ASSESSED (自评) → APPLIED (申报) → UNDER_REVIEW (现场评审) → DESIGNATED (命名).
 * Backward moves are the ones the programme has: a self-assessment or an application sent back
 * for more work, a review that fails (rectification), a re-review (复评) of a designation, a
 * designation that lapses (or is withdrawn when its re-review fails), a lapsed community relaunching, and a designated community launching
 * the creation at the next level (a city-level safe community going for the national title).
 */
export const STAGE_TRANSITIONS: Readonly<Record<CommunityStage, readonly CommunityStage[]>> = {
  PLANNED: ['LAUNCHED'],
  LAUNCHED: ['IMPLEMENTING'],
  IMPLEMENTING: ['SELF_ASSESSED'],
  SELF_ASSESSED: ['APPLIED', 'IMPLEMENTING'],
  APPLIED: ['UNDER_REVIEW', 'IMPLEMENTING'],
  UNDER_REVIEW: ['DESIGNATED', 'IMPLEMENTING', 'LAPSED'],
  DESIGNATED: ['UNDER_REVIEW', 'LAPSED', 'LAUNCHED'],
  LAPSED: ['LAUNCHED'],
};

export function isAllowedTransition(from: CommunityStage, to: CommunityStage): boolean {
  return STAGE_TRANSITIONS[from].includes(to);
}
