import { expect } from "chai";
import { dataArea } from "../../stacks/areas/data";
import { workloadsArea } from "../../stacks/areas/workloads";
import { TARGET_KINDS, targetKindOf } from "../../stacks/kinds";
import { loadEnvironment } from "../../stacks/load";
import { Platform, PLATFORM } from "../../stacks/platform";
import { editedConfig } from "../../scripts/lib/program";
import { run } from "../helpers/program";

describe("composition root", () => {
  it("builds every environment from one ordered list of areas: data, workloads, monitoring, edge, governance", () => {
    expect(PLATFORM.names).to.deep.equal(["data", "workloads", "monitoring", "edge", "governance"]);
  });

  it("refuses, at compile time, an area listed before an area it reads", () => {
    // Type-checked by `npm test`: the line below must stay an error, or tsc fails on the directive.
    // @ts-expect-error workloads read `data`, which is not built before them
    const wrong = () => Platform.areas().add("workloads", workloadsArea);
    const right = () => Platform.areas().add("data", dataArea).add("workloads", workloadsArea);
    expect(right().names).to.deep.equal(["data", "workloads"]);
    expect(wrong).to.be.a("function");
  });

  it("the environment's data chooses the target kind, not its name: platform:render renders, anything else builds EKS", () => {
    expect(targetKindOf(loadEnvironment("local")).name).to.equal("render");
    expect(targetKindOf(loadEnvironment("dev")).name).to.equal("eks");
    expect(TARGET_KINDS.map((k) => k.name)).to.deep.equal(["render", "eks"]);
    expect(TARGET_KINDS.filter((k) => k.aws).map((k) => k.name)).to.deep.equal(["eks"]);
  });

  it("dev with platform:render set renders the same in-cluster areas and registers nothing on AWS or random", async () => {
    const local = loadEnvironment("local");
    const r = await run({
      stack: "dev",
      config: {
        ...editedConfig("dev", (s) => (s.render = { ...local.render, directory: "rendered/dev" })),
        // The render kind reads its credentials from `render:` secrets, as Pulumi.local.yaml has them.
        ...Object.fromEntries(
          [
            "databasePassword",
            "databaseAppPassword",
            "cachePassword",
            "queuePassword",
            "grafanaPassword",
          ].map((k) => [`render:${k}`, "test-only-password"]),
        ),
      },
    });
    expect(r.resources.filter((x) => /^(aws|random):/.test(x.type))).to.have.length(0);
    const components = new Set(r.resources.map((x) => x.type.split(":")[1]));
    expect([...components]).to.include.members(["database", "workloads", "monitoring"]);
    expect(r.outputs.renderedDirectory).to.match(/rendered\/dev$/);
  });
});
