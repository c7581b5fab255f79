import { expect } from "chai";
import {
  elasticacheClusterItems,
  mqBrokerItems,
  rdsInstanceItems,
  replicationGroupItems,
} from "../../../model/cost/data";
import type { ResourceLike } from "../../../model/cost";
import { freshCostModule } from "./fresh";
import { thrownMessage as message } from "../../helpers/thrown";

const RDS = "aws:rds/instance:Instance";
const rds = (
  name: string,
  props: Record<string, unknown>,
  extra: Partial<ResourceLike> = {},
): ResourceLike => ({ type: RDS, name, props, ...extra });
const primaryProps = {
  engine: "postgres",
  instanceClass: "db.r6g.large",
  storageType: "gp3",
  allocatedStorage: 100,
};
/** The storage line's (type, GB at baseline) of `db` priced among `all`. */
const storage = (db: ResourceLike, all: ResourceLike[]) => {
  const [, s] = rdsInstanceItems(db, all);
  return [(s.price as { storageType: string }).storageType, s.quantity.baseline];
};

describe("cost model: RDS instances", () => {
  it("a primary is an instance line and a storage line that grows to its ceiling", () => {
    const db = rds("pg", { ...primaryProps, multiAz: true, maxAllocatedStorage: 500 });
    expect(rdsInstanceItems(db, [db])).to.deep.equal([
      {
        component: "postgres",
        resource: "pg",
        price: { kind: "rds-postgres-instance", instanceClass: "db.r6g.large", multiAz: true },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 1, baseline: 1, max: 1 },
        note: "primary, Multi-AZ",
      },
      {
        component: "postgres",
        resource: "pg",
        price: { kind: "rds-storage", storageType: "gp3", multiAz: true },
        capacity: "on-demand",
        unit: "per-gb-month",
        quantity: { min: 100, baseline: 100, max: 500 },
        note: "100 GB growing to 500 GB",
      },
    ]);
  });

  it("storage without a higher ceiling does not grow, and says only its size", () => {
    for (const maxAllocatedStorage of [undefined, 100, 50]) {
      const db = rds("pg", { ...primaryProps, maxAllocatedStorage });
      const [inst, s] = rdsInstanceItems(db, [db]);
      expect(inst.note).to.equal("primary, Single-AZ");
      expect(s.quantity).to.deep.equal({ min: 100, baseline: 100, max: 100 });
      expect(s.note).to.equal("100 GB");
    }
  });

  it("the storage type defaults as the provider does: io1 with iops, gp2 otherwise", () => {
    const noType = { ...primaryProps, storageType: undefined };
    const a = rds("a", noType);
    const b = rds("b", { ...noType, iops: 3000 });
    // Two primaries side by side: neither takes anything from the other.
    expect(storage(a, [a, b])).to.deep.equal(["gp2", 100]);
    expect(storage(b, [a, b])).to.deep.equal(["io1", 100]);
  });

  it("a read replica inherits engine, storage type and size from its source", () => {
    const pg = rds("pg", { ...primaryProps, allocatedStorage: 500, identifier: "main" });
    const replica = rds("replica", { instanceClass: "db.r6g.large", replicateSourceDb: "main" });
    const [inst, s] = rdsInstanceItems(replica, [replica, pg]);
    expect(inst.note).to.equal("read replica, Single-AZ");
    expect(s.price).to.deep.equal({ kind: "rds-storage", storageType: "gp3", multiAz: false });
    expect(s.quantity.baseline).to.equal(500);
  });

  it("a replica's own settings win over its source's", () => {
    const pg = rds("pg", { ...primaryProps, identifier: "main" });
    const replica = rds("replica", {
      instanceClass: "db.r6g.large",
      replicateSourceDb: "main",
      storageType: "gp2",
      allocatedStorage: 200,
    });
    expect(storage(replica, [pg, replica])).to.deep.equal(["gp2", 200]);
  });

  it("the source is found by URN dependency, identifier, ARN, id or logical name, among RDS instances only", () => {
    // A decoy instance comes first each time: only the real source has 500 GB.
    const decoy = rds("decoy", { ...primaryProps, allocatedStorage: 10 }, { urn: "urn:decoy" });
    const replicaOf = (ref: string, extra: Partial<ResourceLike> = {}) =>
      rds("replica", { instanceClass: "db.r6g.large", replicateSourceDb: ref }, extra);
    const cases: Array<[ResourceLike, ResourceLike]> = [
      [
        rds("pg", { ...primaryProps, allocatedStorage: 500 }, { urn: "urn:pg" }),
        replicaOf("unknown-in-preview", {
          propertyDependencies: { replicateSourceDb: ["urn:pg"] },
        }),
      ],
      [
        rds("pg", { ...primaryProps, allocatedStorage: 500, identifier: "main" }),
        replicaOf("main"),
      ],
      [
        rds("pg", { ...primaryProps, allocatedStorage: 500, arn: "arn:aws:rds:db:main" }),
        replicaOf("arn:aws:rds:db:main"),
      ],
      [rds("pg", { ...primaryProps, allocatedStorage: 500 }, { id: "pg-id" }), replicaOf("pg-id")],
      [rds("pg", { ...primaryProps, allocatedStorage: 500 }), replicaOf("pg")],
    ];
    for (const [source, replica] of cases) {
      expect(storage(replica, [decoy, source, replica]), source.name).to.deep.equal(["gp3", 500]);
    }
    // Something else that happens to share the name is not a source.
    const secret: ResourceLike = {
      type: "aws:secretsmanager/secret:Secret",
      name: "main",
      props: {},
    };
    const pg = rds("pg", { ...primaryProps, allocatedStorage: 500, identifier: "main" });
    expect(storage(replicaOf("main"), [secret, pg])).to.deep.equal(["gp3", 500]);
  });

  it("a replica never takes itself for its source, even when its logical name is the source's identifier", () => {
    const replica = rds("main", { instanceClass: "db.r6g.large", replicateSourceDb: "main" });
    const pg = rds("pg", { ...primaryProps, allocatedStorage: 500, identifier: "main" });
    expect(storage(replica, [replica, pg])).to.deep.equal(["gp3", 500]);
  });

  it("a replica's own engine wins over a source that does not say its engine", () => {
    const pg = rds("pg", {
      instanceClass: "db.r6g.large",
      allocatedStorage: 500,
      identifier: "main",
    });
    const replica = rds("replica", {
      engine: "postgres",
      instanceClass: "db.r6g.large",
      replicateSourceDb: "main",
    });
    expect(storage(replica, [pg, replica])).to.deep.equal(["gp2", 500]);
  });

  it("an engine that cannot be told is an error that says what to set", () => {
    const who = 'aws:rds/instance:Instance "replica"';
    const orphan = rds("replica", { instanceClass: "db.r6g.large", replicateSourceDb: "gone" });
    expect(message(() => rdsInstanceItems(orphan, [orphan]))).to.equal(
      `${who}: engine is not set; it replicates "gone", which is not among the resources, so set engine on the replica`,
    );
    const bare = rds("replica", { instanceClass: "db.r6g.large", allocatedStorage: 10 });
    expect(message(() => rdsInstanceItems(bare, [bare]))).to.equal(`${who}: engine is not set`);
    const mysql = rds("replica", { ...primaryProps, engine: "mysql" });
    expect(message(() => rdsInstanceItems(mysql, [mysql]))).to.equal(
      `${who}: engine "mysql" is not priced; the pricing table covers RDS for PostgreSQL ("postgres") only`,
    );
  });
});

describe("cost model: ElastiCache and Amazon MQ", () => {
  const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
  const rg = (props: Record<string, unknown>): ResourceLike => ({
    type: RG,
    name: "redis",
    props: { nodeType: "cache.r6g.large", ...props },
  });

  it("a cluster-mode group is shards x (1 primary + replicas) nodes", () => {
    expect(replicationGroupItems(rg({ numNodeGroups: 3, replicasPerNodeGroup: 1 }))).to.deep.equal([
      {
        component: "redis",
        resource: "redis",
        price: { kind: "elasticache-redis-node", nodeType: "cache.r6g.large" },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 6, baseline: 6, max: 6 },
        note: "3 shard(s) x (1 primary + 1 replica(s))",
      },
    ]);
    expect(message(() => replicationGroupItems(rg({ numNodeGroups: 3 })))).to.equal(
      `${RG} "redis": replicasPerNodeGroup is not set (or not known yet), so the resource cannot be priced; set it explicitly (0 for no replicas) when numNodeGroups is set`,
    );
  });

  it("without cluster mode a group is numCacheClusters nodes, one by default", () => {
    const [two] = replicationGroupItems(rg({ numCacheClusters: 2 }));
    expect([two.quantity.baseline, two.note]).to.deep.equal([
      2,
      "2 node(s), cluster mode disabled",
    ]);
    const [one] = replicationGroupItems(rg({}));
    expect([one.quantity.baseline, one.note]).to.deep.equal([
      1,
      "1 node(s), cluster mode disabled",
    ]);
    expect(message(() => replicationGroupItems(rg({ engine: "valkey" })))).to.equal(
      `${RG} "redis": engine "valkey" is not priced; the pricing table covers ElastiCache Redis OSS ("redis") only`,
    );
  });

  it("the type tokens are the AWS provider's", () => {
    // Read from a fresh load: the constants are built while data.ts loads.
    const data = freshCostModule<typeof import("../../../model/cost/data")>("data");
    expect([data.RDS_INSTANCE, data.ELASTICACHE_CLUSTER, data.MQ_BROKER]).to.deep.equal([
      "aws:rds/instance:Instance",
      "aws:elasticache/cluster:Cluster",
      "aws:mq/broker:Broker",
    ]);
  });

  it("a standalone cache cluster is priced by its nodes; one inside a replication group is not counted twice", () => {
    const c = (props: Record<string, unknown>): ResourceLike => ({
      type: "aws:elasticache/cluster:Cluster",
      name: "c",
      props: { engine: "redis", nodeType: "cache.t4g.micro", numCacheNodes: 2, ...props },
    });
    expect(elasticacheClusterItems(c({ replicationGroupId: "rg" }))).to.deep.equal([]);
    expect(elasticacheClusterItems(c({}))).to.deep.equal([
      {
        component: "redis",
        resource: "c",
        price: { kind: "elasticache-redis-node", nodeType: "cache.t4g.micro" },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 2, baseline: 2, max: 2 },
      },
    ]);
  });

  it("a RabbitMQ broker is one instance, a cluster three; other engines and modes are refused", () => {
    const b = (props: Record<string, unknown>): ResourceLike => ({
      type: "aws:mq/broker:Broker",
      name: "mq",
      props: { engineType: "RabbitMQ", hostInstanceType: "mq.m5.large", ...props },
    });
    const [single] = mqBrokerItems(b({}));
    expect([single.component, single.quantity.baseline, single.note]).to.deep.equal([
      "rabbitmq",
      1,
      "SINGLE_INSTANCE: 1 broker(s)",
    ]);
    const [cluster] = mqBrokerItems(b({ deploymentMode: "CLUSTER_MULTI_AZ" }));
    expect([cluster.quantity.baseline, cluster.note]).to.deep.equal([
      3,
      "CLUSTER_MULTI_AZ: 3 broker(s)",
    ]);
    expect(message(() => mqBrokerItems(b({ engineType: "ActiveMQ" })))).to.equal(
      'aws:mq/broker:Broker "mq": engineType "ActiveMQ" is not priced; the pricing table covers Amazon MQ for RabbitMQ only',
    );
    expect(message(() => mqBrokerItems(b({ deploymentMode: "ACTIVE_STANDBY_MULTI_AZ" })))).to.equal(
      'aws:mq/broker:Broker "mq": deploymentMode "ACTIVE_STANDBY_MULTI_AZ" is not a RabbitMQ mode; use one of SINGLE_INSTANCE, CLUSTER_MULTI_AZ',
    );
  });
});
