import type { WriteOrigin } from '#core/origin.ts';

/**
 * Reads of personal details (an incident's description) are audit events, written to the log as
 * one JSON line each (who, which record, when, which fields), never to the table and never with
 * the text itself. In AWS the lines go to CloudWatch Logs with the function's other output.
 */
export interface PersonalDataRead {
  readonly event: 'PERSONAL_DATA_READ';
  readonly at: string;
  readonly subject: string;
  readonly role: string;
  readonly requestId: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly communityId: string;
  readonly fields: readonly string[];
}

export interface ReadLog {
  personalDataRead(event: PersonalDataRead): void;
}

export const consoleReadLog: ReadLog = {
  personalDataRead: (event) => console.info(JSON.stringify(event)),
};

/** A request's read log: each record's read of a set of fields is logged once per request, however often it is resolved. */
export class RequestReadLog {
  private readonly logged = new Set<string>();

  constructor(
    private readonly log: ReadLog,
    private readonly origin: WriteOrigin,
  ) {}

  personalData(recordType: string, record: { readonly id: string; readonly communityId: string }, fields: readonly string[]): void {
    const key = `${recordType}#${record.id}#${fields.join(',')}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log.personalDataRead({
      event: 'PERSONAL_DATA_READ',
      at: new Date().toISOString(),
      subject: this.origin.actor.subject,
      role: this.origin.actor.role,
      requestId: this.origin.requestId,
      recordType,
      recordId: record.id,
      communityId: record.communityId,
      fields,
    });
  }
}
