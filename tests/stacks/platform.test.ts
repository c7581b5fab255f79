import { expect } from "chai";
import { dataArea } from "../../stacks/areas/data";
import { workloadsArea } from "../../stacks/areas/workloads";
import { TARGET_KINDS, targetKindOf } from "../../stacks/kinds";
import { loadEnvironment } from "../../stacks/load";
import { Platform, PLATFORM } from "../../stacks/platform";
import { RENDER_SECRET_KEYS } from "../../stacks/schema/secrets";
import { editedConfig } from "../../scripts/lib/program";
import { run } from "../helpers/program";

describe("composition root", () => {
  it("builds every environment from one ordered list of areas: claims, data, workloads, monitoring, edge, load tests, network policies, governance", () => {
    expect(PLATFORM.names).to.deep.equal([
      "claims",
      "data",
      "workloads",
      "monitoring",
      "edge",
      "loadTests",
      "networkPolicies",
      "governance",
    ]);
  });

  it("refuses, at compile time, an area listed before an area it reads", () => {
    // Type-checked by `npm test`: the line below must stay an error, or tsc fails on the directive.
    // @ts-expect-error workloads read `data`, which is not built before them
    const wrong = () => Platform.areas().add("workloads", workloadsArea);
    const right = () => Platform.areas().add("data", dataArea).add("workloads", workloadsArea);
    expect(right().names).to.deep.equal(["data", "workloads"]);
    expect(wrong).to.be.a("function");
  });

  it("the environment's data chooses the target kind, not its name: platform:sandbox applies to a proving ground, platform:render renders, anything else builds EKS", () => {
    expect(targetKindOf(loadEnvironment("sandbox")).name).to.equal("sandbox");
    expect(targetKindOf(loadEnvironment("local")).name).to.equal("render");
    expect(targetKindOf(loadEnvironment("dev")).name).to.equal("eks");
    expect(TARGET_KINDS.map((k) => k.name)).to.deep.equal(["sandbox", "render", "eks"]);
    expect(TARGET_KINDS.filter((k) => k.aws).map((k) => k.name)).to.deep.equal(["eks"]);
  });

  it("dev with platform:render set renders the same in-cluster areas and registers nothing on AWS or random", async () => {
    const local = loadEnvironment("local");
    // The render kind reads its credentials from `render:` secrets, as Pulumi.local.yaml has them
    // (handed over decrypted and marked secret, as the engine does).
    const secrets = Object.values(RENDER_SECRET_KEYS).map((k) => `render:${k}`);
    const r = await run({
      stack: "dev",
      config: {
        ...editedConfig("dev", (s) => (s.render = { ...local.render, directory: "rendered/dev" })),
        ...Object.fromEntries(secrets.map((k) => [k, "test-only-password"])),
      },
      secretKeys: secrets,
    });
    expect(r.resources.filter((x) => /^(aws|random):/.test(x.type))).to.have.length(0);
    const components = new Set(r.resources.map((x) => x.type.split(":")[1]));
    expect([...components]).to.include.members(["database", "workloads", "monitoring"]);
    expect(r.outputs.renderedDirectory).to.match(/rendered\/dev$/);
  });
});
