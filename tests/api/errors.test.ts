import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
});
afterAll(() => app.close());

describe('error handling', () => {
  it('masks an internal fault as INTERNAL_SERVER_ERROR, logs it in full and leaks nothing', async () => {
    // Prepare: DynamoDB fails every call from the HTTP door's clients, injected as SDK middleware
    const secret = 'arn:aws:dynamodb:cn-north-1:123456789012:table/secret-internals';
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app.clients.dynamodb.middlewareStack.add(
      () => async () => {
        throw new Error(`ProvisionedThroughputExceeded on ${secret}`);
      },
      { step: 'initialize', name: 'injectFault' },
    );
    try {
      // Act
      const response = await app.doors[1]!.execute('{ communities { totalCount } }', {}, admin);
      // Assess
      expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
      expect(response.body.errors?.[0]?.message).toBe('Internal server error');
      expect(JSON.stringify(response.body)).not.toContain('secret-internals');
      expect(JSON.stringify(response.body)).not.toContain('stacktrace');
      expect(logged).toHaveBeenCalled();
      expect(String(logged.mock.calls.flat().map((value) => (value instanceof Error ? value.message : value)))).toContain('secret-internals');
    } finally {
      app.clients.dynamodb.middlewareStack.remove('injectFault');
      logged.mockRestore();
    }
    const healthy = await app.doors[1]!.execute('{ communities { totalCount } }', {}, admin);
    expect(healthy.body.errors).toBeUndefined();
  });

  it.each([0, 1])('answers a syntax error with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED (door %i)', async (doorIndex) => {
    const parse = await app.doors[doorIndex]!.execute('{ communities {', {}, admin);
    expect(errorCode(parse)).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await app.doors[doorIndex]!.execute('{ communities { secret } }', {}, admin);
    expect(errorCode(validation)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
