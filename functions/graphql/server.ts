import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type ContextThunk, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { S3Client } from '@aws-sdk/client-s3';
import { createAwsClients, type AwsClients } from '#core/clients.ts';
import type { AppConfig } from '#core/config.ts';
import { createTokenVerifier } from '#core/auth/token.ts';
import { AppError, briefFormattedError, UnauthenticatedError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { AppContext } from './context.ts';
import { applyJsonStatus, bearerChallenge, errorAnswer, prefersHtml, responseMediaType } from './http-contract.ts';
import { costPlugin, formatLimitError, limitValidationRules, REQUEST_LIMITS } from './limits.ts';
import { IDE_PAGE_HEADERS, ideEnabled, idePage } from '#ide/page.ts';
import type { Application } from './application.ts';
import { descriptionsPlugin, servedSchema } from './schema.ts';

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
  const introspection = !production || ide;
  const schema = servedSchema();
  const plugins: ApolloServerPlugin<AppContext>[] = [
    costPlugin(!production),
    // Apollo's own landing page loads from a CDN: never served; the IDE is ours (PlatformServer).
    ApolloServerPluginLandingPageDisabled(),
    // Apollo installs its cache-control plugin unless told not to: a hook on every field of every
    // request, computing a cache policy from @cacheControl hints. The schema has none and no
    // resolver sets one, every answer depends on its caller's token, and with no hint the plugin
    // sets no Cache-Control header: off, the same answers without the per-field work.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
    // Only where introspection is allowed can an operation read a description: elsewhere no request pays for the hook.
    ...(introspection ? [descriptionsPlugin(schema) as ApolloServerPlugin<AppContext>] : []),
    ...extraPlugins,
  ];
  return new PlatformServer(ide, {
    schema,
    introspection,
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

/**
 * Process-wide dependencies of a request: configuration, the DynamoDB clients, the token
 * verifier, and the application (application.ts: repositories, services, resolvers), which is
 * loaded when a request first needs it, not at module init.
 */
export interface AppDependencies {
  readonly config: AppConfig;
  readonly clients: AwsClients;
  readonly verifyToken: ReturnType<typeof createTokenVerifier>;
  /** The application, loaded and made once per process (the same promise every time). */
  readonly application: () => Promise<Application>;
}

export function createDependencies(config: AppConfig, clients: AwsClients = createAwsClients(config.aws), s3?: S3Client): AppDependencies {
  let application: Promise<Application> | undefined;
  return {
    config,
    clients,
    verifyToken: createTokenVerifier(config.auth),
    application: () => {
      if (!application) {
        application = import('./application.ts').then(({ createApplication }) => createApplication({ config, clients, ...(s3 ? { s3 } : {}) }));
        // A failed load is retried by the next request rather than kept.
        application.catch(() => {
          application = undefined;
        });
      }
      return application;
    },
  };
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
  // The first request loads the application while its token is verified.
  const application = deps.application();
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
  return (await application).services(principal, writeOrigin(principal, requestId));
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
