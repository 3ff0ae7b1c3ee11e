import { randomUUID } from 'node:crypto';
import { AnalyticsRepository } from '#analytics/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
/**
 * `npm run export -- --region 37 --year 2009`: the CSV export of a region's aggregates (the file
 * the `aggregateExport` query links to), written to a local file. It builds the file with the
 * same code as the API (functions/analytics/export.ts), acting as ADMIN, and reads the counters
 * straight from DynamoDB: the endpoint and table come from the environment (TABLE_NAME …, as
 * loadStorageConfig reads them) or else from .data/runtime.json, written by `npm start`.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { buildAggregateExport } from '#analytics/export.ts';
import { AnalyticsService } from '#analytics/service.ts';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { formatFen } from '#core/money.ts';
import { asUsageError, invokedPath, runCommand, stackEnvironment, UsageError, wholeNumber } from './local/runtime.ts';

const usage = `usage: npm run export -- --region CODE --year YYYY [--quarter N | --month N] [--out FILE]
       npm run export -- --region CODE --from YYYY-MM --to YYYY-MM [--out FILE]

Writes the CSV export of a region's aggregates (UTF-8 with BOM, CRLF: opens in Excel with the
Chinese names intact) from the local table (from the environment, or .data/runtime.json written
by npm start), acting as ADMIN: a heading block, incidents by child region with the region's
total, and the region's incidents by cause, intent and place, each with the same period a year
earlier and the change in percent.

  --region CODE     GB/T 2260 division: 2 (province), 4 (city), 6 (county) or 9 (town/street) digits, e.g. 37
  --year YYYY       the calendar year (China Standard Time) …
  --quarter N       … or one quarter of it, 1 to 4
  --month N         … or one month of it, 1 to 12
  --from YYYY-MM    or a range of whole months, inclusive (at most 10 years), instead of --year
  --to YYYY-MM
  --out FILE        where to write (default: the file's own name, e.g. safe-community-aggregates-37-2009.csv,
                    in the current directory)

Example:
  npm run export -- --region 37 --year 2009
  npm run export -- --region 3717 --year 2009 --quarter 2 --out heze-2009-q2.csv

Exit status: 0 when the file was written; 1 on a failure; 2 on a usage error.`;

/** Which command-line option each field of the period and region input is. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  regionCode: '--region',
  'period.year': '--year',
  'period.quarter': '--quarter',
  'period.month': '--month',
  'period.from': '--from',
  'period.to': '--to',
  period: '--year/--quarter/--month or --from/--to',
};

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      region: { type: 'string' },
      year: { type: 'string' },
      quarter: { type: 'string' },
      month: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: every argument is an option`);
  const region = values.region?.trim();
  if (!region) throw new UsageError('--region is required: the division code, e.g. --region 37');
  if (values.year === undefined && values.from === undefined && values.to === undefined) {
    throw new UsageError('--year is required (or a range --from YYYY-MM --to YYYY-MM)');
  }
  const period = {
    year: wholeNumber(values.year, '--year'),
    quarter: wholeNumber(values.quarter, '--quarter'),
    month: wholeNumber(values.month, '--month'),
    from: values.from,
    to: values.to,
  };

  const config = loadStorageConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  try {
    const table = { client: clients.documents, name: config.tableName };
    const principal = { role: 'ADMIN', subject: `export-cli:${userInfo().username}` } as const;
    const analytics = new AnalyticsService(new AnalyticsRepository(table, createWritePipeline(table)), principal, writeOrigin(principal, `export-cli:${randomUUID()}`));
    let file: Awaited<ReturnType<typeof buildAggregateExport>>;
    try {
      file = await buildAggregateExport(analytics, region, period);
    } catch (error) {
      // The service checks region and period as it does for the API; here they are options.
      throw asUsageError(error, OPTION_OF_FIELD);
    }
    const path = invokedPath(values.out ?? file.fileName);
    writeFileSync(path, file.csv, 'utf8');
    const { current, changePercent } = file.incidents;
    const change = changePercent.count === null ? 'no incidents a year earlier' : `${changePercent.count > 0 ? '+' : ''}${changePercent.count} % on ${file.period.yearEarlier?.label}`;
    const childRegions = file.tables.find((table) => table.title.includes('Incidents by child region'))?.rows.length ?? 1;
    console.log(path);
    console.log(
      `${file.region.code} ${file.region.name}, ${file.period.label}: ${current.count} incidents (${change}), ${current.deaths} deaths, ${current.injured} injured, ` +
        `${formatFen(current.economicLoss)} yuan; ${childRegions - 1} child regions; ${Buffer.byteLength(file.csv, 'utf8')} bytes`,
    );
    return 0;
  } finally {
    clients.dynamodb.destroy();
  }
}



runCommand({ name: 'export', usage }, main);
