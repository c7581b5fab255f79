/**
 * Manifests of one HTTP service: Deployment, Service, HorizontalPodAutoscaler (autoscaling/v2)
 * and PodDisruptionBudget. Pure functions of {@link ServiceSpec}; the component applies them.
 *
 * Request rate reaches the HPA as a `Pods` metric served by prometheus-adapter (see
 * `addons.ts`), so one HPA holds CPU, memory and req/s and takes the largest recommendation, as
 * the HPA algorithm documents. KEDA's Prometheus trigger would create a second HPA for the same
 * Deployment, which Kubernetes forbids; KEDA is used for queue workers only.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { HpaSpec } from "../../model/simulator";
import { type PlacementSpec, workloadDeployment, workloadLabels } from "./placement";
import { PRIORITY_CLASSES } from "./priority";

/** HPA targets: utilisation in % of the request (1-100), and req/s per pod. */
export interface MetricTargets {
  cpu?: number;
  memory?: number;
  requestsPerSecond?: number;
}

/** One direction of `spec.behavior`, Kubernetes field names. */
export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: { type: "Pods" | "Percent"; value: number; periodSeconds: number }[];
}

/** `spec.behavior` of the HPA. */
export interface Behavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** Container image, requests and limits (Kubernetes quantities). */
export interface ContainerResources {
  requests: { cpu: string; memory: string };
  /** Limits; memory defaults to the request, CPU to none (throttling hurts latency). */
  limits: { cpu?: string; memory?: string };
}

/** Everything one service's manifests are built from. */
export interface ServiceSpec {
  name: string;
  namespace: string;
  image: string;
  port: number;
  resources: ContainerResources;
  /** HPA bounds (from the capacity planner or explicit). */
  replicas: { min: number; max: number };
  metrics: MetricTargets;
  behavior: Behavior;
  /** PDB maxUnavailable: at least 1 pod or 1 %, so drains always make progress. */
  maxUnavailable: number | string;
  probes: { readinessPath: string; livenessPath: string };
  /** Seconds until a pod is normally ready; the startup probe allows twice this. */
  startupSeconds: number;
  placement: PlacementSpec;
  /** Name under which prometheus-adapter serves the request rate per pod. */
  rpsMetricName: string;
  /** Secret with the data-tier connection settings, read through `envFrom`. */
  dataSecretName: string;
}

/** A decimal as a Kubernetes quantity: 100 → "100", 66.5 → "66500m". */
export function quantityOf(v: number): string {
  return Number.isInteger(v) ? String(v) : `${Math.round(v * 1000)}m`;
}

/** Seconds between readiness probes; the ALB health check follows it. */
export const PROBE_PERIOD = 5;
/** Failed readiness probes before a pod is taken out of the endpoints; the ALB follows it. */
export const READINESS_FAILURE_THRESHOLD = 2;
/** Seconds a service pod has from the delete to SIGKILL. */
export const SERVICE_TERMINATION_GRACE_SECONDS = 30;
/** Seconds a terminating pod keeps serving while load balancers stop sending it requests. */
export const SERVICE_PRESTOP_SLEEP_SECONDS = 10;

/** Container limits with the defaults applied. */
export function limitsOf(r: ContainerResources): Record<string, string> {
  return {
    ...(r.limits.cpu ? { cpu: r.limits.cpu } : {}),
    memory: r.limits.memory ?? r.requests.memory,
  };
}

/** The Deployment. `spec.replicas` is left to the HPA, so an update never resets the scale. */
export function serviceDeployment(s: ServiceSpec): k8s.apps.v1.DeploymentArgs {
  const http = (path: string) => ({ httpGet: { path, port: "http" } });
  return workloadDeployment({
    name: s.name,
    namespace: s.namespace,
    component: "service",
    placement: s.placement,
    priorityClassName: PRIORITY_CLASSES.service.name,
    terminationGracePeriodSeconds: SERVICE_TERMINATION_GRACE_SECONDS,
    container: {
      name: s.name,
      image: s.image,
      ports: [{ name: "http", containerPort: s.port, protocol: "TCP" }],
      envFrom: [{ secretRef: { name: s.dataSecretName } }],
      resources: { requests: { ...s.resources.requests }, limits: limitsOf(s.resources) },
      startupProbe: {
        ...http(s.probes.readinessPath),
        periodSeconds: PROBE_PERIOD,
        failureThreshold: Math.ceil((2 * s.startupSeconds) / PROBE_PERIOD),
      },
      readinessProbe: {
        ...http(s.probes.readinessPath),
        periodSeconds: PROBE_PERIOD,
        failureThreshold: READINESS_FAILURE_THRESHOLD,
      },
      livenessProbe: {
        ...http(s.probes.livenessPath),
        periodSeconds: 10,
        failureThreshold: 3,
      },
      // Endpoints take a few seconds to drop a terminating pod; keep serving meanwhile.
      lifecycle: { preStop: { sleep: { seconds: SERVICE_PRESTOP_SLEEP_SECONDS } } },
    },
  });
}

/** The ClusterIP Service; port `http` is what the ServiceMonitors scrape. */
export function serviceService(s: ServiceSpec): k8s.core.v1.ServiceArgs {
  const labels = workloadLabels(s.name, "service");
  return {
    metadata: { name: s.name, namespace: s.namespace, labels },
    spec: {
      type: "ClusterIP",
      selector: labels,
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
}

/** `spec.metrics` for the targets that are set, CPU, memory, then req/s. */
export function hpaMetrics(
  m: MetricTargets,
  rpsMetricName: string,
): k8s.types.input.autoscaling.v2.MetricSpec[] {
  const resource = (name: "cpu" | "memory", u: number) => ({
    type: "Resource",
    resource: { name, target: { type: "Utilization", averageUtilization: u } },
  });
  return [
    ...(m.cpu !== undefined ? [resource("cpu", m.cpu)] : []),
    ...(m.memory !== undefined ? [resource("memory", m.memory)] : []),
    ...(m.requestsPerSecond !== undefined
      ? [
          {
            type: "Pods",
            pods: {
              metric: { name: rpsMetricName },
              target: { type: "AverageValue", averageValue: quantityOf(m.requestsPerSecond) },
            },
          },
        ]
      : []),
  ];
}

/** The HPA. */
export function serviceHpa(s: ServiceSpec): k8s.autoscaling.v2.HorizontalPodAutoscalerArgs {
  return {
    metadata: { name: s.name, namespace: s.namespace, labels: workloadLabels(s.name, "service") },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.name },
      minReplicas: s.replicas.min,
      maxReplicas: s.replicas.max,
      metrics: hpaMetrics(s.metrics, s.rpsMetricName),
      behavior: s.behavior,
    },
  };
}

/** A PDB by `maxUnavailable`, which, unlike `minAvailable`, can never forbid every eviction. */
export function disruptionBudget(
  name: string,
  namespace: string,
  selector: Record<string, string>,
  maxUnavailable: number | string,
): k8s.policy.v1.PodDisruptionBudgetArgs {
  return {
    metadata: { name, namespace, labels: selector },
    // AlwaysAllow: a crash-looping pod must not block a node drain.
    spec: {
      selector: { matchLabels: selector },
      maxUnavailable,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}

/** The same HPA as the simulator sees it (request rate drives CPU in its model). */
export function simulatorHpa(s: Pick<ServiceSpec, "replicas" | "metrics" | "behavior">): HpaSpec {
  return {
    minReplicas: s.replicas.min,
    maxReplicas: s.replicas.max,
    metrics: [
      ...(s.metrics.cpu !== undefined
        ? [{ name: "cpu" as const, averageUtilization: s.metrics.cpu }]
        : []),
      ...(s.metrics.memory !== undefined
        ? [{ name: "memory" as const, averageUtilization: s.metrics.memory }]
        : []),
      ...(s.metrics.requestsPerSecond !== undefined
        ? [{ name: "requestsPerSecond" as const, averageValue: s.metrics.requestsPerSecond }]
        : []),
    ],
    behavior: s.behavior,
  };
}
