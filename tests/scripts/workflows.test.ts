import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { engineBinDir, ENSURE_COMMAND } from "../../runtime/engine";
import { PROJECT_ROOT } from "../../scripts/lib/program";

const DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const load = (f: string) => YAML.parse(fs.readFileSync(path.join(DIR, f), "utf8"));
type Workflow = { jobs: Record<string, { steps?: unknown[] }> };
const steps = (wf: Workflow) =>
  Object.values(wf.jobs).flatMap((j) => j.steps ?? []) as Array<{
    uses?: string;
    with?: Record<string, string>;
  }>;

describe("GitHub workflows", () => {
  it("pass actionlint", function () {
    this.timeout(60_000);
    const bin = path.join(engineBinDir(), "actionlint");
    if (!fs.existsSync(bin))
      throw new Error(`actionlint is missing: no ${bin}. Run \`${ENSURE_COMMAND}\` first.`);
    const r = spawnSync(
      bin,
      files.map((f) => path.join(DIR, f)),
      { encoding: "utf8" },
    );
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });

  it("pull requests preview every AWS environment with the official action, the pack and that environment's policy config", () => {
    const wf = load("pull-request.yml");
    expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
    expect(wf.jobs.preview.needs).to.equal("test");
    // The matrix is what the stack files give (see tests/scripts/environments.test.ts).
    expect(wf.jobs.preview.strategy.matrix.environment).to.equal(
      "${{ fromJSON(needs.test.outputs.environments) }}",
    );
    const pulumi = steps({ jobs: { preview: wf.jobs.preview } }).find((s) =>
      s.uses?.startsWith("pulumi/actions@"),
    );
    expect(pulumi?.with).to.include({
      command: "preview",
      policyPacks: "policy",
      policyPackConfigs: "policy/config/${{ matrix.environment }}.json",
    });
  });

  it("pull requests post the plan diff against the base branch as a comment", () => {
    const wf = load("pull-request.yml");
    const job = wf.jobs["plan-diff"];
    const run = (job.steps as Array<{ run?: string }>).map((s) => s.run ?? "").join("\n");
    expect(run).to.include("--json > ../base-plan.json");
    expect(run).to.include("--compare base-plan.json > plan.md");
    expect(job.permissions["pull-requests"]).to.equal("write");
  });

  it("merges to main run pulumi up per environment, prod last and behind the production environment's approval", () => {
    const wf = load("deploy.yml");
    expect(wf.on.push.branches).to.deep.equal(["main"]);
    expect(wf.jobs["up-prod"].needs).to.equal("up");
    expect(wf.jobs["up-prod"].environment).to.equal("production");
    for (const s of steps(wf).filter((x) => x.uses?.startsWith("pulumi/actions@")))
      expect(s.with).to.include({ command: "up", policyPacks: "policy" });
  });
});
