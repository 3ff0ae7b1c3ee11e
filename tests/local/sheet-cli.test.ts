import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeys } from '#core/db/keys.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { type CliRun, runScript } from '#tests/support/cli.ts';

/**
 * `npm run sheet -- validate FILE` and `npm run sheet -- publish FILE` as an operator meets them: a
 * spawned process, files relative to where npm was run (INIT_CWD), publication against this file's
 * own table (the environment createTestApp sets), status 1 for a refused file, 2 for a usage error.
 */
let app: TestApp;
let directory: string;

const runSheet = (args: string[]): Promise<CliRun> => runScript('scripts/sheet.ts', args, { cwd: directory });
const bundled = (name: string): any => JSON.parse(readFileSync(`functions/review/sheets/${name}`, 'utf8'));
const write = (name: string, content: unknown) => writeFileSync(join(directory, name), JSON.stringify(content));

beforeAll(async () => {
  app = await createTestApp();
  directory = mkdtempSync(join(tmpdir(), 'sheet-cli-'));
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

describe('npm run sheet', () => {
  it('validate: says each bundled file is valid, with its shape', async () => {
    write('national.json', bundled('national-onsite.v1.json'));
    write('city.json', bundled('city.v1.json'));
    const run = await runSheet(['validate', 'national.json', 'city.json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'national.json: valid, national-onsite@1 (NATIONAL, SCORED): 12 indicators, 50 items, 150 points, pass at 100, rectify at 75',
      'city.json: valid, city@1 (CITY, SCORED): 12 indicators, 45 items, 100 points, pass at 90, rectify at 80',
    ]);
  });

  it('validate: lists every issue of a bad file with its path, status 1', async () => {
    const sheet = bundled('city.v1.json');
    sheet.items[2].parts[0].points = 0.9;
    sheet.rule.pass.minTotal = 120;
    write('bad.json', sheet);
    const run = await runSheet(['validate', 'bad.json']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'bad.json: not a valid scoring sheet (2 issues)',
      "  total: the items' points sum to 100.4, not 100",
      '  rule.pass.minTotal: must not exceed the total (100)',
    ]);
  });

  it('usage errors: status 2, naming what is wrong', async () => {
    expect(await runSheet([])).toMatchObject({ code: 2, stderr: expect.stringContaining('give a command: validate or publish') });
    expect(await runSheet(['check', 'x.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command check') });
    expect(await runSheet(['validate', 'missing.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file: missing.json') });
    writeFileSync(join(directory, 'broken.json'), '{ "id": ');
    expect(await runSheet(['validate', 'broken.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('broken.json is not JSON') });
  });

  it('publish: stores a new version as ADMIN, audited; refuses it a second time and a bundled version, status 1', async () => {
    // Prepare
    const sheet = { ...bundled('national-onsite.v1.json'), version: 2, title: '全国安全社区现场评定表（修订稿）' };
    write('national-v2.json', sheet);
    // Act
    const run = await runSheet(['publish', 'national-v2.json']);
    const again = await runSheet(['publish', 'national-v2.json']);
    write('national-v1.json', bundled('national-onsite.v1.json'));
    const over = await runSheet(['publish', 'national-v1.json']);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(
      'published national-onsite@2 from national-v2.json: national-onsite@2 (NATIONAL, SCORED): 12 indicators, 50 items, 150 points, pass at 100, rectify at 75; versions now 1, 2',
    );
    const admin = await app.token({ role: 'ADMIN' });
    const read = ok(await app.doors[0]!.execute('query { scoringSheet(id: "national-onsite") { version title bundled versions } }', {}, admin));
    expect(read.scoringSheet).toEqual({ version: 2, title: '全国安全社区现场评定表（修订稿）', bundled: false, versions: [1, 2] });
    const entries = await app.table.client.send(
      new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.record('ScoringSheet', 'national-onsite@2') } }),
    );
    expect(entries.Items).toHaveLength(1);
    expect(entries.Items![0]).toMatchObject({ operation: 'SHEET_PUBLISHED', actor: { role: 'ADMIN', subject: expect.stringMatching(/^sheet-cli:/) }, requestId: expect.stringMatching(/^sheet-cli:/) });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not published (CONFLICT): the scoring sheet national-onsite@2 exists already');
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('not published (CONFLICT): the scoring sheet national-onsite@1 ships with the platform');
  });
});
