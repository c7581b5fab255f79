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

/** CloudWatch's period for YACE: RDS, ElastiCache, ALB, WAF and CloudFront all publish every minute. */
export const YACE_PERIOD_SECONDS = 60;

/**
 * CloudWatch metrics of the public endpoints in the environment's region: each ALB (per load
 * balancer only, see {@link buildYaceConfig}) and the web ACL on it. YACE spells the series
 * `aws_applicationelb_httpcode_elb_5_xx_count_sum`, `aws_applicationelb_target_response_time_p95`,
 * `aws_wafv2_blocked_requests_sum`.
 */
export const YACE_EDGE_METRICS: Readonly<
  Record<string, readonly { name: string; statistic: string }[]>
> = {
  "AWS/ApplicationELB": [
    { name: "RequestCount", statistic: "Sum" },
    { name: "HTTPCode_ELB_5XX_Count", statistic: "Sum" },
    { name: "HTTPCode_Target_5XX_Count", statistic: "Sum" },
    { name: "TargetResponseTime", statistic: "p95" },
  ],
  "AWS/WAFV2": [
    { name: "AllowedRequests", statistic: "Sum" },
    { name: "BlockedRequests", statistic: "Sum" },
  ],
};

/**
 * CloudWatch metrics of CloudFront, published in us-east-1 only (as are those of its
 * CLOUDFRONT-scope web ACLs, read by the WAF job there): `aws_cloudfront_requests_sum`,
 * `aws_cloudfront_5xx_error_rate_average`, `aws_cloudfront_total_error_rate_average`.
 */
export const YACE_CDN_METRICS: Readonly<
  Record<string, readonly { name: string; statistic: string }[]>
> = {
  "AWS/CloudFront": [
    { name: "Requests", statistic: "Sum" },
    { name: "5xxErrorRate", statistic: "Average" },
    { name: "TotalErrorRate", statistic: "Average" },
  ],
};

/** The region CloudFront publishes its metrics (and its web ACLs' metrics) in. */
export const CLOUDFRONT_METRICS_REGION = "us-east-1";

/**
 * The label YACE puts a resource tag under on every series of a job that exports it
 * (`exportedTagsOnMetrics`): `tag_` and the key with every character Prometheus does not allow
 * in a label name replaced by `_` (`platform.io/public-endpoint` -> `tag_platform_io_public_endpoint`).
 */
export function yaceTagLabel(key: string): string {
  return `tag_${key.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/** Input of {@link buildYaceConfig}. */
export interface YaceConfigInput {
  /** AWS region of the environment's data tier. */
  region: string;
  /**
   * Tag every platform resource carries, so YACE only discovers this environment's databases
   * and caches (YACE treats the value as a regex; it is anchored here).
   */
  tag: { key: string; value: string };
  /** CloudWatch period in seconds. @default {@link YACE_PERIOD_SECONDS} */
  periodSeconds?: number;
  /**
   * Public endpoints to read: their ALBs and web ACLs, and with `cdn` the CloudFront
   * distributions, whose series carry the `endpointTag` tag as a label (the distribution id is
   * known only once created). @default none (no edge jobs)
   */
  edge?: { cdn: boolean; endpointTag: string };
}

/**
 * The YACE configuration file (apiVersion v1alpha1) that produces the series the rules and
 * dashboards use. YACE's default camel-case labels are kept, giving `dimension_DBInstanceIdentifier`
 * and `dimension_CacheClusterId`; do not pass `-labels-snake-case`.
 */
export function buildYaceConfig(input: YaceConfigInput): Record<string, unknown> {
  const period = input.periodSeconds ?? YACE_PERIOD_SECONDS;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(input.region))
    throw new Error(`region "${input.region}" is not an AWS region name like eu-west-1`);
  if (!Number.isInteger(period) || period < 60)
    throw new Error(`periodSeconds ${period} must be a whole number of at least 60`);
  const escaped = input.tag.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const job = (
    type: string,
    metrics: readonly { name: string; statistic: string }[],
    regions: string[],
    dimensionNameRequirements?: string[],
  ) => ({
    type,
    regions,
    searchTags: [{ key: input.tag.key, value: `^${escaped}$` }],
    ...(dimensionNameRequirements ? { dimensionNameRequirements } : {}),
    period,
    // Five periods back, so one late CloudWatch datapoint does not leave a gap.
    length: period * 5,
    metrics: metrics.map((m) => ({ name: m.name, statistics: [m.statistic] })),
  });
  const jobs = Object.entries(YACE_METRICS).map(([type, metrics]) =>
    job(type, metrics, [input.region]),
  );
  const edge = input.edge;
  if (edge) {
    // Per load balancer only: without this YACE also exports the per-zone and per-target-group
    // series, and a sum over them would count every request several times.
    jobs.push(
      job(
        "AWS/ApplicationELB",
        YACE_EDGE_METRICS["AWS/ApplicationELB"],
        [input.region],
        ["LoadBalancer"],
      ),
    );
    const wafRegions = edge.cdn ? [input.region, CLOUDFRONT_METRICS_REGION] : [input.region];
    jobs.push(job("AWS/WAFV2", YACE_EDGE_METRICS["AWS/WAFV2"], [...new Set(wafRegions)]));
    if (edge.cdn)
      jobs.push(
        job("AWS/CloudFront", YACE_CDN_METRICS["AWS/CloudFront"], [CLOUDFRONT_METRICS_REGION]),
      );
  }
  return {
    apiVersion: "v1alpha1",
    "sts-region": input.region,
    discovery: {
      ...(edge?.cdn ? { exportedTagsOnMetrics: { "AWS/CloudFront": [edge.endpointTag] } } : {}),
      jobs,
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
