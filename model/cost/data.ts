/**
 * BOM lines for the data tier: RDS PostgreSQL instances (primaries and read replicas, with their
 * storage), ElastiCache Redis replication groups and clusters, and Amazon MQ RabbitMQ brokers.
 * Storage grows from `allocatedStorage` (minimum and baseline) to `maxAllocatedStorage` (maximum).
 */
import { BomItem, fixed } from "./bom";
import {
  boolOr,
  countOr,
  dependencyUrns,
  describe,
  get,
  optionalString,
  requireCount,
  requireString,
  ResourceLike,
} from "./props";

/** Pulumi type tokens handled here. */
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const ELASTICACHE_REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster";
export const MQ_BROKER = "aws:mq/broker:Broker";

/**
 * Brokers per Amazon MQ for RabbitMQ deployment mode: a cluster is three broker nodes
 * (https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-broker-architecture.html).
 */
export const RABBITMQ_BROKERS: Record<string, number> = { SINGLE_INSTANCE: 1, CLUSTER_MULTI_AZ: 3 };

/** The source of a read replica among `all`, or undefined when it is not there. */
function replicaSource(
  db: ResourceLike,
  all: ResourceLike[],
  ref: string,
): ResourceLike | undefined {
  const deps = dependencyUrns(db, "replicateSourceDb");
  return all.find(
    (r) =>
      r !== db &&
      r.type === RDS_INSTANCE &&
      ((r.urn !== undefined && deps.includes(r.urn)) ||
        r.props.identifier === ref ||
        r.props.arn === ref ||
        r.id === ref ||
        r.name === ref),
  );
}

/**
 * Instance hours and storage of one RDS instance. Read replicas (`replicateSourceDb` set) inherit
 * engine, storage type and allocated storage from their source when they do not set them.
 * @param db the instance.
 * @param all every resource of the stack, to find a replica's source.
 * @throws Error naming the instance when the engine is not PostgreSQL or cannot be determined, or
 *   when `instanceClass` or `allocatedStorage` is missing.
 */
export function rdsInstanceItems(db: ResourceLike, all: ResourceLike[]): BomItem[] {
  const sourceRef = optionalString(db, "replicateSourceDb");
  const source = sourceRef === undefined ? undefined : replicaSource(db, all, sourceRef);
  const inherit = (path: string): ResourceLike =>
    get(db.props, path) === undefined && source ? source : db;

  const engine = optionalString(inherit("engine"), "engine");
  if (engine === undefined) {
    const why =
      sourceRef === undefined
        ? ""
        : `; it replicates "${sourceRef}", which is not among the resources, so set engine on the replica`;
    throw new Error(`${describe(db)}: engine is not set${why}`);
  }
  if (engine !== "postgres")
    throw new Error(
      `${describe(db)}: engine "${engine}" is not priced; the pricing table covers RDS for PostgreSQL ("postgres") only`,
    );

  const instanceClass = requireString(db, "instanceClass");
  const multiAz = boolOr(db, "multiAz", false);
  const storageOwner = inherit("storageType");
  // The provider's documented default: io1 when iops is given, gp2 otherwise.
  const storageType =
    optionalString(storageOwner, "storageType") ??
    (get(storageOwner.props, "iops") !== undefined ? "io1" : "gp2");
  const allocated = requireCount(inherit("allocatedStorage"), "allocatedStorage");
  const ceiling = countOr(db, "maxAllocatedStorage", 0);
  const role = sourceRef === undefined ? "primary" : "read replica";
  return [
    {
      component: "postgres",
      resource: db.name,
      price: { kind: "rds-postgres-instance", instanceClass, multiAz },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(1),
      note: `${role}, ${multiAz ? "Multi-AZ" : "Single-AZ"}`,
    },
    {
      component: "postgres",
      resource: db.name,
      price: { kind: "rds-storage", storageType, multiAz },
      capacity: "on-demand",
      unit: "per-gb-month",
      quantity: { min: allocated, baseline: allocated, max: Math.max(allocated, ceiling) },
      note: ceiling > allocated ? `${allocated} GB growing to ${ceiling} GB` : `${allocated} GB`,
    },
  ];
}

function checkRedis(r: ResourceLike, engine: string): void {
  if (engine !== "redis")
    throw new Error(
      `${describe(r)}: engine "${engine}" is not priced; the pricing table covers ElastiCache Redis OSS ("redis") only`,
    );
}

/**
 * Nodes of one ElastiCache replication group: `numNodeGroups x (1 + replicasPerNodeGroup)` in
 * cluster mode, otherwise `numCacheClusters` (provider default 1). Per-shard `replicaCount`
 * overrides in `nodeGroupConfigurations` are not read.
 */
export function replicationGroupItems(rg: ResourceLike): BomItem[] {
  checkRedis(rg, optionalString(rg, "engine") ?? "redis");
  const nodeType = requireString(rg, "nodeType");
  let nodes: number;
  let note: string;
  if (get(rg.props, "numNodeGroups") !== undefined) {
    const shards = requireCount(rg, "numNodeGroups");
    const replicas = requireCount(
      rg,
      "replicasPerNodeGroup",
      "set it explicitly (0 for no replicas) when numNodeGroups is set",
    );
    nodes = shards * (1 + replicas);
    note = `${shards} shard(s) x (1 primary + ${replicas} replica(s))`;
  } else {
    nodes = countOr(rg, "numCacheClusters", 1);
    note = `${nodes} node(s), cluster mode disabled`;
  }
  return [
    {
      component: "redis",
      resource: rg.name,
      price: { kind: "elasticache-redis-node", nodeType },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(nodes),
      note,
    },
  ];
}

/** Nodes of a standalone ElastiCache cluster; a cluster inside a replication group is counted there. */
export function elasticacheClusterItems(c: ResourceLike): BomItem[] {
  if (get(c.props, "replicationGroupId") !== undefined) return [];
  checkRedis(c, requireString(c, "engine"));
  const nodeType = requireString(c, "nodeType");
  const nodes = requireCount(c, "numCacheNodes");
  return [
    {
      component: "redis",
      resource: c.name,
      price: { kind: "elasticache-redis-node", nodeType },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(nodes),
    },
  ];
}

/** Broker instances of one Amazon MQ for RabbitMQ broker (usage-based storage is not modelled). */
export function mqBrokerItems(b: ResourceLike): BomItem[] {
  const engine = requireString(b, "engineType");
  if (engine.toLowerCase() !== "rabbitmq")
    throw new Error(
      `${describe(b)}: engineType "${engine}" is not priced; the pricing table covers Amazon MQ for RabbitMQ only`,
    );
  const instanceType = requireString(b, "hostInstanceType");
  const mode = optionalString(b, "deploymentMode") ?? "SINGLE_INSTANCE";
  const brokers = RABBITMQ_BROKERS[mode];
  if (brokers === undefined) {
    throw new Error(
      `${describe(b)}: deploymentMode "${mode}" is not a RabbitMQ mode; use one of ${Object.keys(RABBITMQ_BROKERS).join(", ")}`,
    );
  }
  return [
    {
      component: "rabbitmq",
      resource: b.name,
      price: { kind: "mq-rabbitmq-broker", instanceType },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(brokers),
      note: `${mode}: ${brokers} broker(s)`,
    },
  ];
}
