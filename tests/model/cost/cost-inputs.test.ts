import { expect } from "chai";
import type { ResourceLike, TrafficAssumptions, UsageAssumptions } from "../../../model/cost";
import { launchTemplate, nodeGroup } from "./fixtures";
import { freshCostModule } from "./fresh";

type Resources = typeof import("../../../model/cost/resources");

/**
 * What the program's cost ledger (components/budget/ledger.ts) keeps of a resource: the listed
 * paths of its inputs, nothing else. Written here without Pulumi, for plain values.
 */
function pick(
  props: Record<string, unknown>,
  paths: readonly (string | readonly string[])[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const keys = typeof p === "string" ? p.split(".") : p;
    let from: unknown = props;
    for (const k of keys)
      from = from && typeof from === "object" ? (from as Record<string, unknown>)[k] : undefined;
    if (from === undefined) continue;
    let to = out;
    for (const k of keys.slice(0, -1)) to = (to[k] ??= {}) as Record<string, unknown>;
    to[keys[keys.length - 1]] = from;
  }
  return out;
}

const traffic: TrafficAssumptions = {
  requestsPerSecond: 40,
  maxRequestsPerSecond: 400,
  responseKiB: 8,
  internalKiBPerRequest: 16,
  interAzShare: 0.5,
  internetShare: 0.5,
  natGbPerMonth: 300,
  logKiBPerRequest: 0.25,
  logGbPerMonth: 10,
  customMetrics: 20,
  secretsApiCallsPerMonth: 200_000,
  backupStorageGb: 100,
};

const rds = (name: string, props: Record<string, unknown>): ResourceLike => ({
  type: "aws:rds/instance:Instance",
  name,
  props: { engine: "postgres", instanceClass: "db.t4g.medium", ...props },
});

/** Scenarios in which each listed input changes the bill (or the refusal). */
const SCENARIOS: Record<string, ResourceLike[]> = {
  "node groups and templates": [
    { type: "aws:eks/cluster:Cluster", name: "eks", props: { version: "1.36", tags: { a: "b" } } },
    launchTemplate("app-lt", 50),
    nodeGroup("app", [1, 2, 4], { types: ["m6i.xlarge"], capacityLabel: "reserved" }),
    {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      name: "named-lt",
      props: {
        name: "named",
        instanceType: "c6i.large",
        blockDeviceMappings: [{ ebs: { volumeSize: 30, volumeType: "gp3" } }],
      },
    },
    {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "by-name",
      props: {
        scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 },
        launchTemplate: { name: "named", version: "1" },
      },
    },
    {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "no-template",
      props: { scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 }, diskSize: 80 },
    },
  ],
  "a Windows node group": [
    {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "win",
      props: {
        scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 },
        amiType: "WINDOWS_CORE_2022_x86_64",
      },
    },
  ],
  "capacity reservations": [
    nodeGroup("od", [2, 2, 2], { types: ["m6i.large"] }),
    launchTemplate("od-lt", 20),
    {
      type: "aws:ec2/capacityReservation:CapacityReservation",
      name: "targeted",
      props: { instanceType: "m6i.large", instanceCount: 2, instanceMatchCriteria: "targeted" },
    },
  ],
  "a Windows reservation": [
    {
      type: "aws:ec2/capacityReservation:CapacityReservation",
      name: "win",
      props: { instanceType: "m6i.large", instanceCount: 1, instancePlatform: "Windows" },
    },
  ],
  databases: [
    rds("pg", {
      identifier: "main",
      multiAz: true,
      allocatedStorage: 100,
      maxAllocatedStorage: 400,
      iops: 3000,
    }),
    rds("replica", { replicateSourceDb: "main", engine: undefined }),
    rds("gp3", { storageType: "gp3", allocatedStorage: 20, tags: { team: "x" } }),
  ],
  "a MySQL database": [rds("my", { engine: "mysql", allocatedStorage: 20 })],
  "a Valkey cache": [
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "valkey",
      props: { engine: "valkey", nodeType: "cache.t4g.micro" },
    },
  ],
  caches: [
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "sharded",
      props: {
        engine: "redis",
        nodeType: "cache.r6g.large",
        numNodeGroups: 2,
        replicasPerNodeGroup: 1,
      },
    },
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "plain",
      props: { engine: "redis", nodeType: "cache.t4g.micro", numCacheClusters: 3 },
    },
    {
      type: "aws:elasticache/cluster:Cluster",
      name: "member",
      props: {
        replicationGroupId: "plain",
        engine: "redis",
        nodeType: "cache.t4g.micro",
        numCacheNodes: 1,
      },
    },
    {
      type: "aws:elasticache/cluster:Cluster",
      name: "standalone",
      props: { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 2 },
    },
  ],
  "a brokers and secrets": [
    {
      type: "aws:mq/broker:Broker",
      name: "mq",
      props: {
        engineType: "RabbitMQ",
        hostInstanceType: "mq.m5.large",
        deploymentMode: "CLUSTER_MULTI_AZ",
      },
    },
    {
      type: "aws:secretsmanager/secret:Secret",
      name: "s",
      props: { replicas: [{ region: "us-west-2" }] },
    },
    { type: "aws:kms/key:Key", name: "k", props: {} },
    { type: "aws:ec2/eip:Eip", name: "ip", props: {} },
    { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: {} },
    {
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "ep",
      props: { vpcEndpointType: "Interface", subnetIds: ["a", "b"] },
    },
  ],
  "the way in": [
    {
      type: "kubernetes:networking.k8s.io/v1:Ingress",
      name: "edge-ingress",
      props: {
        metadata: {
          name: "api",
          annotations: {
            "alb.ingress.kubernetes.io/scheme": "internet-facing",
            "alb.ingress.kubernetes.io/tags":
              "platform.io/planned-rps=100/1000,platform.io/response-kib=8",
          },
        },
      },
    },
    {
      type: "aws:wafv2/webAcl:WebAcl",
      name: "waf",
      props: { rules: [{}, {}], tags: { "platform.io/planned-rps": "100/1000" } },
    },
    {
      type: "aws:cloudfront/distribution:Distribution",
      name: "cdn",
      props: { tags: { "platform.io/planned-rps": "10/10", "platform.io/response-kib": "8" } },
    },
    { type: "aws:route53/record:Record", name: "a", props: { zoneId: "Z1" } },
    { type: "aws:route53/record:Record", name: "b", props: { zoneId: "Z2" } },
  ],
  "logs and backups": [
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", props: { retentionInDays: 30 } },
    { type: "aws:backup/vault:Vault", name: "vault", props: {} },
    { type: "kubernetes:core/v1:Service", name: "lb", props: { spec: { type: "LoadBalancer" } } },
  ],
};

/** The bill of materials, or the refusal's message. */
function outcome(m: Resources, resources: ResourceLike[], usage: UsageAssumptions): unknown {
  try {
    return m.bomFromResources(resources, usage, { asOf: "2026-12-01" });
  } catch (err) {
    return (err as Error).message;
  }
}

describe("cost model: the inputs a program keeps for pricing", () => {
  it("pricing only the kept inputs gives the same bill (or refusal) as pricing every input", () => {
    const m = freshCostModule<Resources>("resources");
    const usage: UsageAssumptions = { traffic };
    for (const [scenario, resources] of Object.entries(SCENARIOS)) {
      const kept = resources.map((r) => ({
        ...r,
        props: pick(r.props, m.COST_INPUTS[r.type] ?? []),
      }));
      expect(outcome(m, kept, usage), scenario).to.deep.equal(outcome(m, resources, usage));
    }
  });

  it("the scenarios exercise what they claim: each prices something or is refused", () => {
    const m = freshCostModule<Resources>("resources");
    const refused = Object.entries(SCENARIOS)
      .filter(([, rs]) => typeof outcome(m, rs, { traffic }) === "string")
      .map(([name]) => name);
    expect(refused).to.deep.equal([
      "a Windows node group",
      "a Windows reservation",
      "a MySQL database",
      "a Valkey cache",
    ]);
  });

  it("a type priced by its existence alone keeps no input", () => {
    const m = freshCostModule<Resources>("resources");
    for (const type of ["aws:ec2/eip:Eip", "aws:ec2/natGateway:NatGateway", "aws:kms/key:Key"])
      expect(m.COST_INPUTS[type], type).to.deep.equal([]);
  });
});
