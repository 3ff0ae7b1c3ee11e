/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD, China's day as `chinaToday` gives it): no time of
 * day, no time zone. One definition for the re-review cycle, the radar, the briefings and the
 * inspection frequencies.
 */

const DAY_MS = 86_400_000;

/** A calendar date `months` later (earlier when negative); a day the target month lacks (the 31st, 29 February) falls on its last day. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const total = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** The day in China (UTC+8, no daylight saving) of an instant. */
export function chinaDateOf(instant: string | Date): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A calendar date `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
