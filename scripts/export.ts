import { randomUUID } from 'node:crypto';
import { AnalyticsRepository } from '#analytics/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
/**
 * `npm run export -- --region 37 --year 2009 [--format xlsx]`: the export of a region's aggregates
 * (the file the `aggregateExport` mutation links to: the CSV, or the XLSX workbook), written to a
 * local file. It builds the file with the same code as the API (functions/analytics/export.ts,
 * and export-workbook.ts for the workbook, in this process), acting as ADMIN, and reads the counters
 * straight from DynamoDB: the endpoint and table come from the environment (TABLE_NAME …, as
 * loadStorageConfig reads them) or else from .data/runtime.json, written by `npm start`.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { type AggregateExportTables, buildAggregateExport, buildAggregateWorkbook } from '#analytics/export.ts';
import { renderAggregateWorkbook } from '#analytics/export-workbook.ts';
import { AnalyticsService } from '#analytics/service.ts';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { formatFen } from '#core/money.ts';
import { asUsageError, invokedPath, runCommand, stackEnvironment, UsageError, wholeNumber } from './local/runtime.ts';

const usage = `usage: npm run export -- --region CODE --year YYYY [--quarter N | --month N] [--format csv|xlsx] [--out FILE]
       npm run export -- --region CODE --from YYYY-MM --to YYYY-MM [--format csv|xlsx] [--out FILE]

Writes the export of a region's aggregates from the local table (from the environment, or
.data/runtime.json written by npm start), acting as ADMIN: a heading block, incidents by child
region with the region's total, and the region's incidents by cause, intent and place, each with
the same period a year earlier and the change in percent, then the creation record, the review
and the hazards. As CSV (the default: UTF-8 with BOM, CRLF, opens in Excel with the Chinese
names intact) or as an XLSX workbook: a sheet per table with frozen bilingual headers and number
formats, and a trend sheet of incidents per month with its chart.

  --region CODE     GB/T 2260 division: 2 (province), 4 (city), 6 (county) or 9 (town/street) digits, e.g. 37
  --year YYYY       the calendar year (China Standard Time) …
  --quarter N       … or one quarter of it, 1 to 4
  --month N         … or one month of it, 1 to 12
  --from YYYY-MM    or a range of whole months, inclusive (at most 10 years), instead of --year
  --to YYYY-MM
  --format FORMAT   csv (the default) or xlsx
  --out FILE        where to write (default: the file's own name, e.g. safe-community-aggregates-37-2009.csv,
                    or .xlsx, in the current directory)

Example:
  npm run export -- --region 37 --year 2009
  npm run export -- --region 3717 --year 2009 --quarter 2 --out heze-2009-q2.csv
  npm run export -- --region 37 --year 2009 --format xlsx

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
      format: { type: 'string' },
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
  const format = (values.format ?? 'csv').trim().toLowerCase();
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format: must be csv or xlsx, not ${values.format}`);
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
    let file: AggregateExportTables & { readonly fileName: string; readonly body: Buffer };
    try {
      if (format === 'xlsx') {
        const workbook = await buildAggregateWorkbook(analytics, region, period);
        file = { ...workbook, body: await renderAggregateWorkbook(workbook) };
      } else {
        const csv = await buildAggregateExport(analytics, region, period);
        file = { ...csv, body: Buffer.from(csv.csv, 'utf8') };
      }
    } catch (error) {
      // The service checks region and period as it does for the API; here they are options.
      throw asUsageError(error, OPTION_OF_FIELD);
    }
    const path = invokedPath(values.out ?? file.fileName);
    writeFileSync(path, file.body);
    const { current, changePercent } = file.incidents;
    const change = changePercent.count === null ? 'no incidents a year earlier' : `${changePercent.count > 0 ? '+' : ''}${changePercent.count} % on ${file.period.yearEarlier?.label}`;
    const childRegions = file.tables.find((table) => table.title.includes('Incidents by child region'))?.rows.length ?? 1;
    console.log(path);
    console.log(
      `${file.region.code} ${file.region.name}, ${file.period.label}: ${current.count} incidents (${change}), ${current.deaths} deaths, ${current.injured} injured, ` +
        `${formatFen(current.economicLoss)} yuan; ${childRegions - 1} child regions; ${file.body.length} bytes`,
    );
    return 0;
  } finally {
    clients.dynamodb.destroy();
  }
}



runCommand({ name: 'export', usage }, main);
