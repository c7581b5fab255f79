/**
 * Mocha root-hook plugin: counts the chai assertions the suite makes at run time (every call of
 * `Assertion#assert`, which each `expect(...)` check ends in), so that speed work can show the
 * count of assertions did not fall. Writes one JSON line per root suite run (per file in parallel
 * mode, once in serial mode) to the file named by `MOCHA_ASSERTIONS`; inactive without it.
 *
 * Inactive, too, inside StrykerJS's test-runner workers (they carry `STRYKER_MUTATOR_WORKER`):
 * the mutation phase reruns the same tests once per mutant, so counting them would report how many
 * mutants ran, not how many assertions the suite makes (CI once printed 284,528 for ~38,000).
 */
import * as fs from "fs";
import * as path from "path";
import { Assertion } from "chai";

let count = 0;
const file =
  process.env.STRYKER_MUTATOR_WORKER === undefined ? process.env.MOCHA_ASSERTIONS : undefined;
if (file) {
  const original = Assertion.prototype.assert;
  Assertion.prototype.assert = function (this: unknown, ...args: Parameters<typeof original>) {
    count++;
    return original.apply(this, args);
  };
}

export const mochaHooks = {
  afterAll(this: Mocha.Context): void {
    if (!file) return;
    // In parallel mode each file has its own root suite: name it, so counts compare file by file.
    const testFile = this.test?.parent?.suites[0]?.file;
    const at = testFile === undefined ? {} : { file: path.relative(process.cwd(), testFile) };
    fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...at, assertions: count })}\n`);
    count = 0;
  },
};
