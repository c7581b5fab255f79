// The planner's input checks and its node-group limits, each with the exact path and message a
// user reads (model/capacity/plan.ts). Node groups use a bare overhead (no reservations, no
// DaemonSets, no VM overhead) so an m6i.xlarge offers exactly 4 vCPU / 16 GiB / 58 pods and every
// node count below is worked out by hand.
import { expect } from "chai";
import {
  CapacityPlanError,
  planCapacity,
  type CapacityPlanInput,
  type NodeGroupCapacity,
  type NodeOverhead,
  type ServiceDemand,
  type WorkerDemand,
} from "../../../model/capacity";
import { BARE_OVERHEAD as bare, planProblems } from "../../helpers/capacity";

const group = (over: Partial<NodeGroupCapacity> = {}): NodeGroupCapacity => ({
  name: "app",
  instanceTypes: ["m6i.xlarge"],
  minSize: 1,
  maxSize: 10,
  overhead: bare,
  ...over,
});

/** A service with hand-set bounds (min = max = `replicas`) of `cpu` vCPU / 1 GiB pods. */
const service = (name: string, replicas: number, cpu = 1, nodeGroup = "app"): ServiceDemand => ({
  name,
  nodeGroup,
  currentPeakRps: 0,
  throughputPerPod: { baselineRps: 10, peakRps: 10 },
  requests: { cpu, memoryGiB: 1 },
  fixedReplicas: { min: replicas, max: replicas },
});

const worker = (name: string, replicas: number, cpu = 1, nodeGroup = "app"): WorkerDemand => ({
  name,
  nodeGroup,
  currentConcurrency: 0,
  messagesPerPod: 10,
  requests: { cpu, memoryGiB: 1 },
  fixedReplicas: { min: replicas, max: replicas },
});

const env = (over: Partial<CapacityPlanInput> = {}): CapacityPlanInput => ({
  environment: "dev",
  nodeGroups: [group()],
  ...over,
});

const overflow = (needed: number, maxSize: number, culprit: string, prior: string) =>
  `at max replicas the workloads on node group app need ${needed} m6i.xlarge nodes but its maxSize is ${maxSize}; ` +
  `${culprit} crosses the limit (${prior}, ${needed} with it). Lower its target or raise nodeGroups.app.maxSize to at least ${needed}`;

describe("capacity planner: the environment, zones and names", () => {
  it("refuses an empty or missing environment name, and the error names every problem on its own line", () => {
    const problem = { path: "environment", message: "must be a non-empty name" };
    expect(planProblems(env({ environment: "" }))).to.deep.equal([problem]);
    expect(
      planProblems(env({ environment: undefined as unknown as string, zones: 0 })),
    ).to.deep.equal([
      problem,
      { path: "zones", message: "must be a number between 1 and 10, got 0" },
    ]);
    let err: unknown;
    try {
      planCapacity(env({ environment: "", zones: 11 }));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(CapacityPlanError);
    expect((err as Error).name).to.equal("CapacityPlanError");
    expect((err as Error).message).to.equal(
      "capacity plan for environment :\n" +
        "  - environment: must be a non-empty name\n" +
        "  - zones: must be a number between 1 and 10, got 11",
    );
  });

  it("plans with 1 and with 10 zones (the limits) and refuses 0 and 11", () => {
    expect(planCapacity(env({ zones: 1 })).nodeGroups[0].nodesAtMax).to.equal(0);
    expect(planCapacity(env({ zones: 10 })).nodeGroups[0].nodesAtMax).to.equal(0);
    expect(planProblems(env({ zones: 0 }))).to.deep.equal([
      { path: "zones", message: "must be a number between 1 and 10, got 0" },
    ]);
  });

  it("refuses a part zone (2.5) and sizes the system tier for one zone while the count is refused", () => {
    const systemTier = (minSize: number) => ({
      group: "system",
      instanceTypes: ["m6i.xlarge"],
      minSize,
      maxSize: 4,
      overhead: bare,
      pods: [{ name: "coredns", requests: { cpu: 0.1, memoryGiB: 0.1 }, replicas: 2 }],
    });
    // One node holds both pods; with 2.5 zones taken as they are it would need 2.5.
    expect(planProblems(env({ zones: 2.5, systemTier: systemTier(2) }))).to.deep.equal([
      { path: "zones", message: "must be a whole number, got 2.5" },
    ]);
    const problems = planProblems(env({ zones: -1, systemTier: systemTier(0) }));
    expect(problems.map((p) => p.path)).to.deep.equal(["zones", "nodeGroups.system.minSize"]);
    expect(problems[1].message).to.include("a node in each of 1 zones need 1 m6i.xlarge nodes");
  });

  it("refuses a name used twice, by two services or by a service and a worker", () => {
    const message = "the name api is used twice; workload names must be unique";
    expect(planProblems(env({ services: [service("api", 1), service("api", 1)] }))).to.deep.equal([
      { path: "services.api", message },
    ]);
    expect(
      planProblems(env({ services: [service("api", 1)], workers: [worker("api", 1)] })),
    ).to.deep.equal([{ path: "workers.api", message }]);
  });

  it("names the unknown node group and the known ones, or says there are none", () => {
    const twoGroups = [group(), group({ name: "batch" })];
    expect(
      planProblems(env({ nodeGroups: twoGroups, services: [service("api", 1, 1, "gpu")] })),
    ).to.deep.equal([
      { path: "services.api.nodeGroup", message: 'unknown node group "gpu"; known: app, batch' },
    ]);
    expect(planProblems(env({ nodeGroups: [], workers: [worker("w", 1)] }))).to.deep.equal([
      { path: "workers.w.nodeGroup", message: 'unknown node group "app"; known: none' },
    ]);
    // A workload without a group is unknown too, also when the input lists no groups at all.
    const noGroup = { ...worker("w", 1), nodeGroup: undefined as unknown as string };
    expect(
      planProblems({ environment: "dev", workers: [noGroup] } as unknown as CapacityPlanInput),
    ).to.deep.equal([
      { path: "workers.w.nodeGroup", message: "unknown node group undefined; known: none" },
    ]);
  });

  it("plans node groups with no services or workers: the placeholders alone, 5 pods of 1 vCPU on 2 nodes", () => {
    const plan = planCapacity({
      environment: "dev",
      nodeGroups: [group({ placeholders: { replicas: 5, cpu: 1, memoryGiB: 1 } })],
    });
    expect(plan.workloads).to.deep.equal([]);
    expect(plan.nodeGroups[0]).to.include({ name: "app", nodesAtMin: 2, nodesAtMax: 2 });
    expect(plan).to.not.have.any.keys("database", "systemTier");
  });

  it("returns the database and system tier plans when the input has them", () => {
    const plan = planCapacity(
      env({
        zones: 3,
        database: { readQps: 900, writeQps: 200, readReplicas: 2 },
        systemTier: {
          group: "system",
          instanceTypes: ["m6i.xlarge"],
          minSize: 3,
          maxSize: 3,
          overhead: bare,
          pods: [{ name: "coredns", requests: { cpu: 0.1, memoryGiB: 0.1 }, replicas: 2 }],
        },
      }),
    );
    expect(plan.database).to.include({ needsAnotherReplica: true, recommendedReadReplicas: 3 });
    // One node holds the add-ons; the group keeps one in each of the 3 zones.
    expect(plan.systemTier).to.include({ nodesWithHeadroom: 3, nodesWithoutHeadroom: 1 });
  });
});

describe("capacity planner: pod requests", () => {
  it("refuses missing requests, naming both fields", () => {
    const s = { ...service("api", 1), requests: undefined as unknown as ServiceDemand["requests"] };
    expect(planProblems(env({ services: [s] }))).to.deep.equal([
      {
        path: "services.api.requests.cpu",
        message: "must be a number above 0 and at most 1024 vCPU, got undefined",
      },
      {
        path: "services.api.requests.memoryGiB",
        message: "must be a number above 0 and at most 24576 GiB, got undefined",
      },
    ]);
  });

  it("refuses 1,025 vCPU or 24,577 GiB on its own, without also packing the pod", () => {
    const cpu = { ...worker("w", 1), requests: { cpu: 1025, memoryGiB: 1 } };
    expect(planProblems(env({ workers: [cpu] }))).to.deep.equal([
      {
        path: "workers.w.requests.cpu",
        message: "must be a number above 0 and at most 1024 vCPU, got 1025",
      },
    ]);
    const mem = { ...worker("w", 1), requests: { cpu: 1, memoryGiB: 24_577 } };
    expect(planProblems(env({ workers: [mem] }))).to.deep.equal([
      {
        path: "workers.w.requests.memoryGiB",
        message: "must be a number above 0 and at most 24576 GiB, got 24577",
      },
    ]);
  });

  it("names the pod that fits no node of a type, and the type and group", () => {
    expect(planProblems(env({ services: [service("huge", 1, 5)] }))).to.deep.equal([
      {
        path: "services.huge.requests",
        message:
          "a pod requesting 5 vCPU / 1 GiB does not fit on an empty node (allocatable 4.00 vCPU / 16.00 GiB / 58 pods) " +
          "of type m6i.xlarge in node group app",
      },
    ]);
    const ph = group({ placeholders: { replicas: 1, cpu: 1, memoryGiB: 17 } });
    expect(planProblems(env({ nodeGroups: [ph] }))).to.deep.equal([
      {
        path: "nodeGroups.app.placeholders.requests",
        message:
          "a pod requesting 1 vCPU / 17 GiB does not fit on an empty node (allocatable 4.00 vCPU / 16.00 GiB / 58 pods) " +
          "of type m6i.xlarge in node group app",
      },
    ]);
  });
});

describe("capacity planner: node group settings", () => {
  it("accepts minSize 0, minSize equal to maxSize and maxSize 10,000", () => {
    expect(
      planCapacity(env({ nodeGroups: [group({ minSize: 0, maxSize: 10_000 })] })).nodeGroups,
    ).to.have.length(1);
    expect(
      planCapacity(env({ nodeGroups: [group({ minSize: 3, maxSize: 3 })] })).nodeGroups[0],
    ).to.include({ minSize: 3, maxSize: 3 });
  });

  it("refuses minSize -1, maxSize 0, maxSize 10,001 and minSize above maxSize, with the key", () => {
    expect(planProblems(env({ nodeGroups: [group({ minSize: -1 })] }))).to.deep.equal([
      { path: "nodeGroups.app.minSize", message: "must be a number between 0 and 10000, got -1" },
    ]);
    expect(planProblems(env({ nodeGroups: [group({ minSize: 0, maxSize: 0 })] }))).to.deep.equal([
      { path: "nodeGroups.app.maxSize", message: "must be a number between 1 and 10000, got 0" },
    ]);
    expect(planProblems(env({ nodeGroups: [group({ maxSize: 10_001 })] }))).to.deep.equal([
      {
        path: "nodeGroups.app.maxSize",
        message: "must be a number between 1 and 10000, got 10001",
      },
    ]);
    expect(planProblems(env({ nodeGroups: [group({ minSize: 4, maxSize: 3 })] }))).to.deep.equal([
      { path: "nodeGroups.app.minSize", message: "minSize 4 is greater than maxSize 3" },
    ]);
  });

  it("refuses an empty or missing instance type list", () => {
    const problem = {
      path: "nodeGroups.app.instanceTypes",
      message: "must list at least one instance type",
    };
    expect(planProblems(env({ nodeGroups: [group({ instanceTypes: [] })] }))).to.deep.equal([
      problem,
    ]);
    const missing = group({ instanceTypes: undefined as unknown as string[] });
    expect(planProblems(env({ nodeGroups: [missing] }))).to.deep.equal([problem]);
  });

  it("refuses placeholder replicas below 0 and placeholder requests out of range", () => {
    const ph = (replicas: number, cpu: number, memoryGiB: number) =>
      env({ nodeGroups: [group({ placeholders: { replicas, cpu, memoryGiB } })] });
    expect(planProblems(ph(-1, 1, 1))).to.deep.equal([
      {
        path: "nodeGroups.app.placeholders.replicas",
        message: "must be a number between 0 and 100000, got -1",
      },
    ]);
    expect(planProblems(ph(1, 0, 24_577))).to.deep.equal([
      {
        path: "nodeGroups.app.placeholders.requests.cpu",
        message: "must be a number above 0 and at most 1024 vCPU, got 0",
      },
      {
        path: "nodeGroups.app.placeholders.requests.memoryGiB",
        message: "must be a number above 0 and at most 24576 GiB, got 24577",
      },
    ]);
  });

  it("refuses an overhead that leaves exactly 0 vCPU, 0 GiB or 0 pod slots, and plans with a sliver left", () => {
    const over = (o: NodeOverhead) => env({ nodeGroups: [group({ overhead: { ...bare, ...o } })] });
    const nothing = (alloc: string) => [
      {
        path: "nodeGroups.app.overhead",
        message: `leaves nothing for pods on m6i.xlarge (allocatable ${alloc})`,
      },
    ];
    expect(planProblems(over({ kubeReserved: { cpu: 4, memoryGiB: 0 } }))).to.deep.equal(
      nothing("0.00 vCPU / 16.00 GiB / 58 pods"),
    );
    expect(planProblems(over({ kubeReserved: { cpu: 0, memoryGiB: 16 } }))).to.deep.equal(
      nothing("4.00 vCPU / 0.00 GiB / 58 pods"),
    );
    expect(planProblems(over({ daemonSets: { cpu: 0, memoryGiB: 0, pods: 58 } }))).to.deep.equal(
      nothing("4.00 vCPU / 16.00 GiB / 0 pods"),
    );
    const sliver = over({
      kubeReserved: { cpu: 3.5, memoryGiB: 15.5 },
      daemonSets: { cpu: 0, memoryGiB: 0, pods: 57 },
    });
    expect(
      planCapacity(sliver).nodeGroups[0].byInstanceType["m6i.xlarge"].allocatable,
    ).to.deep.equal({ cpu: 0.5, memoryGiB: 0.5, pods: 1 });
  });

  it("reports only the unknown instance type, not the overflow the other type would show", () => {
    const g = group({ instanceTypes: ["m6i.xlarge", "x9.mega"], maxSize: 2 });
    const problems = planProblems(env({ nodeGroups: [g], services: [service("big", 3, 4)] }));
    expect(problems.map((p) => p.path)).to.deep.equal(["nodeGroups.app.instanceTypes"]);
    expect(problems[0].message).to.match(/^unknown EC2 instance type "x9\.mega"/);
  });
});

describe("capacity planner: node counts and maxSize", () => {
  it("packs each group's own workloads only: 3 pods of 4 vCPU on app, 1 on batch", () => {
    const plan = planCapacity(
      env({
        nodeGroups: [group(), group({ name: "batch" })],
        services: [service("a", 3, 4), service("b", 1, 4, "batch")],
      }),
    );
    expect(plan.nodeGroups.map((g) => [g.name, g.nodesAtMin, g.nodesAtMax])).to.deep.equal([
      ["app", 3, 3],
      ["batch", 1, 1],
    ]);
  });

  it("takes the instance type needing the most nodes at min too: 3 m6i.xlarge, not 2 m6i.2xlarge", () => {
    const g = group({ instanceTypes: ["m6i.2xlarge", "m6i.xlarge"] });
    const plan = planCapacity(env({ nodeGroups: [g], services: [service("a", 3, 4)] }));
    expect(plan.nodeGroups[0]).to.include({ nodesAtMin: 3, nodesAtMax: 3 });
    expect(plan.nodeGroups[0].byInstanceType["m6i.2xlarge"]).to.include({
      nodesAtMin: 2,
      nodesAtMax: 2,
    });
  });

  // a (4 vCPU) fills node 1, b (3 vCPU) node 2, c's two 2 vCPU pods node 3: cumulative 1, 2, 3.
  const three = (maxSize: number) =>
    env({
      nodeGroups: [group({ maxSize })],
      services: [service("a", 1, 4), service("b", 1, 3)],
      workers: [worker("c", 2, 2)],
    });

  it("plans when the workloads need exactly maxSize nodes (3 of 3)", () => {
    expect(planCapacity(three(3)).nodeGroups[0].nodesAtMax).to.equal(3);
  });

  it("one node past maxSize names the workload that crosses it and everything packed before it", () => {
    expect(planProblems(three(2))).to.deep.equal([
      {
        path: "workers.c",
        message: overflow(3, 2, "c", "2 nodes before it for services.a, services.b"),
      },
    ]);
  });

  it("says no other workload came first when the first one packed crosses the limit", () => {
    expect(
      planProblems(env({ nodeGroups: [group({ maxSize: 2 })], services: [service("big", 3, 4)] })),
    ).to.deep.equal([
      { path: "services.big", message: overflow(3, 2, "big", "no other workload before it") },
    ]);
  });

  it("names the group's placeholders when they cross the limit", () => {
    const g = group({ maxSize: 2, placeholders: { replicas: 3, cpu: 4, memoryGiB: 1 } });
    expect(planProblems(env({ nodeGroups: [g] }))).to.deep.equal([
      {
        path: "nodeGroups.app.placeholders",
        message: overflow(3, 2, "(placeholders)", "no other workload before it"),
      },
    ]);
  });

  it("leaves zero placeholders out of the packing, so they are never named before a workload", () => {
    const g = group({ maxSize: 2, placeholders: { replicas: 0, cpu: 4, memoryGiB: 1 } });
    expect(planProblems(env({ nodeGroups: [g], services: [service("big", 3, 4)] }))).to.deep.equal([
      { path: "services.big", message: overflow(3, 2, "big", "no other workload before it") },
    ]);
  });
});
