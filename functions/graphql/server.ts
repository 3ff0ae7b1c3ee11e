import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type ContextThunk, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { S3Client } from '@aws-sdk/client-s3';
import { createAwsClients, createLambdaClient, createS3Client, type AwsClients } from '#core/clients.ts';
import type { AppConfig } from '#core/config.ts';
import { createTokenVerifier } from '#core/auth/token.ts';
import { AppError, briefFormattedError, UnauthenticatedError } from '#core/errors.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { AuditRepository } from '#audit/repository.ts';
import { AuditService } from '#audit/service.ts';
import { SheetRepository } from '#review/sheet-repository.ts';
import { SheetService } from '#review/sheet-service.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Principal } from '#core/auth/principal.ts';
import { createWritePipeline } from './pipeline.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { CommunityFactsReader } from '#review/facts.ts';
import { AssessmentService } from '#review/assessment-service.ts';
import { suggest } from '#review/suggestions.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { consoleReadLog, type ReadLog, RequestReadLog } from '#core/read-log.ts';
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
import { applyJsonStatus, bearerChallenge, errorAnswer, prefersHtml, responseMediaType } from './http-contract.ts';
import { costPlugin, formatLimitError, limitValidationRules, REQUEST_LIMITS } from './limits.ts';
import { IDE_PAGE_HEADERS, ideEnabled, idePage } from '#ide/page.ts';
import { executableSchema } from './schema.ts';

export interface ServerOptions {
  /**
   * Introspection is for local use; production turns it off, hides field suggestions and tells a
   * refused request only that it exceeds the limits (README, "Request limits").
   */
  readonly stage: AppConfig['stage'];
  /**
   * Whether a browser's GET of /graphql gets the IDE (functions/ide/page.ts): every stage but
   * prod unless said (ideEnabled, from IDE_ENABLED). A production stage with the IDE keeps
   * introspection on for it (for callers with a token, as every request needs).
   */
  readonly ide?: boolean;
  readonly logger?: Pick<Console, 'error'>;
  /** The doors' own plugins (observability-plugin.ts). */
  readonly plugins?: readonly ApolloServerPlugin<AppContext>[];
}

/**
 * The one Apollo Server both doors use: the Lambda handler and the local HTTP server. It is
 * returned unstarted, because the Lambda integration starts it itself.
 */
export function createServer({ stage, ide = ideEnabled(stage), logger = console, plugins: extraPlugins = [] }: ServerOptions): ApolloServer<AppContext> {
  const production = stage === 'prod';
  // Apollo's own landing page loads from a CDN: never served; the IDE is ours (PlatformServer).
  const plugins: ApolloServerPlugin<AppContext>[] = [costPlugin(!production), ApolloServerPluginLandingPageDisabled(), ...extraPlugins];
  return new PlatformServer(ide, {
    schema: executableSchema(),
    introspection: !production || ide,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // A request that carries an Authorization header is preflighted by every browser, so it is
    // no cross-site simple request: GET queries from Apollo Client and urql pass with their
    // token alone, and a GET without a token is answered 401 before this check (PlatformServer).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // Limits before anything runs (limits.ts): the parser stops at the token limit, validation
    // refuses depth, aliases, directives and a second aggregateExport, the cost plugin the budget.
    parseOptions: { maxTokens: REQUEST_LIMITS.tokens },
    validationRules: limitValidationRules(!production),
    plugins,
    formatError: (formatted, error) => briefFormattedError(formatLimitError(formatted, error, !production) ?? formatError(formatted, error, logger)),
  });
}

/**
 * The HTTP contract of both doors, in the one method both call (the local door directly, the
 * Lambda integration for each event), around Apollo's own handling (http-contract.ts):
 *
 * - a GET that asks for text/html gets the IDE's page where the IDE is on (no token needed);
 * - a request without an Authorization header is 401 UNAUTHENTICATED at once, before Apollo's
 *   CSRF check could call it a 400: no token is one cause with one status;
 * - an application/json answer to a well-formed request that failed to parse or validate is
 *   200, as the GraphQL-over-HTTP spec says for that media type (graphql-response+json stays 400).
 */
class PlatformServer extends ApolloServer<AppContext> {
  constructor(
    private readonly ide: boolean,
    config: ConstructorParameters<typeof ApolloServer<AppContext>>[0],
  ) {
    super(config);
  }

  override async executeHTTPGraphQLRequest(request: {
    httpGraphQLRequest: HTTPGraphQLRequest;
    context: ContextThunk<AppContext>;
  }): Promise<HTTPGraphQLResponse> {
    const { method, headers } = request.httpGraphQLRequest;
    const accept = headers.get('accept');
    if (this.ide && prefersHtml(method, accept)) {
      return { status: 200, headers: new HeaderMap(Object.entries(IDE_PAGE_HEADERS)), body: { kind: 'complete', string: idePage() } };
    }
    if (!headers.get('authorization') && (method === 'GET' || method === 'POST')) {
      const missing = new UnauthenticatedError();
      return errorAnswer(401, responseMediaType(accept), { message: missing.message, code: missing.code }, [['www-authenticate', bearerChallenge('missing')]]);
    }
    return applyJsonStatus(await super.executeHTTPGraphQLRequest(request));
  }
}

/**
 * App errors keep their code, message and field; GraphQL's own errors (syntax, validation,
 * variables) pass through; everything else is logged in full and answered as a masked
 * INTERNAL_SERVER_ERROR.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Pick<Console, 'error'>,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: original.code, ...original.details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    // GraphQL's and Apollo's own request errors: syntax, validation, variable coercion, context.
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const field = code === 'BAD_USER_INPUT' ? variableField(formatted.message) : undefined;
    // A refused token is thrown by the context function, whose errors Apollo prefixes.
    const message = formatted.message.replace(/^Context creation failed: /, '');
    return { ...formatted, message, extensions: { ...extensions, ...(field ? { field } : {}) } };
  }
  logger.error('internal error', error);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * Names the input field of a variable coercion error, as our own validation does:
 * `Variable "$input" got invalid value … at "input.goals[0]"; Field "target" of required type …`
 * names `input.goals.0.target`.
 */
function variableField(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const at = /got invalid value .*? at "([^"]+)"/s.exec(message)?.[1] ?? variable;
  const missing = /Field "(\w+)" (?:of required type|is not defined)/.exec(message)?.[1];
  return [at.replace(/\[(\d+)\]/g, '.$1'), missing].filter(Boolean).join('.');
}

/** Process-wide dependencies of a request: SDK clients, the table, the token verifier. */
export interface AppDependencies {
  readonly config: AppConfig;
  readonly clients: AwsClients;
  readonly verifyToken: ReturnType<typeof createTokenVerifier>;
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

export function createDependencies(
  config: AppConfig,
  clients: AwsClients = createAwsClients(config.aws),
  s3: S3Client = createS3Client(config.aws),
): AppDependencies {
  const table = { client: clients.documents, name: config.tableName };
  const pipeline = createWritePipeline(table);
  const communityRepository = new CommunityRepository(table, pipeline);
  const assessmentRepository = new AssessmentRepository(table, pipeline, communityRepository);
  const certificationRepository = new CertificationRepository(table, pipeline, communityRepository, assessmentRepository.assessments);
  const hiddenDangerRepository = new HiddenDangerRepository(table, pipeline);
  return {
    config,
    clients,
    verifyToken: createTokenVerifier(config.auth),
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
}

/**
 * In AWS the pack's job is a function of its own, invoked asynchronously; without one (locally,
 * in tests) it runs in this process on the same clients. The job module is imported by a
 * specifier esbuild does not follow, so the GraphQL function's bundle carries no ZIP or XLSX
 * writer: only the job function's does (and the in-process path is never taken in AWS).
 */
function reviewPackLauncher(config: AppConfig, clients: AwsClients, s3: S3Client): ReviewPackLauncher {
  if (config.reviewPackFunction) return new LambdaLauncher(createLambdaClient(config.aws, config.reviewPackFunction.endpoint), config.reviewPackFunction.name);
  const jobModule = '#review-pack/job.ts';
  let runner: Promise<PackRunner> | undefined;
  return new InProcessLauncher(() => {
    runner ??= (import(jobModule) as Promise<typeof import('#review-pack/job.ts')>).then(({ createReviewPackJob }) => {
      const job = createReviewPackJob(config, { documents: clients.documents, s3 });
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
    return new LambdaWorkbookRenderer(createLambdaClient(config.aws, config.exportWorkbookFunction.endpoint), config.exportWorkbookFunction.name);
  }
  const handlerModule = '#analytics/export-workbook-handler.ts';
  return new InProcessWorkbookRenderer(async () => ((await import(handlerModule)) as typeof import('#analytics/export-workbook-handler.ts')).handler);
}

/**
 * Builds a request's context from its Authorization header: the same for both doors. Every
 * operation needs a token, introspection and `__typename` included: without one (or with a bad
 * one) the request is UNAUTHENTICATED before its document is even parsed.
 */
export async function createContext(
  deps: AppDependencies,
  authorization: string | undefined,
  requestId: string = randomUUID(),
): Promise<AppContext> {
  let principal: Principal;
  try {
    const verified = await deps.verifyToken(authorization);
    if (!verified) throw new UnauthenticatedError();
    principal = verified;
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      const challenge = bearerChallenge(error.challenge ?? 'missing', error.message);
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, http: { status: error.httpStatus, headers: new HeaderMap([['www-authenticate', challenge]]) } },
      });
    }
    if (error instanceof AppError) {
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, http: { status: error.httpStatus } },
      });
    }
    throw error;
  }
  const origin = writeOrigin(principal, requestId);
  return requestServices(deps, principal, origin);
}

type Services = Omit<AppContext, 'principal'>;

/**
 * The request's services, each made when a resolver first asks for it (a `community(id)` makes
 * the community service alone, not all twenty): a getter that builds the service once and then
 * stands in its place as a plain property. The services that need one another read it from the
 * same object, so each is still one instance per request, with its loaders.
 */
function requestServices(deps: AppDependencies, principal: Principal, origin: WriteOrigin): AppContext {
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
  const readLog = () => new RequestReadLog(deps.readLog, origin);
  define('sheets', () => new SheetService(deps.sheetRepository, principal, origin));
  define('communities', () => new CommunityService(deps.communityRepository, principal, origin));
  define('projects', () => new ProjectService(deps.projectRepository, principal, services.communities, origin));
  define('incidents', () => new IncidentService(deps.incidentRepository, principal, services.communities, origin, readLog()));
  define('activities', () => new ActivityService(deps.activityRepository, principal, services.communities, services.projects, origin));
  // The chain reads submitted self-assessments and the assessments read their certifications: each gets the other lazily.
  define('certifications', () => {
    const review: ReviewReads = {
      requireSubmittedSelf: (id, communityId) => services.assessments.requireSubmittedSelf(id, communityId),
      sheet: (id, version) => services.sheets.require(id, version),
      facts: (community, on) => deps.communityFacts.read(community, on),
    };
    return new CertificationService(deps.certificationRepository, principal, services.communities, origin, review);
  });
  define(
    'assessments',
    () =>
      new AssessmentService(
        deps.assessmentRepository,
        principal,
        {
          communities: services.communities,
          sheets: services.sheets,
          certifications: services.certifications,
          suggestions: { suggestionsFor: async (community, sheet) => suggest(sheet, await deps.communityFacts.read(community, chinaToday())) },
        },
        origin,
      ),
  );
  define('analytics', () => new AnalyticsService(deps.analyticsRepository, principal, origin));
  define('hazards', () => new HazardService(deps.hazardRepository, principal, services.communities, origin));
  define('inspections', () => new InspectionService(deps.inspectionRepository, deps.hazardRepository, principal, services.communities, origin));
  define('hiddenDangers', () => new HiddenDangerService(deps.hiddenDangerRepository, principal, services.communities, services.hazards, deps.evidenceRepository, origin));
  define(
    'residentReports',
    () => new ResidentReportService(deps.residentReportRepository, deps.hiddenDangerRepository, principal, services.communities, services.hazards, deps.config.reportIntake, origin, readLog()),
  );
  define('evidence', () => {
    const { communities, projects, incidents, activities, certifications, hazards, inspections, hiddenDangers, residentReports } = services;
    return new EvidenceService(deps.evidenceRepository, deps.evidenceSigner, principal, { communities, projects, incidents, activities, certifications, hazards, inspections, hiddenDangers, residentReports }, origin);
  });
  define('audit', () => new AuditService(deps.auditRepository, principal, services.communities));
  define('aggregateExports', () => new AggregateExportService(services.analytics, deps.exportStore, deps.exportWorkbookRenderer));
  define('briefings', () => new BriefingService(principal, deps.briefingReader, services.analytics, services.communities, deps.exportStore));
  define('reviewPacks', () => new ReviewPackService(deps.reviewPackRepository, deps.reviewPackLauncher, deps.reviewPackLinks, principal, services.communities, origin));
  define('importJobs', () => new ImportJobService(deps.importJobRepository, deps.evidenceSigner, deps.importJobLinks, principal, services.communities, origin));
  define('notifications', () => new NotificationService(deps.notificationRepository, principal, origin));
  return context;
}

/** Who writes in this request, for the audit trail: subject, role and the scope the role held. */
export function writeOrigin(principal: Principal, requestId: string): WriteOrigin {
  const scope =
    principal.role === 'COMMUNITY_EDITOR'
      ? principal.communityIds.join(',')
      : principal.role === 'ADMIN'
        ? '*'
        : principal.role === 'REPORT_INTAKE'
          ? `app:${principal.appId}`
          : (principal.regionPrefix ?? '*');
  return { actor: { subject: principal.subject, role: principal.role, scope }, requestId };
}
