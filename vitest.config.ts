import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      // Offline: the steps and parameters the data layer builds, the policy, the schema, the demo
      // data. Starts no engine (`npx vitest run --project unit` runs in seconds).
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'engines',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/unit/**', '**/node_modules/**'],
          // One DynamoDB Local and one s3rver for the whole run; each test file makes its own table.
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
