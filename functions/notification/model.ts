import * as z from 'zod';
import { NODE_KINDS, nameBasedUuid, taggedId } from '#core/ids.ts';
import { recordId } from '#core/taxonomy.ts';
import type { ChainPosition } from '#core/auth/policy.ts';
import type { CertificationLevel } from '#certification/model.ts';

/**
 * Notifications (提醒): what the daily reminders job (functions/reminders/) finds needs someone's
 * attention, written once per (subject, rule, threshold) and delivered to audiences — a
 * community's editors, the reviewers of each region code that covers it, the national level —
 * never to a list of people: who is in an audience is the caller's role and scope (the policy's
 * notification section), as it is on the day they read.
 */
export const NOTIFICATION_RULES = ['RE_REVIEW_DUE', 'RE_REVIEW_OVERDUE', 'AT_RISK', 'WAITING_AT_LEVEL', 'UPLOAD_EXPIRED', 'DANGER_ESCALATED', 'REPORT_OVERDUE'] as const;
export type NotificationRule = (typeof NOTIFICATION_RULES)[number];

/** Days before a re-review falls due at which its community is reminded, widest first. */
export const RE_REVIEW_THRESHOLDS = [180, 90, 30] as const;

/** An application waiting longer than this many working days (工作日, China's calendar) at one level is overdue there. */
export const WAITING_WORKING_DAYS = 20;

export type NotificationSubjectType = 'Certification' | 'Community' | 'Evidence' | 'HiddenDanger' | 'ResidentReport';

/** What the notification is about, as of the day the job found it (the facts its message states). */
export interface NotificationFacts {
  readonly level?: CertificationLevel;
  readonly dueOn?: string;
  /** Days from the job's day to the due date; negative when overdue. */
  readonly daysLeft?: number;
  readonly lastWorkMonth?: string | null;
  readonly waitingAt?: ChainPosition;
  readonly waitingSince?: string;
  readonly workingDaysWaited?: number;
  /** When the upload was requested and until when its URL held. */
  readonly uploadedAt?: string;
  readonly uploadExpiresAt?: string;
  /** The level an overdue hidden danger climbed to (DANGER_ESCALATED); its deadline is dueOn, its days overdue -daysLeft. */
  readonly escalatedTo?: ChainPosition;
}

export interface Notification {
  /** Derived from (subject, rule, threshold): the same finding always has the same id. */
  readonly id: string;
  readonly rule: NotificationRule;
  /** Which step of the rule: '180', '90', '30', 'OVERDUE', the at-risk episode, the stay at a level, 'EXPIRED'. */
  readonly threshold: string;
  readonly subjectType: NotificationSubjectType;
  readonly subjectId: string;
  readonly communityId: string;
  /** The community's region when the job found it: which reviewers' audiences receive it. */
  readonly regionCode: string;
  /** The audiences it was delivered to (keys.ts notificationKeys). */
  readonly audiences: readonly string[];
  /** The job's day (China), e.g. the --now of `npm run reminders`. */
  readonly on: string;
  readonly createdAt: string;
  /** One sentence in Chinese, with the community's name and the facts; no personal text. */
  readonly message: string;
  readonly facts: NotificationFacts;
  readonly version: number;
}

/** The identity of a finding: the notification's id is a name-based UUID (RFC 9562 version 8) of it, under its tag (`ntf_…`, ids.ts). */
export function notificationId(subjectType: NotificationSubjectType, subjectId: string, rule: NotificationRule, threshold: string): string {
  return taggedId('notification', nameBasedUuid(`${subjectType}\u0000${subjectId}\u0000${rule}\u0000${threshold}`));
}

/** The id the same finding's notification had before ids were tagged (demo data version 6 and the stores of then): the bare UUID. */
export function untaggedNotificationId(id: string): string {
  const prefix = `${NODE_KINDS.notification.tag}_`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/**
 * The re-review step a designation is at on a day: OVERDUE once the due date has passed, else the
 * narrowest threshold (30, 90 or 180 days) it is within; undefined when more than 180 days are left.
 * A job that missed days sends the step the designation is at, never the ones it passed.
 */
export function reReviewStep(daysLeft: number): { readonly rule: 'RE_REVIEW_DUE' | 'RE_REVIEW_OVERDUE'; readonly threshold: string } | undefined {
  if (daysLeft < 0) return { rule: 'RE_REVIEW_OVERDUE', threshold: 'OVERDUE' };
  const within = [...RE_REVIEW_THRESHOLDS].reverse().find((days) => daysLeft <= days);
  return within === undefined ? undefined : { rule: 'RE_REVIEW_DUE', threshold: String(within) };
}

/** At most this many notifications are marked read in one call (each is two items of one transaction). */
export const MAX_MARKED_READ = 40;

/** The ids of markNotificationsRead: repeats count once. */
export const notificationIdsSchema = z
  .array(recordId)
  .min(1, 'name at least one notification')
  .max(MAX_MARKED_READ, `at most ${MAX_MARKED_READ} notifications at once`)
  .transform((ids) => [...new Set(ids)]);
