import { expect } from "chai";
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { RESERVED_DISCOUNT_TAG, SPOT_DISCOUNT_TAG, USAGE_TAG } from "../../model/cost";
import { usd } from "../../policy/lib/cost";
import { nodePools, subnetZones } from "../../policy/lib/nodes";
import { at, bool, label, num, Res } from "../../policy/lib/read";
import { flag, int, schema, schemaDefaults, withDefaults } from "../../policy/lib/types";
import { selects, workloads } from "../../policy/lib/workloads";
import { policies } from "../../policy/policies";
import type { RegisteredResource } from "../../scripts/lib/program";
import { deployment, hpa, messages, nodeGroup, resource, scaledObject } from "./resources";

const RDS = "aws:rds/instance:Instance";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const QPS_TAG = "platform.io/declared-read-write-qps";
const DATASET_TAG = "platform.io/declared-dataset-gb";

/** A resource as the rules' helpers read it. */
const res = (type: string, name: string, props: Record<string, unknown>): Res => ({
  type,
  name,
  urn: `urn:pulumi:test::platform::${type}::${name}`,
  props,
});

/** Registered resources as the engine hands them to rules (inputs as `props`). */
const view = (...rs: RegisteredResource[]): Res[] =>
  rs.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }));

/**
 * The helpers every rule reads resources through (`policy/lib`), and the declared-load rule, on
 * hand-made resources: how values that arrive as strings, absent values, defaults and the links
 * between resources are read. A wrong reading here changes what many rules report.
 */
describe("policy pack: reading resources (policy/lib) and declared load", () => {
  describe("read.ts", () => {
    it("at reads a dotted path and stops at anything that is not an object", () => {
      expect(at({ a: { b: { c: 3 } } }, "a.b.c")).to.equal(3);
      expect(at({ a: { b: 1 } }, "a.b.c")).to.equal(undefined);
      expect(at({ a: null }, "a.b")).to.equal(undefined);
      expect(at(undefined, "a")).to.equal(undefined);
      expect(at({ a: "text" }, "a.length")).to.equal(undefined);
    });

    it("num accepts numbers and whole or decimal numeric strings, nothing else", () => {
      expect(num({ n: 3 }, "n")).to.equal(3);
      expect(num({ n: "12" }, "n")).to.equal(12);
      expect(num({ n: "-2" }, "n")).to.equal(-2);
      expect(num({ n: "0.25" }, "n")).to.equal(0.25);
      for (const v of ["1e3", " 4", "4 ", "4.", ".5", "x4", "4x", "", true, null, [4]])
        expect(num({ n: v }, "n"), JSON.stringify(v)).to.equal(undefined);
    });

    it("bool accepts booleans and their strings, nothing else", () => {
      expect(bool({ b: true }, "b")).to.equal(true);
      expect(bool({ b: "true" }, "b")).to.equal(true);
      expect(bool({ b: false }, "b")).to.equal(false);
      expect(bool({ b: "false" }, "b")).to.equal(false);
      for (const v of ["True", 1, 0, "yes", undefined])
        expect(bool({ b: v }, "b"), String(v)).to.equal(undefined);
    });

    it("label names Kubernetes objects by kind and namespace/name, others by kind and logical name", () => {
      expect(
        label(
          res("kubernetes:apps/v1:Deployment", "d", {
            metadata: { name: "api", namespace: "apps" },
          }),
        ),
      ).to.equal("Deployment apps/api");
      expect(label(res("kubernetes:apps/v1:Deployment", "d", {}))).to.equal("Deployment default/d");
      expect(label(res(RDS, "db", { metadata: { name: "x", namespace: "y" } }))).to.equal(
        "Instance db",
      );
    });
  });

  describe("types.ts", () => {
    it("a schema rejects unknown keys, and its defaults are those its properties declare", () => {
      const s = schema({
        n: int(3, "a number", 1),
        f: flag(true, "a flag"),
        free: { type: "string", description: "no default" },
      });
      expect(s).to.deep.include({ type: "object", additionalProperties: false });
      expect(s.properties?.n).to.deep.equal({
        type: "integer",
        minimum: 1,
        default: 3,
        description: "a number",
      });
      expect(int(5, "d")).to.deep.include({ minimum: 0 });
      expect(schemaDefaults(s)).to.deep.equal({ n: 3, f: true });
      expect(schemaDefaults(undefined)).to.deep.equal({});
      // JSON Schema allows `true` as a property's schema; neither it nor a null has a default.
      expect(
        schemaDefaults({ properties: { any: true as never, none: null as never, n: int(1, "n") } }),
      ).to.deep.equal({ n: 1 });
    });

    const rule = (name: string) => policies.find((p) => p.name === name)!;

    it("a resource rule answers its schema's defaults for what the configuration leaves out", () => {
      const hpaRule = rule("hpa-replica-bounds") as {
        validateResource: Array<(a: unknown, r: (m: string) => void) => void>;
      };
      const seen: string[] = [];
      const args = (config: object) =>
        ({
          type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
          name: "api",
          urn: "urn:x",
          props: {
            metadata: { name: "api", namespace: "apps" },
            spec: { minReplicas: 1, maxReplicas: 51 },
          },
          getConfig: () => config,
        }) as unknown as ResourceValidationArgs;
      for (const v of hpaRule.validateResource) v(args({}), (m) => seen.push(m));
      // Defaults [1, 50]; an explicit setting wins over its default.
      for (const v of hpaRule.validateResource) v(args({ max: 60, min: 2 }), (m) => seen.push(m));
      expect(seen).to.deep.equal([
        "HorizontalPodAutoscaler apps/api: maxReplicas 51 is above this environment's maximum of 50",
        "HorizontalPodAutoscaler apps/api: minReplicas 1 is below this environment's minimum of 2",
      ]);
    });

    it("a stack rule answers its schema's defaults too", () => {
      const zone = rule("min-zones") as {
        validateStack: (a: StackValidationArgs, r: (m: string) => void) => void;
      };
      const seen: string[] = [];
      zone.validateStack(
        {
          resources: [res("aws:ec2/subnet:Subnet", "a", { availabilityZone: "a" })],
          getConfig: () => ({}),
        } as unknown as StackValidationArgs,
        (m) => seen.push(m),
      );
      expect(seen).to.deep.equal([
        "the network's subnets span 1 zone(s) (a); this environment requires at least 2",
      ]);
    });

    const config = schema({ limit: int(7, "a limit"), strict: flag(false, "a flag") });

    it("withDefaults gives a stack rule's validation the defaults under what is configured", () => {
      const seen: object[] = [];
      const wrapped = withDefaults({
        name: "stack",
        description: "d",
        configSchema: config,
        validateStack: (args) => void seen.push(args.getConfig()),
      }) as { validateStack: (a: unknown, r: unknown) => void; validateResource?: unknown };
      wrapped.validateStack({ getConfig: () => ({ strict: true }) }, () => undefined);
      expect(seen).to.deep.equal([{ limit: 7, strict: true }]);
      expect(wrapped.validateResource).to.equal(undefined);
    });

    it("withDefaults wraps each of a resource rule's validations, one or a list, and no other", () => {
      const seen: object[] = [];
      const record = (args: ResourceValidationArgs) => {
        seen.push(args.getConfig<object>());
      };
      const list = withDefaults({
        name: "list",
        description: "d",
        configSchema: config,
        validateResource: [record, record],
      }) as { name: string; validateResource: Array<(a: unknown, r: unknown) => void> };
      expect(list.name).to.equal("list");
      list.validateResource.forEach((v) => v({ getConfig: () => ({ limit: 1 }) }, () => undefined));
      expect(seen).to.deep.equal([
        { limit: 1, strict: false },
        { limit: 1, strict: false },
      ]);
      const one = withDefaults({
        name: "one",
        description: "d",
        configSchema: config,
        validateResource: record,
      }) as { validateResource: unknown[] };
      expect(one.validateResource).to.have.length(1);
      const none = withDefaults({ name: "none", description: "d", configSchema: config }) as {
        validateResource: unknown[];
      };
      expect(none.validateResource).to.deep.equal([]);
    });
  });

  describe("workloads.ts", () => {
    it("a Deployment's bounds come from the HPA or ScaledObject of the same name and namespace", () => {
      const [a, b, c] = workloads(
        view(
          deployment("a", 2),
          hpa("a", { minReplicas: 3, maxReplicas: 9 }),
          deployment("b", 2),
          scaledObject("b", {}),
          deployment("c", 4),
        ),
      );
      expect([a.scaler?.kind, a.min, a.max]).to.deep.equal(["HPA", 3, 9]);
      // KEDA's defaults: 0 to 100.
      expect([b.scaler?.kind, b.min, b.max]).to.deep.equal(["ScaledObject", 0, 100]);
      const [k] = workloads(
        view(deployment("k", 1), scaledObject("k", { minReplicaCount: 2, maxReplicaCount: 8 })),
      );
      expect([k.min, k.max]).to.deep.equal([2, 8]);
      expect([c.scaler, c.min, c.max, c.replicas]).to.deep.equal([undefined, 4, 4, 4]);
    });

    it("an HPA without minReplicas is 1, and one without maxReplicas 1", () => {
      const [w] = workloads(view(deployment("a", 2), hpa("a", {})));
      expect([w.min, w.max]).to.deep.equal([1, 1]);
    });

    it("a scaler of another namespace or another kind of target does not apply", () => {
      const other = hpa("a", { minReplicas: 3, maxReplicas: 9 });
      other.inputs.metadata.namespace = "data";
      const sts = hpa("a", { minReplicas: 3, maxReplicas: 9 });
      sts.inputs.spec.scaleTargetRef.kind = "StatefulSet";
      const [w] = workloads(view(deployment("a", 2), other, sts));
      expect(w.scaler).to.equal(undefined);
      // A ScaledObject's target kind defaults to Deployment.
      const [k] = workloads(view(deployment("a", 2), scaledObject("a", { maxReplicaCount: 7 })));
      expect(k.max).to.equal(7);
    });

    it("unset replicas are 1, and unset metadata names default/<name>", () => {
      const d = deployment("a", 2);
      delete d.inputs.spec.replicas;
      delete d.inputs.metadata;
      const [w] = workloads(view(d));
      expect([w.replicas, w.namespace, w.name]).to.deep.equal([1, "default", "a"]);
    });

    it("pod requests are summed over containers, and unknown when any container lacks one", () => {
      const c = (cpu?: string, memory?: string) => ({
        name: "c",
        resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
      });
      const req = (containers: unknown[]) =>
        workloads(view(deployment("a", 1, { containers })))[0].requests;
      expect(req([c("250m", "512Mi"), c("1", "1Gi")])).to.deep.equal({ cpu: 1.25, memoryGiB: 1.5 });
      expect(req([c("250m", "512Mi"), c("1")])).to.equal(undefined);
      expect(req([c(undefined, "1Gi")])).to.equal(undefined);
      expect(req([])).to.equal(undefined);
    });

    it("the role is the nodeSelector's platform.io/role, default application", () => {
      const [sys, app] = workloads(
        view(
          deployment("s", 1, { nodeSelector: { "platform.io/role": "system" } }),
          deployment("a", 1, { nodeSelector: { "kubernetes.io/os": "linux" } }),
        ),
      );
      expect([sys.role, app.role]).to.deep.equal(["system", "application"]);
    });

    it("only a zone constraint of maxSkew 1 spreads, hard unless ScheduleAnyway", () => {
      const spread = (cs: unknown[]) => {
        const [w] = workloads(view(deployment("a", 3, { topologySpreadConstraints: cs })));
        return [w.spreadsOverZones, w.spreadsOverZonesHard];
      };
      const zone = "topology.kubernetes.io/zone";
      expect(spread([{ topologyKey: zone, maxSkew: 1 }])).to.deep.equal([true, true]);
      expect(spread([{ topologyKey: zone, maxSkew: "1" }])).to.deep.equal([true, true]);
      expect(spread([{ topologyKey: zone, maxSkew: 2 }])).to.deep.equal([false, false]);
      expect(spread([{ topologyKey: "kubernetes.io/hostname", maxSkew: 1 }])).to.deep.equal([
        false,
        false,
      ]);
      expect(
        spread([{ topologyKey: zone, maxSkew: 1, whenUnsatisfiable: "ScheduleAnyway" }]),
      ).to.deep.equal([true, false]);
      expect(
        spread([
          { topologyKey: zone, maxSkew: 1, whenUnsatisfiable: "ScheduleAnyway" },
          { topologyKey: zone, maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" },
        ]),
      ).to.deep.equal([true, true]);
    });

    it("a selector selects when all its matchLabels match, and an empty one selects nothing", () => {
      const labels = { app: "api", tier: "web" };
      expect(selects({ matchLabels: { app: "api" } }, labels)).to.equal(true);
      expect(selects({ matchLabels: { app: "api", tier: "db" } }, labels)).to.equal(false);
      expect(selects({ matchLabels: {} }, labels)).to.equal(false);
      expect(selects(undefined, labels)).to.equal(false);
    });
  });

  describe("nodes.ts", () => {
    it("a node group's node is its smallest listed type, and unknown when a type is not in the catalog", () => {
      const [mixed, unknown, none] = nodePools(
        view(
          nodeGroup("mixed", {
            min: 1,
            max: 2,
            instanceTypes: ["m5.2xlarge", "m5.large", "m5.xlarge"],
          }),
          nodeGroup("unknown", { min: 1, max: 2, instanceTypes: ["m5.large", "zz.huge"] }),
          nodeGroup("none", { min: 1, max: 2, instanceTypes: [] }),
        ),
      );
      expect(mixed.node).to.deep.equal({ vcpu: 2, memoryGiB: 8 });
      expect([unknown.node, unknown.unknownTypes]).to.deep.equal([undefined, ["zz.huge"]]);
      expect([none.node, none.unknownTypes]).to.deep.equal([undefined, []]);
    });

    it("sizes, subnets, role and capacity are read, with absent ones as 0, unlabelled, none", () => {
      const ng = nodeGroup("ng", { min: 2, desired: 3, max: 5, subnets: 2, capacityType: "SPOT" });
      const [p] = nodePools(view(ng));
      expect([p.min, p.desired, p.max, p.subnets, p.role, p.capacity]).to.deep.equal([
        2,
        3,
        5,
        2,
        "application",
        "spot",
      ]);
      const bare = resource("aws:eks/nodeGroup:NodeGroup", "bare", {});
      const [b] = nodePools(view(bare));
      expect([
        b.min,
        b.desired,
        b.max,
        b.subnets,
        b.role,
        b.capacity,
        b.instanceTypes,
      ]).to.deep.equal([0, 0, 0, 0, "unlabelled", "on-demand", []]);
    });

    it("a capacity the cost model refuses falls back to the capacity label, else unknown", () => {
      const bad = (labels: Record<string, string>) =>
        resource("aws:eks/nodeGroup:NodeGroup", "bad", { capacityType: "SPOT", labels });
      const [labelled] = nodePools(view(bad({ "platform.io/capacity": "reserved" })));
      expect(labelled.capacity).to.equal("reserved");
      const odd = resource("aws:eks/nodeGroup:NodeGroup", "odd", {
        capacityType: "CAPACITY_BLOCK",
      });
      expect(nodePools(view(odd))[0].capacity).to.equal("unknown");
    });

    it("subnet zones are distinct and sorted, ignoring subnets without a zone", () => {
      const subnet = (z: unknown) =>
        res("aws:ec2/subnet:Subnet", `s-${String(z)}`, { availabilityZone: z });
      expect(
        subnetZones([subnet("c"), subnet("a"), subnet("c"), subnet(undefined), subnet("b")]),
      ).to.deep.equal(["a", "b", "c"]);
    });
  });

  describe("cost.ts", () => {
    it("usd prints cents and thousands separators", () => {
      expect(usd(1234.5)).to.equal("$1,234.50");
      expect(usd(0.005)).to.equal("$0.01");
      expect(usd(72)).to.equal("$72.00");
    });

    // One m5.large of 1 to 2 nodes: $0.096 x 730 h = $70.08 per node, plus a $2.00 root disk.
    const budget = (tags: Record<string, string>) =>
      resource("aws:budgets/budget:Budget", "budget", { limitAmount: "1", tags });

    it("the spot discount comes from the budget's tag: half off a spot node ($35.04 + $2.00)", async () => {
      const spot = nodeGroup("app", { min: 1, max: 2, capacityType: "SPOT" });
      expect(
        await messages("max-cost-within-budget", {}, [
          spot,
          budget({ [SPOT_DISCOUNT_TAG]: "0.5" }),
        ]),
      ).to.deep.equal([
        "estimated monthly cost at maximum scale $74.08 exceeds the budget of $1.00 (AWS Budget budget); baseline is $37.04",
      ]);
    });

    it("the reserved discount comes from the budget's tag", async () => {
      const reserved = nodeGroup("app", { min: 1, max: 2 });
      reserved.inputs.labels["platform.io/capacity"] = "reserved";
      expect(
        await messages("max-cost-within-budget", {}, [
          reserved,
          budget({ [RESERVED_DISCOUNT_TAG]: "0.5" }),
        ]),
      ).to.deep.equal([
        "estimated monthly cost at maximum scale $74.08 exceeds the budget of $1.00 (AWS Budget budget); baseline is $37.04",
      ]);
    });

    it("the region is the AWS provider's: an unpriced region cannot be priced", async () => {
      const provider = resource("pulumi:providers:aws", "aws", { region: "ap-south-2" });
      const vs = await messages("max-cost-within-budget", { maxMonthlyUsd: 1000 }, [
        provider,
        nodeGroup("app", { min: 1, max: 2 }),
      ]);
      expect(vs).to.have.length(1);
      expect(vs[0]).to.match(/^the stack cannot be priced: .*ap-south-2/);
    });
  });

  describe("cost.ts: what the estimate reads", () => {
    const nodes = nodeGroup("app", { min: 1, max: 2 });
    const within = (rs: ReturnType<typeof resource>[]) =>
      messages("max-cost-within-budget", { maxMonthlyUsd: 1 }, rs);
    const priced = (max: string, baseline: string) =>
      `estimated monthly cost at maximum scale ${max} exceeds the budget of $1.00 (the policy's maxMonthlyUsd); baseline is ${baseline}`;

    it("the region is the first AWS provider's that names one, not another resource's", async () => {
      // A resource's own region does not move the stack's pricing region.
      const withBucket = await within([
        resource("aws:budgets/budget:Budget", "b", { region: "ap-south-2", limitAmount: "1" }),
        resource("pulumi:providers:aws", "aws", { region: "us-east-1" }),
        nodes,
      ]);
      expect(withBucket).to.deep.equal([priced("$144.16", "$72.08")]);
      // A provider whose region is not known yet is skipped for the next one.
      const vs = await within([
        resource("pulumi:providers:aws", "unknown", {}),
        resource("pulumi:providers:aws", "aws", { region: "ap-south-2" }),
        nodes,
      ]);
      expect(vs).to.have.length(1);
      expect(vs[0]).to.match(/^the stack cannot be priced: .*ap-south-2/);
    });

    it("the declared usage comes from the budget's tag: a 100 GiB gp3 volume adds $8.00", async () => {
      const budget = resource("aws:budgets/budget:Budget", "budget", {
        limitAmount: "1",
        tags: { [USAGE_TAG]: "- prometheus=100=1=gp3" },
      });
      expect(await within([nodes, budget])).to.deep.equal([priced("$152.16", "$80.08")]);
    });
  });

  describe("declared-load-fits-shape", () => {
    const primary = (qps?: string, props: Record<string, unknown> = {}) =>
      resource(RDS, "db", {
        identifier: "platform-db",
        ...(qps === undefined ? {} : { tags: { [QPS_TAG]: qps } }),
        ...props,
      });
    const replica = (i: number, source = "platform-db") =>
      resource(RDS, `replica-${i}`, { replicateSourceDb: source });
    const check = (rs: ReturnType<typeof resource>[], settings: Record<string, unknown> = {}) =>
      messages("declared-load-fits-shape", settings, rs);

    it("reads:writes of exactly 4:1 need no replica; above it, one more is suggested", async () => {
      expect(await check([primary("400/100")])).to.deep.equal([]);
      expect(await check([primary("401/100")])).to.deep.equal([
        "Instance db: declared load 401 reads/s : 100 writes/s — read:write 4.01:1 exceeds 4:1; add a read replica (0 → 1 of at most 3); suggested platform:database.readReplicas: 1",
      ]);
    });

    it("replicas linked by identifier, ARN, logical name or property dependency count", async () => {
      const byDependency = replica(3, "arn-unknown");
      byDependency.propertyDependencies = { replicateSourceDb: [primary().urn] };
      expect(
        await check([
          primary("900/200", { arn: "arn:db" }),
          replica(0),
          replica(1, "arn:db"),
          replica(2, "db"),
          replica(4, "someone-else"),
        ]),
      ).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1 but 3 read replicas is the maximum; move to a larger instance class; suggested: a larger platform:database.instanceClass",
      ]);
      expect(await check([primary("900/200"), byDependency])).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1; add a read replica (1 → 2 of at most 3); suggested platform:database.readReplicas: 2",
      ]);
    });

    it("at the configured maximum a larger instance class is suggested, also past it", async () => {
      const atMax =
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1 but 1 read replicas is the maximum; move to a larger instance class; suggested: a larger platform:database.instanceClass";
      expect(await check([primary("900/200"), replica(0)], { maxReadReplicas: 1 })).to.deep.equal([
        atMax,
      ]);
      expect(
        await check([primary("900/200"), replica(0), replica(1)], { maxReadReplicas: 1 }),
      ).to.deep.equal([atMax]);
    });

    it("a primary without a readable declared load, and replicas, are not judged", async () => {
      expect(
        await check([primary(), primary("lots"), primary(undefined, { tags: null })]),
      ).to.deep.equal([]);
      const taggedReplica = replica(0);
      taggedReplica.inputs.tags = { [QPS_TAG]: "900/0" };
      expect(await check([taggedReplica])).to.deep.equal([]);
    });

    const redis = (datasetGb: string | undefined, props: Record<string, unknown> = {}) =>
      resource(REDIS, "redis", {
        ...(datasetGb === undefined ? {} : { tags: { [DATASET_TAG]: datasetGb } }),
        ...props,
      });

    it("a dataset under one node's 5 GB fits one node; 5 GB needs cluster mode", async () => {
      expect(await check([redis("4.9")])).to.deep.equal([]);
      expect(await check([redis("5")])).to.deep.equal([
        "ReplicationGroup redis: the declared dataset reaches 5 GB at the planning horizon, over one node's 5 GB; suggested platform:cache.clusterMode: true, shards: 1",
      ]);
    });

    it("a clustered group holds 30 GB a shard: 60 GB fits 2 shards, 61 GB needs 3", async () => {
      expect(await check([redis("60", { numNodeGroups: 2 })])).to.deep.equal([]);
      expect(await check([redis("61", { numNodeGroups: "2" })])).to.deep.equal([
        "ReplicationGroup redis: the declared dataset reaches 61 GB at the planning horizon, over 2 shard(s) of at most 30 GB; suggested platform:cache.clusterMode: true, shards: 3",
      ]);
    });

    it("a dataset no ElastiCache cluster can hold fails the rule, naming the declared dataset", async () => {
      // 20,000 GB at 30 GB a shard is 667 shards, over ElastiCache's 500 nodes per cluster.
      const vs = await check([redis("20000")]);
      expect(vs).to.have.length(1);
      expect(vs[0]).to.match(
        /^the policy failed: declared dataset\.datasetGb: 20000 GB needs 667 shards × 1 nodes = 667 nodes, over ElastiCache's 500 per cluster/,
      );
    });

    it("the most read replicas it may suggest is at most RDS's 15", async () => {
      expect(await check([primary("900/200")], { maxReadReplicas: 15 })).to.have.length(1);
      let refused: Error | undefined;
      await check([primary("900/200")], { maxReadReplicas: 16 }).catch((e: Error) => (refused = e));
      expect(refused?.message).to.match(/declared-load-fits-shape\.maxReadReplicas: /);
    });

    it("a group without a readable declared dataset is not judged", async () => {
      expect(await check([redis(undefined), redis("0"), redis("big")])).to.deep.equal([]);
    });
  });
});
