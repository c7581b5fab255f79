/**
 * CloudWatch alarms for the data tier as data. Generic over the identifier type so the program
 * passes Pulumi outputs and tests pass strings. Every alarm samples once a minute and fires when
 * all of the last N minutes breach, N being the matching Prometheus rule's `for` period, so the
 * two alert paths agree on what "sustained" means.
 */
import { type AlertingConfig, parsePromDuration } from "../rules";

/** One alarm before it becomes a `aws.cloudwatch.MetricAlarm`. */
export interface AlarmSpec<I = string> {
  /** Resource role, unique per environment, e.g. `rds-primary-cpu-critical`. */
  role: string;
  namespace: "AWS/RDS" | "AWS/ElastiCache" | "AWS/AmazonMQ";
  metricName: string;
  statistic: "Average" | "Sum" | "Maximum";
  /** CloudWatch dimensions; identifiers of this environment's resources, or fixed names. */
  dimensions: Record<string, I | string>;
  comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  threshold: number;
  /** Minutes that must all breach. */
  evaluationPeriods: number;
  severity: "critical" | "warning";
  description: string;
}

/** Levels of the alarms, resolved from `platform:monitoring` (alerting thresholds and `alarms`). */
export interface AlarmThresholds {
  cpuWarningPercent: number;
  cpuCriticalPercent: number;
  cpuForSeconds: number;
  memoryPercent: number;
  memoryForSeconds: number;
  replicaLagMs: number;
  replicaLagForSeconds: number;
  freeStoragePercent: number;
  connectionsPercent: number;
  connectionsForSeconds: number;
  evictionsPerMinute: number;
  queueForSeconds: number;
}

/** Alarm levels with no Prometheus counterpart (`platform:monitoring.alarms`). */
export interface AlarmSettings {
  freeStoragePercent: number;
  connectionsPercent: number;
  cacheEvictionsPerMinute: number;
}

/** CloudWatch alarm levels: the Prometheus rule's threshold and `for` where one exists, `alarms` otherwise. */
export function alarmThresholds(alerting: AlertingConfig, alarms: AlarmSettings): AlarmThresholds {
  const t = alerting.thresholds;
  const s = (d: string) => parsePromDuration(d) ?? 0;
  return {
    cpuWarningPercent: t.nodeCpu.warningPercent,
    cpuCriticalPercent: t.nodeCpu.criticalPercent,
    cpuForSeconds: s(t.nodeCpu.for),
    memoryPercent: t.nodeMemory.warningPercent,
    memoryForSeconds: s(t.nodeMemory.for),
    // The backstop for when the in-cluster path is down pages at the critical level only.
    replicaLagMs: t.replicationLag.criticalMs,
    replicaLagForSeconds: s(t.replicationLag.for),
    freeStoragePercent: alarms.freeStoragePercent,
    connectionsPercent: alarms.connectionsPercent,
    connectionsForSeconds: s(t.dbConnections.for),
    evictionsPerMinute: alarms.cacheEvictionsPerMinute,
    queueForSeconds: s(t.queueDepth.for),
  };
}

/** Data-tier resources to watch; each part is optional so an environment without it gets no alarms. */
export interface DataTierAlarmInput<I = string> {
  database?: {
    primary: I;
    replicas: I[];
    /** Allocated (floor) storage in GiB; the free-storage alarm is a share of it. */
    allocatedStorageGiB: number;
    /** The primary's max_connections (see `rdsMaxConnections`). */
    maxConnections: number;
    /** The replicas' max_connections, when their class differs. @default maxConnections */
    replicaMaxConnections?: number;
  };
  /** Cache node (CacheClusterId) identifiers; host metrics are published per node. */
  cache?: { nodes: I[] };
  queue?: { broker: I; queues: { name: string; depthThreshold: number }[] };
  thresholds: AlarmThresholds;
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Every alarm for the input, in a stable order. */
export function planDataTierAlarms<I>(input: DataTierAlarmInput<I>): AlarmSpec<I>[] {
  const t = input.thresholds;
  const out: AlarmSpec<I>[] = [];
  const db = input.database;
  if (db) {
    const instances: [string, I, boolean][] = [
      ["primary", db.primary, false],
      ...db.replicas.map((id, i): [string, I, boolean] => [`replica-${i + 1}`, id, true]),
    ];
    const freeBytes = Math.round(db.allocatedStorageGiB * 2 ** 30 * (t.freeStoragePercent / 100));
    for (const [which, id, replica] of instances) {
      const limit = replica ? (db.replicaMaxConnections ?? db.maxConnections) : db.maxConnections;
      const connections = Math.floor(limit * (t.connectionsPercent / 100));
      const dims = { DBInstanceIdentifier: id };
      for (const [severity, level] of [
        ["warning", t.cpuWarningPercent],
        ["critical", t.cpuCriticalPercent],
      ] as const) {
        out.push({
          role: `rds-${which}-cpu-${severity}`,
          namespace: "AWS/RDS",
          metricName: "CPUUtilization",
          statistic: "Average",
          dimensions: dims,
          comparisonOperator: "GreaterThanThreshold",
          threshold: level,
          evaluationPeriods: minutes(t.cpuForSeconds),
          severity,
          description: `RDS ${which} CPU above ${level}% for ${minutes(t.cpuForSeconds)} min`,
        });
      }
      out.push({
        role: `rds-${which}-free-storage`,
        namespace: "AWS/RDS",
        metricName: "FreeStorageSpace",
        statistic: "Average",
        dimensions: dims,
        comparisonOperator: "LessThanThreshold",
        threshold: freeBytes,
        evaluationPeriods: 5,
        severity: "warning",
        description: `RDS ${which} free storage below ${t.freeStoragePercent}% of the allocated ${db.allocatedStorageGiB} GiB (${freeBytes} bytes)`,
      });
      out.push({
        role: `rds-${which}-connections`,
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        dimensions: dims,
        comparisonOperator: "GreaterThanThreshold",
        threshold: connections,
        evaluationPeriods: minutes(t.connectionsForSeconds),
        severity: "warning",
        description: `RDS ${which} connections above ${t.connectionsPercent}% of max_connections ${limit} (${connections})`,
      });
      if (replica) {
        out.push({
          role: `rds-${which}-replica-lag`,
          namespace: "AWS/RDS",
          metricName: "ReplicaLag",
          statistic: "Average",
          dimensions: dims,
          comparisonOperator: "GreaterThanThreshold",
          threshold: t.replicaLagMs / 1000,
          evaluationPeriods: minutes(t.replicaLagForSeconds),
          severity: "critical",
          description: `RDS ${which} replica lag above ${t.replicaLagMs / 1000} s`,
        });
      }
    }
  }
  (input.cache?.nodes ?? []).forEach((id, i) => {
    const dims = { CacheClusterId: id };
    const node = `cache-node-${i + 1}`;
    out.push(
      {
        role: `${node}-engine-cpu`,
        namespace: "AWS/ElastiCache",
        metricName: "EngineCPUUtilization",
        statistic: "Average",
        dimensions: dims,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.cpuWarningPercent,
        evaluationPeriods: minutes(t.cpuForSeconds),
        severity: "warning",
        description: `Redis node ${i + 1} engine CPU above ${t.cpuWarningPercent}% (Redis runs commands on one core)`,
      },
      {
        role: `${node}-memory`,
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        statistic: "Average",
        dimensions: dims,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.memoryPercent,
        evaluationPeriods: minutes(t.memoryForSeconds),
        severity: "warning",
        description: `Redis node ${i + 1} memory above ${t.memoryPercent}% of maxmemory`,
      },
      {
        role: `${node}-evictions`,
        namespace: "AWS/ElastiCache",
        metricName: "Evictions",
        statistic: "Sum",
        dimensions: dims,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.evictionsPerMinute,
        evaluationPeriods: 5,
        severity: "warning",
        description: `Redis node ${i + 1} evicting more than ${t.evictionsPerMinute} keys per minute for 5 min: the cache is too small`,
      },
    );
  });
  const q = input.queue;
  for (const queue of q?.queues ?? []) {
    out.push({
      role: `mq-${queue.name.replace(/[^a-z0-9-]/g, "-")}-depth`,
      namespace: "AWS/AmazonMQ",
      metricName: "MessageCount",
      statistic: "Maximum",
      dimensions: { Broker: q!.broker, VirtualHost: "/", Queue: queue.name },
      comparisonOperator: "GreaterThanThreshold",
      threshold: queue.depthThreshold,
      evaluationPeriods: minutes(t.queueForSeconds),
      severity: "warning",
      description: `Queue ${queue.name} holds more than ${queue.depthThreshold} messages`,
    });
  }
  const roles = new Set(out.map((a) => a.role));
  if (roles.size !== out.length)
    throw new Error(
      "two data-tier alarms share a name; queue names must stay distinct after replacing '.' and '_' by '-'",
    );
  return out;
}
