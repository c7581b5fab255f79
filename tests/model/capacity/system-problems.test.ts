// The system tier's limits and messages (model/capacity/system.ts), on bare nodes (no
// reservations, DaemonSets or VM overhead): an m6i.xlarge offers 4 vCPU / 16 GiB, an m6i.large
// 2 vCPU / 8 GiB, an m6i.2xlarge 8 vCPU / 32 GiB, so every count below is worked out by hand.
import { expect } from "chai";
import {
  planSystemTier,
  type CapacityProblem,
  type SystemTierInput,
} from "../../../model/capacity";
import { BARE_OVERHEAD as bare } from "../../helpers/capacity";

/** Four 1-vCPU / 1-GiB add-on pods (4 vCPU: one bare m6i.xlarge without headroom, two with 30 %). */
const tier = (over: Partial<SystemTierInput> = {}): SystemTierInput => ({
  group: "system",
  instanceTypes: ["m6i.xlarge"],
  minSize: 2,
  maxSize: 4,
  overhead: bare,
  pods: [{ name: "addon", requests: { cpu: 1, memoryGiB: 1 }, replicas: 4 }],
  headroom: 0.3,
  zones: 1,
  ...over,
});

function run(input: SystemTierInput) {
  const problems: CapacityProblem[] = [];
  const plan = planSystemTier(input, problems);
  return { plan, problems };
}

const what =
  "the add-ons on node group system request 4.00 vCPU / 4.00 GiB in 4 pods, which with 30 % headroom " +
  "and a node in each of 1 zones need 2 m6i.xlarge nodes (each offers 4.00 vCPU / 16.00 GiB after reservations and DaemonSets)";
const fix =
  "raise it to at least 2 or choose a larger instance type in nodeGroups.system.instanceTypes";

describe("planSystemTier: sizes and messages", () => {
  it("sizes four 1-vCPU pods at 2 nodes with 30 % headroom and 1 without", () => {
    const { plan, problems } = run(tier());
    expect(problems).to.deep.equal([]);
    expect(plan).to.deep.equal({
      requests: { cpu: 4, memoryGiB: 4, pods: 4 },
      nodesWithHeadroom: 2,
      nodesWithoutHeadroom: 1,
      instanceType: "m6i.xlarge",
      allocatable: { cpu: 4, memoryGiB: 16, pods: 58 },
    });
  });

  it("refuses minSize, desiredSize and maxSize one below the need with the whole sentence", () => {
    const { problems } = run(tier({ minSize: 1, desiredSize: 1, maxSize: 1 }));
    expect(problems).to.deep.equal([
      { path: "nodeGroups.system.minSize", message: `${what}, but minSize is 1; ${fix}` },
      { path: "nodeGroups.system.maxSize", message: `${what}, but maxSize is 1; ${fix}` },
    ]);
  });

  it("reports desiredSize only when it is set above a short minSize and is short too", () => {
    const short = run(tier({ minSize: 0, desiredSize: 1 })).problems;
    expect(short.map((p) => p.path)).to.deep.equal([
      "nodeGroups.system.minSize",
      "nodeGroups.system.desiredSize",
    ]);
    expect(short[1].message).to.equal(`${what}, but desiredSize is 1; ${fix}`);
    // desiredSize at the need, above a short minSize: only minSize is wrong.
    expect(run(tier({ minSize: 1, desiredSize: 2 })).problems.map((p) => p.path)).to.deep.equal([
      "nodeGroups.system.minSize",
    ]);
  });

  it("refuses offHoursSize below the count without headroom and accepts it at that count", () => {
    expect(run(tier({ offHoursSize: 0 })).problems).to.deep.equal([
      {
        path: "nodeGroups.system.offHoursSize",
        message:
          "the add-ons keep running outside office hours and need 1 m6i.xlarge nodes without headroom " +
          "(4.00 vCPU / 4.00 GiB in 4 pods), but offHoursSize is 0; " +
          "raise it to at least 1 or choose a larger instance type in nodeGroups.system.instanceTypes",
      },
    ]);
    expect(run(tier({ offHoursSize: 1 })).problems).to.deep.equal([]);
  });

  it("a pod exactly the size of a node fits; a larger one is refused once, with both sizes, and no plan", () => {
    const pods = (cpu: number, memoryGiB: number) => [
      { name: "big", requests: { cpu, memoryGiB }, replicas: 1 },
    ];
    expect(run(tier({ headroom: 0, pods: pods(4, 16) })).plan).to.include({
      nodesWithHeadroom: 1,
    });
    const cpu = run(tier({ headroom: 0, pods: pods(4.01, 1) }));
    expect(cpu.plan).to.equal(undefined);
    expect(cpu.problems).to.deep.equal([
      {
        path: "nodeGroups.system.instanceTypes",
        message:
          "one big pod requests 4.01 vCPU / 1.00 GiB (with headroom), more than a m6i.xlarge offers after reservations " +
          "(4.00 vCPU / 16.00 GiB); choose a larger instance type",
      },
    ]);
    expect(run(tier({ headroom: 0, pods: pods(1, 16.01) })).problems).to.have.length(1);
  });

  it("lets a pod over the node by at most 1e-9 (floating-point dust) fit, in CPU and in memory", () => {
    const pods = (cpu: number, memoryGiB: number) => [
      { name: "big", requests: { cpu, memoryGiB }, replicas: 1 },
    ];
    expect(run(tier({ headroom: 0, pods: pods(4 + 1e-9, 1) })).problems).to.deep.equal([]);
    expect(run(tier({ headroom: 0, pods: pods(1, 16 + 1e-9) })).problems).to.deep.equal([]);
  });

  it("leaves out add-ons at 0 replicas, even one too large for a node", () => {
    const { plan, problems } = run(
      tier({
        pods: [
          { name: "addon", requests: { cpu: 1, memoryGiB: 1 }, replicas: 4 },
          { name: "off", requests: { cpu: 64, memoryGiB: 1 }, replicas: 0 },
        ],
      }),
    );
    expect(problems).to.deep.equal([]);
    expect(plan!.requests).to.deep.equal({ cpu: 4, memoryGiB: 4, pods: 4 });
  });

  // 1.3-vCPU pods (1 vCPU with 30 %): one per m6i.large (4 nodes), three per m6i.xlarge (2).
  it("takes the type needing the most nodes, and the first listed of types that tie", () => {
    expect(run(tier({ instanceTypes: ["m6i.large", "m6i.xlarge"], maxSize: 4 })).plan).to.include({
      instanceType: "m6i.large",
      nodesWithHeadroom: 4,
    });
    expect(
      run(tier({ instanceTypes: ["m6i.xlarge", "m6i.2xlarge"], zones: 3, minSize: 3 })).plan,
    ).to.include({ instanceType: "m6i.xlarge", nodesWithHeadroom: 3 });
  });

  it("refuses an empty instance type list instead of planning nothing", () => {
    expect(run(tier({ instanceTypes: [] }))).to.deep.equal({
      plan: undefined,
      problems: [
        {
          path: "nodeGroups.system.instanceTypes",
          message: "must list at least one instance type",
        },
      ],
    });
  });
});
