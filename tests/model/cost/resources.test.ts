import { expect } from "chai";
import { BomItem, bomFromResources, ResourceLike } from "../../../model/cost";
import { launchTemplate, nodeGroup } from "./fixtures";

function items(resources: ResourceLike[]): BomItem[] {
  return bomFromResources(resources).items;
}

function only<T>(xs: T[]): T {
  expect(xs).to.have.length(1);
  return xs[0];
}

const rds = (name: string, props: Record<string, unknown>): ResourceLike => ({
  type: "aws:rds/instance:Instance",
  name,
  props,
});

describe("cost model: resources to bill of materials", () => {
  describe("EKS node groups", () => {
    it("maps min/desired/max nodes to min/baseline/max and bills each launch-template volume per node", () => {
      const [nodes, disk] = items([
        launchTemplate("app-lt", 80),
        nodeGroup("app", [2, 4, 10], { types: ["m6i.xlarge"] }),
      ]);
      expect(nodes.price).to.deep.equal({ kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] });
      expect(nodes.quantity).to.deep.equal({ min: 2, baseline: 4, max: 10 });
      expect(nodes.capacity).to.equal("on-demand");
      expect(disk.price).to.deep.equal({ kind: "ebs-volume", volumeType: "gp3" });
      expect(disk.quantity).to.deep.equal({ min: 160, baseline: 320, max: 800 });
    });

    it("treats SPOT as spot and the platform.io/capacity=reserved label as reserved", () => {
      expect(
        items([
          launchTemplate("a-lt", 20),
          nodeGroup("a", [1, 1, 1], { types: ["m5.large"], spot: true }),
        ])[0].capacity,
      ).to.equal("spot");
      expect(
        items([
          launchTemplate("b-lt", 20),
          nodeGroup("b", [1, 1, 1], { types: ["m5.large"], capacityLabel: "reserved" }),
        ])[0].capacity,
      ).to.equal("reserved");
    });

    it("rejects a capacity label that contradicts capacityType or is not a known value", () => {
      const lt = launchTemplate("a-lt", 20);
      expect(() =>
        items([
          lt,
          nodeGroup("a", [1, 1, 1], { types: ["m5.large"], spot: true, capacityLabel: "reserved" }),
        ]),
      ).to.throw(
        /NodeGroup "a": label platform.io\/capacity=reserved contradicts capacityType SPOT/,
      );
      expect(() =>
        items([lt, nodeGroup("a", [1, 1, 1], { types: ["m5.large"], capacityLabel: "cheap" })]),
      ).to.throw(/must be one of spot, on-demand, reserved/);
    });

    it("rejects missing or unordered scaling sizes, naming the node group and the property", () => {
      const ng = nodeGroup("app", [1, 2, 3], { types: ["m5.large"] });
      delete (ng.props.scalingConfig as Record<string, unknown>).desiredSize;
      expect(() => items([launchTemplate("app-lt", 20), ng])).to.throw(
        /aws:eks\/nodeGroup:NodeGroup "app": scalingConfig\.desiredSize is not set \(or not known yet\)/,
      );
      expect(() =>
        items([launchTemplate("app-lt", 20), nodeGroup("app", [5, 5, 3], { types: ["m5.large"] })]),
      ).to.throw(/minSize 5 can't be greater than maxSize 3/);
      expect(() =>
        items([launchTemplate("app-lt", 20), nodeGroup("app", [1, 7, 3], { types: ["m5.large"] })]),
      ).to.throw(/desiredSize 7 must lie between minSize 1 and maxSize 3/);
    });

    it("finds the launch template by URN dependency, id or name, and fails when none matches", () => {
      const byUrn = nodeGroup("a", [1, 1, 1], { types: ["m5.large"] });
      byUrn.props.launchTemplate = { id: undefined, version: "1" };
      // Policy packs hand over the dependency as the PolicyResource itself, which carries its URN.
      byUrn.propertyDependencies = {
        launchTemplate: [{ urn: "urn:lt-a", type: "aws:ec2/launchTemplate:LaunchTemplate" }],
      };
      expect(
        items([{ ...launchTemplate("x", 33), urn: "urn:lt-a" }, byUrn])[1].quantity.max,
      ).to.equal(33);

      const byName = nodeGroup("b", [1, 1, 1], { types: ["m5.large"] });
      byName.props.launchTemplate = { name: "nodes-b", version: "1" };
      const lt = launchTemplate("y", 44);
      lt.props.name = "nodes-b";
      expect(items([lt, byName])[1].quantity.max).to.equal(44);

      expect(() =>
        items([launchTemplate("other", 10), nodeGroup("c", [1, 1, 1], { types: ["m5.large"] })]),
      ).to.throw(
        /NodeGroup "c": launchTemplate \(id "c-lt-id", name undefined\) matches none of the 1 aws:ec2\/launchTemplate:LaunchTemplate resources/,
      );
    });

    it("refuses a launch template volume without a size or a type", () => {
      const lt = launchTemplate("a-lt", 20);
      (lt.props.blockDeviceMappings as Array<{ ebs: Record<string, unknown> }>)[0].ebs.volumeType =
        undefined;
      expect(() => items([lt, nodeGroup("a", [1, 1, 1], { types: ["m5.large"] })])).to.throw(
        /LaunchTemplate "a-lt": blockDeviceMappings\.0\.ebs\.volumeType is not set/,
      );
    });

    it("uses EKS's documented defaults without a launch template: t3.medium and 20 GiB gp2", () => {
      const ng: ResourceLike = {
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "plain",
        props: { scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 } },
      };
      const [nodes, disk] = items([ng]);
      expect(nodes.price).to.deep.equal({ kind: "ec2-instance", instanceTypes: ["t3.medium"] });
      expect(disk.price).to.deep.equal({ kind: "ebs-volume", volumeType: "gp2" });
      expect(disk.quantity).to.deep.equal({ min: 20, baseline: 40, max: 60 });
    });
  });

  describe("RDS", () => {
    it("grows primary storage from allocatedStorage to maxAllocatedStorage and keeps Multi-AZ on both lines", () => {
      const [instance, storage] = items([
        rds("pg", {
          engine: "postgres",
          instanceClass: "db.r6g.xlarge",
          multiAz: true,
          allocatedStorage: 500,
          maxAllocatedStorage: 2000,
          storageType: "gp3",
        }),
      ]);
      expect(instance.price).to.deep.equal({
        kind: "rds-postgres-instance",
        instanceClass: "db.r6g.xlarge",
        multiAz: true,
      });
      expect(storage.price).to.deep.equal({
        kind: "rds-storage",
        storageType: "gp3",
        multiAz: true,
      });
      expect(storage.quantity).to.deep.equal({ min: 500, baseline: 500, max: 2000 });
    });

    it("lets a read replica inherit engine, storage type and size from its source", () => {
      const primary = rds("pg", {
        identifier: "main",
        engine: "postgres",
        instanceClass: "db.r6g.xlarge",
        allocatedStorage: 300,
        storageType: "gp3",
      });
      const [, , instance, storage] = items([
        primary,
        rds("replica", { replicateSourceDb: "main", instanceClass: "db.r6g.large" }),
      ]);
      expect(instance.price).to.deep.equal({
        kind: "rds-postgres-instance",
        instanceClass: "db.r6g.large",
        multiAz: false,
      });
      expect(storage.price).to.deep.equal({
        kind: "rds-storage",
        storageType: "gp3",
        multiAz: false,
      });
      expect(storage.quantity.baseline).to.equal(300);

      // In a preview the source's identifier may be unknown; the property dependency still links them.
      const linked = rds("replica", {
        replicateSourceDb: "unknown-yet",
        instanceClass: "db.r6g.large",
      });
      linked.propertyDependencies = { replicateSourceDb: ["urn:pg"] };
      const withUrn = { ...primary, urn: "urn:pg" };
      expect(items([withUrn, linked])[3].quantity.max).to.equal(300);
    });

    it("refuses engines other than PostgreSQL and replicas whose source is unknown", () => {
      expect(() =>
        items([
          rds("my", { engine: "mysql", instanceClass: "db.r6g.large", allocatedStorage: 20 }),
        ]),
      ).to.throw(/Instance "my": engine "mysql" is not priced/);
      expect(() =>
        items([rds("r", { replicateSourceDb: "ghost", instanceClass: "db.r6g.large" })]),
      ).to.throw(
        /Instance "r": engine is not set; it replicates "ghost", which is not among the resources/,
      );
      expect(() =>
        items([rds("pg", { engine: "postgres", instanceClass: "db.r6g.large" })]),
      ).to.throw(/Instance "pg": allocatedStorage is not set/);
    });

    it("prices storage as gp2 when storageType is not set, the provider's default", () => {
      expect(
        items([
          rds("pg", { engine: "postgres", instanceClass: "db.t4g.medium", allocatedStorage: 20 }),
        ])[1].price,
      ).to.deep.equal({ kind: "rds-storage", storageType: "gp2", multiAz: false });
    });
  });

  describe("ElastiCache, Amazon MQ and monthly services", () => {
    it("counts shards times (1 + replicas) in cluster mode and numCacheClusters otherwise", () => {
      const rg = (props: Record<string, unknown>): ResourceLike => ({
        type: "aws:elasticache/replicationGroup:ReplicationGroup",
        name: "redis",
        props: { nodeType: "cache.r6g.large", ...props },
      });
      expect(
        only(items([rg({ numNodeGroups: 3, replicasPerNodeGroup: 2 })])).quantity.max,
      ).to.equal(9);
      expect(only(items([rg({ numCacheClusters: 2 })])).quantity.max).to.equal(2);
      expect(only(items([rg({})])).quantity.max).to.equal(1);
      expect(() => items([rg({ numNodeGroups: 3 })])).to.throw(
        /ReplicationGroup "redis": replicasPerNodeGroup is not set/,
      );
      expect(() => items([rg({ engine: "valkey", numCacheClusters: 1 })])).to.throw(
        /engine "valkey" is not priced/,
      );
    });

    it("leaves cache clusters that belong to a replication group to the group", () => {
      const member: ResourceLike = {
        type: "aws:elasticache/cluster:Cluster",
        name: "member",
        props: { replicationGroupId: "redis" },
      };
      expect(items([member])).to.deep.equal([]);
      const alone: ResourceLike = {
        type: "aws:elasticache/cluster:Cluster",
        name: "alone",
        props: { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1 },
      };
      expect(only(items([alone])).price).to.deep.equal({
        kind: "elasticache-redis-node",
        nodeType: "cache.t4g.small",
      });
    });

    it("bills a RabbitMQ cluster as three brokers and refuses ActiveMQ and active/standby", () => {
      const broker = (props: Record<string, unknown>): ResourceLike => ({
        type: "aws:mq/broker:Broker",
        name: "mq",
        props: { engineType: "RabbitMQ", hostInstanceType: "mq.m5.large", ...props },
      });
      expect(
        only(items([broker({ deploymentMode: "CLUSTER_MULTI_AZ" })])).quantity.baseline,
      ).to.equal(3);
      expect(only(items([broker({})])).quantity.baseline).to.equal(1);
      expect(() => items([broker({ engineType: "ActiveMQ" })])).to.throw(
        /engineType "ActiveMQ" is not priced/,
      );
      expect(() => items([broker({ deploymentMode: "ACTIVE_STANDBY_MULTI_AZ" })])).to.throw(
        /not a RabbitMQ mode; use one of SINGLE_INSTANCE, CLUSTER_MULTI_AZ/,
      );
    });

    it("counts alarm metrics by resolution, with anomaly bands as two more metrics", () => {
      const alarm = (props: Record<string, unknown>): ResourceLike => ({
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        name: "a",
        props,
      });
      expect(only(items([alarm({ period: 30 })])).price).to.deep.equal({
        kind: "cloudwatch-alarm-metric",
        resolution: "high",
      });
      const anomaly = alarm({
        metricQueries: [
          { id: "m1", metric: { metricName: "x", period: 300 } },
          { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 2)" },
        ],
      });
      expect(only(items([anomaly])).quantity.max).to.equal(3);
      expect(() => items([alarm({})])).to.throw(
        /MetricAlarm "a": period is not set .*or give metricQueries/,
      );
    });

    it("bills a secret once per region it lives in, and one KMS key per key", () => {
      const secret: ResourceLike = {
        type: "aws:secretsmanager/secret:Secret",
        name: "s",
        props: { replicas: [{ region: "us-west-2" }] },
      };
      expect(only(items([secret])).quantity.max).to.equal(2);
      expect(only(items([{ type: "aws:kms/key:Key", name: "k", props: {} }])).price).to.deep.equal({
        kind: "kms-key",
      });
    });

    it("adds NAT data and snapshot storage only when given, and counts by type the resources it leaves out", () => {
      const bom = bomFromResources(
        [
          { type: "aws:iam/role:Role", name: "role", props: {} },
          { type: "aws:codebuild/project:Project", name: "build", props: {} },
          { type: "aws:codebuild/project:Project", name: "build-2", props: {} },
        ],
        {
          natDataProcessedGb: { min: 100, baseline: 200, max: 900 },
          snapshotStorageGb: { ebs: 50 },
        },
      );
      expect(bom.items.map((i) => i.price.kind)).to.deep.equal(["nat-data", "snapshot-storage"]);
      expect(bom.items[0].quantity.max).to.equal(900);
      expect(bom.notModelled).to.deep.equal([{ type: "aws:codebuild/project:Project", count: 2 }]);
      expect(bomFromResources([]).items).to.deep.equal([]);
    });
  });
});
