import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { SERVICE_NAMES } from '#core/metric-names.ts';
import { instrumentHandler, jobLogger, observability, traceClient } from '#core/observability.ts';
import { createRemindersJob, type ReminderMailer, type ReminderReport, runFor } from './job.ts';
import { SesDigestMailer } from './mailer.ts';

/**
 * Lambda entry point of the daily reminders job, run by an EventBridge Scheduler schedule
 * (infra/constructs/reminders-job.ts) with `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`:
 * the job's day is the China date of the scheduled time, so a retried or replayed invocation of
 * a day judges that day again and writes nothing twice. It verifies no token (storage
 * configuration only). E-mail goes out only when the deployment set REMINDER_EMAIL_FROM and
 * REMINDER_EMAIL_TO (the `reminderEmail` context flag).
 */
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const from = process.env.REMINDER_EMAIL_FROM;
const to = (process.env.REMINDER_EMAIL_TO ?? '').split(',').map((address) => address.trim()).filter(Boolean);
const obs = observability(SERVICE_NAMES.reminders);
const mailer: ReminderMailer | undefined = from && to.length > 0 ? new SesDigestMailer(traceClient(new SESv2Client({ region: config.aws.region })), from, to) : undefined;
const job = createRemindersJob(config.tableName, documents, { logger: jobLogger(obs) ?? console, ...(mailer ? { mailer } : {}) });

export interface ScheduledInvocation {
  /** The schedule's time for this invocation (ISO 8601); absent when invoked by hand: now. */
  readonly scheduledTime?: string;
  /** Run for another day (YYYY-MM-DD, China), as `npm run reminders -- --now` does. */
  readonly today?: string;
}

/** With the three of core/observability.ts around it: JSON lines in Lambda, ColdStart, X-Ray. */
export const handler = instrumentHandler(obs, 'reminders', async (event: ScheduledInvocation = {}): Promise<ReminderReport> => {
  const scheduled = event.scheduledTime ? new Date(event.scheduledTime) : undefined;
  if (scheduled && Number.isNaN(scheduled.getTime())) throw new Error(`scheduledTime ${event.scheduledTime} is not an instant`);
  if (event.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(event.today)) throw new Error('today must be a date YYYY-MM-DD');
  return job.run(event.today ? runFor(event.today) : runFor(undefined, scheduled ?? new Date()));
});
