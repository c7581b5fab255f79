/**
 * `node -r ./scripts/setup/register.cjs scripts/test-summary.ts <dir>`: the end of `npm test`'s
 * report. Reads the timings each test phase's reporter wrote to `<dir>/<phase>.json` (see
 * tests/helpers/timings-reporter.ts) and the assertion counts in `<dir>/assertions.jsonl`, and
 * prints the count of tests and assertions and the slowest files and tests over every phase.
 */
import * as fs from "fs";
import * as path from "path";
import { countAssertions, SuiteTimings } from "./lib/test-timings";

const SLOWEST = 15;
const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error("usage: test-summary.ts <timings dir>");
  process.exit(2);
}
const phases = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({
    phase: path.basename(f, ".json"),
    ...(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as SuiteTimings),
  }));
const secs = (ms: number) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
const sum = (pick: (p: SuiteTimings) => number) => phases.reduce((n, p) => n + pick(p), 0);
const assertions = countAssertions(path.join(dir, "assertions.jsonl"));
console.log(
  `\n== tests: ${sum((p) => p.tests)} (${sum((p) => p.passes)} passing, ${sum((p) => p.failures)} failing, ${sum((p) => p.pending)} pending)` +
    (assertions === undefined ? "" : `, ${assertions} assertions`),
);
const files = phases.flatMap((p) =>
  Object.entries(p.files).map(([file, ms]) => ({ phase: p.phase, file, ms })),
);
console.log(`\n== slowest files (their tests and hooks)`);
for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST))
  console.log(`${secs(f.ms)}  ${f.file}  [${f.phase}]`);
console.log(`\n== slowest tests`);
const tests = phases.flatMap((p) => p.slowestTests.map((t) => ({ phase: p.phase, ...t })));
for (const t of tests.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST))
  console.log(`${secs(t.ms)}  ${t.title}  (${t.file})`);
