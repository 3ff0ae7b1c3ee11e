/**
 * `npm run bench [-- NAME...]`: runs the benchmark modules (all, or those named) one after the
 * other and prints their figures, one line each, on stdout; progress goes to stderr. Figures are
 * facts, not verdicts: the run fails only when something could not be measured.
 *
 * A later issue adds its module here (e.g. bench/import.ts) and nothing else changes.
 */
import { foundation } from './foundation.ts';
import { nested } from './nested.ts';
import { importBenchmark } from './import.ts';
import { evidenceBenchmark } from './evidence.ts';
import { analyticsBenchmark } from './analytics.ts';
import { limitsBenchmark } from './limits.ts';
import { suggestionsBenchmark } from './suggestions.ts';
import { briefingBenchmark } from './briefing.ts';
import { reviewPackBenchmark } from './review-pack.ts';
import { inspectionsDueBenchmark } from './inspections-due.ts';
import { dangerMoveBenchmark } from './danger-move.ts';
import type { BenchmarkModule, Reporter } from './lib/module.ts';

const MODULES: readonly BenchmarkModule[] = [foundation, nested, importBenchmark, evidenceBenchmark, analyticsBenchmark, limitsBenchmark, suggestionsBenchmark, briefingBenchmark, reviewPackBenchmark, inspectionsDueBenchmark, dangerMoveBenchmark];

// The project's Node 20 is older than the AWS SDK's support horizon (22); its warning says nothing here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `usage: npm run bench [-- NAME...]\n${MODULES.map((module) => `  ${module.name.padEnd(12)} ${module.description}`).join('\n')}`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.error(usage);
    return 0;
  }
  const unknown = argv.filter((name) => !MODULES.some((module) => module.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const selected = argv.length === 0 ? MODULES : MODULES.filter((module) => argv.includes(module.name));
  for (const module of selected) {
    const reporter: Reporter = {
      figure: (line) => console.log(`[${module.name}] ${line}`),
      note: (line) => console.error(`[${module.name}] ${line}`),
    };
    await module.run(reporter);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  // Bundles imported in-process keep SDK sockets open: leave explicitly.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('benchmark failed:', error);
    process.exit(1);
  },
);
