/**
 * `npm run token -- --role ROLE [--community ID ...] [--region CODE] [--expires 12h]`
 * prints a bearer token the local server accepts, alone on stdout.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#core/auth/principal.ts';
import { loadOrCreateSigningKey, signToken } from './local/auth.ts';
import { SIGNING_KEY_FILE } from './local/paths.ts';

const usage = `usage: npm run token -- --role ${ROLES.join('|')} [--community ID]... [--region CODE] [--expires 12h]
  COMMUNITY_EDITOR needs --community; PROVINCIAL_ANALYST needs --region (e.g. 37); REVIEWER may take --region.`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    community: { type: 'string', multiple: true },
    region: { type: 'string' },
    expires: { type: 'string', default: '12h' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  console.error(usage);
  process.exit(0);
}
const role = values.role?.toUpperCase();
if (!role || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
const communities = (values.community ?? []).flatMap((value) => value.split(',')).filter(Boolean);
if (role === 'COMMUNITY_EDITOR' && communities.length === 0) fail('COMMUNITY_EDITOR needs --community ID');
if (role === 'PROVINCIAL_ANALYST' && !values.region) fail('PROVINCIAL_ANALYST needs --region CODE');
if (values.region && !/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(values.region)) fail('--region must be a 2, 4, 6 or 9-digit division code');

const key = await loadOrCreateSigningKey(SIGNING_KEY_FILE);
const token = await signToken(key, {
  role: role as Role,
  communities,
  ...(values.region ? { region: values.region } : {}),
  expiresIn: values.expires,
});
process.stdout.write(`${token}\n`);
