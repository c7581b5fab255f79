import { expect } from "chai";
import { type ConfigEdit, configAfter, configProblems } from "../helpers/config-problems";

/** The problems of the dev settings with an edit applied, or [] when accepted. */
const problems = (edit: ConfigEdit) => configProblems("dev", edit);

describe("platform:usage (traffic assumptions of the cost model)", () => {
  for (const key of [
    "requestsPerSecond",
    "responseKiB",
    "internalKiBPerRequest",
    "natGbPerMonth",
    "logKiBPerRequest",
    "logGbPerMonth",
    "secretsApiCallsPerMonth",
    "backupStorageGb",
  ]) {
    it(`refuses a negative ${key}, naming the key`, () => {
      const found = problems((s) => (s.usage = { ...s.usage, [key]: -1 }));
      const p = found.find((x) => x.key === `platform:usage.${key}`);
      expect(p, JSON.stringify(found)).to.not.equal(undefined);
      expect(p!.message).to.match(/must not be negative/);
    });
  }

  it("refuses a share above 1, naming the key", () => {
    const found = problems((s) => (s.usage = { ...s.usage, interAzShare: 1.5 }));
    expect(found.map((p) => p.key)).to.include("platform:usage.interAzShare");
  });

  it("refuses a maximum below the baseline, naming maxRequestsPerSecond", () => {
    const found = problems(
      (s) => (s.usage = { ...s.usage, requestsPerSecond: 50, maxRequestsPerSecond: 10 }),
    );
    const p = found.find((x) => x.key === "platform:usage.maxRequestsPerSecond");
    expect(p?.message).to.match(/below requestsPerSecond 50/);
  });

  it("fills every assumption from the schema's defaults when the stack file gives none", () => {
    const env = configAfter("dev", (s) => delete s.usage);
    expect(env.usage).to.deep.include({
      requestsPerSecond: 20,
      interAzShare: 0.67,
      natGbPerMonth: 100,
    });
  });
});
