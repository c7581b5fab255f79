import { label, num, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const elasticacheShardBounds: Rule = {
  name: "elasticache-shard-bounds",
  description:
    "Checks whether every ElastiCache replication group's shard count and replicas per shard lie within the environment's bounds.",
  configSchema: schema({
    minShards: int(1, "Fewest shards (default 1)", 1),
    maxShards: int(10, "Most shards (default 10)", 1),
    minReplicasPerShard: int(0, "Fewest replicas per shard (default 0)"),
    maxReplicasPerShard: int(5, "Most replicas per shard (default 5, the ElastiCache limit)"),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.redis) return;
    const c = args.getConfig<{
      minShards: number;
      maxShards: number;
      minReplicasPerShard: number;
      maxReplicasPerShard: number;
    }>();
    const clustered = num(args.props, "numNodeGroups") !== undefined;
    const shards = clustered ? num(args.props, "numNodeGroups")! : 1;
    const replicas = clustered
      ? (num(args.props, "replicasPerNodeGroup") ?? 0)
      : (num(args.props, "numCacheClusters") ?? 1) - 1;
    const what = label(args);
    if (shards < c.minShards || shards > c.maxShards)
      report(
        `${what}: ${shards} shard(s) is outside this environment's bounds [${c.minShards}, ${c.maxShards}]`,
      );
    if (replicas < c.minReplicasPerShard || replicas > c.maxReplicasPerShard)
      report(
        `${what}: ${replicas} replica(s) per shard is outside this environment's bounds [${c.minReplicasPerShard}, ${c.maxReplicasPerShard}]`,
      );
  },
};
