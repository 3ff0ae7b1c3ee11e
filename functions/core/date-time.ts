import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * The DateTime scalar: an instant as users in China read it. Output is ISO 8601 in China Standard
 * Time (UTC+8, no daylight saving), `2024-04-30T20:00:00.000+08:00`; input is ISO 8601 with a
 * time and any offset (`Z`, `+08:00`, `-05:00`). A value without a time or an offset is refused,
 * never guessed: `2024-04-30` is a day, and which zone `2024-04-30T20:00` means is the sender's
 * to say. Stored values stay ISO 8601 UTC (they sort); only what the API shows changes.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;
const EXAMPLE = '"2024-04-30T20:00:00+08:00" (or "2024-04-30T12:00:00Z")';
const EXPECTED = `an ISO 8601 date-time with a time and an offset (Z or ±hh:mm), e.g. ${EXAMPLE}`;

/** `YYYY-MM-DDTHH:mm[:ss[.fraction]]` then `Z` or `±hh:mm`; T and Z in either case (RFC 3339). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;

/** Why a text is not a DateTime, as a message that says which format is expected. */
function refusal(text: string): string {
  if (DATE_ONLY.test(text)) return `A DateTime needs a time of day and an offset, not a date alone: expected ${EXPECTED}`;
  if (WITHOUT_OFFSET.test(text)) return `A DateTime needs an offset (Z for UTC, +08:00 for China Standard Time): expected ${EXPECTED}`;
  return `A DateTime is ${EXPECTED}`;
}

/**
 * The instant a DateTime text names, or why it names none. Strict about the calendar and the
 * clock (2024-02-30, 24:00, a seconds field of 60 and an offset past ±23:59 are refused, where
 * `Date.parse` would roll them over or give up silently).
 */
export function parseDateTime(text: string): { readonly instant: Date } | { readonly error: string } {
  const match = DATE_TIME.exec(text);
  if (!match) return { error: refusal(text) };
  const [, year, month, day, hour, minute, second = '00', fraction = '', , sign, offsetHours = '00', offsetMinutes = '00'] = match;
  const numbers = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = numbers;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay) return { error: `A DateTime's date must be a day of the calendar: expected ${EXPECTED}` };
  if (h > 23 || mi > 59 || s > 59) return { error: `A DateTime's time must be a time of day (00:00:00 to 23:59:59): expected ${EXPECTED}` };
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return { error: `A DateTime's offset must be ±hh:mm from -23:59 to +23:59: expected ${EXPECTED}` };
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
  const milliseconds = Number(fraction.slice(1, 4).padEnd(3, '0'));
  const utc = new Date(0);
  utc.setUTCFullYear(y, mo - 1, d);
  utc.setUTCHours(h, mi, s, milliseconds);
  return { instant: new Date(utc.getTime() - offsetMs) };
}

/** An instant in China Standard Time, ISO 8601 with milliseconds: `2024-04-30T20:00:00.000+08:00`. */
export function formatChinaDateTime(instant: Date): string {
  return `${new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

function instantOf(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    const parsed = parseDateTime(value);
    if ('instant' in parsed) return parsed.instant;
  }
  // A stored value that is no instant is a fault of ours: masked as an internal error, logged.
  throw new TypeError(`DateTime cannot serialize ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value}`);
}

function inputOf(value: unknown): Date {
  if (typeof value !== 'string') throw new TypeError(`A DateTime is a string, ${EXPECTED}`);
  const parsed = parseDateTime(value);
  if ('error' in parsed) throw new TypeError(parsed.error);
  return parsed.instant;
}

/**
 * The scalar. Resolvers hand it Dates or stored ISO strings; arguments reach them as Dates. A
 * refused variable is the GraphQLError alone (graphql-js prefixes `Variable "$from" got invalid
 * value "2024-04-30"` and the server names the field: BAD_USER_INPUT); a refused literal in the
 * query text is a validation error that quotes it (`Expected value of type "DateTime", found …`).
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  // What partners read is schema/base.graphql's description (graphql/schema.ts puts it on the served scalar).
  description: 'An instant, ISO 8601: shown at +08:00 (China Standard Time), accepted with any offset.',
  serialize: (value) => formatChinaDateTime(instantOf(value)),
  parseValue: (value) => {
    try {
      return inputOf(value);
    } catch (error) {
      throw new GraphQLError((error as Error).message);
    }
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError(`A DateTime is a string, ${EXPECTED}`);
    return inputOf(ast.value);
  },
  extensions: { jsonSchema: { type: 'string', format: 'date-time' } },
});
