
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { storedIncidentCount } from '#tests/support/records.ts';
import { type CliRun, runScript } from '#tests/support/cli.ts';

/**
 * `npm run import -- FILE.csv` as an operator meets it: a spawned process against this file's own
 * table (the environment createTestApp sets), a progress bar on stderr, a summary on stdout, the
 * refused rows in FILE.rejected.csv, and a re-run after a SIGKILL half-way that completes the
 * import without doubling a single row.
 */
const HEADER = 'externalId,communityId,occurredAt,cause,intent,place,activity,accidentType,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description';

let app: TestApp;
let admin: string;
let directory: string;
let communities: string[];

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  directory = mkdtempSync(join(tmpdir(), 'incident-import-'));
  communities = [];
  for (const name of ['导入社区甲', '导入社区乙', '导入社区丙']) {
    const created = await app.doors[1]!.execute(
      'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }',
      { input: { name, kind: 'TOWN', regionCode: '371702105' } },
      admin,
    );
    communities.push(created.body.data.createCommunity.id);
  }
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

/** Runs the CLI as `npm run import` does; `killWhen` may SIGKILL it on a line of its progress. */
const runImport = (args: string[], killWhen?: (stderr: string) => boolean): Promise<CliRun> =>
  runScript('scripts/import.ts', args, killWhen ? { killWhen } : {});



/** The last progress percentage the CLI printed. */
function lastPercentage(stderr: string): number {
  const matches = [...stderr.matchAll(/ (\d+)% \|/g)];
  return matches.length > 0 ? Number(matches.at(-1)![1]) : 0;
}

function csvLine(cells: (string | number)[]): string {
  return cells.map((cell) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell))).join(',');
}

describe('npm run import', () => {
  it('prints the columns with --help, and refuses a missing file or a wrong header with status 2', async () => {
    const help = await runImport(['--help']);
    expect(help.code).toBe(0);
    for (const column of HEADER.split(',')) expect(help.stdout).toContain(column);

    const missing = await runImport([join(directory, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');

    const typo = join(directory, 'typo.csv');
    writeFileSync(typo, 'externalId,ocurredAt,cause\nA,2024-01-01 10:00,FALL\n');
    const wrongHeader = await runImport([typo, '--community', communities[0]!]);
    expect(wrongHeader.code).toBe(2);
    expect(wrongHeader.stderr).toContain('ocurredAt');
  });

  it('imports a small file with --community, reporting bad rows by row, line and field', async () => {
    // Prepare: a spreadsheet export without a communityId column, Beijing times, a quoted description
    const file = join(directory, 'small.csv');
    const header = 'External ID,occurred_at,cause,intent,place,activity,accident_type,severity,deaths,injured,economic_loss,victim_age_group,victim_sex,description';
    writeFileSync(
      file,
      [
        `\uFEFF${header}`,
        'S-1,2024-05-01 14:30,fall,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,1200.5,AGE_75_PLUS,FEMALE,"厨房滑倒, 右腕骨折"',
        'S-2,2024-05-02 09:00,MACHINERY,UNINTENTIONAL,WORKPLACE,WORK,MACHINERY,SERIOUS,0,2,,AGE_25_44,MALE,',
        'S-3,2024-05-03 09:00,FALL,UNINTENTIONAL,HOME,LEISURE,,MINOR,-1,1,abc,,,',
        '',
        'S-4,2099-01-01 00:00,METEOR,UNINTENTIONAL,HOME,LEISURE,,MINOR,0,1,,,,',
        'S-1,2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,1200.50,AGE_75_PLUS,FEMALE,"厨房滑倒, 右腕骨折"',
      ].join('\n'),
    );
    // Act
    const run = await runImport([file, '--community', communities[2]!]);
    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/5 rows, 2 created, 1 duplicates, 2 rejected/);
    const report = readFileSync(join(directory, 'small.rejected.csv'), 'utf8').trim().split('\n');
    expect(report[0]).toBe('row,line,externalId,communityId,field,message');
    const refused = report.slice(1).map((line) => line.split(',').slice(0, 5).join(','));
    expect(refused).toEqual(
      expect.arrayContaining([
        `3,4,S-3,${communities[2]},deaths`,
        `3,4,S-3,${communities[2]},economicLoss`,
        `4,6,S-4,${communities[2]},occurredAt`,
        `4,6,S-4,${communities[2]},cause`,
      ]),
    );
    const listed = await app.doors[1]!.execute(
      `query($id: ID!) { incidents(communityId: $id) { edges { node { externalId occurredAt cause economicLoss description } } } }`,
      { id: communities[2] },
      admin,
    );
    expect(listed.body.data.incidents.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { externalId: 'S-2', occurredAt: '2024-05-02T01:00:00.000Z', cause: 'MACHINERY', economicLoss: null, description: null },
      { externalId: 'S-1', occurredAt: '2024-05-01T06:30:00.000Z', cause: 'FALL', economicLoss: '1200.50', description: '厨房滑倒, 右腕骨折' },
    ]);
  });

  it(
    'imports 50,000 rows with bad ones, killed half-way and run again: every valid row exactly once',
    { timeout: 480_000 },
    async () => {
      // Prepare: 50,000 rows over two communities; every 20th row is bad in one of several ways,
      // and every 500th row repeats an earlier one word for word.
      const file = join(directory, 'register.csv');
      const lines = [HEADER];
      const validPerCommunity = new Map<string, number>(communities.slice(0, 2).map((id) => [id, 0]));
      let bad = 0;
      let repeats = 0;
      const rows: (string | number)[][] = [];
      for (let n = 0; n < 50_000; n += 1) {
        const communityId = communities[n % 2]!;
        const occurredAt = new Date(Date.UTC(2015, 0, 1) + n * 97_000).toISOString();
        let row: (string | number)[] = [`R${n}`, communityId, occurredAt, 'FALL', 'UNINTENTIONAL', 'HOME', 'LEISURE', '', 'MINOR', 0, 1, `${n % 1000}.25`, 'AGE_60_74', n % 2 ? 'MALE' : 'FEMALE', n % 7 ? '' : `第${n}号记录, 老人跌倒`];
        if (n % 20 === 19) {
          bad += 1;
          const kind = (n / 20) % 6;
          if (kind < 1) row[3] = 'METEOR';
          else if (kind < 2) row[9] = -1;
          else if (kind < 3) row[11] = '12.345';
          else if (kind < 4) row[8] = 'FATAL';
          else if (kind < 5) row[1] = 'no-such-community';
          else row[0] = '';
        } else if (n % 500 === 250) {
          repeats += 1;
          row = rows[n - 2]!;
        } else {
          validPerCommunity.set(communityId, validPerCommunity.get(communityId)! + 1);
        }
        rows.push(row);
        lines.push(csvLine(row));
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      const valid = [...validPerCommunity.values()].reduce((sum, count) => sum + count, 0);
      expect(valid + bad + repeats).toBe(50_000);

      // Act 1: killed outright once the progress shows half the file done
      const interrupted = await runImport([file, '--progress-every', '200'], (stderr) => lastPercentage(stderr) >= 50);
      // Assess 1
      expect(interrupted.signal, interrupted.stderr.slice(-2000)).toBe('SIGKILL');
      const partial = (await storedIncidentCount(app.table, communities[0]!)) + (await storedIncidentCount(app.table, communities[1]!));
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(valid);

      // Act 2: the same command again
      const resumed = await runImport([file, '--progress-every', '1000']);
      // Assess 2: complete, nothing doubled, bad rows reported once each
      expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
      const summary = /(\d+) rows, (\d+) created, (\d+) duplicates, (\d+) rejected/.exec(resumed.stdout);
      expect(summary, resumed.stdout).not.toBeNull();
      const [, read, created, duplicates, rejected] = summary!.map(Number);
      expect(read).toBe(50_000);
      expect(rejected).toBe(bad);
      expect(created! + duplicates!).toBe(valid + repeats);
      expect(created).toBe(valid - partial);
      for (const [communityId, expected] of validPerCommunity) expect(await storedIncidentCount(app.table, communityId)).toBe(expected);
      expect(resumed.stderr).toMatch(/100% \|/);
      const report = readFileSync(join(directory, 'register.rejected.csv'), 'utf8').trim().split('\n');
      expect(new Set(report.slice(1).map((line) => line.split(',')[0])).size).toBe(bad);

      // The communities' newest ten follow the import.
      for (const communityId of communities.slice(0, 2)) {
        const response = await app.doors[1]!.execute(
          `query($id: ID!) { community(id: $id) { recentIncidents { id } incidents(first: 10) { edges { node { id } } } } }`,
          { id: communityId },
          admin,
        );
        const community = response.body.data.community;
        expect(community.recentIncidents.map((incident: { id: string }) => incident.id)).toEqual(
          community.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id),
        );
      }
    },
  );
});
