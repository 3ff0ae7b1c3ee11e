import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability } from '#core/observability.ts';
import { renderKeyValueLine } from '#core/observability/local-format.ts';
import { setConflictSink, transactionConflictExhausted, transactionConflictRetried, retryingWholeWrites } from '#core/observability/counters.ts';

afterEach(() => vi.restoreAllMocks());

describe('the local log format', () => {
  it('renders one line: time, level, message, then key=value with quoting where needed', () => {
    const line = renderKeyValueLine({
      timestamp: '2026-12-02T12:00:00.000Z',
      level: 'INFO',
      message: 'graphql request',
      service: 'graphql',
      correlation_id: 'abc-1',
      fields: ['community', 'incidents'],
      error_codes: [],
      note: 'two words',
      quote: 'a"b',
      eq: 'a=b',
      chinese: '吴店镇',
      status: 200,
      ok: true,
      nested: { a: 1 },
      missing: undefined,
      empty: '',
    });
    expect(line).toBe(
      '2026-12-02T12:00:00.000Z INFO  graphql request service=graphql correlation_id=abc-1 fields=community,incidents error_codes=- ' +
        'note="two words" quote="a\\"b" eq="a=b" chinese="吴店镇" status=200 ok=true nested={"a":1}',
    );
    expect(line).not.toContain('\n');
  });

  it('prints through a text Logger with the fields a JSON line has, an error on one line with its cause', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const obs = createObservability('graphql', { env: { LOG_FORMAT: 'text', POWERTOOLS_LOG_LEVEL: 'INFO' } });
    obs.logger.info('graphql request', { correlation_id: 'r-1', role: 'ADMIN' });
    obs.logger.error('internal error', { error: new Error('outer', { cause: new Error('inner cause') }) });

    expect(info).toHaveBeenCalledTimes(1);
    const line = String(info.mock.calls[0]![0]);
    expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z INFO {2}graphql request service=graphql .*correlation_id=r-1 role=ADMIN/);
    expect(error).toHaveBeenCalledTimes(1);
    const errorLine = String(error.mock.calls[0]![0]);
    expect(errorLine).not.toContain('\n');
    expect(errorLine).toMatch(/ ERROR internal error /);
    expect(errorLine).toContain('"message":"outer"');
    expect(errorLine).toContain('"cause":{');
    expect(errorLine).toContain('inner cause');
  });

  it('prints compact JSON lines with LOG_FORMAT=json, and nothing below the level', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const obs = createObservability('graphql', { env: { LOG_FORMAT: 'json', POWERTOOLS_LOG_LEVEL: 'WARN' } });
    obs.logger.info('hidden');
    obs.logger.warn('shown', { k: 'v' });
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({ level: 'WARN', message: 'shown', service: 'graphql', k: 'v' });
  });
});

describe('the transaction conflict counters', () => {
  it('count commit’s resends, and a give-up only outside a whole-write retry', async () => {
    const counted: string[] = [];
    setConflictSink((kind) => counted.push(kind), true);
    try {
      transactionConflictRetried();
      transactionConflictExhausted();
      await retryingWholeWrites(async () => transactionConflictExhausted());
      expect(counted).toEqual(['retried', 'givenUp']);
    } finally {
      setConflictSink(undefined, true);
    }
  });
});
