import * as z from 'zod';
import type { AggregateWorkbookContent } from './export.ts';
import { renderAggregateWorkbook } from './export-workbook.ts';
import { SERVICE_NAMES } from '#core/metric-names.ts';
import { instrumentHandler, observability } from '#core/observability.ts';

/**
 * Lambda entry point of the export workbook function: the GraphQL function invokes it
 * synchronously (RequestResponse) with the workbook's content — the tables it has read under the
 * caller's policy — and gets the workbook's bytes back, which it stores and signs itself. So this
 * function reads no table and writes no object: its role holds its logs and nothing else, and
 * exceljs stays out of the GraphQL function's bundle. It needs no configuration.
 *
 * Locally (npm start, the tests) the GraphQL function imports this module in-process and calls the
 * same handler with the same JSON (export-renderer.ts).
 */

/** Excel's rules for a sheet name: 1 to 31 characters, none of : \ / ? * [ ], no quote at either end. */
const sheetName = z
  .string()
  .min(1)
  .max(31)
  .regex(/^[^:\\/?*[\]]+$/, 'must not hold : \\ / ? * [ ]')
  .refine((name) => !name.startsWith("'") && !name.endsWith("'"), "must not begin or end with '");

const cell = z.union([z.string().max(2_000), z.number().finite(), z.null()]);

const table = z
  .object({
    sheet: sheetName,
    title: z.string().max(500),
    header: z.array(z.string().max(200)).min(1).max(60).optional(),
    rows: z.array(z.array(cell).max(60)).max(5_000),
    chart: z
      .object({
        title: z.string().min(1).max(200),
        categoryColumn: z.number().int().min(0),
        rows: z.number().int().min(1),
        series: z.array(z.object({ column: z.number().int().min(0), name: z.string().min(1).max(100) })).min(1).max(10),
      })
      .optional(),
  })
  .refine(({ chart, header, rows }) => !chart || (header !== undefined && chart.rows <= rows.length && [chart.categoryColumn, ...chart.series.map((line) => line.column)].every((column) => column < header.length)), {
    message: "a chart's rows and columns must be the table's",
    path: ['chart'],
  });

/** The event: what export.ts's buildAggregateWorkbook makes, checked, since it crosses a process boundary. */
export const workbookEventSchema = z
  .object({
    fileName: z.string().regex(/^[A-Za-z0-9._-]{1,200}\.xlsx$/, 'must be an ASCII file name ending in .xlsx'),
    tables: z.array(table).min(1).max(60),
  })
  .refine(({ tables }) => new Set(tables.map((entry) => entry.sheet.toLowerCase())).size === tables.length, {
    message: 'sheet names must differ (Excel compares them ignoring case)',
    path: ['tables'],
  });

/** What the function answers: the workbook, base64 (a synchronous invocation answers JSON). */
export interface WorkbookResult {
  readonly fileName: string;
  readonly workbook: string;
  readonly bytes: number;
}

/**
 * What a synchronous invocation may answer is 6 MB of JSON: the workbook's base64 must fit. A
 * province's export is tens of kilobytes; a workbook past this is a bug to hear about, not a file
 * to cut short.
 */
export const MAX_WORKBOOK_BYTES = 4 * 1024 * 1024;

export function parseWorkbookEvent(event: unknown): AggregateWorkbookContent {
  const parsed = workbookEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the export workbook event is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
  }
  return parsed.data;
}

/** With the three of core/observability.ts around it (ColdStart, X-Ray, the Lambda context on its lines). */
export const handler = instrumentHandler(observability(SERVICE_NAMES.exportWorkbook), 'export-workbook', async (event: unknown): Promise<WorkbookResult> => {
  const content = parseWorkbookEvent(event);
  const bytes = await renderAggregateWorkbook(content);
  if (bytes.length > MAX_WORKBOOK_BYTES) throw new Error(`the workbook is ${bytes.length} bytes, more than ${MAX_WORKBOOK_BYTES} (what a synchronous invocation can answer)`);
  return { fileName: content.fileName, workbook: bytes.toString('base64'), bytes: bytes.length };
});
