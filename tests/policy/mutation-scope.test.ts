import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SCOPES } from "../../scripts/mutation/scopes";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "tests", "policy");

/** A test file that runs the whole program (under mocks or the engine), seconds to minutes a run. */
const runsProgram = (file: string) =>
  /from "\.\.\/(helpers\/program|engine\/helpers)"/.test(
    fs.readFileSync(path.join(ROOT, file), "utf8"),
  );

/**
 * The policy scope of mutation testing (scripts/mutation/scopes.ts) runs every fast policy test
 * and no test that runs the whole program: a fast test left out lets its rule's mutants survive
 * (the guardrails scored 0 % that way), and a program-run test in the list turns a run of minutes
 * into hours.
 */
describe("mutation testing: the policy scope's test list", () => {
  const scope = SCOPES.find((s) => s.name === "policy")!;

  it("exists and mutates policy/", () => {
    expect(scope.mutate).to.deep.equal(["policy/**/*.ts"]);
  });

  it("lists only test files that exist and do not run the program", () => {
    for (const file of scope.tests) {
      expect(fs.existsSync(path.join(ROOT, file)), file).to.equal(true);
      expect(runsProgram(file), `${file} runs the program`).to.equal(false);
    }
  });

  it("lists every policy test file that does not run the program", () => {
    const fast = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => `tests/policy/${f}`)
      // This file reads the scope list; it tests no rule.
      .filter((f) => !runsProgram(f) && f !== "tests/policy/mutation-scope.test.ts");
    expect([...scope.tests].sort()).to.deep.equal(fast.sort());
  });
});
