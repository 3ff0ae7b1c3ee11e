import * as z from 'zod';
import { addMonths } from '#core/dates.ts';
import cyclesFile from '#review/sheets/cycles.json' with { type: 'json' };
import { type Certification, CERTIFICATION_LEVELS, type CertificationLevel } from './model.ts';

/**
 * The re-review cycle (复评) of each level, as data beside the sheets
 * (functions/review/sheets/cycles.json), validated when the module loads: how many years a title
 * holds, and for ISCCC every how many cycles a new site visit is needed; and after how many months
 * without recorded work a designated community is AT_RISK (a title is withdrawn when the
 * programme lapses).
 */
const cycleSchema = z.object({
  years: z.number().int().min(1).max(20),
  siteVisitEveryCycles: z.number().int().min(1).max(10).optional(),
});

export const cyclesSchema = z.object({
  source: z.string().min(1),
  levels: z.object(Object.fromEntries(CERTIFICATION_LEVELS.map((level) => [level, cycleSchema])) as Record<CertificationLevel, typeof cycleSchema>),
  atRiskAfterMonths: z.number().int().min(1).max(60),
});
export type Cycles = z.infer<typeof cyclesSchema>;

const parsed = cyclesSchema.safeParse(cyclesFile);
if (!parsed.success) {
  throw new Error(`functions/review/sheets/cycles.json is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ')}`);
}
export const CYCLES: Cycles = parsed.data;

/** How long a title holds when no validity is written on the certificate. */
export const titleYears = (level: CertificationLevel): number => CYCLES.levels[level].years;

/**
 * Whether the re-review after a title's `cycle`-th designation (1 for the first) needs a new site
 * visit: ISCCC's every second cycle (a written application otherwise); the other levels always
 * review on site.
 */
export function siteVisitRequired(level: CertificationLevel, cycle: number): boolean {
  const every = CYCLES.levels[level].siteVisitEveryCycles;
  return every === undefined ? true : cycle % every === 0;
}

/** The re-review falls due when the title expires: its written validity, or the level's term. */
export function reReviewDueOn(certification: Pick<Certification, 'decision' | 'designatedOn' | 'validUntil' | 'level'>): string | undefined {
  if (certification.decision !== 'DESIGNATED' || !certification.designatedOn) return undefined;
  if (certification.validUntil) return certification.validUntil;
  // The anniversary; 29 February of a leap year falls due on 28 February.
  return addMonths(certification.designatedOn, 12 * titleYears(certification.level));
}
