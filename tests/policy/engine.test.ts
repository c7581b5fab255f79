import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  ok,
  pulumi,
  REPO_ROOT,
  requireEngine,
  Sandbox,
  sandbox,
  writeProgram,
} from "../engine/helpers";

/**
 * The pack under the real engine (`pulumi preview --policy-pack policy --policy-pack-config …`).
 * The AWS provider cannot exist offline, so the program is a dynamic-provider resource: resource
 * rules see nothing of their types, while the stack rules run and judge a stack that has no
 * budget and no network. That proves the engine loads and type-checks the pack (and the model/
 * code it imports), applies the environment's configuration, and enforces its levels.
 */
const PROGRAM = [
  `import * as pulumi from "@pulumi/pulumi";`,
  `const provider: pulumi.dynamic.ResourceProvider = { async create(inputs) { return { id: "x", outs: inputs }; } };`,
  `class Thing extends pulumi.dynamic.Resource { constructor(name: string) { super(provider, name, {}); } }`,
  `new Thing("thing");`,
].join("\n");

const PACK = path.join(REPO_ROOT, "policy");
const config = (env: string) => path.join(PACK, "config", `${env}.json`);

describe("the policy pack under the real engine", function () {
  this.timeout(300_000);
  let box: Sandbox;
  before(async () => {
    requireEngine();
    box = sandbox("governance");
    writeProgram(box.programDir, "governance-fixture", PROGRAM);
    ok(await pulumi(["stack", "init", "prod"], box.programDir, box.env), "stack init");
  });
  after(() => box?.cleanup());

  it("with prod's configuration, mandatory stack rules fail the preview and are named", async () => {
    const r = await pulumi(
      ["preview", "--policy-pack", PACK, "--policy-pack-config", config("prod")],
      box.programDir,
      box.env,
    );
    const out = r.stdout + r.stderr;
    expect(r.code, out).to.not.equal(0);
    expect(out).to.match(/\[mandatory\]\s+budget-covers-baseline/);
    expect(out).to.include("the stack has no AWS Budget");
    expect(out).to.match(/\[mandatory\]\s+min-zones/);
  });

  it("with dev's configuration the same findings are advisory and the preview succeeds", async () => {
    const r = await pulumi(
      ["preview", "--policy-pack", PACK, "--policy-pack-config", config("dev")],
      box.programDir,
      box.env,
    );
    const out = r.stdout + r.stderr;
    expect(r.code, out).to.equal(0);
    expect(out).to.match(/\[advisory\]\s+budget-covers-baseline/);
  });

  it("the engine rejects a configuration that does not match a rule's schema", async () => {
    const bad = path.join(box.dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ "hpa-replica-bounds": { max: "fifty" } }));
    const r = await pulumi(
      ["preview", "--policy-pack", PACK, "--policy-pack-config", bad],
      box.programDir,
      box.env,
    );
    const out = r.stdout + r.stderr;
    expect(r.code, out).to.not.equal(0);
    expect(out).to.include("hpa-replica-bounds");
  });
});
