import chineseDays from 'chinese-days';
import type { ChainPosition } from '#core/auth/policy.ts';
import type { CertificationLevel } from '#certification/model.ts';
import type { DesignationDue } from '#certification/service.ts';
import { CYCLES } from '#certification/cycles.ts';
import { notificationKeys } from '#core/db/keys.ts';
import { daysOverdue, escalationsDue, escalationThreshold } from '#hazard/danger-lifecycle.ts';
import type { HiddenDanger } from '#hazard/danger-model.ts';
import { daysWaiting, isOverdue, REPORT_ANSWER_DAYS, type ResidentReport } from '#hazard/report-model.ts';
import { addDays, chinaDateOf } from '#core/dates.ts';
import { lateArrivalAllowanceMs, type Evidence } from '#evidence/model.ts';
import { type NotificationFacts, type NotificationRule, type NotificationSubjectType, reReviewStep, WAITING_WORKING_DAYS } from '#notification/model.ts';

/**
 * The reminders job's rules, as pure functions of what the job read and its day (China): which
 * findings a designation, a waiting application or a pending upload makes, with the facts and the
 * sentence each notification states. The job (job.ts) reads, asks these, and writes.
 */

/** One thing the job found, before it is addressed and written. */
export interface Finding {
  readonly rule: NotificationRule;
  readonly threshold: string;
  readonly subjectType: NotificationSubjectType;
  readonly subjectId: string;
  readonly communityId: string;
  readonly facts: NotificationFacts;
  /** Who it is written to, when not the community's editors and every reviewer covering it (an escalation: its level's reviewers only). */
  readonly audiences?: readonly string[];
}

const LEVEL_NAMES: Readonly<Record<CertificationLevel, string>> = { CITY: '市级', NATIONAL: '全国', INTERNATIONAL: '国际' };
const CHAIN_LEVEL_NAMES: Readonly<Record<ChainPosition['level'], string>> = { COUNTY: '区县', CITY: '市', PROVINCE: '省', NATIONAL: '全国安全社区促进中心' };

/** The findings of one standing designation on `today`: its re-review step, and AT_RISK. */
export function designationFindings(due: DesignationDue): Finding[] {
  const findings: Finding[] = [];
  const step = reReviewStep(due.daysLeft);
  if (step) {
    findings.push({
      ...step,
      subjectType: 'Certification',
      subjectId: due.certification.id,
      communityId: due.communityId,
      facts: { level: due.level, dueOn: due.dueOn, daysLeft: due.daysLeft },
    });
  }
  if (due.atRisk) {
    // One episode per lapse: work recorded since ends it, and a later lapse is a new one.
    findings.push({
      rule: 'AT_RISK',
      threshold: `since:${due.lastWorkMonth ?? 'NONE'}`,
      subjectType: 'Community',
      subjectId: due.communityId,
      communityId: due.communityId,
      facts: { lastWorkMonth: due.lastWorkMonth },
    });
  }
  return findings;
}

/** The day in China of an instant (core/dates.ts). */
export { chinaDateOf };

/**
 * Working days (工作日) after `sinceDate` up to and including `today`, by China's calendar: the
 * State Council's holidays and make-up working days (调休) where chinese-days has the year, Monday
 * to Friday otherwise. The day it began waiting does not count.
 */
export function workingDaysAfter(sinceDate: string, today: string): number {
  if (today <= sinceDate) return 0;
  return chineseDays.getWorkdaysInRange(addDays(sinceDate, 1), today).length;
}

/** The earliest waiting day (China) that can have waited more than WAITING_WORKING_DAYS working days by `today`: a queue's range bound. */
export function waitingCutoff(today: string): string {
  // A working day is at least a calendar day: more than 20 working days needs more than 20 days.
  return addDays(today, -(WAITING_WORKING_DAYS + 1));
}

/** An application waiting at a level of the chain (or for its on-site review) longer than the rule allows. */
export function waitingFinding(
  certification: { readonly id: string; readonly communityId: string; readonly level: CertificationLevel; readonly waitingFor?: ChainPosition; readonly waitingSince?: string },
  today: string,
): Finding | undefined {
  const { waitingFor, waitingSince } = certification;
  if (!waitingFor || !waitingSince) return undefined;
  const waited = workingDaysAfter(chinaDateOf(waitingSince), today);
  if (waited <= WAITING_WORKING_DAYS) return undefined;
  return {
    rule: 'WAITING_AT_LEVEL',
    // One per stay at a level: an endorsement moves it on and a later stay is a new one.
    threshold: `${waitingFor.level}#${waitingFor.regionCode ?? 'NATIONAL'}#${waitingSince}`,
    subjectType: 'Certification',
    subjectId: certification.id,
    communityId: certification.communityId,
    facts: { level: certification.level, waitingAt: waitingFor, waitingSince, workingDaysWaited: waited },
  };
}

/**
 * Whether a PENDING_UPLOAD evidence's upload can no longer arrive at `now`: its URL expired, and
 * the processor's allowance for a large file still arriving (lateArrivalAllowanceMs) has passed too.
 */
export function uploadHasExpired(evidence: Pick<Evidence, 'status' | 'uploadExpiresAt' | 'size'>, now: Date): boolean {
  return evidence.status === 'PENDING_UPLOAD' && now.getTime() > Date.parse(evidence.uploadExpiresAt) + lateArrivalAllowanceMs(evidence.size);
}

export function uploadExpiredFinding(evidence: Evidence): Finding {
  return {
    rule: 'UPLOAD_EXPIRED',
    threshold: 'EXPIRED',
    subjectType: 'Evidence',
    subjectId: evidence.id,
    communityId: evidence.communityId,
    facts: { uploadedAt: evidence.uploadedAt, uploadExpiresAt: evidence.uploadExpiresAt },
  };
}

/**
 * The escalations an overdue hidden danger makes on `today`: one finding per level it has climbed
 * to (danger-lifecycle.ts escalationsDue), each written to that level's reviewers only. Exactly
 * once per level: the threshold names the level, so the notification's id is the same whenever
 * the job finds it again (the repository's condition, and `existing`, keep the first one).
 */
export function dangerEscalationFindings(danger: HiddenDanger, communityRegionCode: string, today: string): Finding[] {
  const overdue = daysOverdue(danger, today);
  return escalationsDue(danger, communityRegionCode, today, []).map((position) => ({
    rule: 'DANGER_ESCALATED' as const,
    threshold: escalationThreshold(position),
    subjectType: 'HiddenDanger' as const,
    subjectId: danger.id,
    communityId: danger.communityId,
    facts: { dueOn: danger.deadline, daysLeft: -overdue, escalatedTo: position },
    audiences: [position.regionCode ? notificationKeys.regionAudience(position.regionCode) : notificationKeys.nationalAudience],
  }));
}

/**
 * A resident's report still unanswered on `today` more than 7 days after the day it was received
 * (REPORT_OVERDUE): once per report, to the community's editors only (the office that answers it).
 */
export function reportOverdueFinding(report: Pick<ResidentReport, 'id' | 'communityId' | 'receivedOn' | 'status'>, today: string): Finding | undefined {
  if (!isOverdue(report, today)) return undefined;
  const dueOn = addDays(report.receivedOn, REPORT_ANSWER_DAYS);
  return {
    rule: 'REPORT_OVERDUE',
    threshold: 'OVERDUE',
    subjectType: 'ResidentReport',
    subjectId: report.id,
    communityId: report.communityId,
    facts: { dueOn, daysLeft: REPORT_ANSWER_DAYS - daysWaiting(report, today) },
    audiences: [notificationKeys.communityAudience(report.communityId)],
  };
}

/** The sentence a notification states, in Chinese, with the community's name; nothing personal (no file names, no people). */
export function messageOf(finding: Finding, communityName: string): string {
  const { facts } = finding;
  const level = facts.level ? LEVEL_NAMES[facts.level] : '';
  switch (finding.rule) {
    case 'RE_REVIEW_DUE':
      return facts.daysLeft === 0
        ? `${communityName}的${level}安全社区称号今天（${facts.dueOn}）到期，应当复评。`
        : `${communityName}的${level}安全社区称号将于${facts.dueOn}到期，还有${facts.daysLeft}天，请准备复评。`;
    case 'RE_REVIEW_OVERDUE':
      return `${communityName}的${level}安全社区复评已逾期${-(facts.daysLeft ?? 0)}天（应于${facts.dueOn}前复评）。`;
    case 'AT_RISK':
      return `${communityName}已连续${CYCLES.atRiskAfterMonths}个月没有记录的工作（最近一次：${facts.lastWorkMonth ?? '无'}），称号有被撤销的风险。`;
    case 'WAITING_AT_LEVEL': {
      const at = facts.waitingAt ? `${facts.waitingAt.regionCode ? `${facts.waitingAt.regionCode} ` : ''}${CHAIN_LEVEL_NAMES[facts.waitingAt.level]}` : '';
      return `${communityName}的${level}安全社区申请已在${at}等待${facts.workingDaysWaited}个工作日（自${facts.waitingSince ? chinaDateOf(facts.waitingSince) : ''}）。`;
    }
    case 'DANGER_ESCALATED': {
      const to = facts.escalatedTo ? `${facts.escalatedTo.regionCode ? `${facts.escalatedTo.regionCode} ` : ''}${CHAIN_LEVEL_NAMES[facts.escalatedTo.level]}` : '';
      return `${communityName}的一项隐患已超过整改期限（${facts.dueOn}）${-(facts.daysLeft ?? 0)}天仍未整改完成，已升级至${to}。`;
    }
    case 'REPORT_OVERDUE':
      return `${communityName}收到的一份群众举报已超过答复期限（${facts.dueOn}）${-(facts.daysLeft ?? 0)}天仍未答复，请尽快答复。`;
    case 'UPLOAD_EXPIRED':
      return `${communityName}于${facts.uploadedAt ? chinaDateOf(facts.uploadedAt) : ''}申请上传的一份证明材料未在上传链接有效期内到达，已标记为过期，请重新上传。`;
  }
}
