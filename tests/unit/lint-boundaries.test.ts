import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries biome.json enforces, each proved to reject a violation (and to let the
 * allowed imports through), so that a rule cannot silently stop applying: a renamed folder, a
 * glob that no longer matches, an override that replaces another. Biome runs on fixture files
 * written for the test in hidden directories (`.lint-fixture-<id>`: TypeScript's `include` and
 * vitest skip them) at the places the rules name, and is read through its JSON reporter.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = `.lint-fixture-${randomUUID().slice(0, 8)}`;
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

/** Each fixture file: its path under the repository, and its import lines with whether each must be refused. */
const FIXTURES: Record<string, [specifier: string, refused: boolean][]> = {
  // functions/core/ imports no feature folder.
  [`functions/core/${FIXTURE}/probe.ts`]: [
    ['#community/model.ts', true],
    ['#project/model.ts', true],
    ['#incident/model.ts', true],
    ['#training/model.ts', true],
    ['#certification/model.ts', true],
    ['#evidence/model.ts', true],
    ['#evidence-processor/handler.ts', true],
    ['#analytics/counters.ts', true],
    ['#region/region-table.ts', true],
    ['#audit/trail.ts', true],
    ['#graphql/server.ts', true],
    ['#core/errors.ts', false],
    ['#core/db/keys.ts', false],
    ['./sibling.ts', false],
    ['zod', false],
    ['../errors.ts', true],
  ],
  // Services import neither the AWS SDK nor the db internals.
  [`functions/${FIXTURE}/service.ts`]: [
    ['@aws-sdk/client-dynamodb', true],
    ['@aws-sdk/lib-dynamodb', true],
    ['@aws-sdk/client-s3', true],
    ['#core/db/table.ts', true],
    ['#core/db/records.ts', true],
    ['#core/db/pipeline.ts', true],
    ['#core/errors.ts', false],
    ['#core/auth/policy.ts', false],
    ['#community/model.ts', false],
    ['./repository.ts', false],
  ],
  [`functions/${FIXTURE}/export-service.ts`]: [
    ['@aws-sdk/s3-request-presigner', true],
    ['#core/db/keys.ts', true],
    ['./export.ts', false],
  ],
  // A repository is where the SDK and the db layer belong.
  [`functions/${FIXTURE}/repository.ts`]: [
    ['@aws-sdk/lib-dynamodb', false],
    ['#core/db/records.ts', false],
    ['../core/db/records.ts', true],
  ],
  // infra/ imports only constants of functions/.
  [`infra/${FIXTURE}/probe.ts`]: [
    ['#core/db/keys.ts', false],
    ['#core/db/table-schema.ts', false],
    ['#core/auth/claims.ts', false],
    ['#infra/constructs/platform-table.ts', false],
    ['./sibling.ts', false],
    ['aws-cdk-lib', false],
    ['#core/config.ts', true],
    ['#core/auth/principal.ts', true],
    ['#core/db/table.ts', true],
    ['#evidence/model.ts', true],
    ['#analytics/export.ts', true],
    ['#graphql/handler.ts', true],
    ['#generated/graphql.ts', true],
    ['../functions/core/db/keys.ts', true],
  ],
  // No ../ anywhere.
  [`scripts/${FIXTURE}/probe.ts`]: [
    ['#core/db/keys.ts', false],
    ['../seed/community-fixture.ts', true],
    ['../../functions/core/errors.ts', true],
  ],
  [`tests/${FIXTURE}/probe.ts`]: [
    ['#tests/support/app.ts', false],
    ['../support/app.ts', true],
  ],
};

/** The constants-only modules infra/ may import (biome.json's allow-list for infra/**). */
const INFRA_ALLOWED = ['functions/core/db/keys.ts', 'functions/core/db/table-schema.ts', 'functions/core/auth/claims.ts'];

interface Diagnostic {
  readonly category: string;
  readonly location: { readonly path: string; readonly start?: { readonly line: number } };
}

let diagnostics: Diagnostic[];

beforeAll(() => {
  for (const [path, imports] of Object.entries(FIXTURES)) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    const lines = imports.map(([specifier], index) => `import { value${index} } from '${specifier}';`);
    writeFileSync(join(ROOT, path), `${lines.join('\n')}\nexport const all = [${imports.map((_, index) => `value${index}`).join(', ')}];\n`);
  }
  const directories = [...new Set(Object.keys(FIXTURES).map((path) => dirname(path)))];
  const result = spawnSync(BIOME, ['lint', '--reporter=json', '--max-diagnostics=none', ...directories], { cwd: ROOT, encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  diagnostics = report.diagnostics;
}, 60_000);

afterAll(() => {
  for (const directory of new Set(Object.keys(FIXTURES).map((path) => dirname(path)))) rmSync(join(ROOT, directory), { recursive: true, force: true });
});

/** The import lines of a fixture that biome refused with noRestrictedImports (1-based, as the reporter counts). */
function refusedLines(path: string): number[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports' && diagnostic.location.path === path)
    .map((diagnostic) => diagnostic.location.start?.line ?? 0)
    .sort((a, b) => a - b);
}

describe('import boundaries (biome.json)', () => {
  it.each(Object.entries(FIXTURES))('in %s, refuses exactly the imports across a boundary', (path, imports) => {
    // Prepare
    const expected = imports.flatMap(([, refused], index) => (refused ? [index + 1] : []));

    // Act
    const refused = refusedLines(path);

    // Assess: as specifiers, so a failure names the import.
    const named = (lines: number[]) => lines.map((line) => imports[line - 1]?.[0]);
    expect(named(refused)).toEqual(named(expected));
  });

  it('reports nothing on the fixtures but the boundary rule (the fixtures test that rule alone)', () => {
    // Act
    const others = diagnostics.filter((diagnostic) => diagnostic.category !== 'lint/style/noRestrictedImports');

    // Assess
    expect(others).toEqual([]);
  });

  it('allows infra/ only modules that hold constants: no import of code, no function or class declared', () => {
    // Prepare
    const config = readFileSync(join(ROOT, 'biome.json'), 'utf8');

    // Act
    const sources = INFRA_ALLOWED.map((path) => ({ path, source: readFileSync(join(ROOT, path), 'utf8') }));

    // Assess
    for (const path of INFRA_ALLOWED) expect(config).toContain(`"!#${path.replace(/^functions\//, '')}"`);
    for (const { path, source } of sources) {
      const imports = source.split('\n').filter((line) => /^\s*import\s/.test(line) && !/^\s*import\s+type\s/.test(line));
      expect({ path, imports }).toEqual({ path, imports: [] });
      expect({ path, declarations: source.match(/^export\s+(async\s+)?(function|class)\s+\w+/gm) ?? [] }).toEqual({ path, declarations: [] });
    }
  });
});
