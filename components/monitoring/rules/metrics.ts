/**
 * The metric names this platform's exporters really publish, grouped by the exporter that
 * publishes them. Custom alert rules are checked against this list so a typo (or a metric from
 * an exporter the platform does not run) fails at preview time instead of yielding an alert
 * that can never fire. Names come from each exporter's own documentation or source:
 * node-exporter, kube-state-metrics v2, kubelet/cAdvisor, prometheus-community
 * pgbouncer_exporter, the KEDA operator, YACE (CloudWatch, `aws_<namespace>_<metric>_<stat>`),
 * the services' own HTTP middleware, and kube-prometheus-stack's recording rules.
 */
export const KNOWN_METRICS: Readonly<Record<string, readonly string[]>> = {
  "node-exporter": [
    "node_cpu_seconds_total",
    "node_load1",
    "node_load5",
    "node_load15",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemTotal_bytes",
    "node_memory_MemFree_bytes",
    "node_memory_Buffers_bytes",
    "node_memory_Cached_bytes",
    "node_filesystem_avail_bytes",
    "node_filesystem_size_bytes",
    "node_filesystem_free_bytes",
    "node_filesystem_files_free",
    "node_filesystem_files",
    "node_filesystem_readonly",
    "node_disk_io_time_seconds_total",
    "node_disk_read_bytes_total",
    "node_disk_written_bytes_total",
    "node_network_receive_bytes_total",
    "node_network_transmit_bytes_total",
    "node_network_receive_errs_total",
    "node_network_transmit_errs_total",
    "node_vmstat_oom_kill",
    "node_boot_time_seconds",
    "node_time_seconds",
  ],
  "kube-state-metrics": [
    "kube_horizontalpodautoscaler_status_current_replicas",
    "kube_horizontalpodautoscaler_status_desired_replicas",
    "kube_horizontalpodautoscaler_spec_max_replicas",
    "kube_horizontalpodautoscaler_spec_min_replicas",
    "kube_horizontalpodautoscaler_status_condition",
    "kube_deployment_spec_replicas",
    "kube_deployment_status_replicas",
    "kube_deployment_status_replicas_available",
    "kube_deployment_status_replicas_unavailable",
    "kube_poddisruptionbudget_status_current_healthy",
    "kube_poddisruptionbudget_status_desired_healthy",
    "kube_poddisruptionbudget_status_pod_disruptions_allowed",
    "kube_pod_status_phase",
    "kube_pod_status_ready",
    "kube_pod_container_status_restarts_total",
    "kube_pod_container_status_waiting_reason",
    "kube_pod_container_resource_requests",
    "kube_pod_container_resource_limits",
    "kube_node_labels",
    "kube_node_info",
    "kube_node_status_condition",
    "kube_node_status_allocatable",
    "kube_node_status_capacity",
    "kube_node_spec_unschedulable",
    "kube_job_status_failed",
    "kube_persistentvolumeclaim_status_phase",
  ],
  "kubelet / cAdvisor": [
    "container_cpu_usage_seconds_total",
    "container_cpu_cfs_throttled_periods_total",
    "container_cpu_cfs_periods_total",
    "container_memory_working_set_bytes",
    "container_memory_rss",
    "container_oom_events_total",
    "kubelet_volume_stats_available_bytes",
    "kubelet_volume_stats_capacity_bytes",
  ],
  "pgbouncer_exporter (prometheus-community)": [
    "pgbouncer_up",
    "pgbouncer_pools_client_active_connections",
    "pgbouncer_pools_client_waiting_connections",
    "pgbouncer_pools_client_maxwait_seconds",
    "pgbouncer_pools_server_active_connections",
    "pgbouncer_pools_server_idle_connections",
    "pgbouncer_pools_server_used_connections",
    "pgbouncer_pools_server_login_connections",
    "pgbouncer_config_max_client_connections",
    "pgbouncer_config_max_user_connections",
    "pgbouncer_stats_queries_pooled_total",
    "pgbouncer_stats_queries_duration_seconds_total",
    "pgbouncer_stats_client_wait_seconds_total",
    "pgbouncer_stats_sql_transactions_pooled_total",
  ],
  "KEDA operator": [
    "keda_scaler_metrics_value",
    "keda_scaler_active",
    "keda_scaler_metrics_latency_seconds",
    "keda_scaler_detail_errors_total",
    "keda_scaled_object_errors_total",
    "keda_scaled_object_paused",
  ],
  "YACE (CloudWatch: AWS/RDS, AWS/ElastiCache, AWS/AmazonMQ)": [
    "aws_rds_replica_lag_average",
    "aws_rds_replica_lag_maximum",
    "aws_rds_cpuutilization_average",
    "aws_rds_database_connections_average",
    "aws_rds_free_storage_space_average",
    "aws_rds_freeable_memory_average",
    "aws_elasticache_cache_hits_sum",
    "aws_elasticache_cache_misses_sum",
    "aws_elasticache_evictions_sum",
    "aws_elasticache_engine_cpuutilization_average",
    "aws_elasticache_database_memory_usage_percentage_average",
    "aws_amazonmq_message_count_average",
  ],
  "YACE (CloudWatch: AWS/ApplicationELB, AWS/WAFV2, AWS/CloudFront)": [
    "aws_applicationelb_request_count_sum",
    "aws_applicationelb_httpcode_elb_5_xx_count_sum",
    "aws_applicationelb_httpcode_target_5_xx_count_sum",
    "aws_applicationelb_target_response_time_p95",
    "aws_wafv2_allowed_requests_sum",
    "aws_wafv2_blocked_requests_sum",
    "aws_cloudfront_requests_sum",
    "aws_cloudfront_5xx_error_rate_average",
    "aws_cloudfront_total_error_rate_average",
  ],
  "service HTTP middleware": [
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "http_request_duration_seconds_sum",
    "http_request_duration_seconds_count",
  ],
  "Prometheus itself": ["up", "scrape_duration_seconds", "ALERTS", "ALERTS_FOR_STATE"],
  "kube-prometheus-stack recording rules": [
    "instance:node_cpu_utilisation:rate5m",
    "instance:node_memory_utilisation:ratio",
    "node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate",
    "node_namespace_pod_container:container_memory_working_set_bytes",
    "namespace_cpu:kube_pod_container_resource_requests:sum",
    "namespace_memory:kube_pod_container_resource_requests:sum",
  ],
};

const ALL_KNOWN = new Set(Object.values(KNOWN_METRICS).flat());

/** True when `name` is published by one of the platform's exporters (or listed in `extra`). */
export function isKnownMetric(name: string, extra: readonly string[] = []): boolean {
  return ALL_KNOWN.has(name) || extra.includes(name);
}

/** The names of the exporters above, for error messages that say where names come from. */
export function knownExporters(): string[] {
  return Object.keys(KNOWN_METRICS);
}
