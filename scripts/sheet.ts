import { randomUUID } from 'node:crypto';
/**
 * `npm run sheet -- validate FILE…` and `npm run sheet -- publish FILE`: checks scoring sheet files
 * with the same validation the API and the bundled sheets use (functions/review/sheet.ts), and
 * publishes one as a new version, acting as ADMIN, through the same service as the
 * `publishScoringSheet` mutation (the same checks, one transaction, its audit entry).
 *
 * `publish` talks to DynamoDB directly: the endpoint and table come from the environment
 * (TABLE_NAME …) or else from .data/runtime.json, written by `npm start`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { AppError, BadUserInputError } from '#core/errors.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
import { SheetRepository } from '#review/sheet-repository.ts';
import { SheetService } from '#review/sheet-service.ts';
import { type ScoringSheet, sheetRef, validateSheet } from '#review/sheet.ts';
import { runCommand, stackEnvironment, UsageError } from './local/runtime.ts';

const usage = `usage: npm run sheet -- validate FILE.json [FILE.json …]
       npm run sheet -- publish FILE.json

validate  checks each file as a scoring sheet (the schema, then indicators, ids, parts, the total,
          the scale and the rule) and prints every issue with its path, e.g. items.3.parts
publish   validates the file, then stores it as a new version in the local table (from the
          environment, or .data/runtime.json written by npm start), acting as ADMIN: a version
          that exists (bundled or published) is refused, and so is one not above the latest

The bundled sheets are functions/review/sheets/*.json: copy one, raise its version, edit, publish.

Exit status: 0 when every file is valid (and published); 1 when a file is not valid or the
publication is refused; 2 on a usage error.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [command, ...files] = positionals;
  if (command !== 'validate' && command !== 'publish') throw new UsageError(command ? `unknown command ${command}: validate or publish` : 'give a command: validate or publish');
  if (files.length === 0) throw new UsageError(`give the sheet file${command === 'validate' ? '(s)' : ''} to ${command}`);
  if (command === 'publish' && files.length > 1) throw new UsageError('publish one file at a time');

  const sheets: [string, ScoringSheet][] = [];
  let invalid = 0;
  for (const file of files) {
    const result = validateSheet(readJson(file));
    if (result.issues) {
      invalid += 1;
      console.error(`${file}: not a valid scoring sheet (${result.issues.length} issue${result.issues.length > 1 ? 's' : ''})`);
      for (const issue of result.issues) console.error(`  ${issue.path || '(the file)'}: ${issue.message}`);
      continue;
    }
    sheets.push([file, result.sheet]);
    if (command === 'validate') console.log(`${file}: valid, ${describe(result.sheet)}`);
  }
  if (invalid > 0) return 1;
  if (command === 'validate') return 0;

  const [file, sheet] = sheets[0]!;
  const config = loadStorageConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  try {
    const table = { client: clients.documents, name: config.tableName };
    const principal = { role: 'ADMIN', subject: `sheet-cli:${userInfo().username}` } as const;
    const service = new SheetService(new SheetRepository(table, createWritePipeline(table)), principal, writeOrigin(principal, `sheet-cli:${randomUUID()}`));
    try {
      const published = await service.publish(sheet);
      console.log(`published ${sheetRef(published)} from ${file}: ${describe(published)}; versions now ${(await service.versions(published.id)).join(', ')}`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const issues = error instanceof BadUserInputError ? error.issues : [];
      console.error(`${file}: not published (${error.code}): ${error.message}`);
      for (const issue of issues.slice(1)) console.error(`  ${issue.field}: ${issue.message}`);
      return 1;
    }
  } finally {
    clients.dynamodb.destroy();
  }
}

const describe = (sheet: ScoringSheet) =>
  `${sheetRef(sheet)} (${sheet.level}, ${sheet.kind}): ${sheet.indicators.length} indicators, ${sheet.items.length} items, ${sheet.total} points, ` +
  `pass at ${sheet.rule.pass.minTotal}${sheet.rule.rectify ? `, rectify at ${sheet.rule.rectify.minTotal}` : ''}`;

/** A file's JSON; a path relative to where npm was run (INIT_CWD). */
function readJson(file: string): unknown {
  // npm runs scripts in the project's root; INIT_CWD is where `npm run sheet` was typed.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${file}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}


runCommand({ name: 'sheet', usage }, main);
