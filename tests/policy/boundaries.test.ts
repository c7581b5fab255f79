import { expect } from "chai";
import { EC2_INSTANCE_TYPES } from "../../model/catalog";
import { deployment, hpa, messages, nodeGroup, resource, scaledObject, subnets } from "./resources";

/**
 * Every bound the policy pack enforces, pinned at its limit: the value at the limit passes and
 * the value one past it fails, so a `>` that became `>=` (or a bound off by one) is caught.
 * Limits are prod's (policy/config/prod.json) where prod sets them.
 */
describe("policy pack: every bound at its limit passes, one past fails", () => {
  it("m5.large, the node type these tests use, has 2 vCPU and 8 GiB in model/catalog", () => {
    expect(EC2_INSTANCE_TYPES["m5.large"]).to.deep.include({ vcpu: 2, memoryGiB: 8 });
  });

  describe("hpa-replica-bounds [2, 50]", () => {
    const check = (spec: Record<string, unknown>) =>
      messages("hpa-replica-bounds", { min: 2, max: 50 }, [hpa("api", spec)]);

    it("minReplicas 2 and maxReplicas 50 (both limits) pass", async () => {
      expect(await check({ minReplicas: 2, maxReplicas: 50 })).to.deep.equal([]);
    });

    it("maxReplicas 51 fails", async () => {
      expect(await check({ minReplicas: 2, maxReplicas: 51 })).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: maxReplicas 51 is above this environment's maximum of 50",
      ]);
    });

    it("minReplicas 1 fails", async () => {
      expect(await check({ minReplicas: 1, maxReplicas: 50 })).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: minReplicas 1 is below this environment's minimum of 2",
      ]);
    });

    it("an unset minReplicas counts as Kubernetes' default 1, below 2", async () => {
      expect(await check({ maxReplicas: 10 })).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: minReplicas 1 is below this environment's minimum of 2",
      ]);
    });

    it("minReplicas equal to maxReplicas passes; one above fails", async () => {
      expect(await check({ minReplicas: 7, maxReplicas: 7 })).to.deep.equal([]);
      expect(await check({ minReplicas: 8, maxReplicas: 7 })).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: minReplicas 8 is greater than maxReplicas 7",
      ]);
    });

    it("an HPA without maxReplicas is reported", async () => {
      expect(await check({ minReplicas: 2 })).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: spec.maxReplicas is not set",
      ]);
    });

    it("the schema defaults are [1, 50]: 1 and 50 pass, 51 fails", async () => {
      const at = (spec: Record<string, unknown>) =>
        messages("hpa-replica-bounds", {}, [hpa("api", spec)]);
      expect(await at({ minReplicas: 1, maxReplicas: 50 })).to.deep.equal([]);
      expect(await at({ minReplicas: 1, maxReplicas: 51 })).to.have.length(1);
    });
  });

  describe("deployment-replica-bounds [2, 50] on Deployments no scaler owns", () => {
    const check = (replicas: number, settings = { min: 2, max: 50 }) =>
      messages("deployment-replica-bounds", settings, [deployment("pgbouncer", replicas)]);

    it("2 and 50 replicas pass", async () => {
      expect(await check(2)).to.deep.equal([]);
      expect(await check(50)).to.deep.equal([]);
    });

    it("1 and 51 replicas fail, naming the bounds", async () => {
      expect(await check(1)).to.deep.equal([
        "Deployment apps/pgbouncer: replicas 1 is outside this environment's bounds [2, 50]",
      ]);
      expect(await check(51)).to.deep.equal([
        "Deployment apps/pgbouncer: replicas 51 is outside this environment's bounds [2, 50]",
      ]);
    });

    it("a Deployment an HPA scales is left to hpa-replica-bounds", async () => {
      const vs = await messages("deployment-replica-bounds", { min: 2, max: 50 }, [
        deployment("api", 1),
        hpa("api", { minReplicas: 2, maxReplicas: 4 }),
      ]);
      expect(vs).to.deep.equal([]);
    });

    it("the schema defaults are [1, 50]: 1 and 50 pass, 0 and 51 fail", async () => {
      const at = (n: number) => messages("deployment-replica-bounds", {}, [deployment("w", n)]);
      expect(await at(1)).to.deep.equal([]);
      expect(await at(50)).to.deep.equal([]);
      expect(await at(0)).to.have.length(1);
      expect(await at(51)).to.have.length(1);
    });
  });

  describe("keda-replica-bounds [1, 500]", () => {
    const check = (
      spec: Record<string, unknown>,
      settings: Record<string, unknown> = { min: 1, max: 500 },
    ) => messages("keda-replica-bounds", settings, [scaledObject("worker", spec)]);

    it("minReplicaCount 1 and maxReplicaCount 500 pass", async () => {
      expect(await check({ minReplicaCount: 1, maxReplicaCount: 500 })).to.deep.equal([]);
    });

    it("maxReplicaCount 501 and minReplicaCount 0 fail", async () => {
      expect(await check({ minReplicaCount: 1, maxReplicaCount: 501 })).to.deep.equal([
        "ScaledObject apps/worker: maxReplicaCount 501 is above this environment's maximum of 500",
      ]);
      expect(await check({ minReplicaCount: 0, maxReplicaCount: 500 })).to.deep.equal([
        "ScaledObject apps/worker: minReplicaCount 0 is below this environment's minimum of 1",
      ]);
    });

    it("min equal to max passes; one above fails", async () => {
      expect(await check({ minReplicaCount: 9, maxReplicaCount: 9 })).to.deep.equal([]);
      expect(await check({ minReplicaCount: 10, maxReplicaCount: 9 })).to.deep.equal([
        "ScaledObject apps/worker: minReplicaCount 10 is greater than maxReplicaCount 9",
      ]);
    });

    it("unset counts are KEDA's defaults 0 and 100: 100 passes a maximum of 100, fails 99", async () => {
      expect(await check({}, { min: 0, max: 100 })).to.deep.equal([]);
      expect(await check({}, { min: 0, max: 99 })).to.deep.equal([
        "ScaledObject apps/worker: maxReplicaCount 100 is above this environment's maximum of 99",
      ]);
      expect(await check({ maxReplicaCount: 5 }, { min: 1, max: 99 })).to.deep.equal([
        "ScaledObject apps/worker: minReplicaCount 0 is below this environment's minimum of 1",
      ]);
    });

    it("the schema defaults are [0, 500]: 0 and 500 pass, 501 fails", async () => {
      expect(await check({ minReplicaCount: 0, maxReplicaCount: 500 }, {})).to.deep.equal([]);
      expect(await check({ minReplicaCount: 0, maxReplicaCount: 501 }, {})).to.have.length(1);
    });
  });

  describe("node-group-size-bounds [2, 60]", () => {
    const check = (
      min: number,
      desired: number,
      max: number,
      settings: Record<string, unknown> = { min: 2, max: 60 },
    ) =>
      messages("node-group-size-bounds", settings, [nodeGroup("nodes-app", { min, desired, max })]);

    it("sizes 2/2/60 (both limits) pass, as do equal sizes", async () => {
      expect(await check(2, 2, 60)).to.deep.equal([]);
      expect(await check(5, 5, 5)).to.deep.equal([]);
    });

    it("a minSize of 1 and a maxSize of 61 fail, naming the size", async () => {
      expect(await check(1, 2, 60)).to.deep.equal([
        "NodeGroup nodes-app: minSize 1 is outside this environment's bounds [2, 60]",
      ]);
      expect(await check(2, 2, 61)).to.deep.equal([
        "NodeGroup nodes-app: maxSize 61 is outside this environment's bounds [2, 60]",
      ]);
    });

    it("desiredSize outside [minSize, maxSize] fails on either side", async () => {
      expect(await check(4, 3, 9)).to.deep.equal([
        "NodeGroup nodes-app: sizes must satisfy minSize <= desiredSize <= maxSize, got 4/3/9",
      ]);
      expect(await check(4, 10, 9)).to.deep.equal([
        "NodeGroup nodes-app: sizes must satisfy minSize <= desiredSize <= maxSize, got 4/10/9",
      ]);
    });

    it("an unset size is reported by name", async () => {
      const ng = nodeGroup("nodes-app", { min: 2, max: 3 });
      delete ng.inputs.scalingConfig.desiredSize;
      expect(await messages("node-group-size-bounds", {}, [ng])).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.desiredSize is not set",
      ]);
    });

    it("the schema defaults are [1, 60]: 1/1/60 passes, 0 and 61 fail", async () => {
      expect(await check(1, 1, 60, {})).to.deep.equal([]);
      expect(await check(0, 0, 60, {})).to.have.length(2);
      expect(await check(1, 1, 61, {})).to.have.length(1);
    });
  });

  describe("rds-read-replica-bounds [2, 3]", () => {
    const primary = resource("aws:rds/instance:Instance", "postgres-primary", {
      identifier: "platform-db",
    });
    const replica = (i: number) =>
      resource("aws:rds/instance:Instance", `postgres-replica-${i}`, {
        replicateSourceDb: "platform-db",
      });
    const check = (n: number, settings: Record<string, unknown> = { min: 2, max: 3 }) =>
      messages("rds-read-replica-bounds", settings, [
        primary,
        ...Array.from({ length: n }, (_, i) => replica(i)),
      ]);

    it("2 and 3 read replicas pass", async () => {
      expect(await check(2)).to.deep.equal([]);
      expect(await check(3)).to.deep.equal([]);
    });

    it("1 and 4 read replicas fail", async () => {
      expect(await check(1)).to.deep.equal([
        "Instance postgres-primary: 1 read replica(s) is outside this environment's bounds [2, 3]",
      ]);
      expect(await check(4)).to.deep.equal([
        "Instance postgres-primary: 4 read replica(s) is outside this environment's bounds [2, 3]",
      ]);
    });

    it("a replica linked only by a property dependency counts", async () => {
      const linked = resource("aws:rds/instance:Instance", "postgres-replica-x", {
        replicateSourceDb: "arn-not-known-yet",
      });
      linked.propertyDependencies = { replicateSourceDb: [primary.urn] };
      expect(
        await messages("rds-read-replica-bounds", { min: 1, max: 1 }, [primary, linked]),
      ).to.deep.equal([]);
    });

    it("the schema defaults are [0, 3]: none passes, 4 fails", async () => {
      expect(await check(0, {})).to.deep.equal([]);
      expect(await check(4, {})).to.have.length(1);
    });
  });

  describe("elasticache-shard-bounds: shards [1, 10], replicas per shard [1, 5]", () => {
    const prod = { minShards: 1, maxShards: 10, minReplicasPerShard: 1, maxReplicasPerShard: 5 };
    const check = (props: Record<string, unknown>, settings: Record<string, unknown> = prod) =>
      messages("elasticache-shard-bounds", settings, [
        resource("aws:elasticache/replicationGroup:ReplicationGroup", "redis", props),
      ]);

    it("10 shards of 5 replicas and 1 shard of 1 replica pass", async () => {
      expect(await check({ numNodeGroups: 10, replicasPerNodeGroup: 5 })).to.deep.equal([]);
      expect(await check({ numNodeGroups: 1, replicasPerNodeGroup: 1 })).to.deep.equal([]);
    });

    it("11 shards, 0 shards, 6 replicas and 0 replicas per shard fail", async () => {
      expect(await check({ numNodeGroups: 11, replicasPerNodeGroup: 1 })).to.deep.equal([
        "ReplicationGroup redis: 11 shard(s) is outside this environment's bounds [1, 10]",
      ]);
      expect(await check({ numNodeGroups: 0, replicasPerNodeGroup: 1 })).to.deep.equal([
        "ReplicationGroup redis: 0 shard(s) is outside this environment's bounds [1, 10]",
      ]);
      expect(await check({ numNodeGroups: 2, replicasPerNodeGroup: 6 })).to.deep.equal([
        "ReplicationGroup redis: 6 replica(s) per shard is outside this environment's bounds [1, 5]",
      ]);
      expect(await check({ numNodeGroups: 2, replicasPerNodeGroup: 0 })).to.deep.equal([
        "ReplicationGroup redis: 0 replica(s) per shard is outside this environment's bounds [1, 5]",
      ]);
    });

    it("a clustered group without replicasPerNodeGroup has 0 replicas", async () => {
      expect(await check({ numNodeGroups: 2 })).to.deep.equal([
        "ReplicationGroup redis: 0 replica(s) per shard is outside this environment's bounds [1, 5]",
      ]);
    });

    it("an unclustered group is 1 shard of numCacheClusters - 1 replicas (2 passes, 1 fails)", async () => {
      expect(await check({ numCacheClusters: 2 })).to.deep.equal([]);
      expect(await check({ numCacheClusters: 1 })).to.deep.equal([
        "ReplicationGroup redis: 0 replica(s) per shard is outside this environment's bounds [1, 5]",
      ]);
      expect(await check({})).to.have.length(1);
    });

    it("the schema defaults are shards [1, 10], replicas [0, 5]", async () => {
      expect(await check({ numNodeGroups: 10, replicasPerNodeGroup: 0 }, {})).to.deep.equal([]);
      expect(await check({ numNodeGroups: 11, replicasPerNodeGroup: 5 }, {})).to.have.length(1);
      expect(await check({ numNodeGroups: 1, replicasPerNodeGroup: 6 }, {})).to.have.length(1);
    });
  });

  describe("min-zones: 3", () => {
    const zones3 = subnets(["us-east-1a", "us-east-1b", "us-east-1c"]);

    it("subnets in 3 zones and a node group in 3 zones pass", async () => {
      const vs = await messages("min-zones", { minZones: 3 }, [
        ...zones3,
        nodeGroup("nodes-app", { min: 2, max: 3, subnets: 3 }),
      ]);
      expect(vs).to.deep.equal([]);
    });

    it("subnets in 2 zones fail, naming them", async () => {
      expect(
        await messages("min-zones", { minZones: 3 }, subnets(["us-east-1a", "us-east-1b"])),
      ).to.deep.equal([
        "the network's subnets span 2 zone(s) (us-east-1a, us-east-1b); this environment requires at least 3",
      ]);
    });

    it("a node group with subnets in 2 zones fails", async () => {
      const vs = await messages("min-zones", { minZones: 3 }, [
        ...zones3,
        nodeGroup("nodes-app", { min: 2, max: 3, subnets: 2 }),
      ]);
      expect(vs).to.deep.equal([
        "NodeGroup nodes-app: has subnets in 2 zone(s); this environment requires at least 3",
      ]);
    });

    it("the schema default is 2: two zones pass, one fails", async () => {
      expect(await messages("min-zones", {}, subnets(["a", "b"]))).to.deep.equal([]);
      expect(await messages("min-zones", {}, subnets(["a"]))).to.have.length(1);
    });
  });

  describe("min-spot-share: 50 % of application vCPU at maxSize", () => {
    const pools = (spotMax: number, odMax: number, role = "application") => [
      nodeGroup("spot", { capacityType: "SPOT", min: 1, max: spotMax, role }),
      nodeGroup("od", { capacityType: "ON_DEMAND", min: 1, max: odMax, role }),
    ];

    it("exactly 50 % spot passes", async () => {
      expect(await messages("min-spot-share", { minSpotPercent: 50 }, pools(3, 3))).to.deep.equal(
        [],
      );
    });

    it("just under 50 % fails, with the share and the vCPU counted at maxSize", async () => {
      expect(await messages("min-spot-share", { minSpotPercent: 50 }, pools(3, 4))).to.deep.equal([
        "spot provides 42.9 % of application vCPU at maxSize (6 of 14 vCPU); this environment asks for at least 50 %",
      ]);
    });

    it("only application node groups count", async () => {
      const vs = await messages("min-spot-share", { minSpotPercent: 50 }, [
        ...pools(3, 3),
        nodeGroup("system", { capacityType: "ON_DEMAND", min: 2, max: 10, role: "system" }),
      ]);
      expect(vs).to.deep.equal([]);
    });

    it("no application capacity at all is 0 %, below any positive share", async () => {
      expect(await messages("min-spot-share", { minSpotPercent: 1 }, [])).to.deep.equal([
        "spot provides 0.0 % of application vCPU at maxSize (0 of 0 vCPU); this environment asks for at least 1 %",
      ]);
    });

    it("a share of 0 asks for nothing", async () => {
      expect(await messages("min-spot-share", { minSpotPercent: 0 }, pools(0, 5))).to.deep.equal(
        [],
      );
    });
  });

  describe("hpa-fits-node-capacity: demand at maximum within allocatable capacity at maxSize", () => {
    // One m5.large (2 vCPU, 8 GiB) at maxSize; an HPA of max 2 pods.
    const stack = (cpu: string, memory: string, percent = 100) =>
      messages("hpa-fits-node-capacity", { allocatablePercent: percent }, [
        nodeGroup("app", { min: 1, max: 1 }),
        deployment("api", 2, {
          containers: [{ name: "api", resources: { requests: { cpu, memory } } }],
        }),
        hpa("api", { minReplicas: 2, maxReplicas: 2 }),
      ]);

    it("2 pods of 1 vCPU / 4 GiB on 2 vCPU / 8 GiB at 100 % allocatable fit exactly", async () => {
      expect(await stack("1", "4Gi")).to.deep.equal([]);
    });

    it("one millicore more per pod does not fit", async () => {
      expect(await stack("1001m", "4Gi")).to.deep.equal([
        // CPU in millicores (3 decimals), so a demand just over capacity never reads as equal.
        "workloads on application nodes need 2.002 vCPU / 8 GiB at their maximum (api 2x(1.001 vCPU, 4 GiB)) but the application node groups offer 2 vCPU / 8 GiB at maxSize (100 % allocatable)",
      ]);
    });

    it("one MiB more per pod does not fit", async () => {
      expect(await stack("1", "4097Mi")).to.have.length(1);
    });

    it("only the allocatable share counts: 50 % fits 2 pods of 0.5 vCPU / 2 GiB, not more", async () => {
      expect(await stack("500m", "2Gi", 50)).to.deep.equal([]);
      expect(await stack("501m", "2Gi", 50)).to.have.length(1);
    });

    it("a scaled workload without requests is reported, since it cannot be checked", async () => {
      const vs = await messages("hpa-fits-node-capacity", {}, [
        nodeGroup("app", { min: 1, max: 1 }),
        deployment("api", 2, { containers: [{ name: "api" }] }),
        hpa("api", { minReplicas: 2, maxReplicas: 2 }),
      ]);
      expect(vs).to.deep.equal([
        "Deployment apps/api: its containers set no CPU and memory requests, so HPA maximum 2 cannot be checked against node capacity",
      ]);
    });
  });

  describe("pdb-allows-disruption: at least one voluntary disruption at the minimum", () => {
    const pdb = (spec: Record<string, unknown>) =>
      resource("kubernetes:policy/v1:PodDisruptionBudget", "api", {
        metadata: { name: "api", namespace: "apps" },
        spec: { selector: { matchLabels: { app: "api" } }, ...spec },
      });
    const check = (spec: Record<string, unknown>, replicas = 3) =>
      messages("pdb-allows-disruption", {}, [deployment("api", replicas), pdb(spec)]);

    it("minAvailable 2 of 3 (one disruption) passes; 3 of 3 fails", async () => {
      expect(await check({ minAvailable: 2 })).to.deep.equal([]);
      expect(await check({ minAvailable: 3 })).to.deep.equal([
        "PodDisruptionBudget apps/api: allows 0 voluntary disruption(s) of api at its minimum of 3 replica(s); drains would block",
      ]);
    });

    it("maxUnavailable 1 passes; 0 fails", async () => {
      expect(await check({ maxUnavailable: 1 })).to.deep.equal([]);
      expect(await check({ maxUnavailable: 0 })).to.have.length(1);
    });

    it("percentages round up as Kubernetes does: maxUnavailable 10% of 3 allows 1", async () => {
      expect(await check({ maxUnavailable: "10%" })).to.deep.equal([]);
      expect(await check({ maxUnavailable: "0%" })).to.have.length(1);
      // minAvailable 67% of 3 rounds up to 3: nothing may go.
      expect(await check({ minAvailable: "67%" })).to.have.length(1);
      expect(await check({ minAvailable: "66%" })).to.deep.equal([]);
    });

    it("a PDB that sets neither is reported", async () => {
      expect(await check({})).to.deep.equal([
        "PodDisruptionBudget apps/api: sets neither minAvailable nor maxUnavailable",
      ]);
    });

    it("a PDB in another namespace or selecting other pods does not apply", async () => {
      const other = pdb({ minAvailable: 3 });
      other.inputs.metadata.namespace = "data";
      expect(
        await messages("pdb-allows-disruption", {}, [deployment("api", 3), other]),
      ).to.deep.equal([]);
      const elsewhere = pdb({ minAvailable: 3, selector: { matchLabels: { app: "web" } } });
      expect(
        await messages("pdb-allows-disruption", {}, [deployment("api", 3), elsewhere]),
      ).to.deep.equal([]);
    });
  });
});
