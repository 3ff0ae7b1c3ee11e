/**
 * `npm run token -- --role ROLE [--community ID ...] [--region CODE] [--app ID] [--expires 12h]`
 * prints a bearer token the local server accepts, alone on stdout. A command line it cannot run
 * (an unknown option, a region that does not exist) is one line and the usage, exit 2.
 */
import { parseArgs } from 'node:util';
import { APP_ID, ROLES, type Role } from '#core/auth/principal.ts';
import { MAX_TOKEN_LIFETIME_SECONDS } from '#core/auth/token.ts';
import { loadOrCreateSigningKey, signToken } from './local/auth.ts';
import { SIGNING_KEY_FILE } from './local/paths.ts';
import { runCommand, UsageError } from './local/runtime.ts';
import { findRegion } from '#region/region-table.ts';

const usage = `usage: npm run token -- --role ${ROLES.join('|')} [--community ID]... [--region CODE] [--app ID] [--expires 12h]
  COMMUNITY_EDITOR needs --community; PROVINCIAL_ANALYST needs --region (e.g. 37); REVIEWER may take --region;
  REPORT_INTAKE (a partner app taking in residents' reports) needs --app and may take --region (where it may file).`;

function fail(message: string): never {
  throw new UsageError(message);
}

runCommand({ name: 'token', usage, usageOnError: true }, async (argv) => {
  // `[--region 3717]` pasted from the usage line: the brackets only say the option may be left out.
  const bracketed = argv.find((arg) => arg.startsWith('[') || arg.endsWith(']'));
  if (bracketed) fail(`"${bracketed}": leave out the brackets (in the usage they mark an option you may omit), e.g. --region 3717`);
  const { values } = parseArgs({
    args: [...argv],
    options: {
      role: { type: 'string' },
      community: { type: 'string', multiple: true },
      region: { type: 'string' },
      app: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const role = values.role?.toUpperCase();
  if (!role || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  const communities = (values.community ?? []).flatMap((value) => value.split(',')).filter(Boolean);
  if (role === 'COMMUNITY_EDITOR' && communities.length === 0) fail('COMMUNITY_EDITOR needs --community ID');
  if (role === 'PROVINCIAL_ANALYST' && !values.region) fail('PROVINCIAL_ANALYST needs --region CODE');
  if (role === 'REPORT_INTAKE' && !values.app) fail('REPORT_INTAKE needs --app ID (the partner app)');
  if (values.app && role !== 'REPORT_INTAKE') fail('--app is for REPORT_INTAKE tokens only');
  if (values.app && !APP_ID.test(values.app)) fail('--app must be letters, digits and hyphens (2 to 64)');
  if (values.region !== undefined) {
    if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(values.region)) fail(`--region must be a 2, 4, 6 or 9-digit division code (GB/T 2260), not "${values.region}"`);
    if (!findRegion(values.region)) fail(`--region ${values.region} is not a division of China (GB/T 2260): e.g. 37 山东省, 3717 菏泽市, 371702 牡丹区`);
  }

  // The server refuses a token valid for more than 24 hours: say so here rather than print one it refuses.
  const lifetime = /^(\d+)(s|m|h|d)$/.exec(values.expires);
  const seconds = lifetime ? Number(lifetime[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[lifetime[2] as 's' | 'm' | 'h' | 'd'] : Number.NaN;
  if (!(seconds > 0)) fail('--expires must be a duration such as 30m, 12h or 1d');
  if (seconds > MAX_TOKEN_LIFETIME_SECONDS) fail('--expires may be at most 24h: the server refuses tokens valid for longer');

  const key = await loadOrCreateSigningKey(SIGNING_KEY_FILE);
  const token = await signToken(key, {
    role: role as Role,
    communities,
    ...(values.region ? { region: values.region } : {}),
    ...(values.app ? { app: values.app } : {}),
    expiresIn: `${seconds}s`,
  });
  process.stdout.write(`${token}\n`);
  return 0;
});
