import { expect } from "chai";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { engineRoot } from "../../runtime/engine";
import { projectSandbox, requireKubernetesProvider, Sandbox } from "./helpers";
import { renderedObjects, validateAll } from "./manifests";

describe("preview and up of the local stack through the Automation API, offline", function () {
  this.timeout(600_000);
  let box: Sandbox & { stackFile: string };
  let stack: Stack;

  before(async () => {
    await requireKubernetesProvider();
    box = projectSandbox("local-auto");
    // The project's own program from its folder (run by the language host), not an inline program.
    const pulumiCommand = await PulumiCommand.get({ root: engineRoot() });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "local", workDir: box.programDir },
      { pulumiCommand, envVars: box.env },
    );
  });
  after(() => box?.cleanup());

  it("preview counts the resources to create and renders nothing", async () => {
    const preview = await stack.preview();
    expect(preview.changeSummary.create ?? 0).to.be.greaterThan(10);
    expect(Object.keys(preview.changeSummary)).to.deep.equal(["create"]);
    expect(renderedObjects(path.join(box.programDir, "rendered", "local"))).to.deep.equal([]);
  });

  it("up succeeds, returns the outputs and renders valid manifests", async () => {
    const up = await stack.up();
    expect(up.summary.result).to.equal("succeeded");
    expect(up.outputs.environment.value).to.equal("local");
    const dir = path.join(box.programDir, "rendered", "local");
    expect(up.outputs.renderedDirectory.value).to.equal(dir);
    const objects = renderedObjects(dir);
    expect(objects.length).to.be.greaterThan(10);
    expect(await validateAll(objects)).to.deep.equal([]);
  });

  it("a second preview finds the rendered stack unchanged", async () => {
    const again = await stack.preview();
    expect(Object.keys(again.changeSummary)).to.deep.equal(["same"]);
  });

  it("refresh is refused by the provider (no cluster to read), and leaves the stack usable and unchanged", async () => {
    // pulumi-kubernetes' Read checks that the cluster is reachable before its render-mode branch.
    const err = await stack.refresh().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message ?? "refresh succeeded").to.include(
      "failed to read resource state due to unreachable cluster",
    );
    const after = await stack.preview();
    expect(Object.keys(after.changeSummary)).to.deep.equal(["same"]);
  });
});
