import { createHash, randomInt } from 'node:crypto';
import * as z from 'zod';
import { addDays, chinaDateOf, daysBetween } from '#core/dates.ts';
import { chinaToday, plannedDate, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import { DANGER_SEVERITIES, deadlineIssue } from './danger-lifecycle.ts';
import { dangerSubjectSchema } from './danger-model.ts';
import { type HazardLocation, hazardLocationSchema, responsibleUnitSchema } from './model.ts';
import { newId } from '#core/ids.ts';

/**
 * A resident's report of a hazard (群众举报, issue 12 "Records"), as a partner app took it in:
 * what and where, in a community, received at the moment the platform took it. Anonymous unless
 * the resident left a phone number, which is kept apart from this record (report-repository.ts):
 * the record, its audit trail and every listing hold only `phoneGiven`. The office answers it
 * once: triaged into a hidden danger (HIDDEN_DANGER) or not a danger, with the reason (NO_DANGER).
 */
export const REPORT_STATUSES = ['RECEIVED', 'ANSWERED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_OUTCOMES = ['HIDDEN_DANGER', 'NO_DANGER'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** A report unanswered more than this many days after the China day it was received is overdue (on the 7th day it is not yet). */
export const REPORT_ANSWER_DAYS = 7;

export interface ResidentReport {
  readonly id: string;
  readonly communityId: string;
  /** The community's region when it was received (every counted record carries its stamp). */
  readonly regionCode: string;
  /** The intake app that filed it: only that app reads it back by its tracking code. */
  readonly appId: string;
  readonly description: string;
  readonly location: HazardLocation;
  /** Whether the resident left a phone number (the number itself is not in this record). */
  readonly phoneGiven: boolean;
  readonly receivedAt: string;
  /** The China day of receivedAt. */
  readonly receivedOn: string;
  readonly status: ReportStatus;
  readonly outcome?: ReportOutcome;
  /** The office's answer, which the resident reads through the app (no personal text). */
  readonly answer?: string;
  readonly answeredAt?: string;
  /** The China day of answeredAt. */
  readonly answeredOn?: string;
  /** The hidden danger it was triaged into (HIDDEN_DANGER). */
  readonly dangerId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A mainland mobile number (11 digits from 13… to 19…), with spaces, hyphens or +86 taken away. Messages never quote it. */
export const chineseMobile = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .refine((value) => /^1[3-9]\d{9}$/.test(value), 'must be a mainland China mobile number: 11 digits beginning 13 to 19');

export const submitResidentReportInputSchema = z.object({
  communityId: recordId,
  description: prose(2000),
  location: hazardLocationSchema,
  phone: chineseMobile.optional(),
});
export type SubmitResidentReportInput = z.output<typeof submitResidentReportInputSchema>;

/** What the office finds a report to be when it is one: a hidden danger of the community, made in the answer's transaction. */
export const reportDangerInputSchema = z
  .object({
    severity: z.enum(DANGER_SEVERITIES),
    /** What is wrong; the report's own description when not given. */
    description: prose(2000).optional(),
    responsibleUnit: responsibleUnitSchema,
    deadline: plannedDate,
    subject: dangerSubjectSchema.optional(),
  })
  .superRefine((danger, context) => {
    const issue = deadlineIssue(chinaToday(), danger.deadline);
    if (issue) context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });

export const answerResidentReportInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  /** What the resident reads: the danger found and its deadline, or why it is not one. */
  answer: prose(1000),
  danger: reportDangerInputSchema.optional(),
});
export type AnswerResidentReportInput = z.output<typeof answerResidentReportInputSchema>;

/** A new report, RECEIVED now, of `community`, filed by `appId`. */
export function newResidentReport(
  input: Omit<SubmitResidentReportInput, 'communityId' | 'phone'> & { readonly phoneGiven: boolean },
  community: { readonly id: string; readonly regionCode: string },
  appId: string,
  now: string = new Date().toISOString(),
): ResidentReport {
  return {
    id: newId('residentReport'),
    communityId: community.id,
    regionCode: community.regionCode,
    appId,
    description: input.description,
    location: input.location,
    phoneGiven: input.phoneGiven,
    receivedAt: now,
    receivedOn: chinaDateOf(now),
    status: 'RECEIVED',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}


/** Days since the report was received, on `today` (China days: 0 on the day itself). */
export function daysWaiting(report: Pick<ResidentReport, 'receivedOn'>, today: string): number {
  return daysBetween(report.receivedOn, today);
}

/** Whether a report is overdue on `today`: unanswered, and more than REPORT_ANSWER_DAYS days since the day it was received. */
export function isOverdue(report: Pick<ResidentReport, 'receivedOn' | 'status'>, today: string): boolean {
  return report.status === 'RECEIVED' && daysWaiting(report, today) > REPORT_ANSWER_DAYS;
}

/** The last received day an unanswered report may have to be overdue on `today`: a listing's range bound. */
export function overdueReceivedBy(today: string): string {
  return addDays(today, -(REPORT_ANSWER_DAYS + 1));
}

/**
 * Tracking codes (查询码): 12 characters of Crockford's base32 (60 random bits; no I, L, O or U,
 * so nothing reads as another character), returned once by the submission. The platform keeps
 * only the SHA-256 of the code, so neither the table nor the audit trail holds it.
 */
export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 12;

export function newTrackingCode(): string {
  let code = '';
  for (let index = 0; index < TRACKING_CODE_LENGTH; index += 1) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return code;
}

/**
 * A code as a resident may type it back: case, spaces and hyphens do not matter, and the
 * look-alikes read as Crockford says (O as 0, I and L as 1). Undefined when it cannot be a code.
 */
export function normalizedTrackingCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== TRACKING_CODE_LENGTH) return undefined;
  return [...code].every((character) => TRACKING_ALPHABET.includes(character)) ? code : undefined;
}

export function trackingDigest(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The minute window a submission counts in (UTC, `yyyy-mm-ddThh:mm`), and the seconds until it ends. */
export function rateWindowOf(now: Date): { readonly minute: string; readonly retryAfterSeconds: number; readonly expiresAt: number } {
  const minute = now.toISOString().slice(0, 16);
  const end = Date.parse(`${minute}:00.000Z`) + 60_000;
  return { minute, retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)), expiresAt: Math.ceil(end / 1000) + 3600 };
}
