/**
 * The platform's alerts as data. Each planned alert carries its threshold, its `for` period,
 * the labels it keeps and its wording as functions of "how to show a label / the value", so the
 * same definition renders Prometheus templates for the rule file and concrete text for the
 * promtool tests that check what Prometheus renders.
 *
 * Metric sources (see `metrics.ts` for the full catalogue):
 * - node-exporter: `node_cpu_seconds_total`, `node_memory_MemAvailable_bytes` / `MemTotal`,
 *   `node_filesystem_avail_bytes` / `size_bytes`.
 * - kube-state-metrics: `kube_horizontalpodautoscaler_status_current_replicas`,
 *   `..._spec_max_replicas`, `..._spec_min_replicas` (HPAs made by KEDA are covered too).
 * - Replication lag: postgres_exporter's `pg_replication_lag_seconds{db_instance}` on each replica
 *   (0 when it has replayed all it received, else the age of the last replayed transaction).
 *   Chosen over CloudWatch `ReplicaLag` through YACE because the 100 ms warning needs a figure read
 *   every scrape (30 s) rather than a one-minute average that YACE fetches minutes late; the
 *   CloudWatch alarm stays as the backstop at the critical level, reaching SNS with the cluster down.
 * - Slow queries: postgres_exporter's `pg_stat_activity_max_tx_duration{state="active"}`, the age
 *   of the oldest transaction of a client backend that is running a statement now.
 * - Queue depth: the KEDA operator's `keda_scaler_metrics_value{scaledObject, metric="sN-rabbitmq-<queue>"}`.
 *   Chosen over CloudWatch's AmazonMQ `MessageCount` because it is the exact number the
 *   autoscaler acts on, refreshed every polling interval (30 s) rather than per CloudWatch period.
 * - PgBouncer: prometheus-community pgbouncer_exporter, `pgbouncer_pools_client_active_connections`
 *   + `..._client_waiting_connections` against `pgbouncer_config_max_client_connections`; pool use
 *   is `pgbouncer_pools_server_active_connections` + `..._client_waiting_connections` per pool
 *   against its database's `pgbouncer_databases_pool_size`.
 * - Services: `http_requests_total{code}` and `http_request_duration_seconds_bucket`, scraped by a
 *   ServiceMonitor, which labels every series with `namespace` and `service`.
 */
import type { AlertingConfig, Severity } from "./schema";
import { parsePromDuration } from "./promql";
import { type MonitoringTargets, scaledObjectOf, workerCapacity } from "./targets";

/** Rate window for counters; with the stack's 30 s scrape interval it spans 10 samples. */
export const RATE_WINDOW = "5m";

/** Filesystems that are not real disks and would only add noise. */
const PSEUDO_FS = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs|fuse.lxcfs",fstype!=""';

/** Which built-in alert a planned alert is. */
export type AlertKind =
  | "nodeCpu"
  | "nodeMemory"
  | "nodeDisk"
  | "replicationLag"
  | "httpErrorRate"
  | "httpLatencyP95"
  | "hpaAtMax"
  | "dbConnections"
  | "slowQueries"
  | "poolUse"
  | "queueDepth";

/** How an alert's wording shows a label of the firing series and the current value. */
export interface TemplateValues {
  /** Text standing for the value of label `name`. */
  label(name: string): string;
  /** Text standing for the current value, formatted with the alert's decimals. */
  value: string;
}

/** One alert rule before rendering. */
export interface PlannedAlert {
  kind: AlertKind;
  /** Rule group it belongs to. */
  group: string;
  /** Alert name; tiers of the same check share it so critical can inhibit warning. */
  alert: string;
  severity: Severity;
  /** Level at which it fires, in `unit`; for `hpaAtMax` it is 100 (% of max replicas). */
  threshold: number;
  /** How the value is compared with the threshold. */
  comparison: ">" | ">=";
  /** Unit of the threshold, for wording and dashboards. */
  unit: string;
  /** Prometheus `for` period and the same in seconds. */
  for: string;
  forSeconds: number;
  expr: string;
  /** Labels naming the target, set by the rule (e.g. namespace and service). */
  targetLabels: Readonly<Record<string, string>>;
  /** Labels the expression keeps from the series (e.g. instance), in a fixed set. */
  seriesLabels: readonly string[];
  /** Decimals shown for the value in annotations. */
  valueDecimals: number;
  summary(t: TemplateValues): string;
  description(t: TemplateValues): string;
  runbookUrl: string;
}

/** `NodeCpuHigh` -> `node-cpu-high`, the runbook page name. */
export function runbookSlug(alert: string): string {
  return alert
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/** `<base>/<slug>` with exactly one slash between them. */
export function runbookUrl(base: string, alert: string): string {
  return `${base.replace(/\/+$/, "")}/${runbookSlug(alert)}`;
}

function sel(labels: Record<string, string>, extra = ""): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  if (extra) parts.push(extra);
  return `{${parts.join(",")}}`;
}

/** An alert as a group's planner makes it; `planAlerts` adds the derived fields. */
type AlertPlan = Omit<PlannedAlert, "forSeconds" | "runbookUrl">;
type Thresholds = AlertingConfig["thresholds"];

/**
 * Plans every built-in alert for the environment from validated config and targets. Pure: the
 * same input always gives the same list, in a stable order: nodes, autoscaling, data tier,
 * services.
 */
export function planAlerts(targets: MonitoringTargets, config: AlertingConfig): PlannedAlert[] {
  const t = config.thresholds;
  const env = targets.environment;
  return [
    ...nodeAlerts(env, t),
    ...autoscalingAlerts(targets, t),
    ...dataTierAlerts(env, t),
    ...serviceAlerts(targets, t),
  ].map((a) => ({
    ...a,
    forSeconds: parsePromDuration(a.for) ?? 0,
    runbookUrl: runbookUrl(config.runbookBaseUrl, a.alert),
  }));
}

/** CPU (warning and critical), memory and disk of every node (node-exporter). */
function nodeAlerts(env: string, t: Thresholds): AlertPlan[] {
  const out: AlertPlan[] = [];
  const cpuExpr =
    `100 * (1 - sum by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${RATE_WINDOW}]))` +
    ` / sum by (instance) (rate(node_cpu_seconds_total[${RATE_WINDOW}])))`;
  for (const [severity, threshold] of [
    ["warning", t.nodeCpu.warningPercent],
    ["critical", t.nodeCpu.criticalPercent],
  ] as const) {
    out.push({
      kind: "nodeCpu",
      group: "platform.nodes",
      alert: "NodeCpuHigh",
      severity,
      threshold,
      comparison: ">",
      unit: "%",
      for: t.nodeCpu.for,
      expr: `${cpuExpr} > ${threshold}`,
      targetLabels: {},
      seriesLabels: ["instance"],
      valueDecimals: 1,
      summary: (v) => `CPU on ${v.label("instance")} at ${v.value}%`,
      description: (v) =>
        `Node ${v.label("instance")} in ${env} has used more than ${threshold}% CPU for ${t.nodeCpu.for} (now ${v.value}%).`,
    });
  }
  out.push({
    kind: "nodeMemory",
    group: "platform.nodes",
    alert: "NodeMemoryHigh",
    severity: "warning",
    threshold: t.nodeMemory.warningPercent,
    comparison: ">",
    unit: "%",
    for: t.nodeMemory.for,
    expr:
      "100 * (1 - sum by (instance) (node_memory_MemAvailable_bytes) / sum by (instance) (node_memory_MemTotal_bytes))" +
      ` > ${t.nodeMemory.warningPercent}`,
    targetLabels: {},
    seriesLabels: ["instance"],
    valueDecimals: 1,
    summary: (v) => `Memory on ${v.label("instance")} at ${v.value}%`,
    description: (v) =>
      `Node ${v.label("instance")} in ${env} has had more than ${t.nodeMemory.warningPercent}% of its memory in use for ` +
      `${t.nodeMemory.for} (now ${v.value}%); pods may be OOM-killed or evicted.`,
  });
  out.push({
    kind: "nodeDisk",
    group: "platform.nodes",
    alert: "NodeDiskUsageHigh",
    severity: "warning",
    threshold: t.nodeDisk.warningPercent,
    comparison: ">",
    unit: "%",
    for: t.nodeDisk.for,
    expr:
      `100 * (1 - sum by (instance, mountpoint) (node_filesystem_avail_bytes{${PSEUDO_FS}})` +
      ` / sum by (instance, mountpoint) (node_filesystem_size_bytes{${PSEUDO_FS}})) > ${t.nodeDisk.warningPercent}`,
    targetLabels: {},
    seriesLabels: ["instance", "mountpoint"],
    valueDecimals: 1,
    summary: (v) => `Disk ${v.label("mountpoint")} on ${v.label("instance")} at ${v.value}%`,
    description: (v) =>
      `Filesystem ${v.label("mountpoint")} on ${v.label("instance")} in ${env} has been more than ` +
      `${t.nodeDisk.warningPercent}% full for ${t.nodeDisk.for} (now ${v.value}%).`,
  });

  return out;
}

/** HPAs at their maximum, and queues deeper than their workers can take at full scale. */
function autoscalingAlerts(targets: MonitoringTargets, t: Thresholds): AlertPlan[] {
  const env = targets.environment;
  const out: AlertPlan[] = [];
  out.push({
    kind: "hpaAtMax",
    group: "platform.autoscaling",
    alert: "HpaAtMaxReplicas",
    severity: "warning",
    threshold: 100,
    comparison: ">=",
    unit: "% of max replicas",
    for: t.hpaAtMax.for,
    // Fixed-size HPAs (min = max) are always "at max"; the second clause leaves them out.
    expr:
      "(max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas)" +
      " >= on (namespace, horizontalpodautoscaler) max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas))" +
      " and on (namespace, horizontalpodautoscaler)" +
      " (max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas)" +
      " > on (namespace, horizontalpodautoscaler) max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_min_replicas))",
    targetLabels: {},
    seriesLabels: ["namespace", "horizontalpodautoscaler"],
    valueDecimals: 0,
    summary: (v) =>
      `HPA ${v.label("namespace")}/${v.label("horizontalpodautoscaler")} at its maximum of ${v.value} replicas`,
    description: (v) =>
      `HPA ${v.label("namespace")}/${v.label("horizontalpodautoscaler")} in ${env} has been at its maximum (${v.value} replicas) ` +
      `for ${t.hpaAtMax.for}; more load will not be absorbed. Raise the maximum or check node capacity.`,
  });
  for (const w of targets.workers) {
    const capacity = workerCapacity(w);
    out.push({
      kind: "queueDepth",
      group: "platform.autoscaling",
      alert: "QueueDepthAboveWorkerCapacity",
      severity: "warning",
      threshold: capacity,
      comparison: ">",
      unit: "messages",
      for: t.queueDepth.for,
      expr: `max(keda_scaler_metrics_value${sel({ scaledObject: scaledObjectOf(w) }, 'metric=~"s[0-9]+-rabbitmq-.*"')}) > ${capacity}`,
      targetLabels: { namespace: w.namespace, worker: w.name, queue: w.queue },
      seriesLabels: [],
      valueDecimals: 0,
      summary: (v) =>
        `Queue ${v.label("queue")} holds ${v.value} messages, more than ${w.name} can take`,
      description: (v) =>
        `Queue ${v.label("queue")} in ${env} has held more than ${capacity} messages (${w.messagesPerPod} per pod x ` +
        `${w.maxReplicas} max workers) for ${t.queueDepth.for} (now ${v.value}); ${v.label("namespace")}/${v.label("worker")} ` +
        "cannot catch up even at full scale.",
    });
  }

  return out;
}

/** Replica lag and slow statements (postgres_exporter), PgBouncer's clients and pool use. */
function dataTierAlerts(env: string, t: Thresholds): AlertPlan[] {
  const out: AlertPlan[] = [];
  const lag = t.replicationLag;
  for (const [severity, threshold] of [
    ["warning", lag.warningMs],
    ["critical", lag.criticalMs],
  ] as const) {
    out.push({
      kind: "replicationLag",
      group: "platform.data-tier",
      alert: "PostgresReplicaLagHigh",
      severity,
      threshold,
      comparison: ">",
      unit: "ms",
      for: lag.for,
      expr: `1000 * max by (db_instance) (pg_replication_lag_seconds) > ${threshold}`,
      targetLabels: {},
      seriesLabels: ["db_instance"],
      valueDecimals: 0,
      summary: (v) => `Replica ${v.label("db_instance")} is ${v.value} ms behind`,
      description: (v) =>
        `Read replica ${v.label("db_instance")} in ${env} has lagged the primary by more than ` +
        `${threshold} ms for ${lag.for} (now ${v.value} ms); reads from it are stale.`,
    });
  }
  const slow = t.slowQueries;
  out.push({
    kind: "slowQueries",
    group: "platform.data-tier",
    alert: "PostgresSlowQueries",
    severity: "warning",
    threshold: slow.warningSeconds,
    comparison: ">",
    unit: "s",
    for: slow.for,
    // Client sessions only: autovacuum and RDS's own (rdsadmin) work are not the application's queries.
    expr:
      'max by (db_instance) (pg_stat_activity_max_tx_duration{state="active",backend_type="client backend",usename!="rdsadmin"})' +
      ` > ${slow.warningSeconds}`,
    targetLabels: {},
    seriesLabels: ["db_instance"],
    valueDecimals: 1,
    summary: (v) => `A statement on ${v.label("db_instance")} has run for ${v.value} s`,
    description: (v) =>
      `PostgreSQL ${v.label("db_instance")} in ${env} has kept running statements older than ${slow.warningSeconds} s ` +
      `for ${slow.for} (oldest now ${v.value} s); look at pg_stat_activity and the slow-query log.`,
  });
  out.push({
    kind: "dbConnections",
    group: "platform.data-tier",
    alert: "PgbouncerConnectionsNearLimit",
    severity: "warning",
    threshold: t.dbConnections.warningPercent,
    comparison: ">",
    unit: "%",
    for: t.dbConnections.for,
    expr:
      "100 * (sum by (namespace, pod) (pgbouncer_pools_client_active_connections)" +
      " + on (namespace, pod) sum by (namespace, pod) (pgbouncer_pools_client_waiting_connections))" +
      " / on (namespace, pod) max by (namespace, pod) (pgbouncer_config_max_client_connections)" +
      ` > ${t.dbConnections.warningPercent}`,
    targetLabels: {},
    seriesLabels: ["namespace", "pod"],
    valueDecimals: 1,
    summary: (v) => `PgBouncer ${v.label("pod")} at ${v.value}% of max_client_conn`,
    description: (v) =>
      `PgBouncer ${v.label("namespace")}/${v.label("pod")} in ${env} has used more than ${t.dbConnections.warningPercent}% ` +
      `of max_client_conn for ${t.dbConnections.for} (now ${v.value}%); new clients will soon be refused.`,
  });
  const pool = t.poolUse;
  // Per pool (database alias and user): server connections serving clients plus clients queued
  // for one, against the alias's pool_size. The admin console's `pgbouncer` pool is no pool.
  const poolKey = "namespace, pod, database, user";
  out.push({
    kind: "poolUse",
    group: "platform.data-tier",
    alert: "PgbouncerPoolUseHigh",
    severity: "warning",
    threshold: pool.warningPercent,
    comparison: ">",
    unit: "%",
    for: pool.for,
    expr:
      `100 * (sum by (${poolKey}) (pgbouncer_pools_server_active_connections{database!="pgbouncer"})` +
      ` + on (${poolKey}) sum by (${poolKey}) (pgbouncer_pools_client_waiting_connections{database!="pgbouncer"}))` +
      " / on (namespace, pod, database) group_left max by (namespace, pod, database)" +
      ' (label_replace(pgbouncer_databases_pool_size{name!="pgbouncer"}, "database", "$1", "name", "(.+)"))' +
      ` > ${pool.warningPercent}`,
    targetLabels: {},
    seriesLabels: ["namespace", "pod", "database", "user"],
    valueDecimals: 1,
    summary: (v) => `PgBouncer pool ${v.label("database")} on ${v.label("pod")} at ${v.value}%`,
    description: (v) =>
      `PgBouncer pool ${v.label("database")}/${v.label("user")} on ${v.label("namespace")}/${v.label("pod")} in ${env} ` +
      `has used more than ${pool.warningPercent}% of its pool_size for ${pool.for} (now ${v.value}%, waiting clients included); ` +
      "raise default_pool_size within the database's max_connections, or add PgBouncer pods.",
  });

  return out;
}

/** Per service: the 5xx rate and the P95 latency against its objective. */
function serviceAlerts(targets: MonitoringTargets, t: Thresholds): AlertPlan[] {
  const env = targets.environment;
  const out: AlertPlan[] = [];
  for (const s of targets.services) {
    const target = { namespace: s.namespace, service: s.name };
    const errRate = t.httpErrorRate.criticalPercent;
    out.push({
      kind: "httpErrorRate",
      group: "platform.services",
      alert: "HttpErrorRateHigh",
      severity: "critical",
      threshold: errRate,
      comparison: ">",
      unit: "%",
      for: t.httpErrorRate.for,
      expr:
        `100 * sum(rate(http_requests_total${sel(target, 'code=~"5.."')}[${RATE_WINDOW}]))` +
        ` / sum(rate(http_requests_total${sel(target)}[${RATE_WINDOW}])) > ${errRate}`,
      targetLabels: target,
      seriesLabels: [],
      valueDecimals: 2,
      summary: (v) => `${v.label("service")} answers ${v.value}% of requests with 5xx`,
      description: (v) =>
        `Service ${v.label("namespace")}/${v.label("service")} in ${env} has answered more than ${errRate}% of requests ` +
        `with a 5xx status for ${t.httpErrorRate.for} (now ${v.value}%).`,
    });
    out.push({
      kind: "httpLatencyP95",
      group: "platform.services",
      alert: "HttpLatencyP95AboveObjective",
      severity: "warning",
      threshold: s.latencyObjectiveMs,
      comparison: ">",
      unit: "ms",
      for: t.httpLatency.for,
      expr:
        `1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${sel(target)}[${RATE_WINDOW}])))` +
        ` > ${s.latencyObjectiveMs}`,
      targetLabels: target,
      seriesLabels: [],
      valueDecimals: 0,
      summary: (v) =>
        `${v.label("service")} P95 latency ${v.value} ms, objective ${s.latencyObjectiveMs} ms`,
      description: (v) =>
        `Service ${v.label("namespace")}/${v.label("service")} in ${env} has had a P95 latency above its objective of ` +
        `${s.latencyObjectiveMs} ms for ${t.httpLatency.for} (now ${v.value} ms).`,
    });
  }
  return out;
}
