/**
 * The alerting configuration as data: thresholds (with the seed defaults of
 * `shared/requirements.md`), the runbook base URL and optional custom rules. The zod schema is
 * the single home of every default, so the stack schema can embed it as it is.
 */
import { z } from "zod";
import { inspectPromQL, parsePromDuration } from "./promql";
import { isKnownMetric, knownExporters } from "./metrics";

/** Alert severities, in the order Alertmanager routes them. */
export const SEVERITIES = ["critical", "warning", "info"] as const;
/** How urgent an alert is; `critical` pages, `warning` goes to the team's channel. */
export type Severity = (typeof SEVERITIES)[number];

/** A Prometheus duration such as `30s`, `5m` or `1h30m`, at most one day. */
export const promDuration = z
  .string({ error: "must be a duration string" })
  .superRefine((value, ctx) => {
    const seconds = parsePromDuration(value);
    if (seconds === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "is not a Prometheus duration; write it like 30s, 5m or 1h30m",
      });
    } else if (seconds > 86_400) {
      ctx.addIssue({
        code: "custom",
        message: "is longer than 24h; an alert that waits that long is not an alert",
      });
    }
  });

const percent = (fallback: number) =>
  z
    .number({ error: "must be a number of percent" })
    .gt(0, "must be a percentage greater than 0")
    .lt(100, "must be a percentage less than 100")
    .default(fallback);

const forPeriod = (fallback: string) => promDuration.default(fallback);

const milliseconds = (fallback: number) =>
  z
    .number({ error: "must be a number of milliseconds" })
    .gt(0, "must be more than 0 ms")
    .max(3_600_000, "must be at most 3,600,000 ms (one hour)")
    .default(fallback);

/** Every threshold, each with the seed default documented next to it. */
export const thresholdsSchema = z
  .strictObject({
    /** Node CPU busy share (node-exporter): warning > 85 % for 5m, critical > 95 % for 5m. */
    nodeCpu: z
      .strictObject({
        warningPercent: percent(85),
        criticalPercent: percent(95),
        for: forPeriod("5m"),
      })
      .prefault({}),
    /** Node memory in use (node-exporter MemAvailable/MemTotal): warning > 90 % for 5m. */
    nodeMemory: z.strictObject({ warningPercent: percent(90), for: forPeriod("5m") }).prefault({}),
    /** Filesystem space in use (node-exporter): warning > 85 % for 5m. */
    nodeDisk: z.strictObject({ warningPercent: percent(85), for: forPeriod("5m") }).prefault({}),
    /**
     * Read replica lag (postgres_exporter `pg_replication_lag_seconds`): warning above the seed's
     * 100 ms target, critical above its 500 ms, for 5m. The CloudWatch ReplicaLag alarm uses the
     * critical level.
     */
    replicationLag: z
      .strictObject({
        warningMs: milliseconds(100),
        criticalMs: milliseconds(500),
        for: forPeriod("5m"),
      })
      .prefault({}),
    /** A client statement (its transaction) running longer than this (postgres_exporter): warning > 2 s for 5m. */
    slowQueries: z
      .strictObject({
        warningSeconds: z
          .number({ error: "must be a number of seconds" })
          .gt(0, "must be more than 0 seconds")
          .max(3600, "must be at most 3600 seconds (one hour)")
          .default(2),
        for: forPeriod("5m"),
      })
      .prefault({}),
    /** PgBouncer server connections in use plus waiting clients, against each pool's size: warning > 70 % for 5m. */
    poolUse: z.strictObject({ warningPercent: percent(70), for: forPeriod("5m") }).prefault({}),
    /** Share of HTTP 5xx responses per service: critical > 1 % for 5m. */
    httpErrorRate: z
      .strictObject({ criticalPercent: percent(1), for: forPeriod("5m") })
      .prefault({}),
    /** P95 latency above each service's own objective: warning after 5m. */
    httpLatency: z.strictObject({ for: forPeriod("5m") }).prefault({}),
    /** HPA pinned at its maximum replicas: warning after 10m. */
    hpaAtMax: z.strictObject({ for: forPeriod("10m") }).prefault({}),
    /** PgBouncer client connections against max_client_conn: warning > 90 % for 5m. */
    dbConnections: z
      .strictObject({ warningPercent: percent(90), for: forPeriod("5m") })
      .prefault({}),
    /** Queue depth above what the workers hold at maximum scale (messages per pod x max replicas): warning after 5m. */
    queueDepth: z.strictObject({ for: forPeriod("5m") }).prefault({}),
  })
  .superRefine((t, ctx) => {
    if (t.nodeCpu.warningPercent >= t.nodeCpu.criticalPercent) {
      ctx.addIssue({
        code: "custom",
        path: ["nodeCpu", "warningPercent"],
        message: `must be below criticalPercent (${t.nodeCpu.criticalPercent}) so the warning comes first`,
      });
    }
    if (t.replicationLag.warningMs >= t.replicationLag.criticalMs) {
      ctx.addIssue({
        code: "custom",
        path: ["replicationLag", "warningMs"],
        message: `must be below criticalMs (${t.replicationLag.criticalMs}) so the warning comes first`,
      });
    }
  });

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "is not a Prometheus label name");
const metricName = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "is not a Prometheus metric name");

/** An extra alert written by the platform team, checked like the generated ones. */
export const customRuleSchema = z.strictObject({
  /** Alert name in UpperCamelCase, e.g. `RabbitMQConsumersMissing`. */
  alert: z
    .string()
    .regex(
      /^[A-Z][A-Za-z0-9]*$/,
      "must be an UpperCamelCase alert name like RabbitMQConsumersMissing",
    ),
  /** PromQL expression; every metric it reads must be known (see `extraMetricNames`). */
  expr: z.string().min(1, "must not be empty"),
  /** How long the condition must hold before firing. @default "5m" */
  for: forPeriod("5m"),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }),
  /** One-line summary; may use Prometheus templates such as `{{ $labels.instance }}`. */
  summary: z.string().min(1, "must not be empty"),
  /** Longer description; may use `{{ $value }}`. */
  description: z.string().min(1, "must not be empty"),
  /** Extra labels; `severity` and `environment` are set by the platform. @default {} */
  labels: z
    .record(labelName, z.string())
    .default({})
    .refine((l) => !("severity" in l) && !("environment" in l) && !("alertname" in l), {
      message: "must not set severity, environment or alertname; use the severity field",
    }),
});

/** The alerting configuration of one environment. */
export const alertingConfigSchema = z
  .strictObject({
    /** Base URL of the runbooks; each alert links to `<base>/<alert-name-in-kebab-case>`. Required. */
    runbookBaseUrl: z
      .string({
        error:
          "is required: the base URL of the runbooks, e.g. https://runbooks.example.org/platform",
      })
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, "must be an http(s) URL")
      .describe("Runbook base URL; each alert links to this URL + /alert-name-in-kebab-case"),
    /** Threshold overrides; anything left out keeps its seed default. @default {} */
    thresholds: thresholdsSchema
      .prefault({})
      .describe("Threshold overrides (seed defaults otherwise)"),
    /** Extra rules written by the team. @default [] */
    customRules: z
      .array(customRuleSchema)
      .default([])
      .describe("Extra alert rules, checked against known metrics"),
    /** Metric names your own exporters publish, allowed in custom rules besides the known ones. @default [] */
    extraMetricNames: z
      .array(metricName)
      .default([])
      .describe("Metric names your own exporters publish"),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.customRules.forEach((rule, i) => {
      if (seen.has(`${rule.alert}/${rule.severity}`)) {
        ctx.addIssue({
          code: "custom",
          path: ["customRules", i, "alert"],
          message: `${rule.alert} with severity ${rule.severity} is defined twice`,
        });
      }
      seen.add(`${rule.alert}/${rule.severity}`);
      const found = inspectPromQL(rule.expr);
      if (found.syntaxError) {
        ctx.addIssue({
          code: "custom",
          path: ["customRules", i, "expr"],
          message: `is not valid PromQL at character ${found.syntaxError.offset} (near "${found.syntaxError.near}")`,
        });
        return;
      }
      const unknown = found.metrics.filter((m) => !isKnownMetric(m, cfg.extraMetricNames));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["customRules", i, "expr"],
          message:
            `reads unknown metric ${unknown.join(", ")}; known metrics come from ${knownExporters().join(", ")}. ` +
            "If one of your exporters publishes it, list it in extraMetricNames",
        });
      }
      if (found.metrics.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["customRules", i, "expr"],
          message: "reads no metric at all, so it could never describe the platform",
        });
      }
    });
  });

/** The alerting configuration as written in the stack file (everything optional but the runbook URL). */
export type AlertingConfigInput = z.input<typeof alertingConfigSchema>;
/** The alerting configuration with every default applied. */
export type AlertingConfig = z.output<typeof alertingConfigSchema>;
/** Every threshold with defaults applied. */
export type AlertThresholds = z.output<typeof thresholdsSchema>;
/** One custom rule with defaults applied. */
export type CustomRule = z.output<typeof customRuleSchema>;
