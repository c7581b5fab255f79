/**
 * What the exporters must be told so the series the rules and dashboards read exist. One home
 * for these facts: the lead's Helm values for YACE and kube-state-metrics come from here.
 */

/**
 * CloudWatch metrics read through YACE, per namespace, with the statistic that names the
 * Prometheus series (`aws_rds_replica_lag_average`, `aws_elasticache_cache_hits_sum`, ...).
 */
export const YACE_METRICS: Readonly<
  Record<string, readonly { name: string; statistic: string }[]>
> = {
  "AWS/RDS": [
    { name: "ReplicaLag", statistic: "Average" },
    { name: "CPUUtilization", statistic: "Average" },
    { name: "DatabaseConnections", statistic: "Average" },
    { name: "FreeStorageSpace", statistic: "Average" },
  ],
  "AWS/ElastiCache": [
    { name: "CacheHits", statistic: "Sum" },
    { name: "CacheMisses", statistic: "Sum" },
    { name: "Evictions", statistic: "Sum" },
    { name: "EngineCPUUtilization", statistic: "Average" },
    { name: "DatabaseMemoryUsagePercentage", statistic: "Average" },
  ],
};

/** Input of {@link buildYaceConfig}. */
export interface YaceConfigInput {
  /** AWS region of the environment's data tier. */
  region: string;
  /**
   * Tag every platform resource carries, so YACE only discovers this environment's databases
   * and caches (YACE treats the value as a regex; it is anchored here).
   */
  tag: { key: string; value: string };
  /** CloudWatch period in seconds. @default 60 (RDS and ElastiCache publish every minute) */
  periodSeconds?: number;
}

/**
 * The YACE configuration file (apiVersion v1alpha1) that produces the series the rules and
 * dashboards use. YACE's default camel-case labels are kept, giving `dimension_DBInstanceIdentifier`
 * and `dimension_CacheClusterId`; do not pass `-labels-snake-case`.
 */
export function buildYaceConfig(input: YaceConfigInput): Record<string, unknown> {
  const period = input.periodSeconds ?? 60;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(input.region))
    throw new Error(`region "${input.region}" is not an AWS region name like eu-west-1`);
  if (!Number.isInteger(period) || period < 60)
    throw new Error(`periodSeconds ${period} must be a whole number of at least 60`);
  const escaped = input.tag.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    apiVersion: "v1alpha1",
    "sts-region": input.region,
    discovery: {
      jobs: Object.entries(YACE_METRICS).map(([type, metrics]) => ({
        type,
        regions: [input.region],
        searchTags: [{ key: input.tag.key, value: `^${escaped}$` }],
        period,
        // Five periods back, so one late CloudWatch datapoint does not leave a gap.
        length: period * 5,
        metrics: metrics.map((m) => ({ name: m.name, statistics: [m.statistic] })),
      })),
    },
  };
}

/**
 * Node label carrying the EKS capacity type, as kube-state-metrics v2 exposes it on
 * `kube_node_labels` (label keys sanitised and turned to snake case, prefixed `label_`).
 */
export const NODE_CAPACITY_TYPE_LABEL = "label_eks_amazonaws_com_capacity_type";

/**
 * kube-state-metrics `--metric-labels-allowlist` entries the dashboards need: without them
 * `kube_node_labels` carries no node labels at all.
 */
export const KSM_METRIC_LABELS_ALLOWLIST: readonly string[] = [
  "nodes=[eks.amazonaws.com/capacityType,node.kubernetes.io/instance-type,topology.kubernetes.io/zone]",
];
