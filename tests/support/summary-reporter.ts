import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the one line CI reads, `N passed, N failed`, and before it a `vitest failed:` line for each
 * test that failed (its file, its name and the first line of its error) and each file that failed
 * to load, so that the tail of a CI log, which is all a failed run keeps, names what failed.
 * A file that failed to load counts as failed, and so does an error outside any test.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    const failures: string[] = unhandledErrors.map((error) => `unhandled error: ${firstLine(error)}`);
    for (const module of testModules) {
      let cases = 0;
      for (const test of module.children.allTests()) {
        cases += 1;
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') failures.push(`${module.moduleId} > ${test.fullName}: ${firstLine(result.errors?.[0])}`);
      }
      if (cases === 0 && module.state() === 'failed') failures.push(`${module.moduleId}: ${firstLine(module.errors()[0])}`);
    }
    const relative = (line: string) => line.replaceAll(`${process.cwd()}/`, '');
    const lines = failures.map((failure) => `vitest failed: ${relative(failure)}\n`).join('');
    process.stdout.write(`\n${lines}vitest: ${passed} passed, ${failures.length} failed\n`);
  }
}

function firstLine(error: unknown): string {
  const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}
