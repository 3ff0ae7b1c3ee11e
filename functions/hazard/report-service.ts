import DataLoader from 'dataloader';
import { authorizeReportIntake, authorizeResidentReport, canSeeIncidentDetails, canSeeReporterPhone } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import type { RequestReadLog } from '#core/read-log.ts';
import { chinaToday, recordId } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import type { DangerState } from './danger-lifecycle.ts';
import { type HiddenDanger, newHiddenDanger } from './danger-model.ts';
import type { HiddenDangerRepository } from './danger-repository.ts';
import {
  answerResidentReportInputSchema,
  newResidentReport,
  newTrackingCode,
  normalizedTrackingCode,
  overdueReceivedBy,
  rateWindowOf,
  type ReportOutcome,
  type ReportStatus,
  type ResidentReport,
  submitResidentReportInputSchema,
  trackingDigest,
} from './report-model.ts';
import { type ResidentReportRepository, residentReportListing, TrackingCodeTaken } from './report-repository.ts';
import type { HazardService } from './service.ts';
import { chinaDateOf } from '#core/dates.ts';

/** What a submission returns, once: the tracking code is never shown again (the platform keeps only its digest). */
export interface ReportReceipt {
  readonly trackingCode: string;
  readonly status: ReportStatus;
  readonly receivedAt: string;
  readonly receivedOn: string;
}

/** What a tracking code shows the resident (through their app): the answer, and the state of the danger it became; nothing internal. */
export interface ReportTracking {
  readonly status: ReportStatus;
  readonly receivedOn: string;
  readonly outcome: ReportOutcome | null;
  readonly answer: string | null;
  readonly answeredOn: string | null;
  readonly hiddenDangerState: DangerState | null;
}

export interface ResidentReportArgs {
  readonly status?: ReportStatus | null;
  /** true: only those overdue today (unanswered more than 7 days); false: only those not. */
  readonly overdue?: boolean | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export type ResidentReportConnectionModel = Connection<ResidentReport>;

const LABEL = "resident's report";
/** A tracking code drawn twice is drawn again, this many times. */
const SUBMIT_ATTEMPTS = 3;

/**
 * Residents' reports (群众举报) for one request: submitted and read back by tracking code by an
 * intake app (REPORT_INTAKE), read by the community's staff, answered by its office (the policy's
 * "Residents' reports" section decides each); the phone only for the community's editors.
 */
export class ResidentReportService {
  private readonly byId: DataLoader<string, ResidentReport | undefined>;
  private readonly phoneById: DataLoader<string, string | undefined>;

  constructor(
    private readonly repository: ResidentReportRepository,
    private readonly dangers: HiddenDangerRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly hazards: HazardService,
    private readonly limits: { readonly perMinute: number },
    private readonly origin: WriteOrigin,
    private readonly readLog: RequestReadLog,
  ) {
    this.byId = new DataLoader((ids) => repository.reports.getMany(ids), { maxBatchSize: 100 });
    this.phoneById = new DataLoader((ids) => repository.phones(ids), { maxBatchSize: 100 });
  }

  /**
   * An intake app files a report into a community (of its region, when its token names one). One
   * transaction with the app's count in this minute's window: past the limit it is RATE_LIMITED
   * and nothing is written.
   */
  async submit(rawInput: unknown): Promise<ReportReceipt> {
    authorizeReportIntake(this.principal);
    const input = parseInput(submitResidentReportInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.find(input.communityId);
    if (!community) throw new NotFoundError('community', input.communityId);
    const app = authorizeReportIntake(this.principal, community);
    for (let attempt = 1; ; attempt += 1) {
      const now = new Date();
      const report = newResidentReport({ description: input.description, location: input.location, phoneGiven: input.phone !== undefined }, community, app.appId, now.toISOString());
      const trackingCode = newTrackingCode();
      try {
        await this.repository.submit(
          report,
          { ...(input.phone !== undefined ? { phone: input.phone } : {}), trackingDigest: trackingDigest(trackingCode), window: rateWindowOf(now), limit: this.limits.perMinute },
          this.origin,
        );
        return { trackingCode, status: report.status, receivedAt: report.receivedAt, receivedOn: report.receivedOn };
      } catch (error) {
        if (attempt < SUBMIT_ATTEMPTS && error instanceof TrackingCodeTaken) continue;
        throw error;
      }
    }
  }

  /** A report as its tracking code shows it, to the app that filed it only (another app's code is NOT_FOUND). */
  async byTrackingCode(code: string): Promise<ReportTracking> {
    const app = authorizeReportIntake(this.principal);
    const normalized = normalizedTrackingCode(code);
    if (!normalized) throw BadUserInputError.field('code', 'is not a tracking code: 12 letters and digits as the submission returned it');
    const tracked = await this.repository.tracked(trackingDigest(normalized));
    const report = tracked && tracked.appId === app.appId ? await this.repository.reports.get(tracked.reportId) : undefined;
    if (!report || report.appId !== app.appId) throw new NotFoundError(LABEL, 'of this tracking code');
    const danger = report.dangerId ? await this.dangers.dangers.get(report.dangerId) : undefined;
    return {
      status: report.status,
      receivedOn: report.receivedOn,
      outcome: report.outcome ?? null,
      answer: report.answer ?? null,
      answeredOn: report.answeredOn ?? null,
      hiddenDangerState: danger?.state ?? null,
    };
  }

  async get(id: string): Promise<ResidentReport> {
    return (await this.visible(id)).report;
  }

  /**
   * A community's reports, earliest received first. `overdue: true` reads only the range of days
   * received more than 7 days ago (the listing's key) and keeps the unanswered ones.
   */
  async list(communityId: string, args: ResidentReportArgs): Promise<Connection<ResidentReport>> {
    const parsed = recordId.safeParse(communityId);
    if (!parsed.success) throw BadUserInputError.field('communityId', parsed.error.issues[0]?.message ?? 'is not an id');
    const community = await this.communities.find(parsed.data);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeResidentReport(this.principal, 'report:read', community);
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const status = args.overdue === true ? 'RECEIVED' : args.status;
    if (args.overdue === true && args.status === 'ANSWERED') throw BadUserInputError.field('overdue', 'only unanswered (RECEIVED) reports are overdue');
    if (status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = status;
    }
    const lastOverdueDay = overdueReceivedBy(chinaToday());
    let range: { from?: string; to?: string } = {};
    if (args.overdue === true) {
      range = { from: '0', to: `${lastOverdueDay}\uffff` };
    } else if (args.overdue === false) {
      conditions.push('(#receivedOn > :lastOverdueDay OR #status <> :received)');
      Object.assign(names, { '#receivedOn': 'receivedOn', '#status': 'status' });
      Object.assign(values, { ':lastOverdueDay': lastOverdueDay, ':received': 'RECEIVED' });
    }
    const listing = {
      partition: residentReportListing(community.id),
      ...range,
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    };
    const request = pageRequest(args.first, args.after);
    const result = await this.repository.reports.page({ ...listing, ...request });
    for (const item of result.items) this.byId.prime(item.node.id, item.node);
    return connectionOf(result.items, result.hasNextPage, request.after !== undefined, () => this.repository.reports.count(listing));
  }

  /**
   * The office answers a report, once: with `danger`, a hidden danger of the community is created
   * from it in the same transaction (outcome HIDDEN_DANGER); without, it is not a danger and the
   * answer says why (NO_DANGER). A second answer is BAD_USER_INPUT on input.id; a stale version CONFLICT.
   */
  async answer(rawInput: unknown): Promise<ResidentReport> {
    const input = parseInput(answerResidentReportInputSchema, rawInput, { nullMeansAbsent: true });
    const { report: current, community } = await this.visible(input.id);
    authorizeResidentReport(this.principal, 'report:answer', community, { label: LABEL, id: current.id });
    this.repository.reports.assertVersion(current, input.version);
    if (current.status === 'ANSWERED') throw BadUserInputError.field('input.id', `was answered on ${current.answeredOn ?? ''}: a report is answered once`);
    let danger: HiddenDanger | undefined;
    if (input.danger) {
      const { description, subject, ...rest } = input.danger;
      if (subject) await this.assertSubjectOf(community, subject);
      danger = newHiddenDanger({ ...rest, description: description ?? current.description, ...(subject ? { subject } : {}) }, community, { reportId: current.id });
    }
    const now = new Date().toISOString();
    const next: ResidentReport = {
      ...current,
      status: 'ANSWERED',
      outcome: danger ? 'HIDDEN_DANGER' : 'NO_DANGER',
      answer: input.answer,
      answeredAt: now,
      answeredOn: chinaDateOf(now),
      ...(danger ? { dangerId: danger.id } : {}),
      version: current.version + 1,
      updatedAt: now,
    };
    await this.repository.answer(current, next, this.origin, danger);
    this.byId.clear(current.id).prime(current.id, next);
    return next;
  }

  /** The phone the resident left: the community's editors only (null for everyone else, and when none was left); each read is logged, without the number. */
  async phoneOf(report: ResidentReport): Promise<string | null> {
    if (!report.phoneGiven) return null;
    const community = await this.communities.find(report.communityId);
    if (!community || !canSeeReporterPhone(this.principal, community)) return null;
    const phone = await this.phoneById.load(report.id);
    if (phone !== undefined) this.readLog.personalData('ResidentReport', report, ['phone']);
    return phone ?? null;
  }

  /**
   * What the resident wrote: personal text, as an incident's description (a neighbour's name, a
   * door number), so analysts read null and every other read is logged (never the text).
   */
  async descriptionOf(report: ResidentReport): Promise<string | null> {
    const community = await this.communities.find(report.communityId);
    if (!community || !canSeeIncidentDetails(this.principal, community)) return null;
    this.readLog.personalData('ResidentReport', report, ['description']);
    return report.description;
  }

  /** The hidden danger a report was triaged into, as the caller may read it. */
  dangerOf(report: ResidentReport): Promise<HiddenDanger | undefined> {
    return report.dangerId ? this.dangers.dangers.get(report.dangerId) : Promise.resolve(undefined);
  }

  /** A report and its community as the caller may see them (NOT_FOUND otherwise). */
  private async visible(id: string): Promise<{ report: ResidentReport; community: Community }> {
    const report = await this.byId.load(id);
    const community = report && (await this.communities.find(report.communityId));
    if (!report || !community) throw new NotFoundError(LABEL, id);
    authorizeResidentReport(this.principal, 'report:read', community, { label: LABEL, id });
    return { report, community };
  }

  /** The danger's subject is a supervised unit or hazard source of the community, or BAD_USER_INPUT on input.danger.subject.id. */
  private async assertSubjectOf(community: Community, subject: { readonly type: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE'; readonly id: string }): Promise<void> {
    const record = await (subject.type === 'SUPERVISED_UNIT' ? this.hazards.getUnit(subject.id) : this.hazards.getSource(subject.id)).catch(() => undefined);
    if (!record || record.communityId !== community.id) {
      throw BadUserInputError.field('input.danger.subject.id', `is not a ${subject.type === 'SUPERVISED_UNIT' ? 'supervised unit' : 'hazard source'} of community ${community.id}`);
    }
  }
}
