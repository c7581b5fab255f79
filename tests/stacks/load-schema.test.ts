import { expect } from "chai";
import { ConfigError, parseEnvironment, settingsFromConfigMap } from "../../stacks";
import { editedConfig } from "../../scripts/lib/program";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function problemsAfter(edit: (s: Record<string, any>) => void) {
  try {
    parseEnvironment("dev", settingsFromConfigMap(editedConfig("dev", edit)), "Pulumi.dev.yaml");
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("declared load in the stack file (platform:load)", () => {
  for (const [key, edit] of [
    ["platform:load.database.readQps", { database: { readQps: -1, writeQps: 10 } }],
    ["platform:load.database.writeQps", { database: { readQps: 10, writeQps: -5 } }],
    ["platform:load.cache.datasetGb", { cache: { datasetGb: -4 } }],
    ["platform:load.cache.growthGbPerMonth", { cache: { growthGbPerMonth: -2 } }],
  ] as const) {
    it(`refuses a negative figure, naming ${key}`, () => {
      const problems = problemsAfter((s) => (s.load = edit));
      const hit = problems.find((p) => p.key === key);
      expect(hit, JSON.stringify(problems)).to.not.equal(undefined);
      expect(hit!.message).to.match(/cannot be negative/);
    });
  }

  it("refuses a figure that is not a number, and an unknown key", () => {
    const problems = problemsAfter(
      (s) => (s.load = { database: { readQps: "lots", writeQps: 1 }, cahce: {} }),
    );
    expect(problems.map((p) => p.key)).to.include.members([
      "platform:load.database.readQps",
      "platform:load.cahce",
    ]);
  });

  it("fills the seed's Redis dataset (4 GB, +2 GB a month) when only the section is given", () => {
    const env = parseEnvironment(
      "dev",
      settingsFromConfigMap(editedConfig("dev", (s) => (s.load = { cache: {} }))),
      "test",
    );
    expect(env.load?.cache).to.deep.equal({ datasetGb: 4, growthGbPerMonth: 2 });
  });
});
