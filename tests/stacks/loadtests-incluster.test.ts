import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import {
  ConfigError,
  loadEnvironment,
  parseEnvironment,
  settingsFromConfigMap,
} from "../../stacks";

type Settings = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Problems of `stack`'s settings after `edit`, as the loader reports them. */
function problemsAfter(stack: string, edit: (s: Settings) => void) {
  try {
    parseEnvironment(
      stack,
      settingsFromConfigMap(editedConfig(stack, edit)),
      `Pulumi.${stack}.yaml`,
    );
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe("platform:loadTests in the cluster: a schema key decides, off by default, validated naming the key", () => {
  it("off unless an environment turns it on: prod leaves it off, dev and staging turn it on", () => {
    expect(loadEnvironment("prod").loadTests.inCluster).to.equal(false);
    expect(loadEnvironment("dev").loadTests.inCluster).to.equal(true);
    expect(loadEnvironment("staging").loadTests.inCluster).to.equal(true);
  });

  it("the generator and the evaluator default to the pinned Fortio and curl images", () => {
    const t = loadEnvironment("prod").loadTests;
    expect(t.image).to.equal("fortio/fortio:1.75.3");
    expect(t.evaluatorImage).to.equal("curlimages/curl:8.21.0");
  });

  it("turning it on with no scenario is refused naming platform:loadTests.inCluster", () => {
    const problems = problemsAfter("prod", (s) => {
      s.loadTests = { inCluster: true };
    });
    const hit = problems.find((p) => p.key === "platform:loadTests.inCluster");
    expect(hit, JSON.stringify(problems)).to.not.equal(undefined);
    expect(hit!.message).to.match(/declares no scenario/);
    expect(problemsAfter("prod", (s) => (s.loadTests.inCluster = true))).to.deep.equal([]);
  });

  it("an unpinned generator image is refused naming platform:loadTests.image", () => {
    const problems = problemsAfter("prod", (s) => (s.loadTests.image = "fortio/fortio:latest"));
    const hit = problems.find((p) => p.key === "platform:loadTests.image");
    expect(hit, JSON.stringify(problems)).to.not.equal(undefined);
    expect(hit!.message).to.match(/latest/);
  });
});
