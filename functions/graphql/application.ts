import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from '#core/clients.ts';
import { type ClientSource, clientOf, lazyLambdaClient, lazyS3Client } from '#core/lazy-clients.ts';
import type { AppConfig } from '#core/config.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Principal } from '#core/auth/principal.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { consoleReadLog, type ReadLog, RequestReadLog } from '#core/read-log.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { AuditRepository } from '#audit/repository.ts';
import { AuditService } from '#audit/service.ts';
import { SheetRepository } from '#review/sheet-repository.ts';
import { SheetService } from '#review/sheet-service.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { CommunityFactsReader } from '#review/facts.ts';
import { AssessmentService } from '#review/assessment-service.ts';
import { suggest } from '#review/suggestions.ts';
import { AnalyticsService } from '#analytics/service.ts';
import { AnalyticsRepository } from '#analytics/repository.ts';
import { AggregateExportService } from '#analytics/export-service.ts';
import { ExportStore } from '#analytics/export-store.ts';
import { InProcessWorkbookRenderer, LambdaWorkbookRenderer, type WorkbookRenderer } from '#analytics/export-renderer.ts';
import { BriefingReader } from '#briefing/figures.ts';
import { BriefingService } from '#briefing/service.ts';
import { IncidentService } from '#incident/service.ts';
import { ProjectRepository } from '#project/repository.ts';
import { ProjectService } from '#project/service.ts';
import { ActivityRepository } from '#training/repository.ts';
import { ActivityService } from '#training/service.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CertificationService, type ReviewReads } from '#certification/service.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import { EvidenceService } from '#evidence/service.ts';
import { EvidenceSigner } from '#evidence/storage.ts';
import { InProcessLauncher, LambdaLauncher, type PackRunner, type ReviewPackLauncher } from '#review-pack/launcher.ts';
import { ReviewPackRepository } from '#review-pack/repository.ts';
import { ReviewPackService } from '#review-pack/service.ts';
import { ReviewPackLinks } from '#review-pack/storage.ts';
import { ImportJobRepository } from '#incident/import-job-repository.ts';
import { ImportJobService } from '#incident/import-job-service.ts';
import { ImportJobLinks } from '#incident/import-job-storage.ts';
import { NotificationRepository } from '#notification/repository.ts';
import { NotificationService } from '#notification/service.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { HazardService } from '#hazard/service.ts';
import { InspectionRepository } from '#hazard/inspection-repository.ts';
import { InspectionService } from '#hazard/inspection-service.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import { HiddenDangerService } from '#hazard/danger-service.ts';
import { ResidentReportRepository } from '#hazard/report-repository.ts';
import { ResidentReportService } from '#hazard/report-service.ts';
import type { AppContext } from './context.ts';
import { createWritePipeline } from './pipeline.ts';
import { executableSchema } from './executable-schema.ts';

/**
 * The application behind the schema: the repositories over the table and the bucket, the
 * request services over them, and the resolvers that call those. It is the second chunk of the
 * GraphQL function's bundle (infra/bundling.ts, code splitting): the server and its two doors
 * start without it (server.ts), and the first request that needs it loads it
 * (`AppDependencies.application`) while its token is verified, then it stays for the container.
 * Making it puts the resolvers onto the served schema (executable-schema.ts).
 */

/** What the application is made from: the process's configuration and clients. */
export interface ApplicationBase {
  readonly config: AppConfig;
  readonly clients: AwsClients;
  /** The S3 client (tests pass theirs); made here otherwise, so module init never builds one. */
  readonly s3?: S3Client;
}

export interface Application {
  /** Makes a request's services for its caller (each when a resolver first asks for it). */
  services(principal: Principal, origin: WriteOrigin): AppContext;
  readonly communityRepository: CommunityRepository;
  readonly incidentRepository: IncidentRepository;
  readonly projectRepository: ProjectRepository;
  readonly activityRepository: ActivityRepository;
  readonly certificationRepository: CertificationRepository;
  readonly assessmentRepository: AssessmentRepository;
  /** A community's facts for its review, in a fixed number of reads (review/facts.ts). */
  readonly communityFacts: CommunityFactsReader;
  readonly evidenceRepository: EvidenceRepository;
  readonly auditRepository: AuditRepository;
  /** Published scoring sheet versions (the bundled ones are files). */
  readonly sheetRepository: SheetRepository;
  readonly analyticsRepository: AnalyticsRepository;
  /** Where reads of personal details are logged (audit events, not table items). */
  readonly readLog: ReadLog;
  /** Signs evidence uploads and downloads (local computation: no S3 call per request). */
  readonly evidenceSigner: EvidenceSigner;
  /** Puts aggregate exports (CSV) into the bucket under exports/ and signs their links. */
  readonly exportStore: ExportStore;
  /** Makes the aggregate export's XLSX workbook: a Lambda function of its own, or this process. */
  readonly exportWorkbookRenderer: WorkbookRenderer;
  /** Reads a briefing's figures: the aggregates beside a bounded number of listings (briefing/figures.ts). */
  readonly briefingReader: BriefingReader;
  /** Review packs: their records, where their jobs run (a Lambda function, or this process), and their links. */
  readonly reviewPackRepository: ReviewPackRepository;
  readonly reviewPackLauncher: ReviewPackLauncher;
  readonly reviewPackLinks: ReviewPackLinks;
  /** Incident import jobs: their records (the job function imports the file) and the links to their rejected rows. */
  readonly importJobRepository: ImportJobRepository;
  readonly importJobLinks: ImportJobLinks;
  /** The reminders job's notifications, per audience, with each caller's read state. */
  readonly notificationRepository: NotificationRepository;
  /** The hazard register (grid, hazard sources, supervised units, frequencies). */
  readonly hazardRepository: HazardRepository;
  /** Inspections and the subjects' last inspections. */
  readonly inspectionRepository: InspectionRepository;
  /** Hidden dangers (隐患). */
  readonly hiddenDangerRepository: HiddenDangerRepository;
  /** Residents' reports (群众举报), their phones and tracking codes, and the intake apps' rate windows. */
  readonly residentReportRepository: ResidentReportRepository;
}

export function createApplication({ config, clients, s3: given }: ApplicationBase): Application {
  executableSchema();
  // Made, with the SDK's S3 modules, by the first request that signs or stores (core/lazy-clients.ts).
  const s3: ClientSource<S3Client> = given ?? lazyS3Client(config.aws);
  const table = { client: clients.documents, name: config.tableName };
  const pipeline = createWritePipeline(table);
  const communityRepository = new CommunityRepository(table, pipeline);
  const assessmentRepository = new AssessmentRepository(table, pipeline, communityRepository);
  const certificationRepository = new CertificationRepository(table, pipeline, communityRepository, assessmentRepository.assessments);
  const hiddenDangerRepository = new HiddenDangerRepository(table, pipeline);
  const application: Application = {
    services: (principal, origin) => requestServices(application, config, principal, origin),
    communityRepository,
    incidentRepository: new IncidentRepository(table, pipeline),
    projectRepository: new ProjectRepository(table, pipeline),
    activityRepository: new ActivityRepository(table, pipeline),
    certificationRepository,
    assessmentRepository,
    communityFacts: new CommunityFactsReader(table),
    evidenceRepository: new EvidenceRepository(table, pipeline),
    auditRepository: new AuditRepository(table),
    sheetRepository: new SheetRepository(table, pipeline),
    analyticsRepository: new AnalyticsRepository(table, pipeline),
    readLog: consoleReadLog,
    evidenceSigner: new EvidenceSigner(s3, config.evidenceBucket),
    exportStore: new ExportStore(s3, config.evidenceBucket),
    exportWorkbookRenderer: exportWorkbookRenderer(config),
    briefingReader: new BriefingReader(table, certificationRepository),
    reviewPackRepository: new ReviewPackRepository(table, pipeline),
    reviewPackLauncher: reviewPackLauncher(config, clients, s3),
    reviewPackLinks: new ReviewPackLinks(s3, config.evidenceBucket),
    importJobRepository: new ImportJobRepository(table, pipeline),
    importJobLinks: new ImportJobLinks(s3, config.evidenceBucket),
    notificationRepository: new NotificationRepository(table, pipeline),
    hazardRepository: new HazardRepository(table, pipeline),
    inspectionRepository: new InspectionRepository(table, pipeline),
    hiddenDangerRepository,
    residentReportRepository: new ResidentReportRepository(table, pipeline, hiddenDangerRepository),
  };
  return application;
}

/**
 * In AWS the pack's job is a function of its own, invoked asynchronously; without one (locally,
 * in tests) it runs in this process on the same clients. The job module is imported by a
 * specifier esbuild does not follow, so the GraphQL function's bundle carries no ZIP or XLSX
 * writer: only the job function's does (and the in-process path is never taken in AWS).
 */
function reviewPackLauncher(config: AppConfig, clients: AwsClients, s3: ClientSource<S3Client>): ReviewPackLauncher {
  if (config.reviewPackFunction) return new LambdaLauncher(lazyLambdaClient(config.aws, config.reviewPackFunction.endpoint), config.reviewPackFunction.name);
  const jobModule = '#review-pack/job.ts';
  let runner: Promise<PackRunner> | undefined;
  return new InProcessLauncher(() => {
    runner ??= Promise.all([import(jobModule) as Promise<typeof import('#review-pack/job.ts')>, clientOf(s3)]).then(([{ createReviewPackJob }, client]) => {
      const job = createReviewPackJob(config, { documents: clients.documents, s3: client });
      return (packId: string) => job.run(packId);
    });
    return runner;
  });
}

/**
 * The aggregate export's workbook is made by a function of its own in AWS, invoked synchronously
 * with the tables; without one (locally, in tests) its handler runs in this process. The handler
 * is imported by a specifier esbuild does not follow, so exceljs stays out of this bundle.
 */
function exportWorkbookRenderer(config: AppConfig): WorkbookRenderer {
  if (config.exportWorkbookFunction) {
    return new LambdaWorkbookRenderer(lazyLambdaClient(config.aws, config.exportWorkbookFunction.endpoint), config.exportWorkbookFunction.name);
  }
  const handlerModule = '#analytics/export-workbook-handler.ts';
  return new InProcessWorkbookRenderer(async () => ((await import(handlerModule)) as typeof import('#analytics/export-workbook-handler.ts')).handler);
}


type Services = Omit<AppContext, 'principal'>;

/**
 * The request's services, each made when a resolver first asks for it (a `community(id)` makes
 * the community service alone, not all twenty): a getter that builds the service once and then
 * stands in its place as a plain property. The services that need one another read it from the
 * same object, so each is still one instance per request, with its loaders.
 */
function requestServices(app: Application, config: AppConfig, principal: Principal, origin: WriteOrigin): AppContext {
  const context = { principal } as AppContext;
  const services = context as Services;
  const define = <K extends keyof Services>(key: K, make: () => Services[K]) => {
    Object.defineProperty(context, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = make();
        Object.defineProperty(context, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  };
  const readLog = () => new RequestReadLog(app.readLog, origin);
  define('sheets', () => new SheetService(app.sheetRepository, principal, origin));
  define('communities', () => new CommunityService(app.communityRepository, principal, origin));
  define('projects', () => new ProjectService(app.projectRepository, principal, services.communities, origin));
  define('incidents', () => new IncidentService(app.incidentRepository, principal, services.communities, origin, readLog()));
  define('activities', () => new ActivityService(app.activityRepository, principal, services.communities, services.projects, origin));
  // The chain reads submitted self-assessments and the assessments read their certifications: each gets the other lazily.
  define('certifications', () => {
    const review: ReviewReads = {
      requireSubmittedSelf: (id, communityId) => services.assessments.requireSubmittedSelf(id, communityId),
      sheet: (id, version) => services.sheets.require(id, version),
      facts: (community, on) => app.communityFacts.read(community, on),
    };
    return new CertificationService(app.certificationRepository, principal, services.communities, origin, review);
  });
  define(
    'assessments',
    () =>
      new AssessmentService(
        app.assessmentRepository,
        principal,
        {
          communities: services.communities,
          sheets: services.sheets,
          certifications: services.certifications,
          suggestions: { suggestionsFor: async (community, sheet) => suggest(sheet, await app.communityFacts.read(community, chinaToday())) },
        },
        origin,
      ),
  );
  define('analytics', () => new AnalyticsService(app.analyticsRepository, principal, origin));
  define('hazards', () => new HazardService(app.hazardRepository, principal, services.communities, origin));
  define('inspections', () => new InspectionService(app.inspectionRepository, app.hazardRepository, principal, services.communities, origin));
  define('hiddenDangers', () => new HiddenDangerService(app.hiddenDangerRepository, principal, services.communities, services.hazards, app.evidenceRepository, origin));
  define(
    'residentReports',
    () => new ResidentReportService(app.residentReportRepository, app.hiddenDangerRepository, principal, services.communities, services.hazards, config.reportIntake, origin, readLog()),
  );
  define('evidence', () => {
    const { communities, projects, incidents, activities, certifications, hazards, inspections, hiddenDangers, residentReports } = services;
    return new EvidenceService(app.evidenceRepository, app.evidenceSigner, principal, { communities, projects, incidents, activities, certifications, hazards, inspections, hiddenDangers, residentReports }, origin);
  });
  define('audit', () => new AuditService(app.auditRepository, principal, services.communities));
  define('aggregateExports', () => new AggregateExportService(services.analytics, app.exportStore, app.exportWorkbookRenderer));
  define('briefings', () => new BriefingService(principal, app.briefingReader, services.analytics, services.communities, app.exportStore));
  define('reviewPacks', () => new ReviewPackService(app.reviewPackRepository, app.reviewPackLauncher, app.reviewPackLinks, principal, services.communities, origin));
  define('importJobs', () => new ImportJobService(app.importJobRepository, app.evidenceSigner, app.importJobLinks, principal, services.communities, origin));
  define('notifications', () => new NotificationService(app.notificationRepository, principal, origin));
  return context;
}

