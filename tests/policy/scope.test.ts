import { expect } from "chai";
import { deployment, hpa, messages, nodeGroup, resource, scaledObject, subnets } from "./resources";

/**
 * Each rule judges only what it is about, and the details a bound depends on: found by mutation
 * testing (`npm run mutation -- policy`) as changes no boundary test noticed.
 */
describe("policy pack: each rule judges only its own resources", () => {
  it("hpa-replica-bounds ignores Deployments and ScaledObjects", async () => {
    const vs = await messages("hpa-replica-bounds", { min: 2, max: 50 }, [
      deployment("api", 1),
      scaledObject("worker", { minReplicaCount: 0, maxReplicaCount: 900 }),
    ]);
    expect(vs).to.deep.equal([]);
  });

  it("keda-replica-bounds ignores HPAs", async () => {
    const vs = await messages("keda-replica-bounds", { min: 1, max: 500 }, [
      hpa("api", { minReplicas: 1, maxReplicas: 900 }),
    ]);
    expect(vs).to.deep.equal([]);
  });

  it("elasticache-shard-bounds ignores other resources", async () => {
    const vs = await messages("elasticache-shard-bounds", { minReplicasPerShard: 1 }, [
      nodeGroup("app", { min: 1, max: 2 }),
    ]);
    expect(vs).to.deep.equal([]);
  });

  it("zone-spread: only a negative PriorityClass exempts a soft spread (0 does not)", async () => {
    const zero = resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", "zero", {
      metadata: { name: "zero" },
      value: 0,
    });
    const soft = deployment("api", 3, {
      topologySpreadConstraints: [
        {
          topologyKey: "topology.kubernetes.io/zone",
          maxSkew: 1,
          whenUnsatisfiable: "ScheduleAnyway",
        },
      ],
      priorityClassName: "zero",
    });
    const vs = await messages("zone-spread", {}, [...subnets(["a", "b", "c"]), zero, soft]);
    expect(vs).to.have.length(1);
  });

  it("zone-spread: a node group of the workload's role in every zone is not reported", async () => {
    const vs = await messages("zone-spread", {}, [
      ...subnets(["a", "b", "c"]),
      deployment("api", 3, {
        topologySpreadConstraints: [{ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1 }],
      }),
      nodeGroup("nodes-app", { min: 2, max: 3, subnets: 3 }),
    ]);
    expect(vs).to.deep.equal([]);
  });

  it("min-spot-share: a node group of an unknown type counts no vCPU rather than failing the rule", async () => {
    const vs = await messages("min-spot-share", { minSpotPercent: 50 }, [
      nodeGroup("spot", { capacityType: "SPOT", min: 1, max: 2 }),
      nodeGroup("od", { capacityType: "ON_DEMAND", min: 1, max: 2, instanceTypes: ["x9.huge"] }),
    ]);
    expect(vs).to.deep.equal([]);
  });

  it('pdb-allows-disruption: minAvailable given as the string "3" of 3 allows none', async () => {
    const vs = await messages("pdb-allows-disruption", {}, [
      deployment("api", 3),
      resource("kubernetes:policy/v1:PodDisruptionBudget", "api", {
        metadata: { name: "api", namespace: "apps" },
        spec: { selector: { matchLabels: { app: "api" } }, minAvailable: "3" },
      }),
    ]);
    expect(vs).to.have.length(1);
  });

  it("budget-covers-baseline: one qualifying notification among others is enough", async () => {
    const b = resource("aws:budgets/budget:Budget", "budget", {
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "500",
      notifications: [
        { notificationType: "FORECASTED", thresholdType: "PERCENTAGE", threshold: 100 },
        { notificationType: "ACTUAL", thresholdType: "PERCENTAGE", threshold: 80 },
      ],
    });
    expect(
      await messages("budget-covers-baseline", {}, [nodeGroup("app", { min: 1, max: 2 }), b]),
    ).to.deep.equal([]);
  });
});
