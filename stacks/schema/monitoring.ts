import { z } from "zod";
import { alertingConfigSchema, SEVERITIES } from "../../components/monitoring/rules";
import { chart, intAtLeast, shortName, uniqueList } from "./common";
import { WEBHOOK_URL_KEY } from "./secrets";

/** The two kinds of receiver Alertmanager can route to. */
export const RECEIVER_KINDS = ["sns", "webhook"] as const;
/** A receiver kind: `sns` (the environment's encrypted topic) or `webhook` (URL from `platform:alertWebhookUrl`). */
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

export { WEBHOOK_URL_KEY };

const percent = (fallback: number) =>
  z
    .number({ error: "must be a number of percent" })
    .gt(0, "must be more than 0")
    .lt(100, "must be less than 100")
    .default(fallback);

const receiverList = z
  .array(z.enum(RECEIVER_KINDS, { error: `must be one of ${RECEIVER_KINDS.join(", ")}` }))
  .refine((l) => new Set(l).size === l.length, "lists a receiver twice");

/** `platform:monitoring`: kube-prometheus-stack, alert rules, receivers and CloudWatch alarms. */
export const monitoringSchema = z
  .strictObject({
    /** kube-prometheus-stack chart, pinned. Default: prometheus-community 88.5.3 (Alertmanager 0.34, which reads `url_file`). */
    chart: chart
      .default({
        repository: "https://prometheus-community.github.io/helm-charts",
        name: "kube-prometheus-stack",
        version: "88.5.3",
      })
      .describe("kube-prometheus-stack chart"),
    /** YACE, which brings the CloudWatch series (replica lag, cache hit ratio) into Prometheus. Default: prometheus-community 0.47.0. */
    cloudwatchExporterChart: chart
      .default({
        repository: "https://prometheus-community.github.io/helm-charts",
        name: "prometheus-yet-another-cloudwatch-exporter",
        version: "0.47.0",
      })
      .describe("YACE (CloudWatch exporter) chart"),
    /** Namespace of the stack. Default: `monitoring` (the autoscaling area's prometheusUrl points there). */
    namespace: shortName
      .default("monitoring")
      .describe("Namespace of Prometheus, Alertmanager and Grafana"),
    prometheus: z
      .strictObject({
        /** How long samples are kept, e.g. `15d`. Default: `15d`. */
        retention: z
          .string()
          .regex(/^\d+(h|d|w|y)$/, "must be a duration like 36h, 15d, 8w or 1y")
          .default("15d")
          .describe("Sample retention (15d)"),
        /** Size of each Prometheus volume (GiB). Default: 50. */
        storageGiB: intAtLeast(5)
          .max(16384, "must be at most 16384")
          .default(50)
          .describe("Prometheus volume size in GiB"),
        /** Storage class of the volume. Default: `gp3`. */
        storageClass: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a StorageClass name")
          .default("gp3")
          .describe("StorageClass"),
        /** Prometheus replicas (2 survive a node loss). Default: 1. */
        replicas: intAtLeast(1)
          .max(5, "must be at most 5")
          .default(1)
          .describe("Prometheus replicas"),
      })
      .prefault({})
      .describe("Prometheus retention, volume and replicas"),
    /** Alertmanager replicas; they gossip, so 3 survive a zone loss without duplicate pages. Default: 1. */
    alertmanagerReplicas: intAtLeast(1)
      .max(5, "must be at most 5")
      .default(1)
      .describe("Alertmanager replicas"),
    /** Thresholds, runbook base URL and custom rules (see docs/monitoring.md). `runbookBaseUrl` is required. */
    alerting: alertingConfigSchema.describe(
      "Alert thresholds (seed defaults), runbook base URL, custom rules; see docs/monitoring.md",
    ),
    receivers: z
      .strictObject({
        /** E-mail addresses subscribed to the SNS topic (each confirms by mail). Default: none. */
        emails: uniqueList(z.email("must be an e-mail address"), "address")
          .default([])
          .describe("E-mail subscriptions of the SNS topic"),
      })
      .prefault({})
      .describe("Who receives alerts (the webhook URL is platform:alertWebhookUrl)"),
    /** Receivers per severity. Default: every severity to SNS (add `webhook` once `platform:alertWebhookUrl` is set). */
    routes: z
      .strictObject({
        critical: receiverList
          .default(["sns"])
          .describe("Receivers of critical alerts (sns, webhook)"),
        warning: receiverList.default(["sns"]).describe("Receivers of warnings"),
        info: receiverList.default(["sns"]).describe("Receivers of info alerts"),
      })
      .prefault({})
      .describe("Alertmanager receivers per severity"),
    /** CloudWatch alarm levels that have no Prometheus counterpart (the rest reuse `alerting.thresholds`). */
    alarms: z
      .strictObject({
        /** RDS free storage below this share of the allocated storage. Default: 20. */
        freeStoragePercent: percent(20).describe("RDS free storage alarm (% of allocated)"),
        /** RDS connections above this share of max_connections. Default: the PgBouncer alert's 90. */
        connectionsPercent: percent(90).describe("RDS connections alarm (% of max_connections)"),
        /** ElastiCache evictions per minute, sustained for 5 minutes. Default: 100. */
        cacheEvictionsPerMinute: intAtLeast(0)
          .default(100)
          .describe("ElastiCache evictions per minute"),
        /** Depth alarm for queues no worker consumes (consumed ones use the workers' capacity). Default: 1000. */
        queueDepthMessages: intAtLeast(1)
          .default(1000)
          .describe("MQ depth alarm for queues without workers"),
      })
      .prefault({})
      .describe("CloudWatch alarm levels without a Prometheus counterpart"),
  })
  .superRefine((m, ctx) => {
    if (m.routes.critical.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["routes", "critical"],
        message:
          "must name at least one receiver (sns or webhook); critical alerts must reach someone",
      });
    }
    const snsOnly = m.routes.critical.length > 0 && m.routes.critical.every((r) => r === "sns");
    if (snsOnly && m.receivers.emails.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["receivers", "emails"],
        message:
          "is empty while critical alerts go only to SNS, so they would reach nobody; add an address or route critical to webhook",
      });
    }
  })
  .describe("Monitoring: kube-prometheus-stack, alert rules, receivers, CloudWatch alarms");

/**
 * `platform:alertWebhookUrl`: the webhook's URL, set with `pulumi config set --secret`. Checked by
 * `secretProblems` (encrypted, an http(s) URL) without ever showing it; the value is dropped here
 * (the program reads it as a Pulumi secret), so it never lands in the parsed environment.
 */
export const webhookUrlSchema = z
  .unknown()
  .transform(() => ({ configKey: WEBHOOK_URL_KEY, secret: true as const }))
  .optional()
  .describe("Alertmanager webhook URL (secret: pulumi config set --secret)");

/** The monitoring settings with defaults applied. */
export type MonitoringConfig = z.output<typeof monitoringSchema>;

/**
 * Cross-check with the rest of the environment: a route to the webhook needs its URL. Returns
 * the problems; the environment schema reports them against the key they name.
 */
export function monitoringIssues(env: {
  monitoring?: MonitoringConfig;
  alertWebhookUrl?: unknown;
}): { path: (string | number)[]; message: string }[] {
  if (env.monitoring === undefined || env.alertWebhookUrl !== undefined) return [];
  const routes = env.monitoring.routes;
  return SEVERITIES.flatMap((s) =>
    routes[s].includes("webhook")
      ? [
          {
            path: ["monitoring", "routes", s],
            message: `routes ${s} alerts to the webhook, but platform:${WEBHOOK_URL_KEY} is not set; run pulumi config set --secret platform:${WEBHOOK_URL_KEY} https://...`,
          },
        ]
      : [],
  );
}
