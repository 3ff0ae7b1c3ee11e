import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CertificationRepository } from '#certification/repository.ts';
import { designationDue } from '#certification/service.ts';
import { phaseOf } from '#certification/chain.ts';
import type { Community } from '#community/model.ts';
import { CommunityRepository } from '#community/repository.ts';
import { type ChainPosition, chainRegionOf, notificationAudiencesOf } from '#core/auth/policy.ts';
import { addDays } from '#core/dates.ts';
import { ConflictError } from '#core/errors.ts';
import { systemOrigin, type WriteOrigin } from '#core/origin.ts';
import { encodeCursor } from '#core/pagination.ts';
import type { Table } from '#core/db/table.ts';
import type { Evidence } from '#evidence/model.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { NOTIFICATION_RULES, type Notification, notificationId, type NotificationRule, untaggedNotificationId } from '#notification/model.ts';
import { AlreadyNotified, NotificationRepository } from '#notification/repository.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import { DueItemChanged, type InspectionSchedule } from '#hazard/inspection-schedule.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { overdueReceivedBy } from '#hazard/report-model.ts';
import { ResidentReportRepository } from '#hazard/report-repository.ts';
import {
  chinaDateOf,
  dangerEscalationFindings,
  designationFindings,
  type Finding,
  messageOf,
  reportOverdueFinding,
  uploadExpiredFinding,
  uploadHasExpired,
  waitingCutoff,
  waitingFinding,
} from './rules.ts';

/**
 * The daily reminders job (issue 11). It reads, with Queries on sparse listings and never a Scan:
 *   - the communities (gsi1 COMMUNITIES): their names, regions, and so which provinces and which
 *     levels of the chain have anything to look at;
 *   - each province's standing designations (gsi2 DESIGNATIONS_DUE#<pp>, the radar's partition,
 *     through the certification repository) and the communities' months of recorded work;
 *   - each queue of the endorsement chain (gsi2 CERTIFICATIONS_WAITING#<level>#<region>), only the
 *     part waiting since before the rule's earliest possible day;
 *   - each province's PENDING_UPLOAD evidence whose upload URL has expired (gsi1, sparse);
 *   - each province's residents' reports unanswered more than 7 days (gsi2 RESIDENT_REPORTS_UNANSWERED#<pp>, sparse).
 * and writes a notification per finding, keyed by (subject, rule, threshold): a re-run the same
 * day, a replayed schedule or two runs at once never write one twice (the repository's condition).
 * An upload that never arrived becomes EXPIRED in the same transaction as its notification, with
 * its audit entry.
 */

export interface ReminderRun {
  /** The job's day in China (`npm run reminders -- --now 2027-01-01`). */
  readonly today: string;
  /** The instant uploads are judged at: now, or the end of `today` when the job runs for another day. */
  readonly now: Date;
}

export interface RuleTally {
  written: number;
  alreadySent: number;
}

export interface ReminderReport {
  readonly today: string;
  readonly written: number;
  readonly alreadySent: number;
  readonly evidenceExpired: number;
  /** Inspection dues missed: subjects with due days passed uninspected, and the days counted (in_due, in_miss). */
  readonly missedInspections: { readonly subjects: number; readonly days: number };
  readonly byRule: Readonly<Record<NotificationRule, RuleTally>>;
  readonly checked: { readonly communities: number; readonly designations: number; readonly queues: number; readonly waiting: number; readonly pendingUploads: number; readonly overdueDangers: number; readonly overdueReports: number };
}

/** Delivers what a run wrote by another channel (SES e-mail in AWS, when configured). */
export interface ReminderMailer {
  send(written: readonly Notification[], report: ReminderReport): Promise<void>;
}

export type ReminderLogger = Pick<Console, 'info' | 'warn' | 'error'>;

const PAGE = 100;

/** The run's instant for a day: the real now on today's date, otherwise the last instant of that day in China. */
export function runFor(today: string | undefined, realNow: Date = new Date()): ReminderRun {
  const realToday = chinaDateOf(realNow);
  if (today === undefined || today === realToday) return { today: realToday, now: realNow };
  return { today, now: new Date(`${today}T23:59:59.999+08:00`) };
}

export class RemindersJob {
  private readonly communities: CommunityRepository;
  private readonly certifications: CertificationRepository;
  private readonly evidence: EvidenceRepository;
  private readonly notifications: NotificationRepository;
  private readonly dangers: HiddenDangerRepository;
  private readonly schedule: InspectionSchedule;
  private readonly reports: ResidentReportRepository;

  constructor(
    table: Table,
    private readonly options: { readonly logger?: ReminderLogger; readonly mailer?: ReminderMailer; readonly origin?: () => WriteOrigin } = {},
  ) {
    // The platform's pipeline: an evidence expiry commits with every contributor's steps (its audit entry).
    const pipeline = createWritePipeline(table);
    this.communities = new CommunityRepository(table, pipeline);
    this.certifications = new CertificationRepository(table, pipeline, this.communities, new AssessmentRepository(table, pipeline, this.communities).assessments);
    this.evidence = new EvidenceRepository(table, pipeline);
    this.notifications = new NotificationRepository(table, pipeline);
    this.dangers = new HiddenDangerRepository(table, pipeline);
    this.schedule = new HazardRepository(table, pipeline).schedule;
    this.reports = new ResidentReportRepository(table, pipeline, this.dangers);
  }

  async run(run: ReminderRun): Promise<ReminderReport> {
    const origin = this.options.origin?.() ?? systemOrigin('reminders', `reminders:${run.today}:${randomUUID()}`);
    const byRule = Object.fromEntries(NOTIFICATION_RULES.map((rule) => [rule, { written: 0, alreadySent: 0 }])) as Record<NotificationRule, RuleTally>;
    const written: Notification[] = [];
    const communities = await this.allCommunities();
    const provinces = [...new Set([...communities.values()].map((community) => community.regionCode.slice(0, 2)))].sort();

    // Designations: the re-review steps and AT_RISK.
    const designationFound: Finding[] = [];
    let designations = 0;
    for (const province of provinces) {
      const standing = await this.allPages((after) => this.certifications.designationsDue(province, '9999-12-31').page(PAGE, after));
      designations += standing.length;
      const work = await this.certifications.workMonths(standing.map((certification) => certification.communityId), run.today);
      for (const certification of standing) designationFound.push(...designationFindings(designationDue(certification, work.get(certification.communityId) ?? [], run.today)));
    }

    // Applications waiting at a level: every queue a community's region has, read only below the earliest possible day.
    const queues = chainPositionsOf(communities.values());
    const cutoff = waitingCutoff(run.today);
    const waitingFound: Finding[] = [];
    let waiting = 0;
    for (const position of queues) {
      const partition = this.certifications.waitingPartition(position);
      const queued = await this.allPages((after) => this.certifications.certifications.page({ index: 'gsi2', partition, from: '0000', to: `${cutoff}\uffff`, first: PAGE, ...(after ? { after } : {}) }));
      waiting += queued.length;
      for (const certification of queued) {
        const phase = phaseOf(certification);
        // A rectification waits for the community, not for a level.
        if (phase !== 'ENDORSEMENT' && phase !== 'ON_SITE_REVIEW') continue;
        const finding = waitingFinding(certification, run.today);
        if (finding) waitingFound.push(finding);
      }
    }

    // Hidden dangers awaiting their fix past their deadline (each province's sparse listing, up to
    // yesterday's deadlines): each level they have climbed to, once (escalation).
    const escalationFound: Finding[] = [];
    let overdueDangers = 0;
    const yesterday = addDays(run.today, -1);
    for (const province of provinces) {
      const awaiting = await this.allPages((after) => this.dangers.awaitingBy(province, yesterday, PAGE, after));
      overdueDangers += awaiting.length;
      for (const danger of awaiting) {
        const community = communities.get(danger.communityId);
        if (community) escalationFound.push(...dangerEscalationFindings(danger, community.regionCode, run.today));
      }
    }

    // Residents' reports unanswered more than 7 days (each province's sparse listing of unanswered
    // reports, up to the last received day that can be overdue): the community's editors, once per report.
    const reportFound: Finding[] = [];
    let overdueReports = 0;
    for (const province of provinces) {
      const unanswered = await this.allPages((after) => this.reports.unansweredBy(province, overdueReceivedBy(run.today), PAGE, after));
      overdueReports += unanswered.length;
      for (const report of unanswered) {
        const finding = reportOverdueFinding(report, run.today);
        if (finding) reportFound.push(finding);
      }
    }

    // Most findings of a day were sent on an earlier one (an overdue title stays overdue): one
    // BatchGetItem per 100 finds them, and only new ones are written (under their condition still).
    const found = [...designationFound, ...waitingFound, ...escalationFound, ...reportFound].flatMap((finding) => {
      const notification = this.notificationOf(finding, communities, run, origin);
      return notification ? [notification] : [];
    });
    // A finding notified before ids were tagged has its notification under the bare UUID: sent too.
    const sent = await this.notifications.existing(found.flatMap((notification) => [notification.id, untaggedNotificationId(notification.id)]));
    for (const notification of found) {
      const already = sent.has(notification.id) || sent.has(untaggedNotificationId(notification.id));
      const outcome = already ? 'ALREADY_SENT' : await this.notifications.send(notification, origin);
      sent.add(notification.id);
      this.tally(byRule, notification.rule, outcome, notification, written);
    }

    // Uploads that never arrived: EXPIRED, with the notification, in one transaction.
    let pendingUploads = 0;
    let evidenceExpired = 0;
    const expiredBy = new Date(run.now.getTime() - 120_000).toISOString();
    for (const province of provinces) {
      const pending = await this.allPages((after) => this.evidence.pendingUploads(province, expiredBy, PAGE, after));
      pendingUploads += pending.length;
      for (const evidence of pending.filter((item) => uploadHasExpired(item, run.now))) {
        const finding = uploadExpiredFinding(evidence);
        const notification = this.notificationOf(finding, communities, run, origin);
        if (!notification) continue;
        const outcome = await this.expire(evidence, notification, run, origin);
        if (outcome === 'CHANGED') continue;
        if (outcome === 'SENT') evidenceExpired += 1;
        this.tally(byRule, finding.rule, outcome, notification, written);
      }
    }

    // Inspection dues missed: each province's due items with a due day before today; for each, the
    // due days passed uninspected since it last counted, in one transaction per subject (and month
    // of days) under the item's rev: a re-run, or two runs at once, count nothing twice.
    const missedInspections = { subjects: 0, days: 0 };
    for (const province of provinces) {
      for await (const page of this.schedule.passedBefore(province, run.today)) {
        for (const item of page) {
          const days = await this.settleMissed(item, run.today);
          if (days > 0) {
            missedInspections.subjects += 1;
            missedInspections.days += days;
          }
        }
      }
    }

    const total = (key: keyof RuleTally) => Object.values(byRule).reduce((sum, tally) => sum + tally[key], 0);
    const report: ReminderReport = {
      today: run.today,
      written: total('written'),
      alreadySent: total('alreadySent'),
      evidenceExpired,
      missedInspections,
      byRule,
      checked: { communities: communities.size, designations, queues: queues.length, waiting, pendingUploads, overdueDangers, overdueReports },
    };
    // Counts only: no names, no tokens, no personal text.
    this.options.logger?.info('reminders run', report);
    if (this.options.mailer && written.length > 0) await this.options.mailer.send(written, report);
    return report;
  }

  /**
   * The due days of one subject passed before `today`. When another write got there first (an
   * inspection, a grade change, another run; or the listing, eventually consistent, was behind)
   * nothing of that month was counted: that write settled the days itself, or the next run does.
   */
  private async settleMissed(item: Parameters<InspectionSchedule['settle']>[0], today: string): Promise<number> {
    try {
      return await this.schedule.settle(item, today);
    } catch (error) {
      if (!(error instanceof DueItemChanged)) throw error;
      this.options.logger?.info('reminders: an inspection schedule changed while its missed dues were counted', { subjectType: item.subjectType, subjectId: item.subjectId });
      return 0;
    }
  }

  private tally(byRule: Record<NotificationRule, RuleTally>, rule: NotificationRule, outcome: 'SENT' | 'ALREADY_SENT', notification: Notification, written: Notification[]): void {
    if (outcome === 'SENT') {
      byRule[rule].written += 1;
      written.push(notification);
    } else {
      byRule[rule].alreadySent += 1;
    }
  }

  /** Evidence → EXPIRED and its notification together; CHANGED when the processor (or a withdrawal) got there first. */
  private async expire(evidence: Evidence, notification: Notification, run: ReminderRun, origin: WriteOrigin): Promise<'SENT' | 'ALREADY_SENT' | 'CHANGED'> {
    const at = new Date().toISOString();
    const next: Evidence = { ...evidence, status: 'EXPIRED', expiredAt: new Date(Math.min(run.now.getTime(), Date.parse(at))).toISOString(), version: evidence.version + 1, updatedAt: at };
    try {
      await this.evidence.expire(evidence, next, origin, this.notifications.deliverySteps(notification));
      return 'SENT';
    } catch (error) {
      if (error instanceof AlreadyNotified) return 'ALREADY_SENT';
      if (error instanceof ConflictError) {
        this.options.logger?.info('reminders: evidence changed before it could expire', { evidenceId: evidence.id });
        return 'CHANGED';
      }
      throw error;
    }
  }

  private notificationOf(finding: Finding, communities: ReadonlyMap<string, Community>, run: ReminderRun, origin: WriteOrigin): Notification | undefined {
    const community = communities.get(finding.communityId);
    if (!community) {
      this.options.logger?.warn('reminders: a finding of a community that is not listed', { rule: finding.rule, communityId: finding.communityId, requestId: origin.requestId });
      return undefined;
    }
    return {
      id: notificationId(finding.subjectType, finding.subjectId, finding.rule, finding.threshold),
      rule: finding.rule,
      threshold: finding.threshold,
      subjectType: finding.subjectType,
      subjectId: finding.subjectId,
      communityId: community.id,
      regionCode: community.regionCode,
      audiences: finding.audiences ? [...finding.audiences] : notificationAudiencesOf(community),
      on: run.today,
      createdAt: new Date().toISOString(),
      message: messageOf(finding, community.name),
      facts: finding.facts,
      version: 1,
    };
  }

  private async allCommunities(): Promise<Map<string, Community>> {
    const all = await this.allPages((after) => this.communities.page({ regionPrefix: null, stage: null, first: PAGE, ...(after ? { after } : {}) }));
    return new Map(all.map((community) => [community.id, community]));
  }

  /** Every item of a paged listing, following its cursors. */
  private async allPages<T>(page: (after: string | undefined) => Promise<{ readonly items: readonly { position: string; node: T }[]; readonly hasNextPage: boolean }>): Promise<T[]> {
    const found: T[] = [];
    let after: string | undefined;
    for (;;) {
      const result = await page(after);
      found.push(...result.items.map((item) => item.node));
      const last = result.items.at(-1);
      if (!result.hasNextPage || !last) return found;
      after = encodeCursor(last.position);
    }
  }
}

/** Every queue of the chain the communities' regions have: their counties, cities and provinces, and the national centre. */
export function chainPositionsOf(communities: Iterable<Pick<Community, 'regionCode'>>): ChainPosition[] {
  const positions = new Map<string, ChainPosition>([['NATIONAL', { level: 'NATIONAL', regionCode: null }]]);
  for (const community of communities) {
    for (const level of ['PROVINCE', 'CITY', 'COUNTY'] as const) {
      const regionCode = chainRegionOf(level, community.regionCode);
      if (regionCode && regionCode.length <= community.regionCode.length) positions.set(`${level}#${regionCode}`, { level, regionCode });
    }
  }
  return [...positions.values()];
}

/** The job of a process on its clients. */
export function createRemindersJob(tableName: string, documents: DynamoDBDocumentClient, options?: ConstructorParameters<typeof RemindersJob>[1]): RemindersJob {
  return new RemindersJob({ client: documents, name: tableName }, options);
}
