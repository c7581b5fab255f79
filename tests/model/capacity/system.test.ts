import { expect } from "chai";
import {
  ADDON_RESOURCES,
  type AddonName,
  addonRequests,
  type CapacityProblem,
  daemonSetOverhead,
  EKS_MANAGED_RESOURCES,
  nodeAllocatable,
  planSystemTier,
  type SystemTierInput,
} from "../../../model/capacity";
import { cpuOf, memoryGiBOf } from "../../../model/capacity/quantity";

/** A system tier of `pods` on m6i.large nodes, 30 % headroom, one zone, sized 3..6. */
function tier(over: Partial<SystemTierInput> = {}): SystemTierInput {
  return {
    group: "system",
    instanceTypes: ["m6i.large"],
    minSize: 3,
    maxSize: 6,
    pods: [],
    headroom: 0.3,
    zones: 1,
    ...over,
  };
}

describe("the add-on table", () => {
  const names = Object.keys(ADDON_RESOURCES) as AddonName[];

  it("has a row for every add-on the platform runs, #17c's postgres-exporter included", () => {
    expect(names).to.include.members([
      "prometheus",
      "grafana",
      "alertmanager",
      "kube-state-metrics",
      "node-exporter",
      "cluster-autoscaler",
      "keda-operator",
      "cert-manager",
      "aws-load-balancer-controller",
      "cloudwatch-exporter",
      "pgbouncer-exporter",
      "postgres-exporter",
    ]);
  });

  it("every rendered row requests CPU and memory and limits memory at or above its request", () => {
    for (const n of names.filter((x) => !EKS_MANAGED_RESOURCES.includes(x))) {
      const r = ADDON_RESOURCES[n];
      expect(cpuOf(r.requests.cpu), `${n} cpu`).to.be.greaterThan(0);
      expect(memoryGiBOf(r.requests.memory), `${n} memory`).to.be.greaterThan(0);
      expect(memoryGiBOf(r.limits.memory), `${n} memory limit`).to.be.at.least(
        memoryGiBOf(r.requests.memory),
      );
      expect(r.basis, `${n} basis`).to.have.length.greaterThan(10);
    }
  });

  it("a pod's requests are the sum of its containers' rows", () => {
    const p = addonRequests("prometheus", "config-reloader");
    expect(p.cpu).to.be.closeTo(0.51, 1e-12);
    expect(p.memoryGiB).to.be.closeTo((2048 + 50) / 1024, 1e-12);
  });

  it("DaemonSet overhead sums the every-node rows, one pod each, and refuses a non-DaemonSet", () => {
    const ds = daemonSetOverhead(["aws-node", "kube-proxy", "ebs-csi-node", "node-exporter"]);
    expect(ds.cpu).to.be.closeTo(0.025 + 0.1 + 0.03 + 0.1, 1e-12);
    expect(ds.memoryGiB).to.be.closeTo((120 + 30) / 1024, 1e-12);
    expect(ds.pods).to.equal(4);
    expect(() => daemonSetOverhead(["prometheus"])).to.throw(/not a DaemonSet/);
  });
});

describe("planSystemTier: the system node group sized from the add-ons' requests", () => {
  // m6i.large with the table's four DaemonSets: 2 − 0.07 − 0.255 = 1.675 vCPU;
  // 8 × 0.925 − (11 × 29 + 255)/1024 − 100/1024 − 150/1024 ≈ 6.595 GiB; 29 − 4 = 25 pods.
  const overhead = {
    daemonSets: daemonSetOverhead(["aws-node", "kube-proxy", "ebs-csi-node", "node-exporter"]),
  };

  it("allocatable is the instance less kube-reserved, eviction, VM overhead and the table's DaemonSets", () => {
    const a = nodeAllocatable("m6i.large", overhead);
    expect(a.cpu).to.be.closeTo(1.675, 1e-9);
    expect(a.memoryGiB).to.be.closeTo(7.4 - 574 / 1024 - 100 / 1024 - 150 / 1024, 1e-9);
    expect(a.pods).to.equal(25);
  });

  it("grows every request by the headroom: two 0.7-vCPU pods share a node without it, each needs its own with 30 %", () => {
    const pods = [{ name: "x", replicas: 12, requests: { cpu: 0.7, memoryGiB: 0.5 } }];
    const problems: CapacityProblem[] = [];
    // Without headroom two 0.7 pods share a 1.675-vCPU node; with 30 % each is 0.91 and stands alone.
    const plan = planSystemTier(tier({ pods, overhead, minSize: 12, maxSize: 12 }), problems)!;
    expect(problems).to.deep.equal([]);
    expect(plan.nodesWithoutHeadroom).to.equal(6);
    expect(plan.nodesWithHeadroom).to.equal(12);
    expect(plan.requests).to.deep.include({ pods: 12 });
    expect(plan.requests.cpu).to.be.closeTo(8.4, 1e-9);
  });

  it("keeps at least one node per zone", () => {
    const pods = [{ name: "tiny", replicas: 1, requests: { cpu: 0.01, memoryGiB: 0.01 } }];
    const plan = planSystemTier(tier({ pods, overhead, zones: 3 }), [])!;
    expect(plan.nodesWithHeadroom).to.equal(3);
    expect(plan.nodesWithoutHeadroom).to.equal(1);
  });

  it("a minSize, desiredSize and maxSize below the need are refused, each naming its key and the count that fits", () => {
    const pods = [{ name: "x", replicas: 4, requests: { cpu: 0.7, memoryGiB: 0.5 } }];
    const problems: CapacityProblem[] = [];
    planSystemTier(tier({ pods, overhead, minSize: 2, desiredSize: 3, maxSize: 3 }), problems);
    expect(problems.map((p) => p.path)).to.deep.equal([
      "nodeGroups.system.minSize",
      "nodeGroups.system.desiredSize",
      "nodeGroups.system.maxSize",
    ]);
    expect(problems[0].message).to.match(
      /request 2\.80 vCPU \/ 2\.00 GiB in 4 pods, which with 30 % headroom and a node in each of 1 zones need 4 m6i\.large nodes .*but minSize is 2; raise it to at least 4 or choose a larger instance type in nodeGroups\.system\.instanceTypes/,
    );
  });

  it("at the need exactly, nothing is refused", () => {
    const pods = [{ name: "x", replicas: 4, requests: { cpu: 0.7, memoryGiB: 0.5 } }];
    const problems: CapacityProblem[] = [];
    planSystemTier(tier({ pods, overhead, minSize: 4, maxSize: 4 }), problems);
    expect(problems).to.deep.equal([]);
  });

  it("an off-hours size must hold the add-ons without headroom (they keep running at night)", () => {
    const pods = [{ name: "x", replicas: 4, requests: { cpu: 0.7, memoryGiB: 0.5 } }];
    const short: CapacityProblem[] = [];
    planSystemTier(tier({ pods, overhead, minSize: 4, offHoursSize: 1 }), short);
    expect(short).to.have.length(1);
    expect(short[0].path).to.equal("nodeGroups.system.offHoursSize");
    expect(short[0].message).to.match(
      /need 2 m6i\.large nodes without headroom .*raise it to at least 2/,
    );
    const enough: CapacityProblem[] = [];
    planSystemTier(tier({ pods, overhead, minSize: 4, offHoursSize: 2 }), enough);
    expect(enough).to.deep.equal([]);
  });

  it("a pod larger than one node is refused naming instanceTypes", () => {
    const pods = [{ name: "huge", replicas: 1, requests: { cpu: 0.5, memoryGiB: 6 } }];
    const problems: CapacityProblem[] = [];
    expect(planSystemTier(tier({ pods, overhead }), problems)).to.equal(undefined);
    expect(problems[0].path).to.equal("nodeGroups.system.instanceTypes");
    expect(problems[0].message).to.match(/one huge pod requests 0\.65 vCPU \/ 7\.80 GiB/);
  });

  it("the instance type needing the most nodes decides", () => {
    const pods = [{ name: "x", replicas: 4, requests: { cpu: 0.7, memoryGiB: 0.5 } }];
    const plan = planSystemTier(
      tier({ pods, overhead, instanceTypes: ["m6i.xlarge", "m6i.large"], minSize: 4 }),
      [],
    )!;
    expect(plan.instanceType).to.equal("m6i.large");
    expect(plan.nodesWithHeadroom).to.equal(4);
  });
});
