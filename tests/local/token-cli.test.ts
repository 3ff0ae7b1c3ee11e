import { describe, expect, it } from 'vitest';
import { runScript } from '#tests/support/cli.ts';

/**
 * `npm run token` as a new user types it: a command line it cannot run is one line saying why,
 * then the usage, exit 2, never a stack trace (the failures are found before any key is read).
 */
describe('npm run token', () => {
  it.each([
    [['--role', 'REVIEWER', '[--region', '3717]'], /^"\[--region": leave out the brackets/],
    [['--role', 'REVIEWER', '--region', '99'], /^--region 99 is not a division of China/],
    [['--role', 'REVIEWER', '--region', '3'], /^--region must be a 2, 4, 6 or 9-digit division code/],
    [['--role', 'REVIEWER', '--bogus'], /^Unknown option '--bogus'/],
    [['--role', 'NOPE'], /^--role must be one of ADMIN, REVIEWER/],
    [['--role', 'COMMUNITY_EDITOR'], /^COMMUNITY_EDITOR needs --community ID/],
    [['--role', 'REVIEWER', '--expires', '3d'], /^--expires may be at most 24h/],
  ])('%j: one line saying why, then the usage, exit 2', async (args, why) => {
    const run = await runScript('scripts/token.ts', args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, ...rest] = run.stderr.trimEnd().split('\n');
    expect(first).toMatch(why);
    expect(rest.join('\n')).toContain('usage: npm run token -- --role ADMIN|REVIEWER');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runScript('scripts/token.ts', ['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('usage: npm run token');
  });
});
