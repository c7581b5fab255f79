import { expect } from "chai";
import { configAfter, configProblems } from "../helpers/config-problems";

describe("declared load in the stack file (platform:load)", () => {
  for (const [key, edit] of [
    ["platform:load.database.readQps", { database: { readQps: -1, writeQps: 10 } }],
    ["platform:load.database.writeQps", { database: { readQps: 10, writeQps: -5 } }],
    ["platform:load.cache.datasetGb", { cache: { datasetGb: -4 } }],
    ["platform:load.cache.growthGbPerMonth", { cache: { growthGbPerMonth: -2 } }],
  ] as const) {
    it(`refuses a negative figure, naming ${key}`, () => {
      const problems = configProblems("dev", (s) => (s.load = edit));
      const hit = problems.find((p) => p.key === key);
      expect(hit, JSON.stringify(problems)).to.not.equal(undefined);
      expect(hit!.message).to.match(/cannot be negative/);
    });
  }

  it("refuses a figure that is not a number, and an unknown key", () => {
    const problems = configProblems(
      "dev",
      (s) => (s.load = { database: { readQps: "lots", writeQps: 1 }, cahce: {} }),
    );
    expect(problems.map((p) => p.key)).to.include.members([
      "platform:load.database.readQps",
      "platform:load.cahce",
    ]);
  });

  it("fills the seed's Redis dataset (4 GB, +2 GB a month) when only the section is given", () => {
    const env = configAfter("dev", (s) => (s.load = { cache: {} }));
    expect(env.load?.cache).to.deep.equal({ datasetGb: 4, growthGbPerMonth: 2 });
  });
});
