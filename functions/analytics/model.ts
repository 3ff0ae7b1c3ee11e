import * as z from 'zod';
import { BadUserInputError } from '#core/errors.ts';
import { INJURY_CAUSES, INJURY_INTENTS, INJURY_PLACES } from '#incident/model.ts';

/** At most this many months in a range or a trend: 10 years. */
export const MAX_RANGE_MONTHS = 120;
/** Calendar months "YYYY-MM" from 1980 (the earliest incident) to 2199. */
const MONTH = /^(19[89]\d|2[01]\d\d)-(0[1-9]|1[0-2])$/;

export interface Period {
  readonly label: string;
  /** "YYYY-MM", inclusive. */
  readonly from: string;
  readonly to: string;
}

const year = z.number().int('must be a whole number').min(1980, 'must be 1980 or later').max(2199, 'must be before 2200');
const periodSchema = z
  .object({
    year: year.nullish(),
    quarter: z.number().int('must be a whole number').min(1, 'must be 1 to 4').max(4, 'must be 1 to 4').nullish(),
    month: z.number().int('must be a whole number').min(1, 'must be 1 to 12').max(12, 'must be 1 to 12').nullish(),
    from: z.string().regex(MONTH, 'must be a month, YYYY-MM').nullish(),
    to: z.string().regex(MONTH, 'must be a month, YYYY-MM').nullish(),
  })
  .strict();

/** A period from the GraphQL input; `field` names it in errors. */
export function parsePeriod(input: unknown, field = 'period'): Period {
  const parsed = periodSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw BadUserInputError.field([field, ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'is not a period');
  }
  const { year: y, quarter, month, from, to } = parsed.data;
  const range = from != null || to != null;
  if (range) {
    if (y != null || quarter != null || month != null) throw BadUserInputError.field(field, 'is either a year (with a quarter or a month) or a range from..to, not both');
    if (from == null) throw BadUserInputError.field(`${field}.from`, 'is required with to');
    if (to == null) throw BadUserInputError.field(`${field}.to`, 'is required with from');
    return monthRange(from, to, `${field}.to`);
  }
  if (y == null) throw BadUserInputError.field(`${field}.year`, 'is required (or give a range from..to)');
  if (quarter != null && month != null) throw BadUserInputError.field(`${field}.month`, 'give a quarter or a month, not both');
  if (quarter != null) {
    const first = (quarter - 1) * 3 + 1;
    return { label: `${y}-Q${quarter}`, from: monthOf(y, first), to: monthOf(y, first + 2) };
  }
  if (month != null) return { label: monthOf(y, month), from: monthOf(y, month), to: monthOf(y, month) };
  return { label: String(y), from: monthOf(y, 1), to: monthOf(y, 12) };
}

/** A range of whole months, inclusive, validated. */
export function monthRange(from: string, to: string, field = 'to'): Period {
  if (!MONTH.test(from)) throw BadUserInputError.field(field.replace(/to$/, 'from'), 'must be a month, YYYY-MM');
  if (!MONTH.test(to)) throw BadUserInputError.field(field, 'must be a month, YYYY-MM');
  if (to < from) throw BadUserInputError.field(field, 'must not be before from');
  if (monthsBetween(from, to).length > MAX_RANGE_MONTHS) throw BadUserInputError.field(field, `a range is at most ${MAX_RANGE_MONTHS} months`);
  return { label: from === to ? from : `${from}..${to}`, from, to };
}

export function yearEarlier(period: Period): Period {
  const shift = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  const label = /^\d{4}$/.test(period.label) ? String(Number(period.label) - 1) : period.label.replace(/\d{4}/g, (y) => String(Number(y) - 1));
  return { label, from: shift(period.from), to: shift(period.to) };
}

export function monthOf(y: number, m: number): string {
  return `${y}-${String(m).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to;
  for (let current = monthOf(y, m); current <= last; current = monthOf(y, m)) {
    months.push(current);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * The counter items (sort keys) that make up a period: whole calendar years as one Y item, the
 * other months as M items. A year is 1 item, a quarter 3, a range of 10 years at most 10 + 22.
 */
export function periodKeys(period: Period): string[] {
  const keys: string[] = [];
  const months = monthsBetween(period.from, period.to);
  for (let index = 0; index < months.length; ) {
    const month = months[index]!;
    const wholeYear = month.endsWith('-01') && months[index + 11] === `${month.slice(0, 4)}-12`;
    if (wholeYear) {
      keys.push(`Y${month.slice(0, 4)}`);
      index += 12;
    } else {
      keys.push(`M${month}`);
      index += 1;
    }
  }
  return keys;
}

export interface IncidentFigures {
  readonly count: number;
  readonly deaths: number;
  readonly injured: number;
  /** Fen. */
  readonly economicLoss: number;
}

export interface IncidentChangePercent {
  readonly count: number | null;
  readonly deaths: number | null;
  readonly injured: number | null;
  readonly economicLoss: number | null;
}

export interface IncidentComparison {
  readonly current: IncidentFigures;
  readonly yearEarlier: IncidentFigures;
  readonly changePercent: IncidentChangePercent;
}

export const ZERO: IncidentFigures = { count: 0, deaths: 0, injured: 0, economicLoss: 0 };

/** One attribute summed over counter items (the shards of a region and period); missing is zero. */
export function sum(items: readonly Readonly<Record<string, unknown>>[], attribute: string): number {
  let total = 0;
  for (const item of items) {
    const value = item[attribute];
    if (typeof value === 'number') total += value;
  }
  return total;
}

/** The figures of one dimension ('total', 'cause_FALL', …) summed over counter items. */
export function figuresOf(items: readonly Readonly<Record<string, unknown>>[], dimension: string): IncidentFigures {
  const of = (metric: string) => sum(items, `${metric}_${dimension}`);
  return { count: of('c'), deaths: of('d'), injured: of('i'), economicLoss: of('l') };
}

/** Change in percent, one decimal (同比); null when there is nothing to compare with. */
export function changePercent(current: number, earlier: number): number | null {
  if (earlier === 0) return null;
  return Math.round(((current - earlier) / earlier) * 1000) / 10;
}

export function compare(current: IncidentFigures, earlier: IncidentFigures): IncidentComparison {
  return {
    current,
    yearEarlier: earlier,
    changePercent: {
      count: changePercent(current.count, earlier.count),
      deaths: changePercent(current.deaths, earlier.deaths),
      injured: changePercent(current.injured, earlier.injured),
      economicLoss: changePercent(current.economicLoss, earlier.economicLoss),
    },
  };
}

export const DIMENSIONS = {
  cause: INJURY_CAUSES,
  intent: INJURY_INTENTS,
  place: INJURY_PLACES,
} as const;
