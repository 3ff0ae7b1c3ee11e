import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARTNER_ORIGINS, PARTNER_ORIGINS_CONTEXT, readPartnerOrigins } from '#infra/create-app.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

const PARTNER_ORIGINS = ['https://partner-a.example', 'https://analytics.partner-b.example:8443'];

function originsFrom(context: unknown): readonly string[] {
  return readPartnerOrigins(new App({ context: { [PARTNER_ORIGINS_CONTEXT]: context } }));
}

describe('partnerOrigins context', () => {
  let synthesized: SynthesizedApp;

  beforeAll(() => {
    // Prepare + Act (shared): only resource properties matter here, so the function is not bundled.
    synthesized = synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, [PARTNER_ORIGINS_CONTEXT]: PARTNER_ORIGINS });
  }, SYNTH_TIMEOUT_MS);

  afterAll(removeOutdirs);

  it('sets the evidence bucket CORS origins to exactly the context value', () => {
    // Prepare
    const template = synthesized.template;

    // Act
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties?.CorsConfiguration !== undefined,
    );

    // Assess
    expect(buckets).toHaveLength(1);
    expect(buckets[0]?.Properties.CorsConfiguration.CorsRules.map((rule: { AllowedOrigins: string[] }) => rule.AllowedOrigins)).toEqual([PARTNER_ORIGINS]);
  });

  it('sets the HTTP API CORS origins to exactly the context value', () => {
    // Prepare
    const template = synthesized.template;

    // Act
    const apis = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));

    // Assess
    expect(apis.map((api) => api.Properties.CorsConfiguration.AllowOrigins)).toEqual([PARTNER_ORIGINS]);
  });
});

describe('readPartnerOrigins', () => {
  it('defaults to the local front end when the context is absent', () => {
    // Prepare
    const app = new App();

    // Act
    const origins = readPartnerOrigins(app);

    // Assess
    expect(origins).toEqual(['http://localhost:5173']);
    expect(origins).toEqual(DEFAULT_PARTNER_ORIGINS);
  });

  it('accepts a JSON array or a comma-separated list from the command line', () => {
    // Prepare
    const asJson = JSON.stringify(PARTNER_ORIGINS);
    const asList = ` ${PARTNER_ORIGINS.join(' , ')} `;

    // Act
    const results = [originsFrom(asJson), originsFrom(asList)];

    // Assess
    expect(results).toEqual([PARTNER_ORIGINS, PARTNER_ORIGINS]);
  });

  it.each([
    ['a wildcard', ['*']],
    ['a path', ['https://partner.example/app']],
    ['a trailing slash', ['https://partner.example/']],
    ['another scheme', ['ftp://partner.example']],
    ['an empty list', []],
    ['a non-string', [42]],
  ])('rejects %s', (_case, value) => {
    // Prepare
    const context: unknown = value;

    // Act
    const read = () => originsFrom(context);

    // Assess
    expect(read).toThrow(/partnerOrigins/);
  });
});
