import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPool,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIMS, ROLES } from '#core/auth/claims.ts';
import type { PlatformFunction } from './platform-function.ts';

/** The variables through which functions learn how to verify tokens (read by functions/core/config.ts). */
export const AUTH_VARIABLES = {
  issuer: 'AUTH_ISSUER',
  audience: 'AUTH_AUDIENCE',
  jwksUrl: 'AUTH_JWKS_URL',
} as const;

/** `custom:communities` → `communities`: Cognito prefixes custom attributes in tokens itself. */
function customAttributeName(claim: string): string {
  return claim.replace(/^custom:/, '');
}

/**
 * The Cognito user pool that issues the platform's JWTs. Administrators create every user (no
 * self sign-up) and put them in one group per role; a user's scope travels in two custom
 * attributes: `communities` (comma-separated community ids) for community editors and `region`
 * (a region code prefix) for analysts and reviewers (and, optionally, intake apps), and `app` (the
 * partner app's id) for REPORT_INTAKE users: a partner app that takes in residents' reports signs
 * in as a user of that group. Functions verify ID tokens themselves: the
 * audience is the app client id, and only ID tokens carry the groups and custom attributes.
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` claim of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const communities = customAttributeName(CLAIMS.communities);
    const region = customAttributeName(CLAIMS.region);
    const app = customAttributeName(CLAIMS.app);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        [communities]: new StringAttribute({ maxLen: 2048, mutable: true }),
        [region]: new StringAttribute({ maxLen: 12, mutable: true }),
        [app]: new StringAttribute({ maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool.node.defaultChild as CfnUserPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is a per-user billing decision left to the operator; the pool already requires MFA, admits only administrator-created users and has self sign-up off.',
    });

    // Precedence follows ROLES, which is ordered by privilege.
    ROLES.forEach((role, precedence) => {
      this.userPool.addGroup(`Group${role}`, { groupName: role, precedence });
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Scope attributes are set by administrators only: a user who could write them could widen
      // their own access.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // The pool's provider name (`cognito-idp.<region>.amazonaws.com/<pool id>`, the form identity
    // pools use) is the issuer without its scheme, as Cognito computes it for the pool's own
    // partition, so the host name is not assembled here.
    this.issuer = `https://${this.userPool.userPoolProviderName}`;
  }

  /** Tells `fn` which issuer, audience and key set to accept tokens from. Needs no IAM grant. */
  connectVerifier(fn: PlatformFunction): void {
    fn.addEnvironment(AUTH_VARIABLES.issuer, this.issuer);
    fn.addEnvironment(AUTH_VARIABLES.audience, this.client.userPoolClientId);
    fn.addEnvironment(AUTH_VARIABLES.jwksUrl, `${this.issuer}/.well-known/jwks.json`);
  }
}
