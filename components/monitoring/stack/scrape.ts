/**
 * ServiceMonitors as data: what Prometheus scrapes beyond the chart's own targets. The series
 * they produce carry `namespace` and `service` labels, which the generated rules select on.
 */
import { SCRAPE_INTERVAL } from "./values";
import { PART_OF_LABEL, PLATFORM_PART_OF } from "../../shared/labels";

/** One group of Services to scrape. */
export interface ScrapeTarget {
  /** ServiceMonitor name; DNS label. */
  name: string;
  /** Namespace of the Services. */
  namespace: string;
  /** Labels selecting the Services. */
  selector: Record<string, string>;
  /** Named Service port serving metrics. */
  port: string;
  /** HTTP path of the metrics. @default "/metrics" */
  path?: string;
  /** Scrape interval. @default SCRAPE_INTERVAL (30s) */
  interval?: string;
  /** Pod labels copied onto every series (`db-instance` becomes `db_instance`). @default none */
  podTargetLabels?: string[];
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The ServiceMonitor manifests, placed in `monitoringNamespace` and selecting Services in each
 * target's namespace. Throws naming the target when a name repeats or is not a DNS label.
 */
export function serviceMonitors(
  monitoringNamespace: string,
  targets: readonly ScrapeTarget[],
): Record<string, unknown>[] {
  const seen = new Set<string>();
  return targets.map((t) => {
    if (!DNS_LABEL.test(t.name)) throw new Error(`scrape target "${t.name}" is not a DNS label`);
    if (seen.has(t.name))
      throw new Error(
        `scrape target "${t.name}" is defined twice; ServiceMonitor names must be unique`,
      );
    if (Object.keys(t.selector).length === 0)
      throw new Error(
        `scrape target "${t.name}" has an empty selector, which would scrape every Service in ${t.namespace}`,
      );
    seen.add(t.name);
    return {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: {
        name: t.name,
        namespace: monitoringNamespace,
        labels: { [PART_OF_LABEL]: PLATFORM_PART_OF },
      },
      spec: {
        namespaceSelector: { matchNames: [t.namespace] },
        selector: { matchLabels: t.selector },
        ...(t.podTargetLabels?.length ? { podTargetLabels: [...t.podTargetLabels] } : {}),
        endpoints: [
          { port: t.port, path: t.path ?? "/metrics", interval: t.interval ?? SCRAPE_INTERVAL },
        ],
      },
    };
  });
}
