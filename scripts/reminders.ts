/**
 * `npm run reminders -- [--now 2027-01-01]`: runs the daily reminders job once (the one the
 * Lambda runs on its schedule in AWS and `npm start` runs on start and daily), against the table
 * from the environment (TABLE_NAME …) or else the running `npm start` (.data/runtime.json).
 * `--now` sets the job's day (China): the designations due, the queues and the expired uploads as
 * of that day. Idempotent: a second run of a day writes nothing new.
 */
import { parseArgs } from 'node:util';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { runCommand, stackEnvironment, UsageError } from './local/runtime.ts';

const usage = `usage: npm run reminders -- [--now YYYY-MM-DD]

Runs the reminders job once: notifications 180, 90 and 30 days before a re-review is due and when
it is overdue, when a designated community turns AT_RISK, when an application has waited more
than 20 working days at one level of the chain, and when an evidence upload never arrived (the
evidence becomes EXPIRED). Each finding is written once: a second run of a day adds nothing.

  --now YYYY-MM-DD   the job's day in China (default: today)

Exit status: 0 when the run completed; 1 on a failure; 2 on a usage error.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: every argument is an option`);
  const now = values.now?.trim();
  if (now !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(now) || Number.isNaN(Date.parse(`${now}T00:00:00Z`)) || new Date(`${now}T00:00:00Z`).toISOString().slice(0, 10) !== now)) {
    throw new UsageError(`--now must be a date YYYY-MM-DD, not "${now}"`);
  }
  const config = loadStorageConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  try {
    const report = await createRemindersJob(config.tableName, clients.documents).run(runFor(now));
    const rules = Object.entries(report.byRule).map(([rule, tally]) => `${rule} ${tally.written} new, ${tally.alreadySent} sent before`);
    console.log(`Reminders for ${report.today}: ${report.written} notifications written, ${report.alreadySent} sent before, ${report.evidenceExpired} uploads expired.`);
    console.log(`  ${rules.join('\n  ')}`);
    console.log(`  inspection dues missed: ${report.missedInspections.days} days of ${report.missedInspections.subjects} subjects counted`);
    console.log(`  read: ${report.checked.communities} communities, ${report.checked.designations} standing designations, ${report.checked.queues} queues (${report.checked.waiting} long-waiting applications), ${report.checked.pendingUploads} expired pending uploads`);
    return 0;
  } finally {
    clients.dynamodb.destroy();
  }
}


runCommand({ name: 'reminders', usage }, main);
