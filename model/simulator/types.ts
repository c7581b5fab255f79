/**
 * Inputs and outputs of the HPA spike simulator. Field names follow the `autoscaling/v2`
 * HorizontalPodAutoscaler spec where one exists, so a config block can be handed to both the
 * manifest builder and the simulator. Algorithm reference:
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */

/** Metric names the simulator can derive from load; anything else is rejected. */
export const HPA_METRIC_NAMES = ["requestsPerSecond", "cpu", "memory"] as const;
export type HpaMetricName = (typeof HPA_METRIC_NAMES)[number];

/**
 * One HPA metric.
 * - `requestsPerSecond`: a `Pods` metric with `target.type: AverageValue`; `averageValue` is the
 *   request rate per pod the HPA aims for (seed: 100).
 * - `cpu` / `memory`: `Resource` metrics with `target.type: Utilization`; `averageUtilization` is
 *   a percentage of the pod's request, 1–100 (seed: cpu 70, memory 80).
 */
export type HpaMetric =
  | { name: "requestsPerSecond"; averageValue: number }
  | { name: "cpu"; averageUtilization: number }
  | { name: "memory"; averageUtilization: number };

/** One scaling policy: at most `value` pods, or `value` percent, per `periodSeconds`. */
export interface HpaScalingPolicy {
  type: "Pods" | "Percent";
  /** Pods or percent; must be > 0. */
  value: number;
  /** Look-back period of the limit in seconds, 1–1800. */
  periodSeconds: number;
}

/** Scaling rules for one direction (`spec.behavior.scaleUp` / `scaleDown`). */
export interface HpaScalingRules {
  /** Seconds of past recommendations considered; scale-up default 0, scale-down default 300. */
  stabilizationWindowSeconds?: number;
  /** `Max` (default) picks the policy allowing the largest change, `Min` the smallest, `Disabled` forbids scaling this way. */
  selectPolicy?: "Max" | "Min" | "Disabled";
  /**
   * Policies; defaults are the Kubernetes ones: scale-up max(100 %, 4 pods) per 15 s,
   * scale-down 100 % per 15 s.
   */
  policies?: HpaScalingPolicy[];
}

/** `spec.behavior`. */
export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

/** The HPA being simulated. */
export interface HpaSpec {
  /** `spec.minReplicas`, at least 1. */
  minReplicas: number;
  /** `spec.maxReplicas`, at least `minReplicas`. */
  maxReplicas: number;
  /** `spec.metrics`, at least one. */
  metrics: HpaMetric[];
  /** `spec.behavior`; omitted rules take the Kubernetes defaults. */
  behavior?: HpaBehavior;
  /** Controller tolerance (kube-controller-manager `--horizontal-pod-autoscaler-tolerance`). Default 0.1. */
  tolerance?: number;
  /** Controller sync period in seconds (`--horizontal-pod-autoscaler-sync-period`). Default 15. */
  syncPeriodSeconds?: number;
}

/** How the service's pods and the cluster behave. */
export interface PodModel {
  /** Requests per second one ready pod serves before it fails requests (seed: 150, the peak figure). */
  throughputRps: number;
  /** Seconds from a pod being scheduled until it passes readiness; not-ready pods serve nothing. */
  startupSeconds: number;
  /** Seconds from the cluster autoscaler asking for a node until pods can schedule on it (seed range 90–120). */
  nodeProvisioningSeconds: number;
  /**
   * Pod-sized slots held by low-priority placeholder pods. A new pod preempts a placeholder and
   * schedules at once; the evicted placeholder then waits for a new node, which restores the
   * headroom after `nodeProvisioningSeconds`. Default 0.
   */
  headroomPods?: number;
  /** Free pod slots on existing nodes at the start (no preemption needed). Default 0. */
  freeSlots?: number;
  /** Pods of this service that fit on one new node; nodes come whole, so extra slots become free. Default 1. */
  podsPerNode?: number;
  /**
   * Seconds an empty slot survives before the cluster autoscaler removes its node
   * (`--scale-down-unneeded-time`). Default 600.
   */
  nodeScaleDownUnneededSeconds?: number;
  /**
   * Memory utilisation of a pod in percent of its request. Memory of a stateless service does
   * not follow request rate in this model, so it is a constant; set it from the observed
   * working set. Required when the HPA has a `memory` metric (no default: a guess here would
   * decide how fast the HPA scales down).
   */
  memoryUtilizationPercent?: number;
  /**
   * Seconds between a load change and the HPA seeing it (scrape interval plus rate window
   * smoothing in Prometheus). Default 15: one scrape interval.
   */
  metricLagSeconds?: number;
}

/** A load profile: request rate as a function of time. */
export interface LoadProfile {
  /** Name for reports. */
  name: string;
  /** Length of the simulation in seconds. */
  durationSeconds: number;
  /** Offered request rate at time `t` (seconds from the start), >= 0. */
  rpsAt(t: number): number;
  /** When the load starts to rise; `timeToCoverSeconds` is measured from here. Default 0. */
  riseStartSeconds?: number;
  /** When the load starts to fall back; `scaleDownSeconds` is measured from here. */
  dropStartSeconds?: number;
}

/** One simulation run. */
export interface SimulationInput {
  hpa: HpaSpec;
  pods: PodModel;
  profile: LoadProfile;
  /** Ready replicas at t = 0. Default `hpa.minReplicas`. */
  initialReplicas?: number;
  /** Simulation step in seconds; must divide the sync period. Default 5. */
  stepSeconds?: number;
  /** Keep the per-step series in the result. Default true. */
  recordSeries?: boolean;
}

/** Per-step series, columnar so a 24 h run stays cheap. Index i is time `timeSeconds[i]`. */
export interface SimulationSeries {
  timeSeconds: number[];
  loadRps: number[];
  /** HPA desired replicas (`spec.replicas` of the Deployment). */
  replicas: number[];
  readyReplicas: number[];
  /** readyReplicas × throughputRps. */
  capacityRps: number[];
}

/** What a run shows. */
export interface SimulationResult {
  profile: string;
  /**
   * Seconds from `riseStartSeconds` until capacity covers the load at every later step;
   * 0 when it never fell short, null when it is still short at the end of the run.
   */
  timeToCoverSeconds: number | null;
  /** Largest shortfall of capacity below load, req/s. */
  peakUnservedRps: number;
  /** Requests offered but not served over the run. */
  totalUnservedRequests: number;
  /**
   * Seconds from `dropStartSeconds` until the desired replicas reach `minReplicas`; null when the
   * profile has no drop or the run ends first.
   */
  scaleDownSeconds: number | null;
  /** Most desired replicas during the run. */
  maxReplicasReached: number;
  /** Steps simulated. */
  steps: number;
  series?: SimulationSeries;
}
