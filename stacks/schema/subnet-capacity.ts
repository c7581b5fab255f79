import { blockSize } from "../../components/network/cidr";
import { EC2_INSTANCE_TYPES, SUBNET_RESERVED_ADDRESSES } from "../../model/catalog";

type Issue = { path: (string | number)[]; message: string };

/** Spare share on top of the counted addresses (interface endpoints, ENIs held while released). */
export const SUBNET_HEADROOM = 0.2;

const usable = (prefix: number) => blockSize(prefix) - SUBNET_RESERVED_ADDRESSES;
/** The longest prefix whose subnet holds `addresses`. */
const prefixFor = (addresses: number) =>
  32 - Math.ceil(Math.log2(addresses + SUBNET_RESERVED_ADDRESSES));

/**
 * Addresses one zone's private subnet needs at the node groups' maxima. The VPC CNI gives every pod
 * a VPC address: a full node holds its pods' addresses plus the primary addresses of its ENIs
 * (counted as 2). A rolling update of a managed node group adds up to max(2 × zones, maxUnavailable)
 * nodes before it drains old ones. Nodes spread evenly over the zones.
 */
export function privateAddressesPerZone(
  groups: Record<
    string,
    { instanceTypes: string[]; maxSize: number; maxUnavailablePercent: number }
  >,
  zones: number,
): { nodes: number; addresses: number } {
  let nodes = 0;
  let addresses = 0;
  for (const g of Object.values(groups)) {
    const maxPods = Math.max(...g.instanceTypes.map((t) => EC2_INSTANCE_TYPES[t]?.maxPods ?? 0));
    const surge = Math.max(2 * zones, Math.ceil((g.maxSize * g.maxUnavailablePercent) / 100));
    const perZone = Math.ceil((g.maxSize + surge) / zones);
    nodes += perZone;
    addresses += perZone * (maxPods + 2);
  }
  return { nodes, addresses: Math.ceil(addresses * (1 + SUBNET_HEADROOM)) };
}

/**
 * Addresses one zone's data subnet needs: one per database instance (primary, standby, replicas),
 * cache node and broker, spread over the zones, twice over because RDS, ElastiCache and Amazon MQ
 * create a replacement before removing the old one when a class or version changes.
 */
export function dataAddressesPerZone(
  env: {
    database: { multiAz: boolean; readReplicas: number };
    cache: { clusterMode: boolean; shards: number; replicasPerShard: number };
    queue: { deploymentMode: string };
  },
  zones: number,
): number {
  const db = 1 + (env.database.multiAz ? 1 : 0) + env.database.readReplicas;
  const cache = (env.cache.clusterMode ? env.cache.shards : 1) * (1 + env.cache.replicasPerShard);
  const mq = env.queue.deploymentMode === "CLUSTER_MULTI_AZ" ? 3 : 1;
  return 2 * [db, cache, mq].reduce((n, count) => n + Math.ceil(count / zones), 0);
}

/** Private and data subnets large enough for what the environment runs in them. */
export function subnetCapacityIssues(env: {
  network: { zones: number; subnetPrefixLength: { private: number; data: number } };
  nodeGroups: Record<
    string,
    { instanceTypes: string[]; maxSize: number; maxUnavailablePercent: number }
  >;
  database: { multiAz: boolean; readReplicas: number };
  cache: { clusterMode: boolean; shards: number; replicasPerShard: number };
  queue: { deploymentMode: string };
}): Issue[] {
  const issues: Issue[] = [];
  const zones = env.network.zones;
  const { private: priv, data } = env.network.subnetPrefixLength;
  const p = privateAddressesPerZone(env.nodeGroups, zones);
  if (p.addresses > usable(priv)) {
    issues.push({
      path: ["network", "subnetPrefixLength", "private"],
      message:
        `a /${priv} private subnet holds ${usable(priv)} usable addresses, but at the node groups' maxSize (platform:nodeGroups) ` +
        `up to ${p.nodes} nodes per zone, each with a VPC address per pod, need ${p.addresses} (with ${SUBNET_HEADROOM * 100} % headroom); ` +
        `use /${prefixFor(p.addresses)} or a shorter prefix, or lower the maxima`,
    });
  }
  const d = dataAddressesPerZone(env, zones);
  if (d > usable(data)) {
    issues.push({
      path: ["network", "subnetPrefixLength", "data"],
      message:
        `a /${data} data subnet holds ${usable(data)} usable addresses, but the database instances, cache nodes and brokers ` +
        `(platform:database, platform:cache, platform:queue) need ${d} per zone with room to replace each; use /${prefixFor(d)} or a shorter prefix`,
    });
  }
  return issues;
}
