/**
 * Helm values of the autoscaling add-ons: metrics-server (CPU and memory for the HPA), KEDA
 * (queue-length scaling of workers) and prometheus-adapter (request rate per pod as a custom
 * Pods metric). All run on the system nodes.
 */
import { addonResources } from "../../model/capacity/addons";
import { systemPodPlacement } from "../nodegroups/placement";

/** Namespace of KEDA and prometheus-adapter. metrics-server lives in `kube-system` by convention. */
export const AUTOSCALING_NAMESPACE = "autoscaling";

/** Replicas of each autoscaling add-on's pods; the system tier's plan counts the same figures. */
export const AUTOSCALING_REPLICAS = Object.freeze({
  "metrics-server": 2,
  "prometheus-adapter": 2,
  "keda-operator": 2,
  "keda-metrics-apiserver": 1,
  "keda-admission-webhooks": 1,
});

/**
 * The custom metric a request counter becomes: `http_requests_total` → `http_requests_per_second`.
 * Throws unless the counter follows the Prometheus `_total` naming convention.
 */
export function rpsMetricName(counter: string): string {
  if (!counter.endsWith("_total"))
    throw new RangeError(`request counter ${counter} must be a Prometheus counter named *_total`);
  return `${counter.slice(0, -"_total".length)}_per_second`;
}

const placement = () => {
  const p = systemPodPlacement();
  return { nodeSelector: p.nodeSelector, tolerations: p.tolerations };
};

/** metrics-server: two replicas with a PDB, so HPAs keep CPU and memory through a node drain. */
export function metricsServerValues(): Record<string, unknown> {
  return {
    ...placement(),
    replicas: AUTOSCALING_REPLICAS["metrics-server"],
    resources: addonResources("metrics-server"),
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  };
}

/** KEDA operator and metrics API server. */
export function kedaValues(): Record<string, unknown> {
  return {
    ...placement(),
    operator: { replicaCount: AUTOSCALING_REPLICAS["keda-operator"] },
    metricsServer: { replicaCount: AUTOSCALING_REPLICAS["keda-metrics-apiserver"] },
    webhooks: { replicaCount: AUTOSCALING_REPLICAS["keda-admission-webhooks"] },
    resources: {
      operator: addonResources("keda-operator"),
      metricServer: addonResources("keda-metrics-apiserver"),
      webhooks: addonResources("keda-admission-webhooks"),
    },
    podDisruptionBudget: { operator: { maxUnavailable: 1 }, metricServer: { maxUnavailable: 1 } },
    // The operator's metrics port serves the queue lengths the queue-depth alert reads; the
    // monitoring area scrapes it with its own ServiceMonitor.
    prometheus: { operator: { enabled: true } },
  };
}

/**
 * prometheus-adapter with one rule: the per-second rate of `counter` over `rateWindowSeconds`,
 * summed per pod and namespace, served as {@link rpsMetricName}. The default rules are off (they
 * serve every series and slow the API), and so are resource metrics, which metrics-server serves.
 * @param prometheusUrl e.g. `http://kube-prometheus-stack-prometheus.monitoring.svc:9090`
 * @param rateWindowSeconds the `rate()` window (`platform:autoscaling.scalingMetric`). @default 60
 */
export function prometheusAdapterValues(
  prometheusUrl: string,
  counter: string,
  rateWindowSeconds = 60,
): Record<string, unknown> {
  const url = new URL(prometheusUrl);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return {
    ...placement(),
    replicas: AUTOSCALING_REPLICAS["prometheus-adapter"],
    resources: addonResources("prometheus-adapter"),
    prometheus: {
      url: `${url.protocol}//${url.hostname}`,
      port: Number(port),
      path: url.pathname === "/" ? "" : url.pathname,
    },
    rules: {
      default: false,
      custom: [
        {
          seriesQuery: `${counter}{namespace!="",pod!=""}`,
          resources: {
            overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } },
          },
          name: { matches: `^${counter}$`, as: rpsMetricName(counter) },
          metricsQuery: `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${rateWindowSeconds}s])) by (<<.GroupBy>>)`,
        },
      ],
    },
  };
}
