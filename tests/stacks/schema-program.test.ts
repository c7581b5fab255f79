import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import { runFailing } from "../helpers/program";

describe("environment schema in the program", () => {
  it("fails the program before any resource is registered when the configuration is invalid", async () => {
    const failure = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.nodeGroups.system.minSize = 0)),
    });
    expect((failure.cause as Error).name).to.equal("ConfigError");
    expect(failure.message).to.match(
      /Pulumi\.dev\.yaml[\s\S]*platform:nodeGroups\.system\.minSize = 0: must be at least 1/,
    );
    // Only the stack itself exists: no resource of the platform was registered.
    expect(failure.registered.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.have.length(0);
  });
});
