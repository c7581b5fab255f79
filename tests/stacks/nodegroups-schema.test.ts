import { expect } from "chai";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

/** dev's groups: system (on-demand t3.large), app-spot (4 spot xlarge types), baseline (on-demand m6i.xlarge). */
describe("platform:nodeGroups: what a group may buy and run, refused at the key to change", () => {
  it("one AMI per group: x86_64 and arm64 types together are refused", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.baseline.instanceTypes = ["m6i.xlarge", "m6g.xlarge"]),
      "platform:nodeGroups.baseline.instanceTypes",
      "mixes x86_64 and arm64 types; a node group has one AMI",
    );
    expectAccepted(
      "dev",
      (s) => (s.nodeGroups.baseline.instanceTypes = ["m6g.xlarge", "m7g.xlarge"]),
    );
  });

  it("spot types must share one vCPU and memory size", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups["app-spot"].instanceTypes = ["m6i.xlarge", "m6a.xlarge", "m5.2xlarge"]),
      "platform:nodeGroups.app-spot.instanceTypes",
      "spot groups need at least 3 interchangeable types of the same vCPU and memory (got m6i.xlarge, m6a.xlarge, m5.2xlarge)",
    );
  });

  it("the system group may not be spot, even with three interchangeable types", () => {
    const found = configProblems("dev", (s) =>
      Object.assign(s.nodeGroups.system, {
        capacityType: "spot",
        instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m5.xlarge"],
      }),
    );
    expect(found.map((p) => [p.key, p.message])).to.deep.equal([
      [
        "platform:nodeGroups.system.capacityType",
        "the system group runs cluster-critical add-ons and must not be spot",
      ],
    ]);
  });

  it("a capacity reservation is for reserved groups only", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.baseline.capacityReservationPerZone = 1),
      "platform:nodeGroups.baseline.capacityReservationPerZone",
      "capacity reservations apply to reserved groups only",
    );
    expectAccepted("dev", (s) =>
      Object.assign(s.nodeGroups.baseline, {
        capacityType: "reserved",
        capacityReservationPerZone: 1,
      }),
    );
  });

  it("an environment needs one system group and at least one application group", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups["app-spot"].role = "baseline"),
      "platform:nodeGroups",
      "at least one node group must have role application",
    );
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.baseline.role = "system"),
      "platform:nodeGroups",
      "exactly one node group must have role system (for cluster add-ons)",
    );
  });

  it("office hours take an IANA time zone", () => {
    expectProblem(
      "dev",
      (s) => (s.offHours.timezone = "Mars/Olympus"),
      "platform:offHours.timezone",
      "must be an IANA time zone like Europe/London",
    );
    expectAccepted("dev", (s) => (s.offHours.timezone = "Europe/London"));
  });
});
