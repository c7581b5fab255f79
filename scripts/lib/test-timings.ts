/** What the mocha timings reporter records (tests/helpers/timings-reporter.ts, count-assertions.ts). */
import * as fs from "fs";

/** One timed test. */
export interface TimedTest {
  file: string;
  title: string;
  ms: number;
}

/** What the reporter writes to `MOCHA_TIMINGS`. */
export interface SuiteTimings {
  wallMs: number;
  tests: number;
  passes: number;
  failures: number;
  pending: number;
  assertions?: number;
  files: Record<string, number>;
  slowestTests: TimedTest[];
}

/** The count of assertions the count-assertions plugin wrote, summed over processes and files. */
export function countAssertions(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .reduce((sum, line) => sum + (JSON.parse(line) as { assertions: number }).assertions, 0);
}
