/**
 * What a benchmark module looks like to `bench/run.ts`. Each module measures one area
 * (`foundation` now; later issues add e.g. `import`) and reports figures, one line each, as
 * plain facts: the runner prints them and never judges them.
 */
export interface BenchmarkModule {
  /** The name `npm run bench -- <name>` selects it by. */
  readonly name: string;
  readonly description: string;
  run(report: Reporter): Promise<void>;
}

export interface Reporter {
  /** One measured figure, e.g. `bundle size: ours 1.23 MB, hello-world 0.98 MB (target ≤ 2 MB)`. */
  figure(line: string): void;
  /** Progress and context, on stderr, so stdout holds figures only. */
  note(line: string): void;
}
