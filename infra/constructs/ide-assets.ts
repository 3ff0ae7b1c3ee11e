import { Duration, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import { PlatformFunction } from './platform-function.ts';

/** The CDK context values that decide whether a deployment serves the IDE. */
export const IDE_CONTEXT = 'ide';
export const STAGE_CONTEXT = 'stage';
/** Where the IDE's page loads its assets from (functions/ide/assets.ts IDE_ASSET_PREFIX). */
export const IDE_ASSET_PATH = '/ide';

/**
 * Whether this deployment has the IDE: `-c ide=true|false` says so; without it, every stage but
 * prod has it (`-c stage=dev`), and the stage is prod unless told. The GraphQL function gets the
 * decision as IDE_ENABLED (functions/ide/page.ts ideEnabled).
 */
export function readIdeEnabled(scope: Construct): boolean {
  const flag: unknown = scope.node.tryGetContext(IDE_CONTEXT);
  if (flag === true || flag === 'true') return true;
  if (flag === false || flag === 'false') return false;
  if (flag !== undefined) throw new Error(`context "${IDE_CONTEXT}" must be true or false, not ${JSON.stringify(flag)}`);
  const stage: unknown = scope.node.tryGetContext(STAGE_CONTEXT) ?? 'prod';
  if (typeof stage !== 'string' || !/^[a-z][a-z0-9-]{0,20}$/.test(stage)) throw new Error(`context "${STAGE_CONTEXT}" must be a stage name like dev or prod`);
  return stage !== 'prod';
}

export interface IdeAssetsProps {
  readonly httpApi: HttpApi;
}

/**
 * The IDE's assets (GraphiQL, Monaco's workers) in a function of their own behind `GET
 * /ide/{file}`: built by scripts/build-ide.ts when the function is bundled and copied into its
 * bundle, so the GraphQL function's bundle holds none of them (its cold start is measured). No
 * table, bucket or key: its role may write its logs and nothing else.
 */
export class IdeAssets extends Construct {
  readonly function: PlatformFunction;

  constructor(scope: Construct, id: string, props: IdeAssetsProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/ide/handler.ts',
      serviceName: SERVICE_NAMES.ideAssets,
      description: 'Safe Community IDE assets (GraphiQL bundled from npm), for the IDE page GET /graphql serves in stages that have it',
      memorySize: 256,
      timeout: Duration.seconds(5),
      bundledBuild: { build: 'node --import tsx scripts/build-ide.ts', directory: 'dist/ide' },
    });
    const routes = props.httpApi.addRoutes({
      path: `${IDE_ASSET_PATH}/{file+}`,
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('IdeAssetsIntegration', this.function.function),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The IDE assets are public static files (GraphiQL and its editor, the same for everyone, no data): the page that loads them needs no token, and every GraphQL request the IDE sends is authorized by the GraphQL function.',
      });
    }
  }
}
