import { existsSync, readFileSync } from 'node:fs';
import { RUNTIME_FILE } from './paths.ts';

/** A command line a script cannot run as given: the scripts print its message with their usage hint and exit 2. */
export class UsageError extends Error {}

/** The configuration from the environment when it names a table, else from the running `npm start`. */
export function stackEnvironment(): NodeJS.ProcessEnv {
  if (process.env.TABLE_NAME) return process.env;
  if (!existsSync(RUNTIME_FILE)) {
    throw new UsageError(`no TABLE_NAME in the environment and no ${RUNTIME_FILE}: start the local stack with npm start`);
  }
  const runtime = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as Record<string, unknown>;
  const strings = Object.fromEntries(Object.entries(runtime).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { ...process.env, ...strings };
}
