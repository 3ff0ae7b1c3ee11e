/**
 * The briefings' most common incident, an elderly resident's fall at home (minor, one injured):
 * the facts tests and benchmarks start from, with the community, the date and what they are
 * about added or overridden.
 */
export const FALL_AT_HOME = {
  cause: 'FALL',
  intent: 'UNINTENTIONAL',
  place: 'HOME',
  activity: 'HOUSEWORK',
  severity: 'MINOR',
  deaths: 0,
  injured: 1,
} as const;
