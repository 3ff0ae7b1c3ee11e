import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '#scripts/seed/load.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { type CliRun, runScript } from '#tests/support/cli.ts';

const run = promisify(execFile);

/**
 * `npm run briefing -- --region 371702 --year 2009` as an operator meets it: a spawned process
 * against this file's own table (the environment createTestApp sets, as .data/runtime.json gives
 * it under npm start), the DOCX where npm was run (INIT_CWD) or at --out, opened by LibreOffice
 * with the figures of the 牡丹区 briefing, and status 2 naming the option on a usage error.
 */
let app: TestApp;
let directory: string;

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoData(app.table);
  directory = mkdtempSync(join(tmpdir(), 'briefing-cli-'));
}, 180_000);
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

const runBriefing = (args: string[]): Promise<CliRun> => runScript('scripts/briefing.ts', args, { cwd: directory });

describe('npm run briefing', () => {
  it('writes safe-community-briefing-371702-2009.docx where npm was run, which LibreOffice opens with the figures', async () => {
    // Act
    const result = await runBriefing(['--region', '371702', '--year', '2009', '--issued-on', '2010-01-20', '--markdown', 'mudan-2009.md']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const path = join(directory, 'safe-community-briefing-371702-2009.docx');
    const [printedPath, markdownPath, summary] = result.stdout.trim().split('\n');
    expect(printedPath).toBe(path);
    expect(markdownPath).toBe(join(directory, 'mudan-2009.md'));
    expect(summary).toMatch(
      /^2009年第1期 菏泽市牡丹区2009年安全社区创建工作情况: \d+ incidents \(下降12\.1%\), \d+ deaths \(下降8\.9%\), \d+ injured \(下降14\.6%\), losses 下降10\.7%; 6 sections; \d+ bytes$/,
    );
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(readFileSync(join(directory, 'mudan-2009.md'), 'utf8')).toContain('分别同比下降12.1%、8.9%、14.6%、10.7%');
    await run('soffice', [`-env:UserInstallation=file://${join(directory, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', directory, path], { timeout: 170_000 });
    const text = (await run('pdftotext', [join(directory, 'safe-community-briefing-371702-2009.pdf'), '-'])).stdout.replace(/\s+/g, '');
    expect(text).toContain('安全社区创建简报');
    expect(text).toContain('2009年第1期');
    expect(text).toContain('五、事故与伤害情况');
    expect(text).toContain('分别同比下降12.1%、8.9%、14.6%、10.7%');
  }, 200_000);

  it('writes to --out', async () => {
    const result = await runBriefing(['--region', '371702', '--year', '2009', '--quarter', '4', '--issue', '6', '--out', 'q4.docx']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2009年第6期 菏泽市牡丹区2009年第四季度安全社区创建工作情况');
    expect(existsSync(join(directory, 'q4.docx'))).toBe(true);
  }, 60_000);

  it.each([
    [['--year', '2009'], '--region (or --community): give regionCode or communityId'],
    [['--region', '371702', '--community', '00000000-0000-4000-8000-000000000000', '--year', '2009'], '--region (or --community): give regionCode or communityId, not both'],
    [['--region', '379999', '--year', '2009'], '--region (or --community): 379999 is not a division code'],
    [['--region', '371702'], '--year is required'],
    [['--region', '371702', '--year', '2009', '--quarter', '5'], '--quarter: must be 1 to 4'],
    [['--region', '371702', '--year', 'last'], '--year must be a whole number'],
    [['--community', '00000000-0000-4000-8000-000000000000', '--year', '2009'], '--community: community 00000000-0000-4000-8000-000000000000 not found'],
  ])('exits 2 on %j, naming the option', async (args, message) => {
    const result = await runBriefing(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  }, 60_000);
});
