import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiThrottling } from '#infra/operations-context.ts';
import type { PlatformFunction } from './platform-function.ts';

export const GRAPHQL_PATH = '/graphql';
/** The health check (functions/graphql/health.ts), answered by the GraphQL function. */
export const HEALTH_PATH = '/health';

export interface GraphqlApiProps {
  readonly handler: PlatformFunction;
  /** Browser origins allowed to call the API. */
  readonly allowedOrigins: readonly string[];
  /**
   * The `$default` stage's throttling of every route (DefaultRouteSettings): requests beyond it
   * get 429 from API Gateway before they reach the function or the table (`-c apiRateLimit`, `-c apiBurstLimit`).
   */
  readonly throttling: ApiThrottling;
}

/**
 * The HTTP API in front of the GraphQL function: POST and GET on /graphql (GET serves queries
 * only, 405 for a mutation; and the IDE's page where it is on) and GET /health, one
 * auto-deployed `$default` stage with JSON access logs and throttling. CORS preflights are
 * answered by API Gateway itself.
 */
export class GraphqlApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  /** Full URL of the GraphQL endpoint. */
  readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: 'safe-community-graphql',
      description: 'Safe Community GraphQL API',
      // The stage is created below so that it can carry access logs and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('GraphqlIntegration', props.handler.function);
    const routes = this.httpApi.addRoutes({ path: GRAPHQL_PATH, methods: [HttpMethod.POST, HttpMethod.GET], integration });
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The GraphQL function verifies every bearer JWT itself (signature against the Cognito JWKS, issuer, audience, expiry), the same code path the local server uses, so that a missing or bad token becomes a GraphQL UNAUTHENTICATED error as the API contract requires.',
      });
    }

    // GET /health: no token, the version and whether the table answers (one GetItem).
    for (const route of this.httpApi.addRoutes({ path: HEALTH_PATH, methods: [HttpMethod.GET], integration })) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The health check is for load balancers and monitors, which hold no token: it answers only the version and whether the table answers (one GetItem of a fixed key), nothing of any record.',
      });
    }

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttling.rateLimit, burstLimit: props.throttling.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    // The `$default` stage is served at the root of the API endpoint.
    this.graphqlUrl = `${this.httpApi.apiEndpoint}${GRAPHQL_PATH}`;
  }
}
