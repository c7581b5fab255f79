/**
 * Where a load test's figures go and who may talk to whom: the Grafana dashboard with a row per
 * scenario (the evaluator pushes its gauges to Prometheus' OTLP receiver), and the
 * NetworkPolicies that let the test's pods reach the service they drive and Prometheus, and
 * nothing else, under the platform's default-deny policies.
 */
import type { ResolvedScenario } from "../../model/loadtest/scenario";
import { dashboard, type GrafanaDashboard, row, timeseries } from "../monitoring/dashboards";
import { workloadLabels } from "../workloads/placement";

/** Path of Prometheus' OTLP metrics receiver (Prometheus 3 with `--web.enable-otlp-receiver`). */
export const OTLP_METRICS_PATH = "/api/v1/otlp/v1/metrics";

/** Where the evaluator pushes, from the Prometheus URL the platform already uses (`platform:autoscaling.prometheusUrl`). */
export function otlpMetricsUrl(prometheusUrl: string): string {
  return new URL(OTLP_METRICS_PATH, prometheusUrl).toString();
}

/** Selects a load test's pods, whatever the scenario. */
export const LOADTEST_POD_SELECTOR = { "app.kubernetes.io/name": "loadtest" } as const;

/** A selector on one label value of a scenario. */
const scenarioSelector = (s: ResolvedScenario) => `scenario="${s.name}",service="${s.service}"`;

/**
 * The dashboard: a row per scenario with its P95 against the P95 limit and its error rate against
 * the error limit, one point per run (each run pushes once, when it is judged).
 */
export function loadTestDashboard(
  environment: string,
  scenarios: ResolvedScenario[],
): GrafanaDashboard {
  const panels = scenarios.flatMap((s) => {
    const sel = scenarioSelector(s);
    return [
      row(`${s.name}: ${s.service}, ${s.peakRps} req/s at peak for ${s.durationSeconds} s`),
      timeseries(
        `${s.name}: P95 latency of each run`,
        [
          { expr: `1000 * platform_loadtest_p95_seconds{${sel}}`, legend: "P95" },
          { expr: `1000 * platform_loadtest_p95_limit_seconds{${sel}}`, legend: "limit" },
        ],
        {
          unit: "ms",
          threshold: s.p95Ms,
          description: `P95 after the first ${s.p95GraceSeconds} s, as the generator saw it; the run fails above ${s.p95Ms} ms.`,
        },
      ),
      timeseries(
        `${s.name}: errors of each run`,
        [
          {
            expr: `100 * platform_loadtest_errors{${sel}} / platform_loadtest_requests{${sel}}`,
            legend: "errors",
          },
          { expr: `100 * platform_loadtest_error_ratio_limit{${sel}}`, legend: "limit" },
          { expr: `platform_loadtest_passed{${sel}}`, legend: "passed (1) / failed (0)" },
        ],
        {
          unit: "percent",
          threshold: s.errorRatePercent,
          description: `Requests answered with a non-2xx status or not at all, % of all sent; the run fails above ${s.errorRatePercent} %.`,
        },
      ),
    ];
  });
  return dashboard(
    "platform-loadtests",
    `Load tests (${environment})`,
    ["platform", "loadtest", environment],
    panels,
  );
}

/** A service a scenario drives: its name and container port, in a namespace. */
export interface DrivenService {
  name: string;
  namespace: string;
  port: number;
}

/** Where Prometheus runs. */
export interface PrometheusEndpoint {
  namespace: string;
  port: number;
}

/**
 * NetworkPolicies of the load tests: in each namespace with a scenario, its pods may reach the
 * services they drive (container port) and Prometheus; in Prometheus' namespace, Prometheus takes
 * pushes from them. DNS is already open in every fenced namespace.
 */
export function loadTestNetworkPolicies(
  services: DrivenService[],
  prometheus: PrometheusEndpoint | undefined,
) {
  const namespaces = [...new Set(services.map((s) => s.namespace))].sort();
  const inNamespace = (ns: string) => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
  });
  const egress = namespaces.map((ns) => ({
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "NetworkPolicy" as const,
    metadata: { name: "allow-loadtest", namespace: ns },
    spec: {
      podSelector: { matchLabels: { ...LOADTEST_POD_SELECTOR } },
      policyTypes: ["Egress"],
      egress: [
        ...services
          .filter((s) => s.namespace === ns)
          .map((s) => ({
            to: [{ podSelector: { matchLabels: workloadLabels(s.name, "service") } }],
            ports: [{ protocol: "TCP", port: s.port }],
          })),
        ...(prometheus
          ? [
              {
                to: [inNamespace(prometheus.namespace)],
                ports: [{ protocol: "TCP", port: prometheus.port }],
              },
            ]
          : []),
      ],
    },
  }));
  const ingress = prometheus
    ? [
        {
          apiVersion: "networking.k8s.io/v1" as const,
          kind: "NetworkPolicy" as const,
          metadata: { name: "allow-loadtest-results", namespace: prometheus.namespace },
          spec: {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: namespaces.map((ns) => ({
                  ...inNamespace(ns),
                  podSelector: { matchLabels: { ...LOADTEST_POD_SELECTOR } },
                })),
                ports: [{ protocol: "TCP", port: prometheus.port }],
              },
            ],
          },
        },
      ]
    : [];
  return [...egress, ...ingress];
}
