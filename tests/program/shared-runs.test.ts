import { expect } from "chai";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import { run, runStack } from "../helpers/program";

/*
 * The unit suite's speed rests on this: a shipped environment's run is made once per mocha worker
 * and read by every test file that worker runs. The runner unloads the program's modules before
 * each run (they register resources at load time), but must keep the tests' own, or the helper's
 * cache of runs is forgotten and each file runs each environment again.
 */
describe("program runs shared across the test files of a worker", function () {
  this.timeout(300_000);
  const helper = require.resolve("../helpers/program");
  const compositionRoot = path.join(PROJECT_ROOT, "stacks", "platform.ts");

  it("a run on an edited config reloads the program's modules but keeps the tests' helper and its runs", async () => {
    const shipped = runStack("dev");
    const first = await shipped;
    const helperModule = require.cache[helper];
    expect(helperModule, "the helper is loaded").to.not.equal(undefined);
    expect(require.cache[compositionRoot], "the program was loaded for the run").to.not.equal(
      undefined,
    );
    const programModule = require.cache[compositionRoot];

    // Another run: the runner unloads and reloads the program's modules for it.
    const again = await run({ stack: "dev" });
    expect(again.resources.length, "the same program registers as much").to.equal(
      first.resources.length,
    );
    expect(require.cache[compositionRoot], "the program's modules were loaded afresh").to.not.equal(
      programModule,
    );
    expect(require.cache[helper], "the tests' helper stays loaded").to.equal(helperModule);
    expect(runStack("dev"), "the shipped run is not made again").to.equal(shipped);
  });
});
