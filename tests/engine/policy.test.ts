import { expect } from "chai";
import * as path from "path";
import { FIXTURES, ok, pulumi, requireEngine, Sandbox, sandbox, writeProgram } from "./helpers";

/** A program with one dynamic-provider resource whose `public` input comes from config. */
const BUCKET_PROGRAM = [
  `import * as pulumi from "@pulumi/pulumi";`,
  `const provider: pulumi.dynamic.ResourceProvider = {`,
  `  async create(inputs) { return { id: "bucket-1", outs: inputs }; },`,
  `};`,
  `class Bucket extends pulumi.dynamic.Resource {`,
  `  constructor(name: string, props: { public: boolean }) { super(provider, name, props); }`,
  `}`,
  `new Bucket("assets", { public: new pulumi.Config().requireBoolean("public") });`,
].join("\n");

const PACK = path.join(FIXTURES, "policy-pack");

describe("a TypeScript policy pack enforced by the engine with --policy-pack", function () {
  this.timeout(240_000);
  let box: Sandbox;

  before(async () => {
    requireEngine();
    box = sandbox("policy");
    writeProgram(box.programDir, "engine-policy", BUCKET_PROGRAM);
    ok(await pulumi(["stack", "init", "dev"], box.programDir, box.env), "stack init");
  });
  after(() => box?.cleanup());

  it("a violation of the mandatory rule fails the preview and names the rule", async () => {
    ok(await pulumi(["config", "set", "public", "true"], box.programDir, box.env), "config set");
    const r = await pulumi(["preview", "--policy-pack", PACK], box.programDir, box.env);
    const output = r.stdout + r.stderr;
    expect(r.code, output).to.not.equal(0);
    expect(output).to.include("no-public-buckets");
    expect(output).to.include("bucket assets is public");
    expect(output).to.match(/mandatory/i);
  });

  it("a compliant program previews cleanly with the same pack", async () => {
    ok(await pulumi(["config", "set", "public", "false"], box.programDir, box.env), "config set");
    const r = ok(
      await pulumi(["preview", "--policy-pack", PACK], box.programDir, box.env),
      "preview with the pack",
    );
    expect(r.stdout).to.include("engine-fixture");
    expect(r.stdout).to.not.include("no-public-buckets");
  });
});
