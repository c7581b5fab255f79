import { expect } from "chai";
import { configAfter } from "../helpers/config-problems";

/**
 * What the loader derives rather than reads (`resolveEnvironment` in stacks/schema/index.ts): a
 * node group's desired size defaults to its minimum, and with an office-hours schedule an
 * application group without an off-hours size sleeps at 0; other roles, and every group of an
 * environment without a schedule, keep no off-hours size unless one is set.
 */
describe("environment schema: resolved node group defaults", () => {
  it("every configured node group is kept, under its own name, with its settings", () => {
    const env = configAfter("dev", () => undefined);
    expect(Object.keys(env.nodeGroups)).to.deep.equal(["system", "app-spot", "baseline"]);
    expect(env.nodeGroups["app-spot"].role).to.equal("application");
    expect(env.nodeGroups["app-spot"].maxSize).to.equal(8);
    expect(env.nodeGroups.system.instanceTypes).to.deep.equal(["t3.large"]);
  });

  it("a group without a desired size starts at its minimum; a given desired size is kept", () => {
    const env = configAfter("dev", (s) => (s.nodeGroups["app-spot"].desiredSize = 5));
    expect(env.nodeGroups.system.desiredSize).to.equal(2);
    expect(env.nodeGroups.baseline.desiredSize).to.equal(1);
    expect(env.nodeGroups["app-spot"].desiredSize).to.equal(5);
  });

  it("with a schedule, an application group without an off-hours size sleeps at 0; a system group does not", () => {
    const env = configAfter("dev", (s) => {
      delete s.nodeGroups["app-spot"].offHoursSize;
      delete s.nodeGroups.system.offHoursSize;
    });
    expect(env.offHours).to.not.equal(undefined);
    expect(env.nodeGroups["app-spot"].offHoursSize).to.equal(0);
    expect(env.nodeGroups.system.offHoursSize).to.equal(undefined);
  });

  it("a given off-hours size is kept, also for an application group", () => {
    const env = configAfter("dev", (s) => (s.nodeGroups["app-spot"].offHoursSize = 1));
    expect(env.nodeGroups["app-spot"].offHoursSize).to.equal(1);
    expect(env.nodeGroups.system.offHoursSize).to.equal(2);
  });

  it("without a schedule no group gets an off-hours size", () => {
    const env = configAfter("prod", () => undefined);
    expect(env.offHours).to.equal(undefined);
    const apps = Object.values(env.nodeGroups).filter((g) => g.role === "application");
    expect(apps.length).to.be.greaterThan(0);
    for (const g of apps) expect(g.offHoursSize).to.equal(undefined);
  });
});
