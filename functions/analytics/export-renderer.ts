import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type ClientSource, clientOf, lambdaCommands } from '#core/lazy-clients.ts';
import type { AggregateWorkbookContent } from './export.ts';
import type { WorkbookResult } from './export-workbook-handler.ts';

/**
 * Where the aggregate export's workbook is made. exceljs (with the chart's ZIP work) weighs about
 * a megabyte minified, which the GraphQL function's bundle and its cold start do without: in AWS
 * the workbook is made by a function of its own (export-workbook-handler.ts), invoked
 * synchronously with the tables the request has read under its policy, answering the bytes;
 * locally the same handler runs in this process, imported by a specifier esbuild does not follow
 * (functions/graphql/server.ts). Either way the GraphQL function stores the file and signs its link.
 */
export interface WorkbookRenderer {
  render(content: AggregateWorkbookContent): Promise<Buffer>;
}

/** The export workbook's handler, as the in-process renderer calls it. */
export type WorkbookHandler = (event: unknown) => Promise<WorkbookResult>;

/** The workbook's bytes from a handler's answer, checked: the size it declares and the name it was asked for. */
function workbookOf(result: unknown, content: AggregateWorkbookContent): Buffer {
  const answer = result as Partial<WorkbookResult> | null;
  if (typeof answer?.workbook !== 'string' || typeof answer.bytes !== 'number' || answer.fileName !== content.fileName) {
    throw new Error('the export workbook function answered no workbook');
  }
  const bytes = Buffer.from(answer.workbook, 'base64');
  if (bytes.length !== answer.bytes) throw new Error(`the export workbook function answered ${bytes.length} bytes where it declared ${answer.bytes}`);
  return bytes;
}

export class LambdaWorkbookRenderer implements WorkbookRenderer {
  constructor(
    private readonly lambda: ClientSource<LambdaClient>,
    private readonly functionName: string,
  ) {}

  async render(content: AggregateWorkbookContent): Promise<Buffer> {
    const [lambda, { InvokeCommand }] = await Promise.all([clientOf(this.lambda), lambdaCommands()]);
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(content)) }),
    );
    const payload = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    // A handler's error comes back as a 200 with FunctionError set and the error in the payload:
    // its type only goes into the message (the payload is the function's own log's to keep).
    if (response.FunctionError) {
      const errorType = (safeJson(payload) as { errorType?: unknown } | undefined)?.errorType;
      throw new Error(`the export workbook function failed (${response.FunctionError}${typeof errorType === 'string' ? `: ${errorType}` : ''})`);
    }
    return workbookOf(safeJson(payload), content);
  }
}

/** The handler in this process, loaded on the first workbook; the content goes through JSON as it would to Lambda. */
export class InProcessWorkbookRenderer implements WorkbookRenderer {
  private handler: Promise<WorkbookHandler> | undefined;

  constructor(private readonly load: () => Promise<WorkbookHandler>) {}

  async render(content: AggregateWorkbookContent): Promise<Buffer> {
    this.handler ??= this.load().catch((error: unknown) => {
      // A failed load is tried again by the next workbook, not remembered.
      this.handler = undefined;
      throw error;
    });
    const handler = await this.handler;
    return workbookOf(await handler(JSON.parse(JSON.stringify(content))), content);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
