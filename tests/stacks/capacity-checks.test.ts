import { expect } from "chai";
import { connectionIssues } from "../../stacks/schema/connections";
import {
  dataAddressesPerZone,
  privateAddressesPerZone,
  subnetCapacityIssues,
} from "../../stacks/schema/subnet-capacity";

/**
 * The schema's capacity checks, on hand-made inputs with hand-computed figures: PgBouncer's worst
 * case against PostgreSQL's connections, and the subnets against the addresses they must hold.
 * Each bound is met exactly (accepted) and passed by one (refused).
 */
describe("PgBouncer's worst case fits in PostgreSQL's connections", () => {
  const input = (o: {
    replicas: number;
    readReplicas: number;
    instanceClass?: string;
    maxConnections?: string | number;
  }) => ({
    database: {
      instanceClass: o.instanceClass ?? "db.t4g.medium",
      readReplicas: o.readReplicas,
      parameters: (o.maxConnections === undefined
        ? {}
        : { max_connections: o.maxConnections }) as Record<string, string | number>,
    },
    pgbouncer: { replicas: o.replicas, defaultPoolSize: 25, reservePoolSize: 10 },
  });

  it("with a read replica each pod counts its pool and reserve once: 2 x 35 = 70 fits max_connections 75 (70 after the 5 reserved)", () => {
    expect(
      connectionIssues(input({ replicas: 2, readReplicas: 1, maxConnections: 75 })),
    ).to.deep.equal([]);
  });

  it("one connection fewer (max_connections 74) is refused at platform:pgbouncer.replicas, naming the parameter", () => {
    expect(
      connectionIssues(input({ replicas: 2, readReplicas: 1, maxConnections: 74 })),
    ).to.deep.equal([
      {
        path: ["pgbouncer", "replicas"],
        message:
          "2 PgBouncer pods may open 70 connections to the writer (platform:pgbouncer.defaultPoolSize + reservePoolSize per pod), " +
          "more than the 69 PostgreSQL allows (max_connections 74, platform:database.parameters.max_connections, less 5 reserved); " +
          "lower the replicas or pool sizes, or use a larger instance class",
      },
    ]);
  });

  it("max_connections given as text counts like the number", () => {
    expect(
      connectionIssues(input({ replicas: 2, readReplicas: 1, maxConnections: "74" })),
    ).to.have.length(1);
    expect(
      connectionIssues(input({ replicas: 2, readReplicas: 1, maxConnections: "75" })),
    ).to.deep.equal([]);
  });

  it("without a read replica reads go to the writer too, so each pod counts twice: 6 x 70 = 420 fits db.t4g.medium's 445, 7 do not", () => {
    expect(connectionIssues(input({ replicas: 6, readReplicas: 0 }))).to.deep.equal([]);
    const [issue] = connectionIssues(input({ replicas: 7, readReplicas: 0 }));
    expect(issue.message).to.equal(
      "7 PgBouncer pods may open 490 connections to the writer (platform:pgbouncer.defaultPoolSize + reservePoolSize per pod, twice with platform:database.readReplicas 0), " +
        "more than the 445 PostgreSQL allows (max_connections 450, the default for platform:database.instanceClass db.t4g.medium, less 5 reserved); " +
        "lower the replicas or pool sizes, or use a larger instance class",
    );
  });

  it("a max_connections of 0 or not a number falls back to the class's default", () => {
    for (const maxConnections of [0, "lots"]) {
      const [issue] = connectionIssues(input({ replicas: 7, readReplicas: 0, maxConnections }));
      expect(issue?.message, String(maxConnections)).to.contain(
        "(max_connections 450, the default for platform:database.instanceClass db.t4g.medium,",
      );
    }
  });

  it("a class the catalogue does not know is not checked", () => {
    expect(
      connectionIssues(input({ replicas: 500, readReplicas: 0, instanceClass: "db.zz9.huge" })),
    ).to.deep.equal([]);
  });
});

describe("subnets hold the addresses of what runs in them", () => {
  // t3.medium: 17 pods, so 19 addresses a node with its 2 ENI primaries.
  const group = (
    maxSize: number,
    maxUnavailablePercent: number,
    instanceTypes = ["t3.medium"],
  ) => ({
    instanceTypes,
    maxSize,
    maxUnavailablePercent,
  });

  it("private: a zone holds its share of the maxima plus a rolling update's surge, 19 addresses a node, with 20 % headroom", () => {
    // surge max(2 x 3 zones, ceil(10 x 33 %)) = 6; ceil(16 / 3) = 6 nodes; 6 x 19 x 1.2 = 136.8
    expect(privateAddressesPerZone({ a: group(10, 33) }, 3)).to.deep.equal({
      nodes: 6,
      addresses: 137,
    });
    // surge max(6, ceil(10 x 100 %)) = 10; ceil(20 / 3) = 7 nodes; 7 x 19 x 1.2 = 159.6
    expect(privateAddressesPerZone({ a: group(10, 100) }, 3)).to.deep.equal({
      nodes: 7,
      addresses: 160,
    });
    // Two groups add up: 6 + 7 nodes, (114 + 133) x 1.2 = 296.4
    expect(privateAddressesPerZone({ a: group(10, 33), b: group(10, 100) }, 3)).to.deep.equal({
      nodes: 13,
      addresses: 297,
    });
  });

  it("private: a group's largest type sets its pods a node, and a type outside the catalogue counts none", () => {
    expect(
      privateAddressesPerZone({ a: group(10, 33, ["t3.medium", "nope.large"]) }, 3),
    ).to.deep.equal({ nodes: 6, addresses: 137 });
    // 6 nodes x (0 + 2) x 1.2 = 14.4
    expect(privateAddressesPerZone({ a: group(10, 33, ["nope.large"]) }, 3)).to.deep.equal({
      nodes: 6,
      addresses: 15,
    });
  });

  it("data: one address per instance, node and broker spread over the zones, twice for replacements", () => {
    // database 1 + standby + 2 replicas = 4 -> 2 a zone; cache 2 shards x 2 = 4 -> 2; brokers 3 -> 1
    expect(
      dataAddressesPerZone(
        {
          database: { multiAz: true, readReplicas: 2 },
          cache: { clusterMode: true, shards: 2, replicasPerShard: 1 },
          queue: { deploymentMode: "CLUSTER_MULTI_AZ" },
        },
        3,
      ),
    ).to.equal(10);
    // one of each; shards are ignored without cluster mode
    expect(
      dataAddressesPerZone(
        {
          database: { multiAz: false, readReplicas: 0 },
          cache: { clusterMode: false, shards: 5, replicasPerShard: 0 },
          queue: { deploymentMode: "SINGLE_INSTANCE" },
        },
        3,
      ),
    ).to.equal(6);
  });

  const env = (maxSize: number, prefix: { private: number; data: number }) => ({
    network: { zones: 1, subnetPrefixLength: prefix },
    // zones 1: surge max(2, ceil(maxSize x 1 %)) = 2
    nodeGroups: { a: group(maxSize, 1) },
    database: { multiAz: false, readReplicas: 0 },
    cache: { clusterMode: false, shards: 1, replicasPerShard: 0 },
    queue: { deploymentMode: "SINGLE_INSTANCE" },
  });

  it("a /24 private subnet (251 usable) holds exactly 11 t3.medium nodes (251 addresses with headroom); 12 are refused, naming the prefix to use", () => {
    expect(subnetCapacityIssues(env(9, { private: 24, data: 28 }))).to.deep.equal([]);
    expect(subnetCapacityIssues(env(10, { private: 24, data: 28 }))).to.deep.equal([
      {
        path: ["network", "subnetPrefixLength", "private"],
        message:
          "a /24 private subnet holds 251 usable addresses, but at the node groups' maxSize (platform:nodeGroups) " +
          "up to 12 nodes per zone, each with a VPC address per pod, need 274 (with 20 % headroom); " +
          "use /23 or a shorter prefix, or lower the maxima",
      },
    ]);
  });

  it("a /28 data subnet (11 usable) holds the 6 addresses of one instance, node and broker; a /29 (3) is refused", () => {
    expect(subnetCapacityIssues(env(9, { private: 24, data: 29 }))).to.deep.equal([
      {
        path: ["network", "subnetPrefixLength", "data"],
        message:
          "a /29 data subnet holds 3 usable addresses, but the database instances, cache nodes and brokers " +
          "(platform:database, platform:cache, platform:queue) need 6 per zone with room to replace each; use /28 or a shorter prefix",
      },
    ]);
  });
});
