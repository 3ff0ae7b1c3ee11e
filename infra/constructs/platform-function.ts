import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Validations } from 'aws-cdk-lib';
import { type IGrantable, type IPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type ServiceName } from '#infra/metric-names.ts';
import { DEDUPE_ESBUILD_ARGS, ESM_REQUIRE_BANNER, PRODUCTION_DEFINE, splitBundleOptions } from '#infra/bundling.ts';
import { readLogLevel } from '#infra/operations-context.ts';

/** The repository root: entries, the lock file and bundled files are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A file the function reads at runtime from the directory of its bundle. */
export interface BundledFile {
  /** Path relative to the project root. */
  readonly source: string;
  /** File name inside the bundle directory. */
  readonly target: string;
}

export interface PlatformFunctionProps {
  /** Entry module, relative to the project root; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  /**
   * The function's service name (functions/core/metric-names.ts): POWERTOOLS_SERVICE_NAME, the
   * `service` dimension of its metrics and the field of its log lines.
   */
  readonly serviceName: ServiceName;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly environment?: Readonly<Record<string, string>>;
  readonly bundledFiles?: readonly BundledFile[];
  /**
   * Build output copied whole into the bundle (a directory relative to the project root, its
   * files at the bundle's root), made first by `build` (a command run in the project root, when
   * the function is bundled): the IDE's assets, which are never committed.
   */
  readonly bundledBuild?: { readonly build: string; readonly directory: string };
  /** @default three months */
  readonly logRetention?: RetentionDays;
  /**
   * Concurrent executions reserved for (and capping) the function; none when absent, so the
   * function shares the account's unreserved pool.
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Bundled with code splitting (infra/bundling.ts, `splitBundleOptions`): `index.mjs` and the
   * chunks it imports are what module init compiles; modules the code imports with `import()`
   * are chunks loaded when first needed. The GraphQL function's, whose cold start partners wait
   * for. The esbuild options are NodejsFunction's for the others, through esbuild's API (local
   * bundling, never Docker), since NodejsFunction writes a single file.
   * @default false
   */
  readonly codeSplitting?: boolean;
  /**
   * With `codeSplitting`: the function's Apollo Server is given a built schema, so Apollo's
   * typeDefs path (graphql-tools) is left out of the bundle (infra/bundling.ts, BUILT_SCHEMA_ALIASES).
   * @default false
   */
  readonly builtSchema?: boolean;
}

/**
 * A Lambda function with the platform's defaults: Node.js 22 on arm64, an ESM bundle built by the
 * local esbuild (never Docker), X-Ray active tracing, the Powertools variables (service name, the
 * metrics namespace, the log level from `-c logLevel`), and its own log group and role. The role carries
 * no managed policy: it may write to this function's log group and nothing else until a resource
 * construct connects it (`PlatformTable.connect`, `EvidenceStore.connectUploader`, …), which
 * grants access and sets the matching environment variable in the same call.
 */
export class PlatformFunction extends Construct implements IGrantable {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly grantPrincipal: IPrincipal;
  readonly serviceName: ServiceName;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    const bundledFiles = props.bundledFiles ?? [];
    if (props.codeSplitting && props.bundledBuild) throw new Error(`${this.node.path}: a code-split bundle takes bundledFiles, not a bundledBuild`);
    for (const file of bundledFiles) {
      // Fail here with the file's name rather than later inside the bundler's shell output.
      if (!existsSync(join(PROJECT_ROOT, file.source))) {
        throw new Error(`${this.node.path}: ${file.source} must exist before synthesis (it is copied into the bundle)`);
      }
    }

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    const common = {
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        // No NODE_OPTIONS=--enable-source-maps: Node would read and parse every loaded module's map at
        // load, a third of the GraphQL function's module init and tens of MB of memory. The maps are
        // shipped; a logged error's stack is mapped when it is logged (core/observability/source-mapped-stack.ts).
        // Read by Powertools (functions/core/observability*.ts): the names come from metric-names.ts, as the alarms' do.
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: readLogLevel(this),
        ...props.environment,
      },
    };
    this.function = props.codeSplitting
      ? new LambdaFunction(this, 'Handler', { ...common, handler: 'index.handler', code: splitBundle(props.entry, bundledFiles, props.builtSchema ?? false) })
      : new NodejsFunction(this, 'Handler', {
          ...common,
          entry: join(PROJECT_ROOT, props.entry),
          handler: 'handler',
          projectRoot: PROJECT_ROOT,
          depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
          bundling: {
            format: OutputFormat.ESM,
            // CommonJS dependencies bundled into an ES module still call `require` for Node built-ins.
            banner: ESM_REQUIRE_BANNER,
            define: { ...PRODUCTION_DEFINE },
            // One copy of each dual CommonJS/ESM package (see infra/bundling.ts).
            esbuildArgs: { ...DEDUPE_ESBUILD_ARGS },
            mainFields: ['module', 'main'],
            minify: true,
            sourceMap: true,
            sourcesContent: false,
            // Ship the SDK versions the code was tested with, not whichever the runtime carries today.
            bundleAwsSDK: true,
            forceDockerBundling: false,
            commandHooks: {
              beforeBundling: (inputDir) => (props.bundledBuild ? [`cd ${shellQuote(inputDir)} && ${props.bundledBuild.build}`] : []),
              beforeInstall: () => [],
              afterBundling: (inputDir, outputDir) => [
                ...bundledFiles.map((file) => `cp ${shellQuote(join(inputDir, file.source))} ${shellQuote(join(outputDir, file.target))}`),
                ...(props.bundledBuild ? [`cp -R ${shellQuote(join(inputDir, props.bundledBuild.directory))}/. ${shellQuote(outputDir)}/`] : []),
              ],
            },
          },
        });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The platform deploys on nodejs22.x by decision (the bundle targets node22); adopting a newer runtime is a deliberate, tested upgrade, not a side effect of a CDK release adding one.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) is granted on "*": those actions support no resource-level permissions. A test asserts no other statement uses "*".',
    });
  }

  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}

function shellQuote(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * The code of a function bundled with code splitting: esbuild's API over the project (the asset's
 * local bundling; the Docker image is never used), then the bundled files copied beside it. The
 * asset's hash is the output's, as NodejsFunction's is.
 */
function splitBundle(entry: string, bundledFiles: readonly BundledFile[], builtSchema: boolean): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('unused-local-bundling'),
      local: {
        tryBundle(outputDir) {
          buildSync(splitBundleOptions({ entry, outdir: outputDir, builtSchema }));
          for (const file of bundledFiles) copyFileSync(join(PROJECT_ROOT, file.source), join(outputDir, file.target));
          return true;
        },
      },
    },
  });
}
