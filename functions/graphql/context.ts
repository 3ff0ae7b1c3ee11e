import type { Principal } from '#core/auth/principal.ts';
import type { CommunityService } from '#community/service.ts';
import type { IncidentService } from '#incident/service.ts';
import type { ProjectService } from '#project/service.ts';
import type { ActivityService } from '#training/service.ts';
import type { CertificationService } from '#certification/service.ts';
import type { EvidenceService } from '#evidence/service.ts';
import type { AnalyticsService } from '#analytics/service.ts';
import type { AggregateExportService } from '#analytics/export-service.ts';
import type { BriefingService } from '#briefing/service.ts';
import type { AuditService } from '#audit/service.ts';
import type { SheetService } from '#review/sheet-service.ts';
import type { AssessmentService } from '#review/assessment-service.ts';
import type { ReviewPackService } from '#review-pack/service.ts';
import type { ImportJobService } from '#incident/import-job-service.ts';
import type { NotificationService } from '#notification/service.ts';
import type { HazardService } from '#hazard/service.ts';
import type { InspectionService } from '#hazard/inspection-service.ts';
import type { HiddenDangerService } from '#hazard/danger-service.ts';
import type { ResidentReportService } from '#hazard/report-service.ts';

/** What every resolver receives: the caller, and the request's services (with their loaders). */
export interface AppContext {
  readonly principal: Principal | null;
  readonly communities: CommunityService;
  readonly incidents: IncidentService;
  readonly projects: ProjectService;
  readonly activities: ActivityService;
  readonly certifications: CertificationService;
  readonly evidence: EvidenceService;
  readonly analytics: AnalyticsService;
  readonly aggregateExports: AggregateExportService;
  /** Generated briefings (简报): DOCX under exports/ and Markdown. */
  readonly briefings: BriefingService;
  readonly audit: AuditService;
  /** Scoring sheets: bundled and published versions, cached for the request. */
  readonly sheets: SheetService;
  /** Self-assessments and the review team's on-site scores. */
  readonly assessments: AssessmentService;
  /** Review packs (评审资料包): requested here, built by their own job. */
  readonly reviewPacks: ReviewPackService;
  /** Incident imports from a browser (requested here, imported by their own job). */
  readonly importJobs: ImportJobService;
  /** The caller's notifications from the reminders job, and their read state. */
  readonly notifications: NotificationService;
  /** The hazard register: grid cells, hazard sources, supervised units and the frequencies of their grades. */
  readonly hazards: HazardService;
  /** Inspections of supervised units and hazard sources, and what is due. */
  readonly inspections: InspectionService;
  /** Hidden dangers (隐患) and their rectification. */
  readonly hiddenDangers: HiddenDangerService;
  /** Residents' reports (群众举报): taken in by partner apps, answered by the office. */
  readonly residentReports: ResidentReportService;
}
