import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { runScript } from '#tests/support/cli.ts';

/** `npm run import` of a file with no rows: the template as written, and a CSV of its header alone. */
let app: TestApp;
let directory: string;
let communityId: string;

beforeAll(async () => {
  app = await createTestApp();
  const admin = await app.token({ role: 'ADMIN' });
  directory = mkdtempSync(join(tmpdir(), 'incident-import-empty-'));
  const created = await app.doors[1]!.execute(
    'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }',
    { input: { name: '空表社区', kind: 'TOWN', regionCode: '371702105' } },
    admin,
  );
  communityId = created.body.data.createCommunity.id;
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

describe('npm run import of a file without rows', () => {
  it('ends its progress full with an ETA of 0 s and imports nothing, for the empty template and a header-only CSV', async () => {
    // Prepare
    const made = await runScript('scripts/import.ts', ['--template', '--out', '模板.xlsx'], { cwd: directory });
    expect(made.code).toBe(0);
    writeFileSync(join(directory, 'header.csv'), 'externalId,occurredAt,cause,intent,place,activity,accidentType,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description\n');

    for (const file of ['模板.xlsx', 'header.csv']) {
      // Act
      const run = await runScript('scripts/import.ts', [file, '--community', communityId], { cwd: directory });

      // Assess
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(': 0 rows, 0 created, 0 duplicates, 0 rejected');
      const last = run.stderr.trim().split('\n').at(-1) ?? '';
      expect(last).toMatch(/100% \| 0 rows .*\| ETA 0s$/);
      expect(run.stderr).not.toMatch(/NaN|LL|Infinity/);
    }
  }, 120_000);
});
