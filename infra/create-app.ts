import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { SafeCommunityStack } from './stacks/safe-community-stack.ts';

export const STACK_NAME = 'SafeCommunityStack';
export const PARTNER_ORIGINS_CONTEXT = 'partnerOrigins';
export const DEFAULT_PARTNER_ORIGINS: readonly string[] = ['http://localhost:5173'];

export interface SafeCommunityApp {
  readonly app: App;
  readonly stack: SafeCommunityStack;
}

/**
 * Builds the CDK app: the platform stack, env-agnostic so that synthesis needs no credentials,
 * with cdk-nag's AwsSolutions pack validating it. `infra/app.ts` runs it; tests call it with
 * their own context and output directory.
 */
export function createApp(props: AppProps = {}): SafeCommunityApp {
  const app = new App(props);
  const stack = new SafeCommunityStack(app, STACK_NAME, {
    description: 'Safe Community platform: GraphQL API, DynamoDB table, evidence bucket, Cognito user pool',
    partnerOrigins: readPartnerOrigins(app),
  });
  Tags.of(app).add('project', 'safe-community');
  // Acknowledged rules are also written into the template's resource metadata (`cdk_nag`), so a
  // reviewer of the synthesized template sees every acknowledgment and its reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}

/**
 * Partner origins from the `partnerOrigins` context value: a JSON array in cdk.json, or on the
 * command line either a JSON array or a comma-separated list
 * (`-c partnerOrigins=https://a.example,https://b.example`). Each must be a bare origin.
 */
export function readPartnerOrigins(scope: Construct): readonly string[] {
  const raw: unknown = scope.node.tryGetContext(PARTNER_ORIGINS_CONTEXT);
  if (raw === undefined) return DEFAULT_PARTNER_ORIGINS;
  const values = typeof raw === 'string' ? parseList(raw) : raw;
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`context "${PARTNER_ORIGINS_CONTEXT}" must be a non-empty array of origins`);
  }
  return values.map((value: unknown) => {
    if (typeof value !== 'string' || !isOrigin(value)) {
      throw new Error(`context "${PARTNER_ORIGINS_CONTEXT}": ${JSON.stringify(value)} is not an origin like https://partner.example`);
    }
    return value;
  });
}

function parseList(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown;
  return trimmed.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
}

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}
