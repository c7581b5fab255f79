import { expect } from "chai";
import { policies } from "../../policy/policies";
import { deployment, hpa, messages, nodeGroup, resource } from "./resources";

const RDS = "aws:rds/instance:Instance";
const QPS_TAG = "platform.io/declared-read-write-qps";

/**
 * The details the bound, capacity and budget rules depend on, beyond the limits themselves
 * (`boundaries.test.ts`, `cost-boundaries.test.ts`): which resources they judge, how a value that
 * is not set is handled, how a replica is linked to its primary, and which node groups and
 * notifications count. Found by mutation testing as changes no test noticed.
 */
describe("policy pack: bound, capacity and budget details", () => {
  it("the pack the engine loads is advisory by default and holds every rule, in order", () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- the entry point is loaded with a
       stand-in PolicyPack, as only the engine can run the real one (tests/policy/engine.test.ts) */
    const sdk = require.resolve("@pulumi/policy");
    const entry = require.resolve("../../policy/index");
    const real = require.cache[sdk];
    const made: Array<{ name: string; args: unknown }> = [];
    class StandIn {
      constructor(name: string, args: unknown) {
        made.push({ name, args });
      }
    }
    require.cache[sdk] = {
      id: sdk,
      filename: sdk,
      loaded: true,
      exports: { PolicyPack: StandIn },
    } as NodeJS.Module;
    try {
      delete require.cache[entry];
      require(entry);
    } finally {
      if (real) require.cache[sdk] = real;
      else delete require.cache[sdk];
      delete require.cache[entry];
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(made).to.deep.equal([
      { name: "platform-governance", args: { enforcementLevel: "advisory", policies } },
    ]);
  });

  describe("node-group-size-bounds", () => {
    const sized = (sizes: Record<string, number>) => {
      const ng = nodeGroup("nodes-app", { min: 1, max: 1 });
      ng.inputs.scalingConfig = sizes;
      return messages("node-group-size-bounds", { min: 1, max: 60 }, [ng]);
    };

    it("judges only node groups", async () => {
      expect(
        await messages("node-group-size-bounds", { min: 2, max: 60 }, [
          resource("aws:autoscaling/group:Group", "asg", { minSize: 0, maxSize: 100 }),
        ]),
      ).to.deep.equal([]);
    });

    it("sizes given as strings are read as numbers", async () => {
      const ng = nodeGroup("nodes-app", { min: 1, max: 1 });
      ng.inputs.scalingConfig = { minSize: "2", desiredSize: "2", maxSize: "61" };
      expect(await messages("node-group-size-bounds", { min: 2, max: 60 }, [ng])).to.deep.equal([
        "NodeGroup nodes-app: maxSize 61 is outside this environment's bounds [2, 60]",
      ]);
    });

    it("each size out of bounds is reported, in the order min, desired, max", async () => {
      expect(await sized({ minSize: 0, desiredSize: 61, maxSize: 61 })).to.deep.equal([
        "NodeGroup nodes-app: minSize 0 is outside this environment's bounds [1, 60]",
        "NodeGroup nodes-app: desiredSize 61 is outside this environment's bounds [1, 60]",
        "NodeGroup nodes-app: maxSize 61 is outside this environment's bounds [1, 60]",
      ]);
    });

    it("with minSize unset, a desiredSize above maxSize is reported only as the unset size", async () => {
      expect(await sized({ desiredSize: 5, maxSize: 3 })).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.minSize is not set",
      ]);
    });

    it("with maxSize unset, a minSize above desiredSize is reported only as the unset size", async () => {
      expect(await sized({ minSize: 5, desiredSize: 3 })).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.maxSize is not set",
      ]);
    });

    it("every unset size is named", async () => {
      expect(await sized({})).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.minSize is not set",
        "NodeGroup nodes-app: scalingConfig.desiredSize is not set",
        "NodeGroup nodes-app: scalingConfig.maxSize is not set",
      ]);
    });
  });

  describe("rds-read-replica-bounds", () => {
    const primary = (name: string, props: Record<string, unknown> = {}) =>
      resource(RDS, name, props);
    const replica = (name: string, source: string) =>
      resource(RDS, name, { replicateSourceDb: source });
    const check = (rs: ReturnType<typeof resource>[], min = 1, max = 1) =>
      messages("rds-read-replica-bounds", { min, max }, rs);

    it("a replica is linked by its primary's identifier, ARN or logical name", async () => {
      for (const source of ["platform-db", "arn:aws:rds:us-east-1:1:db:platform-db", "db"])
        expect(
          await check([
            primary("db", {
              identifier: "platform-db",
              arn: "arn:aws:rds:us-east-1:1:db:platform-db",
            }),
            replica("r", source),
          ]),
          source,
        ).to.deep.equal([]);
    });

    it("a replica of another primary does not count, by reference or by dependency", async () => {
      const a = primary("a", { identifier: "a-db" });
      const b = primary("b", { identifier: "b-db" });
      const ofB = replica("r", "arn-not-known-yet");
      ofB.propertyDependencies = { replicateSourceDb: [b.urn] };
      expect(await check([a, b, ofB, replica("r2", "b-db")], 0, 2)).to.deep.equal([]);
      expect(await check([a, b, ofB, replica("r2", "b-db")], 1, 2)).to.deep.equal([
        "Instance a: 0 read replica(s) is outside this environment's bounds [1, 2]",
      ]);
    });

    it("primaries are not each other's replicas, even without an identifier or ARN", async () => {
      expect(await check([primary("a"), primary("b")], 0, 0)).to.deep.equal([]);
    });

    it("replicas are not judged as primaries", async () => {
      expect(await check([primary("a"), replica("r", "a")], 1, 1)).to.deep.equal([]);
    });

    it("only RDS instances count", async () => {
      expect(
        await check(
          [primary("a"), resource("aws:rds/cluster:Cluster", "c", { replicateSourceDb: "a" })],
          0,
          0,
        ),
      ).to.deep.equal([]);
    });
  });

  describe("declared-load-fits-shape links replicas the same way", () => {
    it("another primary without an identifier or ARN is not a replica", async () => {
      expect(
        await messages("declared-load-fits-shape", {}, [
          resource(RDS, "db", { tags: { [QPS_TAG]: "900/200" } }),
          resource(RDS, "other", {}),
        ]),
      ).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1; add a read replica (0 → 1 of at most 3); suggested platform:database.readReplicas: 1",
      ]);
    });

    it("a replica of another primary does not count", async () => {
      const other = resource(RDS, "other", { identifier: "other-db" });
      const ofOther = resource(RDS, "r", { replicateSourceDb: "x" });
      ofOther.propertyDependencies = { replicateSourceDb: [other.urn] };
      expect(
        await messages("declared-load-fits-shape", {}, [
          resource(RDS, "db", { identifier: "platform-db", tags: { [QPS_TAG]: "900/200" } }),
          other,
          ofOther,
        ]),
      ).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1; add a read replica (0 → 1 of at most 3); suggested platform:database.readReplicas: 1",
      ]);
    });
  });

  describe("hpa-fits-node-capacity", () => {
    const api = (cpu: string, memory: string, name = "api") => [
      deployment(name, 2, { containers: [{ name, resources: { requests: { cpu, memory } } }] }),
      hpa(name, { minReplicas: 2, maxReplicas: 2 }),
    ];

    it("a node group of an unknown type is reported and offers no capacity", async () => {
      expect(
        await messages("hpa-fits-node-capacity", {}, [
          nodeGroup("app", { min: 1, max: 1, instanceTypes: ["zz.huge", "yy.huge"] }),
          ...api("1", "4Gi"),
        ]),
      ).to.deep.equal([
        "NodeGroup app: instance types zz.huge, yy.huge are not in model/catalog, so its capacity is unknown",
        "workloads on application nodes need 2 vCPU / 8 GiB at their maximum (api 2x(1 vCPU, 4 GiB)) but the application node groups offer 0 vCPU / 0 GiB at maxSize (90 % allocatable)",
      ]);
    });

    it("a Deployment without requests that nothing scales is not reported", async () => {
      expect(
        await messages("hpa-fits-node-capacity", {}, [
          nodeGroup("app", { min: 1, max: 1 }),
          deployment("cron", 1, { containers: [{ name: "cron" }] }),
        ]),
      ).to.deep.equal([]);
    });

    it("only node groups of the workloads' role count, and every workload is named", async () => {
      expect(
        await messages("hpa-fits-node-capacity", { allocatablePercent: 100 }, [
          nodeGroup("app", { min: 1, max: 1 }),
          nodeGroup("system", { min: 1, max: 10, role: "system" }),
          ...api("1", "2Gi"),
          ...api("1m", "1Mi", "web"),
        ]),
      ).to.deep.equal([
        "workloads on application nodes need 2.002 vCPU / 4 GiB at their maximum (api 2x(1 vCPU, 2 GiB), web 2x(0.001 vCPU, 0 GiB)) but the application node groups offer 2 vCPU / 8 GiB at maxSize (100 % allocatable)",
      ]);
    });

    it("memory counts only its allocatable share too", async () => {
      expect(
        await messages("hpa-fits-node-capacity", { allocatablePercent: 50 }, [
          nodeGroup("app", { min: 1, max: 1 }),
          ...api("500m", "2100Mi"),
        ]),
      ).to.deep.equal([
        "workloads on application nodes need 1 vCPU / 4.1 GiB at their maximum (api 2x(0.5 vCPU, 2.05 GiB)) but the application node groups offer 1 vCPU / 4 GiB at maxSize (50 % allocatable)",
      ]);
    });
  });

  describe("pdb-allows-disruption", () => {
    const pdb = (spec: Record<string, unknown>, namespace?: string) =>
      resource("kubernetes:policy/v1:PodDisruptionBudget", "api", {
        metadata: { name: "api", ...(namespace ? { namespace } : {}) },
        spec: { selector: { matchLabels: { app: "api" } }, ...spec },
      });

    it("a PDB without a namespace applies to the default namespace's pods", async () => {
      const d = deployment("api", 3);
      delete d.inputs.metadata.namespace;
      expect(
        await messages("pdb-allows-disruption", {}, [d, pdb({ minAvailable: 3 })]),
      ).to.deep.equal([
        "PodDisruptionBudget default/api: allows 0 voluntary disruption(s) of api at its minimum of 3 replica(s); drains would block",
      ]);
    });

    it('maxUnavailable given as the string "1" is a count, not a percentage', async () => {
      expect(
        await messages("pdb-allows-disruption", {}, [
          deployment("api", 0),
          pdb({ maxUnavailable: "1" }, "apps"),
        ]),
      ).to.deep.equal([]);
    });
  });

  describe("budget-covers-baseline", () => {
    // One m5.large of 1 to 2 nodes: $72.08 at baseline (cost-boundaries.test.ts).
    const nodes = nodeGroup("app", { min: 1, max: 2 });
    const budget = (notification: Record<string, unknown>, limitAmount?: string) =>
      resource("aws:budgets/budget:Budget", "budget", {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        ...(limitAmount === undefined ? {} : { limitAmount }),
        notifications: [
          { notificationType: "ACTUAL", thresholdType: "PERCENTAGE", threshold: 90 },
          { notificationType: "FORECASTED", thresholdType: "PERCENTAGE", threshold: 100 },
          notification,
        ],
      });

    it("an absolute threshold one cent above the baseline passes; at the baseline it fails", async () => {
      const absolute = (usd: number) => ({
        notificationType: "ACTUAL",
        thresholdType: "ABSOLUTE_VALUE",
        threshold: usd,
      });
      expect(
        await messages("budget-covers-baseline", {}, [nodes, budget(absolute(72.09), "500")]),
      ).to.deep.equal([]);
      expect(
        await messages("budget-covers-baseline", {}, [nodes, budget(absolute(72.08), "500")]),
      ).to.deep.equal([
        "Budget budget: the ACTUAL notification at $72.08, not above the baseline estimate $72.08; it would fire every month",
      ]);
      // A threshold without a type is AWS's default, a percentage: 10 % of $500 is $50.
      expect(
        await messages("budget-covers-baseline", {}, [
          nodes,
          budget({ notificationType: "FORECASTED", threshold: 10 }, "500"),
        ]),
      ).to.deep.equal([
        "Budget budget: the FORECASTED notification at 10 % of $500.00 is $50.00, not above the baseline estimate $72.08; it would fire every month",
      ]);
      // It is judged without a limit too; percentages then cannot be.
      expect(
        await messages("budget-covers-baseline", {}, [nodes, budget(absolute(50))]),
      ).to.deep.equal([
        "Budget budget: limitAmount is not set",
        "Budget budget: the ACTUAL notification at $50.00, not above the baseline estimate $72.08; it would fire every month",
      ]);
    });

    it("a stack that cannot be priced is reported", async () => {
      const vs = await messages("budget-covers-baseline", {}, [
        resource("pulumi:providers:aws", "aws", { region: "ap-south-2" }),
        nodes,
        budget(
          { notificationType: "FORECASTED", thresholdType: "PERCENTAGE", threshold: 110 },
          "500",
        ),
      ]);
      expect(vs).to.have.length(1);
      expect(vs[0]).to.match(/^the stack cannot be priced: .*ap-south-2/);
    });
  });
});
