import { expect } from "chai";
import { ok, projectSandbox, pulumi, requireKubernetesProvider, Sandbox } from "./helpers";

/** The render passwords are secret config; the engine-run program refuses anything else. */
describe("the local stack's render passwords, checked by the engine-run program", function () {
  this.timeout(600_000);
  let box: Sandbox & { stackFile: string };
  const run = (...args: string[]) => pulumi([...args, "--stack", "local"], box.programDir, box.env);

  before(async () => {
    await requireKubernetesProvider();
    box = projectSandbox("local-config");
    ok(await pulumi(["stack", "init", "local"], box.programDir, box.env), "stack init local");
  });
  after(() => box?.cleanup());

  it("a password stored in plain text fails the preview, naming the key and the fix", async () => {
    ok(
      await run("config", "set", "render:cachePassword", "plain-text-value"),
      "config set (plain)",
    );
    const r = await run("preview");
    const output = r.stdout + r.stderr;
    expect(r.code, output).to.not.equal(0);
    expect(output).to.include("render:cachePassword: is stored in plain text");
    expect(output).to.include("pulumi config set --secret render:cachePassword");
    expect(output).to.not.include("plain-text-value");
  });

  it("a missing password fails the preview, naming the key", async () => {
    ok(await run("config", "rm", "render:cachePassword"), "config rm");
    const r = await run("preview");
    expect(r.code).to.not.equal(0);
    expect(r.stdout + r.stderr).to.include("render:cachePassword: is not set");
    expect(r.stdout + r.stderr).to.include("pulumi config set --secret render:cachePassword");
  });
});
