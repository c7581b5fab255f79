/**
 * BOM lines for the small monthly-fee services: CloudWatch metric alarms, Secrets Manager secrets
 * and KMS customer managed keys.
 */
import { BomItem, fixed } from "./bom";
import { describe, optionalArray, requireCount, ResourceLike } from "./props";

/** Pulumi type tokens handled here. */
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const KMS_KEY = "aws:kms/key:Key";

/** CloudWatch bills a period under 60 seconds as a high-resolution alarm. */
function resolutionOf(period: number): "standard" | "high" {
  return period < 60 ? "high" : "standard";
}

/**
 * Alarm metrics of one metric alarm. A plain alarm is one metric at the resolution of `period`;
 * with `metricQueries`, each query that reads a metric counts once, and an anomaly-detection band
 * adds two more (AWS bills an anomaly-detection alarm as three metrics).
 * @throws Error naming the alarm when neither `period` nor `metricQueries` says how it is evaluated.
 */
export function metricAlarmItems(a: ResourceLike): BomItem[] {
  const counts = { standard: 0, high: 0 };
  const queries = optionalArray(a, "metricQueries") ?? [];
  if (queries.length > 0) {
    queries.forEach((q, i) => {
      const query = (q ?? {}) as Record<string, unknown>;
      if (query.metric !== undefined && query.metric !== null)
        counts[resolutionOf(requireCount(a, `metricQueries.${i}.metric.period`))] += 1;
    });
    const bands = queries.filter((q) =>
      /ANOMALY_DETECTION_BAND/i.test(
        String((q as Record<string, unknown> | null)?.expression ?? ""),
      ),
    ).length;
    counts[counts.high > 0 ? "high" : "standard"] += 2 * bands;
    if (counts.standard + counts.high === 0)
      throw new Error(
        `${describe(a)}: metricQueries read no metric, so the alarm cannot be priced`,
      );
  } else {
    counts[resolutionOf(requireCount(a, "period", "or give metricQueries"))] += 1;
  }
  return (["standard", "high"] as const)
    .filter((res) => counts[res] > 0)
    .map((resolution) => ({
      component: "monitoring",
      resource: a.name,
      price: { kind: "cloudwatch-alarm-metric", resolution },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(counts[resolution]),
    }));
}

/** One secret, plus one per replica region (each replica is billed as a secret). */
export function secretItems(s: ResourceLike): BomItem[] {
  const replicas = optionalArray(s, "replicas")?.length ?? 0;
  return [
    {
      component: "security",
      resource: s.name,
      price: { kind: "secret" },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(1 + replicas),
    },
  ];
}

/** One customer managed key. */
export function kmsKeyItems(k: ResourceLike): BomItem[] {
  return [
    {
      component: "security",
      resource: k.name,
      price: { kind: "kms-key" },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(1),
    },
  ];
}
