import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import { SuiteTimings } from "../../scripts/lib/test-timings";

describe("npm test's timings: the mocha reporter and the assertion counter", function () {
  this.timeout(120_000);
  let dir: string;
  let timings: SuiteTimings;
  let stdout: string;
  let status: number | null;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "timings-"));
    const r = spawnSync(
      process.execPath,
      [require.resolve("mocha/bin/mocha.js"), "tests/scripts/fixtures/timed.ts"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          MOCHA_TIMINGS: path.join(dir, "t.json"),
          MOCHA_ASSERTIONS: path.join(dir, "a.jsonl"),
        },
        timeout: 90_000,
      },
    );
    status = r.status;
    stdout = r.stdout;
    timings = JSON.parse(fs.readFileSync(path.join(dir, "t.json"), "utf8")) as SuiteTimings;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("counts tests, failures and every chai assertion made, failed ones included", () => {
    expect(status, "mocha fails with the failing test").to.equal(1);
    expect(timings).to.include({ tests: 3, passes: 2, failures: 1, assertions: 5 });
    expect(stdout).to.include("5 assertions");
  });

  it("gives each file the time of its tests and hooks, and lists the slowest tests first", () => {
    const file = path.join("tests", "scripts", "fixtures", "timed.ts");
    expect(Object.keys(timings.files)).to.deep.equal([file]);
    expect(timings.files[file]).to.be.at.least(500);
    expect(timings.slowestTests.map((t) => t.title)[0]).to.equal("timed fixture waits");
    expect(timings.slowestTests[0].ms).to.be.at.least(300);
    expect(stdout).to.match(/Slowest files[^]*tests\/scripts\/fixtures\/timed\.ts/);
  });
});
