import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BadUserInputError } from '#core/errors.ts';
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

export interface CommandOptions {
  /** The npm script's name: `npm run <name> -- --help`, `<name> failed: …`. */
  readonly name: string;
  /** Printed after an option parseArgs refused. */
  readonly usage: string;
  /** What the hint after a usage error says the help lists. */
  readonly helpLists?: string;
  /** Added after the failure line (e.g. how to resume). */
  readonly onFailure?: string;
  /** A usage error prints the usage itself instead of the hint (a short usage, as the token's). */
  readonly usageOnError?: boolean;
}

/**
 * Runs a script's `main(argv)` and exits with its code: 2 on a usage error (ours, also when a
 * parser wraps it as its cause, or parseArgs' own) with the message and a hint, 1 on any other
 * failure with its name and message (the stack only with DEBUG set).
 */
export function runCommand(options: CommandOptions, main: (argv: readonly string[]) => Promise<number>): void {
  // On Node 20 the SDK's seven-line warning (its releases after January 2027 need Node 22) would
  // bury a command's one-line answer; `npm start` says it once, in one line (scripts/start.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const usageError = error instanceof UsageError ? error : error instanceof Error && error.cause instanceof UsageError ? error.cause : undefined;
      if (usageError) {
        console.error(options.usageOnError ? `${usageError.message}\n\n${options.usage}` : `${usageError.message}\n(npm run ${options.name} -- --help lists ${options.helpLists ?? 'the options'})`);
        process.exit(2);
      }
      if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
        console.error(`${error.message}\n\n${options.usage}`);
        process.exit(2);
      }
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.error(`${options.name} failed: ${message}${options.onFailure ? `\n${options.onFailure}` : ''}`);
      if (process.env.DEBUG) console.error(error);
      process.exit(1);
    },
  );
}

/** An option that must be a whole number, or absent. */
export function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${option} must be a whole number, not "${value}"`);
  return Number(value);
}

/**
 * A service's refusal of the input as a usage error naming the command-line option: the CLIs give
 * their options to the same services as the API, whose BAD_USER_INPUT names an input field.
 */
export function asUsageError(error: unknown, optionOfField: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof BadUserInputError)) return error;
  const issue = error.issues[0];
  return new UsageError(`${optionOfField[issue?.field ?? ''] ?? issue?.field}: ${issue?.message ?? error.message}`);
}

/** A path as the user typed it: npm runs scripts in the project's root; INIT_CWD is where `npm run` was typed. */
export function invokedPath(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}
