import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { sourceMappedStack } from './source-mapped-stack.ts';

/**
 * Both formats' errors: LogFormatter's (name, location, message, stack, cause), with the stack and
 * location mapped to the sources (source-mapped-stack.ts); a cause comes through here again.
 */
abstract class SourceMappedLogFormatter extends LogFormatter {
  override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    if (typeof error.stack !== 'string') return formatted;
    const mapped = sourceMappedStack(error.stack);
    if (mapped === error.stack) return formatted;
    return { ...formatted, location: this.getCodeLocation(mapped), stack: Array.isArray(formatted.stack) ? mapped.split('\n') : mapped };
  }
}

/**
 * The local log format: one readable line per log item, the same fields as the JSON lines
 * Powertools prints in Lambda.
 *
 *     12:41:07.123 INFO  graphql request service=graphql correlation_id=4f0c… operation=community …
 *
 * The time (UTC, to the millisecond), the level and the message lead; every other field follows
 * as key=value in the order it was added, a value quoted (JSON) when it holds a space, a quote,
 * an equals sign or anything outside printable ASCII, and objects and errors as compact JSON
 * (an error with its name, message, stack and cause), so a line is always one line.
 */
export class KeyValueLogFormatter extends SourceMappedLogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return logItemOf(this, attributes, additionalLogAttributes, 'local');
  }
}

/**
 * The JSON lines in Lambda: Powertools' own structure (PowertoolsLogFormatter's fields, in its
 * order), with a logged error's stack and location in the sources' lines (source-mapped-stack.ts),
 * since the functions run without `--enable-source-maps`.
 */
export class LambdaJsonLogFormatter extends SourceMappedLogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return logItemOf(this, attributes, additionalLogAttributes, 'lambda');
  }
}

/** Powertools' leading fields (PowertoolsLogFormatter's, in its order), those of the Lambda invocation's deployment only in Lambda, then the item's own. */
function logItemOf(formatter: LogFormatter, attributes: UnformattedAttributes, additional: LogAttributes, where: 'local' | 'lambda'): LogItem {
  const lambda = where === 'lambda';
  const context = attributes.lambdaContext;
  const base: LogAttributes = {
    level: attributes.logLevel,
    message: attributes.message,
    timestamp: formatter.formatTimestamp(attributes.timestamp),
    service: attributes.serviceName,
    cold_start: context?.coldStart,
    ...(lambda ? { function_arn: context?.invokedFunctionArn, function_memory_size: context?.memoryLimitInMB } : {}),
    function_name: context?.functionName,
    function_request_id: context?.awsRequestId,
    ...(lambda ? { sampling_rate: attributes.sampleRateValue } : {}),
    xray_trace_id: attributes.xRayTraceId,
    ...(lambda ? { tenant_id: context?.tenantId } : {}),
  };
  return new LogItem({ attributes: base }).addAttributes(additional);
}


const LEADING = new Set(['timestamp', 'level', 'message']);
const BARE = /^[\x21-\x7e]+$/;

/**
 * One log item's attributes as its line. `replacer` is the logger's JSON replacer (errors as
 * name, message, stack and cause; bigints as strings; circular references dropped).
 */
export function renderKeyValueLine(attributes: LogAttributes, replacer?: (key: string, value: unknown) => unknown): string {
  const time = typeof attributes.timestamp === 'string' ? attributes.timestamp : new Date().toISOString();
  const level = String(attributes.level ?? 'INFO').padEnd(5);
  const parts = [time, level, String(attributes.message ?? '')];
  for (const [key, value] of Object.entries(attributes)) {
    if (LEADING.has(key) || value === undefined || value === null || value === '') continue;
    parts.push(`${key}=${renderValue(value, replacer)}`);
  }
  return parts.join(' ');
}

function renderValue(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  if (typeof value === 'string') return BARE.test(value) && !/["=]/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' && /^[\w.:-]+$/.test(entry))) return value.length > 0 ? value.join(',') : '-';
  return JSON.stringify(value, replacer as (key: string, value: unknown) => unknown) ?? String(value);
}
