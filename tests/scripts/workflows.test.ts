import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { engineBinDir, ENSURE_COMMAND } from "../../runtime/engine";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import { codebuildRunsOn } from "../../components/deploy/policy";
import { awsEnvironments, loadEnvironment } from "../../stacks/load";
import { deployRunnerProjectName } from "../../stacks/tags";

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

  it("every job that reaches a cluster runs where that environment's endpoint is reachable: its CodeBuild runner in the VPC", () => {
    type Job = {
      "runs-on": string;
      strategy?: { matrix?: { include?: { environment: string }[] } };
    };
    const deploy = load("deploy.yml") as { jobs: Record<string, Job> };
    // Each deploy job's runner label per environment it deploys (matrix entries expanded).
    const labels = new Map<string, string>();
    for (const job of Object.values(deploy.jobs)) {
      const include = job.strategy?.matrix?.include;
      const env = /codebuild-platform-deploy-([a-z0-9-]+?)-\$\{\{ github\.run_id/.exec(
        job["runs-on"],
      )?.[1];
      for (const e of include ?? [{ environment: env ?? "" }])
        labels.set(
          e.environment,
          job["runs-on"].replace("${{ matrix.environment }}", e.environment),
        );
    }
    const preview = (load("pull-request.yml") as { jobs: Record<string, Job> }).jobs.preview;
    for (const env of awsEnvironments(PROJECT_ROOT)) {
      const e = loadEnvironment(env);
      if (e.deploy?.from !== "vpc") continue;
      const prefix = codebuildRunsOn(deployRunnerProjectName(e));
      expect(labels.get(env), `deploy.yml runs ${env} on its in-VPC runner`).to.satisfy(
        (l: string) => l?.startsWith(prefix),
      );
      expect(
        preview["runs-on"].replace("${{ matrix.environment }}", env),
        `pull-request.yml previews ${env} on its in-VPC runner`,
      ).to.satisfy((l: string) => l.startsWith(prefix));
    }
  });
});
