import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Notification } from '#notification/model.ts';
import type { ReminderMailer, ReminderReport } from './job.ts';

/** How many notifications one digest lists; the rest are counted. */
const DIGEST_LINES = 200;

/**
 * The optional e-mail of a run (the CDK app's `reminderEmail` context): one digest to the
 * operations mailbox(es) the deployment names, listing what the run wrote. People read their own
 * notifications in the API by role and scope; the digest is for the office that follows them up.
 * Only the notifications' sentences (community names and dates): nothing personal.
 */
export class SesDigestMailer implements ReminderMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly to: readonly string[],
  ) {}

  async send(written: readonly Notification[], report: ReminderReport): Promise<void> {
    await this.ses.send(new SendEmailCommand({ FromEmailAddress: this.from, Destination: { ToAddresses: [...this.to] }, Content: { Simple: digestOf(written, report) } }));
  }
}

export function digestOf(written: readonly Notification[], report: ReminderReport) {
  const lines = written.slice(0, DIGEST_LINES).map((notification) => `- ${notification.message}`);
  const more = written.length > DIGEST_LINES ? [`… 另有 ${written.length - DIGEST_LINES} 条`] : [];
  const counts = Object.entries(report.byRule)
    .filter(([, tally]) => tally.written > 0)
    .map(([rule, tally]) => `${rule}: ${tally.written}`);
  return {
    Subject: { Data: `安全社区提醒 ${report.today}：${report.written} 条新提醒`, Charset: 'UTF-8' },
    Body: { Text: { Data: [`${report.today} 的提醒（${counts.join('，')}）：`, '', ...lines, ...more].join('\n'), Charset: 'UTF-8' } },
  };
}
