// Worked examples and properties for the whole planner (model/capacity/plan.ts).
import { expect } from "chai";
import fc from "fast-check";
import {
  planCapacity,
  planDatabase,
  type CapacityPlanInput,
  type CapacityProblem,
} from "../../../model/capacity";
import { planProblems } from "../../helpers/capacity";

const seedInput = (): CapacityPlanInput => ({
  environment: "prod",
  zones: 3,
  services: [
    {
      name: "llm-agent",
      nodeGroup: "app",
      currentPeakRps: 100,
      targetPeakRps: 1000,
      throughputPerPod: { baselineRps: 80, peakRps: 150 },
      requests: { cpu: 1, memoryGiB: 2 },
      haMinReplicas: 3,
    },
  ],
  workers: [
    {
      name: "agents",
      nodeGroup: "app",
      currentConcurrency: 100,
      targetConcurrency: 500,
      messagesPerPod: 10,
      requests: { cpu: 0.5, memoryGiB: 1 },
      haMinReplicas: 3,
    },
  ],
  nodeGroups: [
    {
      name: "app",
      instanceTypes: ["m6i.xlarge", "m5.xlarge", "m6a.xlarge"],
      minSize: 2,
      maxSize: 20,
      placeholders: { replicas: 4, cpu: 1, memoryGiB: 2 },
    },
  ],
});

describe("capacity planner: a whole environment", () => {
  // At max: llm-agent 13 pods (5/4/4 per zone), agents 65 (22/22/21), 4 placeholders (2/1/1), on
  // m6i.xlarge (3.77 vCPU). Zone a: 2 placeholders + 5 api pods = 7 vCPU → 3 nodes (last 2.77 free),
  // 5 agents there, 17 more → 3 nodes: 6. Zones b and c: 1 + 4 = 5 vCPU → 2 nodes, 3 agents on
  // the second, 18–19 more → 3 nodes: 5 each. Total 16.
  it("derives bounds for the seed service and workers and 16 nodes at max for the app group", () => {
    const plan = planCapacity(seedInput());
    expect(plan.workloads.map((w) => [w.name, w.minReplicas, w.maxReplicas])).to.deep.equal([
      ["llm-agent", 3, 13],
      ["agents", 10, 65],
    ]);
    expect(plan.nodeGroups[0]).to.include({ name: "app", nodesAtMax: 16, nodesAtMin: 4 });
    expect(Object.keys(plan.nodeGroups[0].byInstanceType)).to.deep.equal([
      "m6i.xlarge",
      "m5.xlarge",
      "m6a.xlarge",
    ]);
  });

  it("takes the instance type needing the most nodes as the group's answer", () => {
    const input = seedInput();
    input.nodeGroups[0].instanceTypes = ["m6i.2xlarge", "m6i.xlarge"];
    const g = planCapacity(input).nodeGroups[0];
    expect(g.nodesAtMax).to.equal(g.byInstanceType["m6i.xlarge"].nodesAtMax);
    expect(g.byInstanceType["m6i.2xlarge"].nodesAtMax).to.be.below(g.nodesAtMax);
  });

  it("fails a target that cannot fit the group's maxSize, naming the environment and the service", () => {
    const input = seedInput();
    input.services![0].targetPeakRps = 10_000;
    const problems = planProblems(input);
    expect(problems).to.have.length(1);
    expect(problems[0].path).to.equal("services.llm-agent");
    expect(problems[0].message).to.match(
      /need \d+ m6i\.xlarge nodes but its maxSize is 20; llm-agent crosses the limit/,
    );
    expect(() => planCapacity(input)).to.throw(
      /capacity plan for environment prod:\n {2}- services\.llm-agent: at max replicas/,
    );
  });

  it("names the worker when the workers are what overflow", () => {
    const input = seedInput();
    input.workers![0].targetConcurrency = 5000;
    expect(planProblems(input).map((p) => p.path)).to.deep.equal(["workers.agents"]);
  });

  it("reports unknown node groups, repeated names, bad requests and pods too big for a node, all at once", () => {
    const input = seedInput();
    input.services!.push({ ...input.services![0], nodeGroup: "gpu" });
    input.workers![0].requests = { cpu: 0, memoryGiB: 1 };
    input.nodeGroups.push({ name: "small", instanceTypes: ["t3.medium"], minSize: 1, maxSize: 3 });
    input.services!.push({
      ...input.services![0],
      name: "big",
      nodeGroup: "small",
      requests: { cpu: 4, memoryGiB: 2 },
    });
    const paths = planProblems(input).map((p) => p.path);
    expect(paths).to.include.members([
      "services.llm-agent",
      "services.llm-agent.nodeGroup",
      "workers.agents.requests.cpu",
      "services.big.requests",
    ]);
  });

  it("rejects minSize above maxSize and an unknown instance type on a node group", () => {
    const input = seedInput();
    input.nodeGroups[0] = {
      ...input.nodeGroups[0],
      minSize: 30,
      instanceTypes: ["m6i.xlarge", "x9.mega"],
    };
    const problems = planProblems(input);
    expect(problems.map((p) => p.path)).to.deep.equal(["nodeGroups.app.minSize"]);
    input.nodeGroups[0].minSize = 2;
    expect(planProblems(input)[0]).to.deep.include({ path: "nodeGroups.app.instanceTypes" });
  });
});

describe("capacity planner: read replicas", () => {
  it("adds a replica when reads:writes is above 4:1 (900/200 = 4.5) and one is still allowed", () => {
    expect(planDatabase({ readQps: 900, writeQps: 200, readReplicas: 2 }, [])).to.include({
      needsAnotherReplica: true,
      recommendedReadReplicas: 3,
      atMaximum: false,
    });
  });

  it("does not at exactly 4:1", () => {
    expect(planDatabase({ readQps: 800, writeQps: 200, readReplicas: 2 }, [])).to.include({
      needsAnotherReplica: false,
      recommendedReadReplicas: 2,
    });
  });

  it("says the maximum of 3 is reached instead of recommending a fourth", () => {
    const p = planDatabase({ readQps: 1000, writeQps: 100, readReplicas: 3 }, [])!;
    expect(p).to.include({
      needsAnotherReplica: false,
      atMaximum: true,
      recommendedReadReplicas: 3,
    });
    expect(p.reason).to.match(/3 read replicas is the maximum/);
  });

  it("a ratio just above the threshold never prints as the threshold (801:200 is 4.005:1, not 4.00:1)", () => {
    expect(planDatabase({ readQps: 801, writeQps: 200, readReplicas: 0 }, [])!.reason).to.equal(
      "read:write 4.005:1 exceeds 4:1; add a read replica (0 → 1 of at most 3)",
    );
    expect(
      planDatabase({ readQps: 4_000_001, writeQps: 1_000_000, readReplicas: 3 }, [])!.reason,
    ).to.equal(
      "read:write 4.000001:1 exceeds 4:1 but 3 read replicas is the maximum; move to a larger instance class",
    );
    expect(planDatabase({ readQps: 900, writeQps: 200, readReplicas: 0 }, [])!.reason).to.match(
      /^read:write 4\.50:1 exceeds/,
    );
    expect(planDatabase({ readQps: 800, writeQps: 200, readReplicas: 1 }, [])!.reason).to.equal(
      "read:write 4.00:1 is within 4:1; 1 read replica(s) suffice",
    );
    expect(planDatabase({ readQps: 5, writeQps: 0, readReplicas: 1 }, [])!.reason).to.match(
      /^read:write reads only exceeds 4:1/,
    );
  });

  it("rejects more replicas than the maximum", () => {
    const problems: CapacityProblem[] = [];
    planDatabase({ readQps: 1, writeQps: 1, readReplicas: 4 }, problems);
    expect(problems[0].path).to.equal("database.readReplicas");
  });
});

describe("capacity planner: properties", () => {
  // Ranges keep the worst case (4 services × ~1,100 pods, one pod per node) under the 10,000-node
  // cap, so the properties exercise bounds and packing rather than the overflow error.
  const service = fc.record({
    rps: fc.integer({ min: 1, max: 1000 }),
    target: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
    baseline: fc.integer({ min: 20, max: 100 }),
    extraPeak: fc.integer({ min: 0, max: 200 }),
    cpu: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
    mem: fc.double({ min: 0.1, max: 5.5, noNaN: true }),
    ha: fc.integer({ min: 1, max: 3 }),
    util: fc.integer({ min: 30, max: 100 }),
  });
  type ServiceGen = typeof service extends fc.Arbitrary<infer T> ? T : never;
  const input = (
    svcs: ServiceGen[],
    headroom: number,
    type: string,
    zones: number,
  ): CapacityPlanInput => ({
    environment: "any",
    zones,
    forecast: { headroom },
    services: svcs.map((s, i) => ({
      name: `s${i}`,
      nodeGroup: "app",
      currentPeakRps: s.rps,
      targetPeakRps: s.target,
      throughputPerPod: { baselineRps: s.baseline, peakRps: s.baseline + s.extraPeak },
      requests: { cpu: s.cpu, memoryGiB: s.mem },
      haMinReplicas: s.ha,
      hpaTargetUtilizationPercent: s.util,
    })),
    workers: [
      {
        name: "w",
        nodeGroup: "app",
        currentConcurrency: svcs.length * 7,
        messagesPerPod: 10,
        requests: { cpu: 0.25, memoryGiB: 0.5 },
      },
    ],
    nodeGroups: [{ name: "app", instanceTypes: [type], minSize: 1, maxSize: 10_000 }],
  });

  it("is monotone in headroom: more headroom never gives fewer replicas or nodes", () => {
    fc.assert(
      fc.property(
        fc.array(service, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("c6i.xlarge", "m6i.xlarge", "r6i.large", "m6i.2xlarge"),
        fc.integer({ min: 1, max: 3 }),
        (svcs, h1, h2, type, zones) => {
          const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
          const a = planCapacity(input(svcs, lo, type, zones));
          const b = planCapacity(input(svcs, hi, type, zones));
          return (
            a.workloads.every(
              (w, i) =>
                b.workloads[i].minReplicas === w.minReplicas &&
                b.workloads[i].maxReplicas >= w.maxReplicas,
            ) &&
            b.nodeGroups[0].nodesAtMax >= a.nodeGroups[0].nodesAtMax &&
            b.nodeGroups[0].nodesAtMin === a.nodeGroups[0].nodesAtMin
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("always gives 1 <= min <= max and enough pods at the HPA target to carry the design peak plus headroom", () => {
    fc.assert(
      fc.property(
        fc.array(service, { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (svcs, h) => {
          const plan = planCapacity(input(svcs, h, "m6i.2xlarge", 1));
          return plan.workloads.every(
            (w) =>
              w.minReplicas >= 1 &&
              w.minReplicas <= w.maxReplicas &&
              w.maxReplicas * w.targetPerPod >= w.designPeak * (1 + h) - 1e-6,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
