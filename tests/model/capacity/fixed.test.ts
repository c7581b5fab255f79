// Explicit replica bounds (seed prod workers: 100 / 500) next to derived ones.
import { expect } from "chai";
import { CapacityPlanError, planCapacity, type CapacityPlanInput } from "../../../model/capacity";

const input = (min: number, max: number, maxSize = 30): CapacityPlanInput => ({
  environment: "prod",
  zones: 3,
  services: [
    {
      name: "agent-api",
      nodeGroup: "app",
      currentPeakRps: 100,
      targetPeakRps: 1000,
      throughputPerPod: { baselineRps: 80, peakRps: 150 },
      requests: { cpu: 1, memoryGiB: 2 },
      haMinReplicas: 3,
      hpaTargetUtilizationPercent: (100 * 100) / 150,
    },
  ],
  workers: [
    {
      name: "agent-worker",
      nodeGroup: "app",
      currentConcurrency: 0,
      messagesPerPod: 10,
      requests: { cpu: 0.1, memoryGiB: 0.1875 },
      fixedReplicas: { min, max },
    },
  ],
  nodeGroups: [{ name: "app", instanceTypes: ["m6i.xlarge"], minSize: 3, maxSize }],
});

describe("capacity planner: explicit bounds", () => {
  it("passes explicit worker bounds through unchanged and sizes the service from traffic: 100/500 and 3/13", () => {
    const plan = planCapacity(input(100, 500));
    expect(plan.workloads.map((w) => [w.name, w.minReplicas, w.maxReplicas])).to.deep.equal([
      ["agent-api", 3, 13],
      ["agent-worker", 100, 500],
    ]);
    // designPeak of explicit bounds is what max pods carry at the target: 500 × 10 messages.
    expect(plan.workloads[1].designPeak).to.equal(5000);
  });

  it("still packs explicit bounds: 13 API pods and 500 workers need 7 + 6 + 6 = 19 m6i.xlarge nodes over 3 zones", () => {
    // m6i.xlarge offers 3.77 vCPU / 13.58 GiB / 54 pods. Zone a: 5 API pods (1 vCPU) fill 2 nodes
    // leaving 1.77 vCPU, room for 17 workers (0.1 vCPU); the other 150 of its 167 workers go 37 a
    // node (3.77 / 0.1) on ceil(150 / 37) = 5 nodes: 7. Zones b and c: 4 API pods on 2 nodes leave
    // 2.77 vCPU for 27 workers; ceil(140 / 37) = ceil(139 / 37) = 4 more: 6 each.
    expect(planCapacity(input(100, 500)).nodeGroups[0].nodesAtMax).to.equal(19);
  });

  it("fails explicit bounds that do not fit the node group, naming the worker", () => {
    expect(() => planCapacity(input(100, 500, 12))).to.throw(
      CapacityPlanError,
      /workers\.agent-worker: at max replicas the workloads on node group app need 19 m6i\.xlarge nodes but its maxSize is 12/,
    );
  });

  it("rejects explicit bounds with min above max", () => {
    expect(() => planCapacity(input(600, 500))).to.throw(
      CapacityPlanError,
      /workers\.agent-worker\.replicas\.min: bounds must be whole numbers with min ≤ max, got 600 \/ 500/,
    );
  });
});
