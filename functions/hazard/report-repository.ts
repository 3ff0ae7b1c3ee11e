import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listingKeys, residentReportKeys } from '#core/db/keys.ts';
import { combined, type WritePipeline } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import { TTL_ATTRIBUTE } from '#core/db/table-schema.ts';
import { batchGet, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import { RateLimitedError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { HiddenDanger } from './danger-model.ts';
import type { HiddenDangerRepository } from './danger-repository.ts';
import type { ResidentReport } from './report-model.ts';

/**
 * Residents' reports in the single table:
 *   report        pk RESIDENT_REPORT#<id>   sk RESIDENT_REPORT   gsi1 COMMUNITY#<cid>#RESIDENT_REPORTS / <receivedOn>#<receivedAt>#<id>
 *                                                                gsi2 RESIDENT_REPORTS_UNANSWERED#<pp> / <receivedOn>#<id>  (while RECEIVED)
 *   phone         pk RESIDENT_REPORT#<id>   sk PHONE             the resident's number, written with the report, never audited
 *   tracking      pk REPORT_TRACKING#<sha256 of the code>       the report and app a code answers for
 *   rate window   pk REPORT_INTAKE_RATE#<app> sk <minute>        an app's submissions in a minute, with its ttl
 * A submission is one transaction of the four (the rate window under its limit, so a refused
 * report writes nothing), plus the pipeline's counters and audit entry of the report.
 */
export class ResidentReportRepository {
  readonly reports: RecordStore<ResidentReport>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
    private readonly dangers: HiddenDangerRepository,
  ) {
    this.reports = new RecordStore<ResidentReport>(table, {
      kind: residentReportKeys.kind,
      type: 'ResidentReport',
      label: "resident's report",
      listing: (report) => ({ partition: listingKeys.residentReports(report.communityId), position: residentReportPosition(report) }),
      // While unanswered: its province's sparse listing by received day, for the reminders job's REPORT_OVERDUE.
      secondListing: (report) => (report.status === 'RECEIVED' ? { partition: listingKeys.reportsUnanswered(report.regionCode), position: `${report.receivedOn}#${report.id}` } : undefined),
    });
  }

  /**
   * A report as an intake app submits it: the record, the phone apart from it, the tracking code's
   * digest (a code already taken fails its condition: TrackingCodeTaken) and the app's count in the
   * minute's window, which must stay within `limit` (RATE_LIMITED otherwise).
   */
  async submit(
    report: ResidentReport,
    extras: { readonly phone?: string; readonly trackingDigest: string; readonly window: { readonly minute: string; readonly expiresAt: number; readonly retryAfterSeconds: number }; readonly limit: number },
    origin: WriteOrigin,
  ): Promise<void> {
    const steps: TransactionStep[] = [
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: residentReportKeys.rateWindow(report.appId, extras.window.minute),
            UpdateExpression: 'ADD #count :one SET #entity = :entity, #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':limit': extras.limit, ':entity': 'ReportIntakeRate', ':ttl': extras.window.expiresAt },
          },
        },
        onConditionFailed: () =>
          new RateLimitedError(`this app has submitted ${extras.limit} reports this minute, its limit: try again in ${extras.window.retryAfterSeconds} s`, extras.window.retryAfterSeconds),
      },
      {
        item: {
          Put: {
            TableName: this.table.name,
            Item: { ...residentReportKeys.tracking(extras.trackingDigest), entity: 'ReportTracking', reportId: report.id, appId: report.appId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new TrackingCodeTaken(),
      },
    ];
    if (extras.phone !== undefined) {
      steps.push({
        item: { Put: { TableName: this.table.name, Item: { ...residentReportKeys.phone(report.id), entity: 'ReportPhone', phone: extras.phone }, ConditionExpression: 'attribute_not_exists(pk)' } },
      });
    }
    const record = this.reports.created(report, report.regionCode);
    const write = { operation: 'CREATE' as const, steps: [...record.steps, ...steps], changes: record.changes };
    // Submissions of one app at once meet on its window (and on the counters): the pipeline resends
    // a cancelled transaction a few times; past that, this one is sent again whole, as nothing was
    // written and its conditions (the limit first) still decide.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.pipeline.commit(write, origin);
        return;
      } catch (error) {
        if (!(error instanceof TransactionRace) || attempt >= SUBMIT_ROUNDS) throw error;
      }
    }
  }

  /** The office's answer under the version read, with the hidden danger it triaged the report into (created in the same transaction). */
  answer(current: ResidentReport, next: ResidentReport, origin: WriteOrigin, danger?: HiddenDanger): Promise<void> {
    const answered = { operation: 'RESIDENT_REPORT_ANSWERED' as const, ...this.reports.replaced(current, next, current.regionCode) };
    if (!danger) return this.pipeline.commit(answered, origin);
    return this.pipeline.commit(combined('RESIDENT_REPORT_ANSWERED', answered, { operation: 'CREATE', ...this.dangers.dangers.created(danger, next.regionCode) }), origin);
  }

  /** The report and app a tracking code's digest answers for, or undefined. */
  async tracked(trackingDigest: string): Promise<{ readonly reportId: string; readonly appId: string } | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: residentReportKeys.tracking(trackingDigest) }));
    const item = response.Item;
    return item ? { reportId: String(item.reportId), appId: String(item.appId) } : undefined;
  }

  /** The phones of reports by id (one BatchGetItem per 100), for the community's editors only: the service asks the policy first. */
  async phones(reportIds: readonly string[]): Promise<(string | undefined)[]> {
    const items = await batchGet(this.table, [...new Set(reportIds)].map((id) => residentReportKeys.phone(id)));
    const byPk = new Map(items.map((item) => [item.pk, typeof item.phone === 'string' ? item.phone : undefined]));
    return reportIds.map((id) => byPk.get(residentReportKeys.phone(id).pk));
  }

  /** A province's unanswered reports received on or before `lastReceivedOn`, earliest first (gsi2). */
  unansweredBy(regionCode: string, lastReceivedOn: string, first: number, after?: string) {
    return this.reports.page({ index: 'gsi2', partition: listingKeys.reportsUnanswered(regionCode), from: '0000', to: `${lastReceivedOn}\uffff`, first, ...(after ? { after } : {}) });
  }
}

/** A tracking code drawn twice (60 random bits: practically never): the submission draws another. */
export class TrackingCodeTaken extends Error {
  constructor() {
    super('tracking code already taken');
    this.name = 'TrackingCodeTaken';
  }
}

/** Rounds of the pipeline's resends a submission may take before it answers CONFLICT. */
const SUBMIT_ROUNDS = 6;

/** A community's listing of residents' reports (keys.ts), for the service's queries. */
export const residentReportListing = listingKeys.residentReports;

export const residentReportPosition = (report: Pick<ResidentReport, 'receivedOn' | 'receivedAt' | 'id'>) => `${report.receivedOn}#${report.receivedAt}#${report.id}`;
