import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import {
  ok,
  projectSandbox,
  pulumi,
  REPO_ROOT,
  requireKubernetesProvider,
  Sandbox,
} from "./helpers";

/** The project's CrossGuard pack (policy/), enforced by the engine on the local stack. */
const PACK = path.join(REPO_ROOT, "policy");
/** The rule this test violates on purpose. */
const RULE = "deployment-replica-bounds";

/** Sets `platform:<key>` at `at` in a stack file, keeping its secure values and comments. */
function editStackFile(file: string, key: string, at: (string | number)[], value: unknown): void {
  const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
  doc.setIn(["config", `platform:${key}`, ...at], value);
  fs.writeFileSync(file, doc.toString());
}

describe("the platform policy pack enforced on the local stack by the engine (--policy-pack)", function () {
  this.timeout(600_000);
  let box: Sandbox & { stackFile: string };
  let packConfig: string;
  const preview = () =>
    pulumi(
      ["preview", "--stack", "local", "--policy-pack", PACK, "--policy-pack-config", packConfig],
      box.programDir,
      box.env,
    );

  before(async () => {
    await requireKubernetesProvider();
    if (!fs.existsSync(path.join(PACK, "PulumiPolicy.yaml"))) {
      throw new Error(`The policy pack is missing: no ${PACK}/PulumiPolicy.yaml`);
    }
    box = projectSandbox("local-policy");
    // The rule as a mandatory one, with the bounds an environment's pack configuration gives it.
    packConfig = path.join(box.dir, "policy-config.json");
    fs.writeFileSync(
      packConfig,
      JSON.stringify({
        all: "advisory",
        [RULE]: { enforcementLevel: "mandatory", min: 1, max: 10 },
      }),
    );
    ok(await pulumi(["stack", "init", "local"], box.programDir, box.env), "stack init local");
  });
  after(() => box?.cleanup());

  it("a Deployment above the mandatory replica bound fails the preview, naming the rule", async () => {
    editStackFile(box.stackFile, "pgbouncer", ["replicas"], 12);
    // Smaller pools keep 12 pods within PostgreSQL's connections (the stack file's own check), so
    // the preview reaches the policy pack.
    editStackFile(box.stackFile, "pgbouncer", ["defaultPoolSize"], 10);
    editStackFile(box.stackFile, "pgbouncer", ["reservePoolSize"], 5);
    const r = await preview();
    const output = r.stdout + r.stderr;
    expect(r.code, output).to.not.equal(0);
    expect(output).to.include(RULE);
    expect(output).to.match(/mandatory/i);
    expect(output).to.match(/replicas 12 is outside this environment's bounds \[1, 10\]/);
  });

  it("the shipped local configuration passes the same mandatory rule", async () => {
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.local.yaml"), box.stackFile);
    const r = ok(await preview(), "preview with the policy pack");
    expect(r.stdout).to.include("platform-governance");
    expect(r.stdout).to.not.match(new RegExp(`mandatory.*${RULE}|${RULE}.*mandatory`));
  });
});
