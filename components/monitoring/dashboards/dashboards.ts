/**
 * The platform's Grafana dashboards as code, generated from the same targets and thresholds as
 * the alert rules, so every panel draws the line its alert fires at. Metric sources are those
 * documented in `../rules/alerts.ts`; the cache hit ratio comes from ElastiCache's CloudWatch
 * `CacheHits` / `CacheMisses` through YACE (no exporter has to reach into the Redis cluster, and
 * cluster mode needs no per-shard scrape targets).
 */
import {
  type AlertThresholds,
  type MonitoredEndpoint,
  type MonitoringTargets,
  NODE_CAPACITY_TYPE_LABEL,
  RATE_WINDOW,
  scaledObjectOf,
  thresholdsSchema,
  validateTargets,
  workerCapacity,
  YACE_PERIOD_SECONDS,
  yaceTagLabel,
} from "../rules";
import { dashboard, row, timeseries, type Panel } from "./panels";

/** Label that makes kube-prometheus-stack's Grafana sidecar load a ConfigMap as dashboards. */
export const GRAFANA_DASHBOARD_LABEL: Readonly<Record<string, string>> = { grafana_dashboard: "1" };

/** A dashboard JSON document. */
export type GrafanaDashboard = Record<string, unknown>;

type PanelSpec = Omit<Panel, "id" | "gridPos">;

function hpaPanel(title: string, namespace: string, hpa: string): PanelSpec {
  const sel = `{namespace="${namespace}",horizontalpodautoscaler="${hpa}"}`;
  const q = (m: string, legend: string) => ({
    expr: `max(kube_horizontalpodautoscaler_${m}${sel})`,
    legend,
  });
  return timeseries(
    title,
    [
      q("status_current_replicas", "current"),
      q("status_desired_replicas", "desired"),
      q("spec_min_replicas", "min"),
      q("spec_max_replicas", "max"),
    ],
    {
      unit: "short",
      description: `HPA ${namespace}/${hpa}: replicas against its bounds (kube-state-metrics).`,
    },
  );
}

function autoscaling(targets: MonitoringTargets, env: string): GrafanaDashboard {
  const panels: PanelSpec[] = [row("Replicas vs HPA bounds")];
  for (const s of targets.services)
    panels.push(hpaPanel(`${s.namespace}/${s.name}: replicas vs HPA bounds`, s.namespace, s.name));
  // KEDA names the HPA it creates for a ScaledObject `keda-hpa-<scaledObject>`.
  for (const w of targets.workers)
    panels.push(
      hpaPanel(
        `${w.namespace}/${w.name}: replicas vs HPA bounds`,
        w.namespace,
        `keda-hpa-${scaledObjectOf(w)}`,
      ),
    );
  panels.push(
    row("Nodes"),
    timeseries(
      "Nodes by capacity type",
      [
        {
          expr: `count by (${NODE_CAPACITY_TYPE_LABEL}) (kube_node_labels)`,
          legend: `{{${NODE_CAPACITY_TYPE_LABEL}}}`,
        },
      ],
      {
        unit: "short",
        stacked: true,
        description:
          "EKS capacity type (SPOT / ON_DEMAND) from the eks.amazonaws.com/capacityType node label, via kube_node_labels.",
      },
    ),
  );
  if (targets.workers.length > 0) panels.push(row("Queues"));
  for (const w of targets.workers) {
    panels.push(
      timeseries(
        `Queue ${w.queue}: depth vs ${w.name} capacity`,
        [
          {
            expr: `max(keda_scaler_metrics_value{scaledObject="${scaledObjectOf(w)}",metric=~"s[0-9]+-rabbitmq-.*"})`,
            legend: w.queue,
          },
        ],
        {
          unit: "short",
          threshold: workerCapacity(w),
          description: `Messages KEDA reads; the line is ${w.messagesPerPod} per pod x ${w.maxReplicas} max workers.`,
        },
      ),
    );
  }
  return dashboard(
    "platform-autoscaling",
    `Platform / Autoscaling (${env})`,
    ["platform", env],
    panels,
  );
}

function services(targets: MonitoringTargets, t: AlertThresholds, env: string): GrafanaDashboard {
  const all = targets.services.map((s) => s.name).join("|");
  const nsAll = [...new Set(targets.services.map((s) => s.namespace))].join("|");
  const scope = `namespace=~"${nsAll}",service=~"${all}"`;
  const panels: PanelSpec[] = [
    row("Traffic"),
    timeseries(
      "Requests per second",
      [
        {
          expr: `sum by (namespace, service) (rate(http_requests_total{${scope}}[${RATE_WINDOW}]))`,
          legend: "{{namespace}}/{{service}}",
        },
      ],
      {
        unit: "reqps",
      },
    ),
    timeseries(
      "Error rate (5xx)",
      [
        {
          expr:
            `100 * sum by (namespace, service) (rate(http_requests_total{${scope},code=~"5.."}[${RATE_WINDOW}]))` +
            ` / sum by (namespace, service) (rate(http_requests_total{${scope}}[${RATE_WINDOW}]))`,
          legend: "{{namespace}}/{{service}}",
        },
      ],
      { unit: "percent", threshold: t.httpErrorRate.criticalPercent },
    ),
    row("Latency"),
  ];
  for (const s of targets.services) {
    const sel = `{namespace="${s.namespace}",service="${s.name}"}`;
    const q = (quantile: number) => ({
      expr: `1000 * histogram_quantile(${quantile}, sum by (le) (rate(http_request_duration_seconds_bucket${sel}[${RATE_WINDOW}])))`,
      legend: `p${Math.round(quantile * 100)}`,
    });
    panels.push(
      timeseries(`${s.namespace}/${s.name}: latency p50 / p95 / p99`, [q(0.5), q(0.95), q(0.99)], {
        unit: "ms",
        threshold: s.latencyObjectiveMs,
        description: `The line is the P95 objective, ${s.latencyObjectiveMs} ms.`,
      }),
    );
  }
  return dashboard("platform-services", `Platform / Services (${env})`, ["platform", env], panels);
}

function dataTier(t: AlertThresholds, env: string): GrafanaDashboard {
  const hits = "sum by (dimension_CacheClusterId) (aws_elasticache_cache_hits_sum)";
  const misses = "sum by (dimension_CacheClusterId) (aws_elasticache_cache_misses_sum)";
  return dashboard(
    "platform-data-tier",
    `Platform / Data tier (${env})`,
    ["platform", env],
    [
      row("PostgreSQL"),
      timeseries(
        "Read replica lag",
        [
          {
            expr: "1000 * max by (db_instance) (pg_replication_lag_seconds)",
            legend: "{{db_instance}}",
          },
        ],
        {
          unit: "ms",
          threshold: t.replicationLag.warningMs,
          description:
            "postgres_exporter pg_replication_lag_seconds, the alert's series; the line is the warning level.",
        },
      ),
      timeseries(
        "PgBouncer client connections (% of max_client_conn)",
        [
          {
            expr:
              "100 * (sum by (namespace, pod) (pgbouncer_pools_client_active_connections)" +
              " + on (namespace, pod) sum by (namespace, pod) (pgbouncer_pools_client_waiting_connections))" +
              " / on (namespace, pod) max by (namespace, pod) (pgbouncer_config_max_client_connections)",
            legend: "{{pod}}",
          },
        ],
        { unit: "percent", threshold: t.dbConnections.warningPercent },
      ),
      timeseries(
        "Oldest running client statement",
        [
          {
            expr: 'max by (db_instance) (pg_stat_activity_max_tx_duration{state="active",backend_type="client backend",usename!="rdsadmin"})',
            legend: "{{db_instance}}",
          },
        ],
        { unit: "s", threshold: t.slowQueries.warningSeconds },
      ),
      timeseries(
        "PgBouncer pool use (% of pool_size)",
        [
          {
            expr:
              '100 * (sum by (pod, database) (pgbouncer_pools_server_active_connections{database!="pgbouncer"})' +
              ' + on (pod, database) sum by (pod, database) (pgbouncer_pools_client_waiting_connections{database!="pgbouncer"}))' +
              " / on (pod, database) max by (pod, database)" +
              ' (label_replace(pgbouncer_databases_pool_size{name!="pgbouncer"}, "database", "$1", "name", "(.+)"))',
            legend: "{{pod}} {{database}}",
          },
        ],
        { unit: "percent", threshold: t.poolUse.warningPercent },
      ),
      row("Redis"),
      timeseries(
        "Cache hit ratio",
        [{ expr: `100 * ${hits} / (${hits} + ${misses})`, legend: "{{dimension_CacheClusterId}}" }],
        {
          unit: "percent",
          description:
            "ElastiCache CacheHits / (CacheHits + CacheMisses) from CloudWatch (via YACE).",
        },
      ),
    ],
  );
}

/**
 * One public endpoint's panels. CloudWatch series through YACE are per-minute sums, not counters:
 * a rate is the sum divided by the period, and a counter CloudWatch leaves out when it is zero
 * (the 5xx counts) is read as 0.
 */
function endpointPanels(
  e: MonitoredEndpoint,
  latencyObjectiveMs: number,
  t: AlertThresholds,
): PanelSpec[] {
  const alb = `dimension_LoadBalancer=~"app/${e.loadBalancerName}/[0-9a-f]+"`;
  const sum = (metric: string, sel: string) => `(sum(${metric}{${sel}}) or vector(0))`;
  const perSecond = (metric: string, sel: string) =>
    `sum(${metric}{${sel}}) / ${YACE_PERIOD_SECONDS}`;
  const waf = (acl: string, rule: string) => `dimension_WebACL="${acl}",dimension_Rule="${rule}"`;
  const panels: PanelSpec[] = [
    row(`${e.namespace}/${e.service}: ${e.host}`),
    timeseries(
      `${e.service}: ALB requests per second`,
      [{ expr: perSecond("aws_applicationelb_request_count_sum", alb), legend: "requests" }],
      {
        unit: "reqps",
        description: `CloudWatch RequestCount of ALB ${e.loadBalancerName} (via YACE), per second.`,
      },
    ),
    timeseries(
      `${e.service}: ALB 5xx rate`,
      [
        {
          expr:
            `100 * (${sum("aws_applicationelb_httpcode_elb_5_xx_count_sum", alb)}` +
            ` + ${sum("aws_applicationelb_httpcode_target_5_xx_count_sum", alb)})` +
            ` / sum(aws_applicationelb_request_count_sum{${alb}})`,
          legend: "5xx %",
        },
      ],
      {
        unit: "percent",
        threshold: t.httpErrorRate.criticalPercent,
        description:
          "5xx answered by the ALB itself or by the targets, as a share of its requests; the line is the level of its CloudWatch alarm.",
      },
    ),
    timeseries(
      `${e.service}: ALB target response time P95`,
      [
        {
          expr: `1000 * max(aws_applicationelb_target_response_time_p95{${alb}})`,
          legend: "p95",
        },
      ],
      {
        unit: "ms",
        threshold: latencyObjectiveMs,
        description: `What users wait for behind the ALB; the line is the P95 objective, ${latencyObjectiveMs} ms.`,
      },
    ),
    timeseries(
      `${e.service}: WAF blocked and rate-limited requests`,
      [
        {
          expr: perSecond("aws_wafv2_blocked_requests_sum", waf(e.edgeAcl.name, "ALL")),
          legend: `blocked (${e.edgeAcl.name})`,
        },
        {
          expr: perSecond(
            "aws_wafv2_blocked_requests_sum",
            waf(e.edgeAcl.name, e.edgeAcl.rateLimitRule),
          ),
          legend: "rate-limited",
        },
        ...(e.cdn
          ? [
              {
                expr: perSecond(
                  "aws_wafv2_blocked_requests_sum",
                  waf(e.cdn.originAcl, e.cdn.originRule),
                ),
                legend: "around CloudFront (turned away at the ALB)",
              },
            ]
          : []),
      ],
      {
        unit: "reqps",
        description: `Requests web ACL ${e.edgeAcl.name} blocked, all rules and the per-IP rate rule alone.`,
      },
    ),
  ];
  if (e.cdn) {
    const cdn = `${yaceTagLabel(e.cdn.distributionTag.key)}="${e.cdn.distributionTag.value}"`;
    panels.push(
      timeseries(
        `${e.service}: CloudFront requests per second`,
        [{ expr: perSecond("aws_cloudfront_requests_sum", cdn), legend: "requests" }],
        { unit: "reqps", description: `CloudFront Requests of the distribution for ${e.host}.` },
      ),
      timeseries(
        `${e.service}: CloudFront error rate`,
        [
          { expr: `max(aws_cloudfront_5xx_error_rate_average{${cdn}})`, legend: "5xx %" },
          { expr: `max(aws_cloudfront_total_error_rate_average{${cdn}})`, legend: "4xx + 5xx %" },
        ],
        {
          unit: "percent",
          threshold: t.httpErrorRate.criticalPercent,
          description: "Share of viewer requests CloudFront answered with an error.",
        },
      ),
    );
  }
  return panels;
}

/** The way in: per public service its ALB, WAF and (where there is one) CloudFront. */
function edge(targets: MonitoringTargets, t: AlertThresholds, env: string): GrafanaDashboard {
  const objective = new Map(
    targets.services.map((s) => [`${s.namespace}/${s.name}`, s.latencyObjectiveMs]),
  );
  const panels = (targets.endpoints ?? []).flatMap((e) =>
    endpointPanels(e, objective.get(`${e.namespace}/${e.service}`)!, t),
  );
  return dashboard("platform-edge", `Platform / Edge (${env})`, ["platform", env], panels);
}

/**
 * Every platform dashboard keyed by file name (`platform-autoscaling.json`, ...), ready to be the
 * `data` of a ConfigMap labelled {@link GRAFANA_DASHBOARD_LABEL} (see {@link dashboardConfigMapData}).
 * @param thresholds resolved alert thresholds, drawn as lines. @default the seed thresholds
 */
export function buildDashboards(
  targets: MonitoringTargets,
  thresholds: AlertThresholds = thresholdsSchema.parse({}),
): Record<string, GrafanaDashboard> {
  validateTargets(targets);
  const env = targets.environment;
  return {
    "platform-autoscaling.json": autoscaling(targets, env),
    "platform-services.json": services(targets, thresholds, env),
    "platform-data-tier.json": dataTier(thresholds, env),
    // Only where a service is public: an environment without a way in has nothing to draw.
    ...(targets.endpoints?.length ? { "platform-edge.json": edge(targets, thresholds, env) } : {}),
  };
}

/** The dashboards as ConfigMap `data`: file name -> JSON text. */
export function dashboardConfigMapData(
  dashboards: Record<string, GrafanaDashboard>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dashboards).map(([file, json]) => [file, JSON.stringify(json, null, 2)]),
  );
}
