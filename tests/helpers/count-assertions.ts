/**
 * Mocha root-hook plugin: counts the chai assertions the suite makes at run time (every call of
 * `Assertion#assert`, which each `expect(...)` check ends in), so that speed work can show the
 * count of assertions did not fall. Writes one JSON line per root suite run (per file in parallel
 * mode, once in serial mode) to the file named by `MOCHA_ASSERTIONS`; inactive without it.
 */
import * as fs from "fs";
import { Assertion } from "chai";

let count = 0;
const file = process.env.MOCHA_ASSERTIONS;
if (file) {
  const original = Assertion.prototype.assert;
  Assertion.prototype.assert = function (this: unknown, ...args: Parameters<typeof original>) {
    count++;
    return original.apply(this, args);
  };
}

export const mochaHooks = {
  afterAll(): void {
    if (!file) return;
    fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, assertions: count })}\n`);
    count = 0;
  },
};
