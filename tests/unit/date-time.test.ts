import { buildSchema, GraphQLError, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar, formatChinaDateTime, parseDateTime } from '#core/date-time.ts';
import { typeDefs } from '#generated/type-defs.ts';
import { executableSchema } from '#graphql/executable-schema.ts';
import { describeSchema } from '#graphql/schema-descriptions.ts';

const instantOf = (text: string) => {
  const parsed = parseDateTime(text);
  if (!('instant' in parsed)) throw new Error(`refused ${text}: ${parsed.error}`);
  return parsed.instant.toISOString();
};
const errorOf = (text: string) => {
  const parsed = parseDateTime(text);
  if (!('error' in parsed)) throw new Error(`accepted ${text}`);
  return parsed.error;
};

describe('DateTime input: ISO 8601 with a time and any offset', () => {
  it.each([
    ['2024-04-30T20:00:00+08:00', '2024-04-30T12:00:00.000Z'],
    ['2024-04-30T12:00:00Z', '2024-04-30T12:00:00.000Z'],
    ['2024-04-30T07:00:00-05:00', '2024-04-30T12:00:00.000Z'],
    ['2024-04-30t12:00:00z', '2024-04-30T12:00:00.000Z'],
    ['2024-04-30T20:00+08:00', '2024-04-30T12:00:00.000Z'],
    ['2024-04-30T20:00:00.5+08:00', '2024-04-30T12:00:00.500Z'],
    ['2024-04-30T20:00:00.123456789+08:00', '2024-04-30T12:00:00.123Z'],
    ['2024-05-01T05:30:00+05:30', '2024-05-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00+14:00', '2023-12-31T10:00:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s is the instant %s', (text, utc) => {
    expect(instantOf(text)).toBe(utc);
  });

  it.each([
    ['2024-04-30', 'not a date alone'],
    ['2024-04-30T20:00', 'needs an offset'],
    ['2024-04-30T20:00:00', 'needs an offset'],
    ['2024-04-30 20:00:00', 'needs an offset'],
    ['2024-02-30T10:00:00Z', 'a day of the calendar'],
    ['2023-02-29T10:00:00Z', 'a day of the calendar'],
    ['2024-13-01T10:00:00Z', 'a day of the calendar'],
    ['2024-04-30T24:00:00Z', 'a time of day'],
    ['2024-04-30T23:59:60Z', 'a time of day'],
    ['2024-04-30T20:00:00+24:00', 'offset'],
    ['2024-04-30T20:00:00+0800', 'A DateTime is an ISO 8601'],
    ['1714478400000', 'A DateTime is an ISO 8601'],
    ['', 'A DateTime is an ISO 8601'],
    ['2024年4月30日 20:00', 'A DateTime is an ISO 8601'],
  ])('%s is refused (%s), with the expected format and an example', (text, reason) => {
    const message = errorOf(text);
    expect(message).toContain(reason);
    expect(message).toContain('"2024-04-30T20:00:00+08:00"');
  });
});

describe('DateTime output: China Standard Time', () => {
  it('shows an instant at +08:00 with milliseconds, across a day, a year and a leap day', () => {
    expect(formatChinaDateTime(new Date('2024-04-30T12:00:00Z'))).toBe('2024-04-30T20:00:00.000+08:00');
    expect(formatChinaDateTime(new Date('2023-12-31T16:00:00.000Z'))).toBe('2024-01-01T00:00:00.000+08:00');
    expect(formatChinaDateTime(new Date('2024-02-28T16:30:00.250Z'))).toBe('2024-02-29T00:30:00.250+08:00');
  });

  it('serializes Dates and stored ISO strings as the same text; both read back as the same instant', () => {
    const stored = '2024-04-30T12:00:00.000Z';
    expect(DateTimeScalar.serialize(stored)).toBe('2024-04-30T20:00:00.000+08:00');
    expect(DateTimeScalar.serialize(new Date(stored))).toBe('2024-04-30T20:00:00.000+08:00');
    expect(Date.parse(DateTimeScalar.serialize(stored) as string)).toBe(Date.parse(stored));
    expect(instantOf(DateTimeScalar.serialize(stored) as string)).toBe(stored);
  });

  it('refuses to serialize what is no instant (an internal fault, never a wrong time shown)', () => {
    expect(() => DateTimeScalar.serialize('2024-04-30')).toThrow(TypeError);
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow(TypeError);
    expect(() => DateTimeScalar.serialize(1714478400000)).toThrow(TypeError);
  });
});

describe('the scalar as graphql-js calls it', () => {
  it('parses a variable to a Date, and refuses one with a GraphQLError whose message is the reason', () => {
    expect(DateTimeScalar.parseValue('2024-04-30T20:00:00+08:00')).toEqual(new Date('2024-04-30T12:00:00Z'));
    expect(() => DateTimeScalar.parseValue('2024-04-30')).toThrow(GraphQLError);
    expect(() => DateTimeScalar.parseValue('2024-04-30')).toThrow(/not a date alone/);
    expect(() => DateTimeScalar.parseValue(1714478400000)).toThrow(/is a string/);
  });

  it('parses a string literal, and refuses another kind of literal', () => {
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2024-04-30T07:00:00-05:00' })).toEqual(new Date('2024-04-30T12:00:00Z'));
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2024-04-30T20:00' })).toThrow(/needs an offset/);
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1714478400' })).toThrow(/is a string/);
  });
});

describe('the scalar in the schema', () => {
  it('is the one the server runs, described as schema/base.graphql describes it', () => {
    // Described as introspection sees it (schema-descriptions.ts).
    const served = describeSchema(executableSchema()).getType('DateTime');
    // Duck-typed: vitest may load graphql twice (for this file and for graphql-tools), so instanceof checks fail across them.
    expect((served as unknown as typeof DateTimeScalar).serialize('2024-04-30T12:00:00.000Z')).toBe('2024-04-30T20:00:00.000+08:00');
    expect(served?.description).toBe(buildSchema(typeDefs).getType('DateTime')?.description);
    expect(served?.description).toContain('+08:00');
  });
});
