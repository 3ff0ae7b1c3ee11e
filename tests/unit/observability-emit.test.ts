import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability } from '#core/observability.ts';

/** The EMF lines written to stdout while `run` runs. */
function emfLines(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const lambdaEnv = { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'graphql', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_DEV: undefined };

describe('emit: one line per emission, each with only its own metrics and dimensions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('carries nothing over from one emission to the next, nor from one that was refused', () => {
    const obs = createObservability('graphql', { env: lambdaEnv });
    const lines = emfLines(() => {
      obs.emit([{ name: 'Requests', unit: 'Count', value: 1 }, { name: 'Latency', unit: 'Milliseconds', value: 12.5 }], [{ operation: 'Community' }, {}]);
      // A metric without a name is refused after its dimension set was taken: nothing is written, nothing stays.
      expect(() => obs.emit([{ name: 'Ok', unit: 'Count', value: 1 }, { name: '', unit: 'Count', value: 1 }], [{ code: 'REFUSED' }])).toThrow(RangeError);
      obs.emit([{ name: 'Errors', unit: 'Count', value: 2 }], [{ code: 'FORBIDDEN' }]);
    });

    expect(lines).toHaveLength(2);
    const [first, second] = lines as [Record<string, any>, Record<string, any>];
    expect(first._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'SafeCommunity', Dimensions: [['service', 'operation'], ['service']], Metrics: [{ Name: 'Requests', Unit: 'Count' }, { Name: 'Latency', Unit: 'Milliseconds' }] },
    ]);
    expect(first).toMatchObject({ service: 'graphql', operation: 'Community', Requests: 1, Latency: 12.5 });
    expect(second._aws.CloudWatchMetrics).toEqual([{ Namespace: 'SafeCommunity', Dimensions: [['service', 'code']], Metrics: [{ Name: 'Errors', Unit: 'Count' }] }]);
    expect(second).toEqual({ _aws: second._aws, service: 'graphql', code: 'FORBIDDEN', Errors: 2 });
  });
});
