/**
 * Facts about data-tier resources that CloudWatch alarms need but the resources do not output:
 * the node identifiers ElastiCache publishes host metrics under, and RDS's max_connections.
 */
import { RDS_BURSTABLE_GIB, RDS_VCPUS_BY_SIZE } from "../../../model/catalog";

/** Shape of an ElastiCache replication group. */
export interface CacheShape {
  clusterMode: boolean;
  shards: number;
  replicasPerShard: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Suffixes of the member clusters (CacheClusterId = replication group id + suffix) ElastiCache
 * creates: `-001`, `-002`, ... without cluster mode; `-0001-001` (shard, node) with it.
 */
export function cacheNodeSuffixes(shape: CacheShape): string[] {
  const perShard = 1 + shape.replicasPerShard;
  if (!shape.clusterMode) return Array.from({ length: perShard }, (_, i) => `-${pad(i + 1, 3)}`);
  return Array.from({ length: shape.shards }, (_, s) =>
    Array.from({ length: perShard }, (_, n) => `-${pad(s + 1, 4)}-${pad(n + 1, 3)}`),
  ).flat();
}

// Per family letter (any generation), wider than the catalogue's: x and z classes get an alarm too.
const GIB_PER_VCPU: Record<string, number> = { m: 4, r: 8, x: 16, z: 8 };

/** Memory of an RDS instance class in GiB, e.g. `db.r6g.xlarge` -> 32. Throws for a class it cannot size. */
export function rdsClassMemoryGiB(instanceClass: string): number {
  const m = /^db\.([a-z]+)(\d+)([a-z]*)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) throw new Error(`${instanceClass} is not an RDS instance class like db.r6g.xlarge`);
  const [, letter, , , size] = m;
  if (letter === "t") {
    if (!(size in RDS_BURSTABLE_GIB))
      throw new Error(`unknown burstable size ${size} in ${instanceClass}`);
    return RDS_BURSTABLE_GIB[size];
  }
  const family = letter[0];
  if (!(size in RDS_VCPUS_BY_SIZE) || !(family in GIB_PER_VCPU)) {
    throw new Error(
      `cannot size ${instanceClass}; set platform:database.parameters.max_connections so the connections alarm has a limit`,
    );
  }
  return RDS_VCPUS_BY_SIZE[size] * GIB_PER_VCPU[family];
}

/**
 * RDS for PostgreSQL's max_connections: the `max_connections` parameter when set, else RDS's
 * default `LEAST(DBInstanceClassMemory / 9531392, 5000)`. DBInstanceClassMemory is the class's
 * memory less what the OS reserves, so this is an upper estimate of a few percent; set the
 * parameter to make the alarm exact.
 */
export function rdsMaxConnections(
  instanceClass: string,
  parameters: Readonly<Record<string, string | number>> = {},
): number {
  const set = parameters.max_connections;
  if (set !== undefined) {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`max_connections ${JSON.stringify(set)} is not a whole number of at least 1`);
    return n;
  }
  return Math.min(Math.floor((rdsClassMemoryGiB(instanceClass) * 2 ** 30) / 9531392), 5000);
}
