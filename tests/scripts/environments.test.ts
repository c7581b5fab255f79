import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { environmentWiring } from "../../scripts/lib/environments";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import { awsEnvironments, environmentKinds, readStackConfig } from "../../stacks";
import { run, SHIPPED } from "../helpers/program";
import { QA_STACK } from "../helpers/synthetic";

/** The files the README's "Where a change goes" row for a new environment names, for `env`. */
function readmeEnvironmentFiles(env: string): string[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const row = readme.split("\n").find((l) => l.startsWith("| an environment |")) ?? "";
  return [...row.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1].replace("<env>", env))
    .filter((f) => /^(Pulumi\.|policy\/|\.github\/)/.test(f));
}

/** What following a README step means for a file, in a project copy at `root`. */
function follow(root: string, file: string, env: string): void {
  const target = path.join(root, file);
  if (file === `Pulumi.${env}.yaml`) fs.writeFileSync(target, QA_STACK);
  else if (file === `policy/config/${env}.json`)
    fs.copyFileSync(path.join(root, "policy", "config", "dev.json"), target);
  else if (file === ".github/workflows/deploy.yml") {
    const wf = YAML.parse(fs.readFileSync(target, "utf8"));
    wf.jobs.up.strategy.matrix.include.push({ environment: env, "github-environment": env });
    fs.writeFileSync(target, YAML.stringify(wf));
  } else throw new Error(`the README names ${file}; this test does not know how to follow it`);
}

/** The files environments are listed in, copied to a scratch project. */
function projectCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-envs-"));
  for (const f of fs.readdirSync(PROJECT_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)))
    fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(root, f));
  for (const dir of [path.join("policy", "config"), path.join(".github", "workflows")])
    fs.cpSync(path.join(PROJECT_ROOT, dir), path.join(root, dir), { recursive: true });
  return root;
}

describe("one list of environments: the stack files", () => {
  it("lists every Pulumi.<env>.yaml with the kind its data selects: dev, staging and prod build AWS, local renders, sandbox applies to a proving ground", () => {
    expect(environmentKinds()).to.deep.include.members([
      { name: "dev", kind: "eks", aws: true },
      { name: "local", kind: "render", aws: false },
      { name: "prod", kind: "eks", aws: true },
      { name: "sandbox", kind: "sandbox", aws: false },
      { name: "staging", kind: "eks", aws: true },
    ]);
    expect(SHIPPED, "the per-environment tests run over every AWS environment").to.deep.equal(
      awsEnvironments(),
    );
  });

  it("every AWS environment has its policy configuration and deploy job, and pull requests preview the derived list", () => {
    expect(environmentWiring(PROJECT_ROOT)).to.deep.equal([]);
  });

  it("`npm run environments -- --aws --json` (the pull-request matrix) prints the AWS environments", function () {
    this.timeout(60_000);
    const r = spawnSync("npm", ["run", "--silent", "environments", "--", "--aws", "--json"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(awsEnvironments());
  });

  describe("adding an environment is the README's steps, each needed and together enough", () => {
    const steps = readmeEnvironmentFiles("qa");

    it("the README names the stack file, the policy configuration and the deploy job", () => {
      expect(steps).to.deep.equal([
        "Pulumi.qa.yaml",
        "policy/config/qa.json",
        ".github/workflows/deploy.yml",
      ]);
    });

    for (const skipped of readmeEnvironmentFiles("qa").slice(1)) {
      it(`without the step for ${skipped}, the check names what is missing`, () => {
        const root = projectCopy();
        try {
          for (const f of steps.filter((s) => s !== skipped)) follow(root, f, "qa");
          const problems = environmentWiring(root);
          expect(problems).to.have.length(1);
          expect(problems[0]).to.include(skipped).and.to.include("qa");
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      });
    }

    it("with every step followed, qa is complete and the program builds it", async function () {
      this.timeout(120_000);
      const root = projectCopy();
      try {
        for (const f of steps) follow(root, f, "qa");
        expect(environmentWiring(root)).to.deep.equal([]);
        expect(awsEnvironments(root)).to.include("qa");
        const r = await run({
          stack: "qa",
          config: readStackConfig(path.join(root, "Pulumi.qa.yaml")),
        });
        expect(r.outputs.environment).to.equal("qa");
        expect(r.outputs.region).to.equal("eu-west-1");
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
