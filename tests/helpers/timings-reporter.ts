/**
 * Mocha reporter: the spec reporter's output, then the slowest files and tests, so that growth of
 * the suite's time is visible on every run. A file's time is what its tests and hooks took (module
 * loading excluded), summed from the durations mocha reports, which works in parallel mode too.
 * With `MOCHA_TIMINGS=<path>` the figures are also written there as JSON; with
 * `MOCHA_ASSERTIONS=<path>` (see count-assertions.ts) the count of assertions is added.
 * Options: `--reporter-option slowest=N` (default 10).
 */
import * as fs from "fs";
import * as path from "path";
import Mocha from "mocha";
import { countAssertions, SuiteTimings, TimedTest } from "../../scripts/lib/test-timings";

const { EVENT_HOOK_END, EVENT_TEST_END, EVENT_RUN_END } = Mocha.Runner.constants;

const relative = (file: string | undefined) =>
  file ? path.relative(process.cwd(), file) : "(no file)";

class TimingsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const files: Record<string, number> = {};
    const tests: TimedTest[] = [];
    const slowest = Number(
      (options.reporterOptions as Record<string, string> | undefined)?.slowest ?? 10,
    );
    const add = (file: string | undefined, ms: number | undefined) => {
      files[relative(file)] = (files[relative(file)] ?? 0) + (ms ?? 0);
    };
    // Root hooks (plugins such as count-assertions) belong to no file.
    runner.on(EVENT_HOOK_END, (hook: Mocha.Hook) => hook.file && add(hook.file, hook.duration));
    runner.on(EVENT_TEST_END, (test: Mocha.Test) => {
      add(test.file, test.duration);
      tests.push({ file: relative(test.file), title: test.fullTitle(), ms: test.duration ?? 0 });
    });
    runner.once(EVENT_RUN_END, () => {
      const byTime = Object.entries(files).sort((a, b) => b[1] - a[1]);
      tests.sort((a, b) => b.ms - a.ms);
      const secs = (ms: number) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
      console.log(`\n  Slowest files (tests and hooks):`);
      for (const [file, ms] of byTime.slice(0, slowest)) console.log(`  ${secs(ms)}  ${file}`);
      console.log(`\n  Slowest tests:`);
      for (const t of tests.slice(0, slowest)) console.log(`  ${secs(t.ms)}  ${t.title}`);
      const assertionsFile = process.env.MOCHA_ASSERTIONS;
      const assertions = assertionsFile ? countAssertions(assertionsFile) : undefined;
      if (assertions !== undefined) console.log(`\n  ${assertions} assertions`);
      const out = process.env.MOCHA_TIMINGS;
      if (out) {
        const timings: SuiteTimings = {
          wallMs: Date.now() - started,
          tests: this.stats.tests,
          passes: this.stats.passes,
          failures: this.stats.failures,
          pending: this.stats.pending,
          ...(assertions === undefined ? {} : { assertions }),
          files: Object.fromEntries(byTime),
          slowestTests: tests,
        };
        fs.writeFileSync(out, `${JSON.stringify(timings, null, 2)}\n`);
      }
    });
  }
}

export = TimingsReporter;
