/**
 * Pure rules for the ElastiCache Redis tier: how many shards a dataset needs (the seed rule
 * "single node under 5 GB, Redis Cluster above, at most 30 GB per node") and the parameter group
 * values that go with the chosen shape. No Pulumi imports; the cache component calls these.
 */

/** Eviction policies Redis accepts for `maxmemory-policy`. */
export const MAXMEMORY_POLICIES = [
  "allkeys-lru",
  "allkeys-lfu",
  "allkeys-random",
  "volatile-lru",
  "volatile-lfu",
  "volatile-random",
  "volatile-ttl",
  "noeviction",
] as const;
/** One of {@link MAXMEMORY_POLICIES}. */
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

/** ElastiCache parameter group families this module renders values for. */
export const REDIS_PARAMETER_FAMILIES = ["redis7", "valkey7", "valkey8"] as const;
/** One of {@link REDIS_PARAMETER_FAMILIES}. */
export type RedisParameterFamily = (typeof REDIS_PARAMETER_FAMILIES)[number];

/** ElastiCache limits used to refuse impossible shapes. */
export const ELASTICACHE_LIMITS = Object.freeze({
  maxNodesPerCluster: 500,
  maxReplicasPerShard: 5,
});

/** Sizing input: the environment's Redis settings that decide the shape. */
export interface RedisSizingArgs {
  /** Expected dataset size in GB (> 0). Required; the seed starts at 4. */
  datasetGb: number;
  /** Datasets strictly below this stay on one node with cluster mode disabled. @default 5 */
  singleNodeMaxGb?: number;
  /** Most data one shard (its primary node) may hold, in GB. @default 30 */
  maxGbPerShard?: number;
  /** Read replicas per shard, 0..5. @default 0 */
  replicasPerShard?: number;
  /** Shards wanted by configuration; must hold the dataset. @default the minimum that holds it */
  shards?: number;
}

/** The shape derived by {@link redisTopology}. */
export interface RedisTopology {
  /** True when Redis Cluster (cluster mode enabled) is required. */
  readonly clusterMode: boolean;
  /** Number of shards (node groups); 1 when cluster mode is off. */
  readonly shards: number;
  readonly replicasPerShard: number;
  /** All nodes: shards × (1 + replicasPerShard). */
  readonly nodes: number;
  /** Dataset share of each shard in GB. */
  readonly perShardGb: number;
}

function positive(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not allowed; expected a number of GB greater than 0`,
    );
  }
  return value;
}

function wholeIn(value: unknown, min: number, max: number, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not allowed; expected a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/**
 * Derives cluster mode and shard count from the dataset size: under `singleNodeMaxGb` one node
 * (cluster mode off); otherwise cluster mode with enough shards that none holds more than
 * `maxGbPerShard`.
 *
 * @throws Error naming the field when an input is out of range, when configured `shards` cannot
 *   hold the dataset, or when the shape needs more nodes than ElastiCache allows in one cluster.
 */
export function redisTopology(args: RedisSizingArgs, where = "redis"): RedisTopology {
  const datasetGb = positive(args.datasetGb, `${where}.datasetGb`);
  const singleNodeMaxGb = positive(args.singleNodeMaxGb ?? 5, `${where}.singleNodeMaxGb`);
  const maxGbPerShard = positive(args.maxGbPerShard ?? 30, `${where}.maxGbPerShard`);
  const replicasPerShard = wholeIn(
    args.replicasPerShard ?? 0,
    0,
    ELASTICACHE_LIMITS.maxReplicasPerShard,
    `${where}.replicasPerShard`,
  );
  if (singleNodeMaxGb > maxGbPerShard) {
    throw new Error(
      `${where}.singleNodeMaxGb: ${singleNodeMaxGb} GB exceeds maxGbPerShard ${maxGbPerShard} GB; a single node may not hold more than a shard`,
    );
  }
  const clusterMode = datasetGb >= singleNodeMaxGb;
  const needed = clusterMode ? Math.ceil(datasetGb / maxGbPerShard) : 1;
  const maxShards = Math.floor(ELASTICACHE_LIMITS.maxNodesPerCluster / (1 + replicasPerShard));
  let shards = needed;
  if (args.shards !== undefined) {
    shards = wholeIn(args.shards, 1, maxShards, `${where}.shards`);
    if (!clusterMode && shards !== 1) {
      throw new Error(
        `${where}.shards: ${shards} shards need cluster mode, but ${datasetGb} GB is under singleNodeMaxGb ${singleNodeMaxGb} GB (single node); use 1 or raise datasetGb`,
      );
    }
    if (shards < needed) {
      throw new Error(
        `${where}.shards: ${shards} shards cannot hold ${datasetGb} GB at most ${maxGbPerShard} GB per shard; need at least ${needed}`,
      );
    }
  }
  const nodes = shards * (1 + replicasPerShard);
  if (nodes > ELASTICACHE_LIMITS.maxNodesPerCluster) {
    throw new Error(
      `${where}.datasetGb: ${datasetGb} GB needs ${shards} shards × ${1 + replicasPerShard} nodes = ${nodes} nodes, over ElastiCache's ${ELASTICACHE_LIMITS.maxNodesPerCluster} per cluster; raise maxGbPerShard (bigger nodes), lower replicasPerShard or split the dataset`,
    );
  }
  return { clusterMode, shards, replicasPerShard, nodes, perShardGb: datasetGb / shards };
}

/** Parameter group input. */
export interface RedisParameterArgs {
  /** Whether the group is for a cluster-mode-enabled replication group (from {@link redisTopology}). Required. */
  clusterMode: boolean;
  /** Parameter group family. @default "redis7" */
  family?: RedisParameterFamily;
  /** Eviction policy. @default "allkeys-lru" (a cache evicts instead of refusing writes) */
  maxmemoryPolicy?: MaxmemoryPolicy;
  /** Seconds before an idle client is closed, 0 = never. @default 0 */
  idleTimeoutSeconds?: number;
  /** Memory ElastiCache keeps outside `maxmemory` for replication and forks, percent (0..100). @default 25 */
  reservedMemoryPercent?: number;
}

/** One parameter, as `aws.elasticache.ParameterGroup` takes it. */
export interface RedisParameter {
  readonly name: string;
  readonly value: string;
}

/** A parameter group's family and values. */
export interface RedisParameterGroup {
  readonly family: RedisParameterFamily;
  readonly parameters: readonly RedisParameter[];
}

/** Parameters that only ElastiCache understands; a plain redis-server has no such directive. */
export const ELASTICACHE_ONLY_PARAMETERS: ReadonlySet<string> = new Set([
  "reserved-memory-percent",
]);

/**
 * The ElastiCache parameter group for the configured shape, parameters sorted by name.
 * @throws Error naming the field when a value is outside what Redis or ElastiCache accepts.
 */
export function redisParameterGroup(
  args: RedisParameterArgs,
  where = "redis",
): RedisParameterGroup {
  const family = args.family ?? "redis7";
  if (!(REDIS_PARAMETER_FAMILIES as readonly string[]).includes(family)) {
    throw new Error(
      `${where}.family: ${JSON.stringify(args.family)} is not supported; allowed: ${REDIS_PARAMETER_FAMILIES.join(", ")}`,
    );
  }
  const policy = args.maxmemoryPolicy ?? "allkeys-lru";
  if (!(MAXMEMORY_POLICIES as readonly string[]).includes(policy)) {
    throw new Error(
      `${where}.maxmemoryPolicy: ${JSON.stringify(args.maxmemoryPolicy)} is not a Redis eviction policy; allowed: ${MAXMEMORY_POLICIES.join(", ")}`,
    );
  }
  if (typeof args.clusterMode !== "boolean")
    throw new Error(
      `${where}.clusterMode: expected true or false, got ${JSON.stringify(args.clusterMode)}`,
    );
  const timeout = wholeIn(
    args.idleTimeoutSeconds ?? 0,
    0,
    2147483647,
    `${where}.idleTimeoutSeconds`,
  );
  const reserved = wholeIn(
    args.reservedMemoryPercent ?? 25,
    0,
    100,
    `${where}.reservedMemoryPercent`,
  );
  const parameters: RedisParameter[] = [
    { name: "cluster-enabled", value: args.clusterMode ? "yes" : "no" },
    { name: "maxmemory-policy", value: policy },
    { name: "reserved-memory-percent", value: String(reserved) },
    { name: "timeout", value: String(timeout) },
  ];
  return { family, parameters };
}

/**
 * The same parameters as `redis.conf` lines for a plain redis-server (tests run one locally),
 * leaving out {@link ELASTICACHE_ONLY_PARAMETERS}.
 */
export function redisConfLines(group: RedisParameterGroup): string[] {
  return group.parameters
    .filter((p) => !ELASTICACHE_ONLY_PARAMETERS.has(p.name))
    .map((p) => `${p.name} ${p.value}`);
}
