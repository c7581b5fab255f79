import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import { SuiteTimings } from "../../scripts/lib/test-timings";

/** Runs the timed fixture (5 chai checks) under mocha with `env` added; what the counter wrote. */
function runFixture(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assertion-counter-"));
  try {
    const assertionsFile = path.join(dir, "a.jsonl");
    const r = spawnSync(
      process.execPath,
      [require.resolve("mocha/bin/mocha.js"), "tests/scripts/fixtures/timed.ts"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          MOCHA_TIMINGS: path.join(dir, "t.json"),
          MOCHA_ASSERTIONS: assertionsFile,
          ...env,
        },
        timeout: 90_000,
      },
    );
    const timings = JSON.parse(fs.readFileSync(path.join(dir, "t.json"), "utf8")) as SuiteTimings;
    return {
      status: r.status,
      stdout: r.stdout,
      timings,
      wroteCounts: fs.existsSync(assertionsFile),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm test's assertion counter leaves out the mutation phase's reruns", function () {
  this.timeout(200_000);

  it("does not count inside a StrykerJS test-runner worker (STRYKER_MUTATOR_WORKER set)", () => {
    const { status, stdout, timings, wroteCounts } = runFixture({ STRYKER_MUTATOR_WORKER: "1" });
    expect(status, "the fixture's failing test still fails").to.equal(1);
    expect(timings.tests, "the tests still ran").to.equal(3);
    expect(wroteCounts, "no count written for Stryker's reruns").to.equal(false);
    expect(timings).not.to.have.property("assertions");
    expect(stdout).not.to.match(/\d+ assertions/);
  });

  it("still counts the same run outside Stryker (the rule above is not a broken counter)", () => {
    expect(process.env.STRYKER_MUTATOR_WORKER, "this suite itself runs outside Stryker").to.equal(
      undefined,
    );
    const { timings, wroteCounts } = runFixture({});
    expect(wroteCounts).to.equal(true);
    expect(timings.assertions).to.equal(5);
  });

  it("runs npm test's mutation phase without the counter's file in its environment", () => {
    const script = fs.readFileSync(path.join(PROJECT_ROOT, "scripts", "test.sh"), "utf8");
    const line = script.split("\n").find((l) => l.includes("scripts/mutation/changed.sh"));
    expect(line, "test.sh runs the mutation step").to.not.equal(undefined);
    expect(line).to.match(/env -u MOCHA_ASSERTIONS bash scripts\/mutation\/changed\.sh/);
  });
});
