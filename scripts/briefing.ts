/**
 * `npm run briefing -- --region 371702 --year 2009`: a briefing (简报) written to a local DOCX,
 * built with the same code as the generateBriefing mutation (functions/briefing/), acting as
 * ADMIN, reading the table straight from DynamoDB: the endpoint and table come from the
 * environment (TABLE_NAME …, as loadStorageConfig reads them) or else from .data/runtime.json,
 * written by the running `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { AnalyticsRepository } from '#analytics/repository.ts';
import { AnalyticsService } from '#analytics/service.ts';
import { BriefingReader } from '#briefing/figures.ts';
import { BriefingService } from '#briefing/service.ts';
import { changeWords } from '#briefing/compose.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { NotFoundError } from '#core/errors.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { asUsageError, invokedPath, runCommand, stackEnvironment, UsageError, wholeNumber } from './local/runtime.ts';

const usage = `usage: npm run briefing -- --region CODE --year YYYY [--quarter N] [--issue N] [--office TEXT] [--issued-on YYYY-MM-DD] [--out FILE] [--markdown FILE]
       npm run briefing -- --community ID --year YYYY [...]

Writes a briefing (安全社区创建简报) as a Word document (DOCX: A4, 宋体/SimSun, page numbers) from
the local table (from the environment, or .data/runtime.json written by npm start), acting as
ADMIN: the issue line, then the progress of creation, the promotion committee, projects and
interventions, publicity and training, accidents and injuries with the change on the same period
a year earlier (同比), and next steps.

  --region CODE         GB/T 2260 division, e.g. 371702 (牡丹区) …
  --community ID        … or one community, by its id
  --year YYYY           the calendar year (China Standard Time) …
  --quarter N           … or one quarter of it, 1 to 4
  --issue N             the issue number of the year, 第N期 (default: the quarter, or 1)
  --office TEXT         the issuing office (default: the region's 安全生产委员会办公室)
  --issued-on DATE      the date of issue (default: today, China); re-reviews due count from it
  --out FILE            where to write the DOCX (default: its own name, e.g.
                        safe-community-briefing-371702-2009.docx, in the current directory)
  --markdown FILE       also write the Markdown text there

Example:
  npm run briefing -- --region 371702 --year 2009
  npm run briefing -- --region 3717 --year 2009 --quarter 2 --issue 5 --out heze-2009-q2.docx

Exit status: 0 when the file was written; 1 on a failure; 2 on a usage error.`;

/** Which command-line option each field of the input is. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  regionCode: '--region (or --community)',
  communityId: '--community',
  'period.year': '--year',
  'period.quarter': '--quarter',
  issue: '--issue',
  office: '--office',
  issuedOn: '--issued-on',
};

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      region: { type: 'string' },
      community: { type: 'string' },
      year: { type: 'string' },
      quarter: { type: 'string' },
      issue: { type: 'string' },
      office: { type: 'string' },
      'issued-on': { type: 'string' },
      out: { type: 'string' },
      markdown: { type: 'string' },
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
  if (values.year === undefined) throw new UsageError('--year is required, e.g. --year 2009');
  const input = {
    regionCode: values.region?.trim(),
    communityId: values.community?.trim(),
    period: { year: wholeNumber(values.year, '--year'), quarter: wholeNumber(values.quarter, '--quarter') },
    issue: wholeNumber(values.issue, '--issue'),
    office: values.office,
    issuedOn: values['issued-on'],
  };

  const config = loadStorageConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  try {
    const table = { client: clients.documents, name: config.tableName };
    const pipeline = createWritePipeline(table);
    const principal = { role: 'ADMIN', subject: `briefing-cli:${userInfo().username}` } as const;
    const origin = writeOrigin(principal, `briefing-cli:${randomUUID()}`);
    const communityRepository = new CommunityRepository(table, pipeline);
    const assessments = new AssessmentRepository(table, pipeline, communityRepository);
    const reader = new BriefingReader(table, new CertificationRepository(table, pipeline, communityRepository, assessments.assessments));
    const analytics = new AnalyticsService(new AnalyticsRepository(table, pipeline), principal, origin);
    const service = new BriefingService(principal, reader, analytics, new CommunityService(communityRepository, principal, origin), null);
    let built: Awaited<ReturnType<BriefingService['build']>>;
    try {
      built = await service.build(input);
    } catch (error) {
      // The service checks the input as it does for the API; here the fields are options.
      if (error instanceof NotFoundError) throw new UsageError(`--community: ${error.message}`);
      throw asUsageError(error, OPTION_OF_FIELD);
    }
    const path = invokedPath(values.out ?? built.fileName);
    writeFileSync(path, built.docx);
    console.log(path);
    if (values.markdown) {
      const markdownPath = invokedPath(values.markdown);
      writeFileSync(markdownPath, built.markdown, 'utf8');
      console.log(markdownPath);
    }
    const { current, changePercent } = built.incidents;
    const change = (percent: number | null) => changeWords(percent) ?? '上年同期为零';
    console.log(
      `${built.document.issueLine} ${built.document.headline}: ${current.count} incidents (${change(changePercent.count)}), ${current.deaths} deaths (${change(changePercent.deaths)}), ` +
        `${current.injured} injured (${change(changePercent.injured)}), losses ${change(changePercent.economicLoss)}; ${built.document.sections.length} sections; ${built.docx.length} bytes`,
    );
    return 0;
  } finally {
    clients.dynamodb.destroy();
  }
}



runCommand({ name: 'briefing', usage }, main);
