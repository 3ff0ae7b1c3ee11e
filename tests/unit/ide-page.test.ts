import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { executableSchema } from '#graphql/executable-schema.ts';
import { IDE_CSP, IDE_EXAMPLES, ideEnabled, idePage } from '#ide/page.ts';

// graphql as the server's dependencies load it (its CommonJS build, the realm of @graphql-tools), as schema.test.ts does.
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * The IDE's page without a browser (tests/browser/ide.test.ts opens it in one): its example tabs
 * are valid operations of the schema as it stands, its settings cannot close their script
 * element, it loads only from its own origin, and where it is served.
 */
describe('the IDE page', () => {
  it.each(IDE_EXAMPLES.map((example) => [example.audience, example] as const))('has a valid example for the %s', (_audience, example) => {
    const errors = validate(executableSchema(), parse(example.query));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('has an example tab for each audience: partner or community editor, analyst, reviewer', () => {
    expect(IDE_EXAMPLES.map((example) => example.audience.split(' ')[0])).toEqual(['partner', 'analyst', 'reviewer']);
  });

  it('loads scripts and styles from /ide/ only, and carries its settings as inert JSON', () => {
    const html = idePage();
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual(['/ide/ide.css', '/ide/ide.js']);
    expect(html).not.toMatch(/https?:\/\//);
    const config = /<script type="application\/json" id="ide-config">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(config ?? 'null')).toMatchObject({ endpoint: '/graphql', headers: expect.stringContaining('"Authorization": "Bearer <token from npm run token>"') });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('allows nothing from another origin in its CSP', () => {
    expect(IDE_CSP).toMatch(/default-src 'none'/);
    expect(IDE_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(IDE_CSP).toMatch(/connect-src 'self'(;|$)/);
    expect(IDE_CSP).toMatch(/worker-src 'self' blob:(;|$)/);
    expect(IDE_CSP).not.toMatch(/https?:|\*/);
  });

  it('is served in every stage but prod, and in prod only with IDE_ENABLED=true', () => {
    expect(ideEnabled('local', {})).toBe(true);
    expect(ideEnabled('test', {})).toBe(true);
    expect(ideEnabled('prod', {})).toBe(false);
    expect(ideEnabled('prod', { IDE_ENABLED: 'true' })).toBe(true);
    expect(ideEnabled('local', { IDE_ENABLED: 'false' })).toBe(false);
    expect(() => ideEnabled('prod', { IDE_ENABLED: 'yes' })).toThrow(/IDE_ENABLED must be true or false/);
  });
});
