/**
 * The HorizontalPodAutoscaler control loop, as documented in
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ ("Algorithm
 * details", "Stabilization window", "Scaling policies", "Default Behavior"):
 *
 * 1. Per metric: desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue),
 *    where the average is over ready pods; no change while the ratio is within the tolerance (0.1).
 *    Pods that are not ready yet are set aside; when scaling up they count as using 0 of the
 *    metric, and if that flips the direction or lands within tolerance, nothing changes.
 * 2. Several metrics: the largest recommendation wins.
 * 3. Stabilisation: the result is held between the lowest recommendation of the scale-up window
 *    and the highest of the scale-down window (safest value in each direction).
 * 4. Rate: policies limit the change relative to the replica count at the start of each
 *    policy's period; `selectPolicy` Max takes the policy allowing the most change, Min the least,
 *    Disabled forbids that direction. The result is bounded by min/max replicas.
 */
import type { HpaMetric } from "./types";
import type { ResolvedHpa, ResolvedRules } from "./validate";

/** What the controller observes for one sync. */
export interface HpaObservation {
  /** `spec.replicas` of the target: every pod that exists, ready or not. */
  currentReplicas: number;
  /** Pods ready at the time of the metric sample. */
  readyPods: number;
  /** Offered request rate at the time of the metric sample (spread evenly over ready pods). */
  loadRps: number;
}

/** Load-derived metric values the simulator's pod model reports. */
export interface PodMetricModel {
  throughputRps: number;
  memoryUtilizationPercent: number;
}

/** Average value per ready pod and target for one metric. CPU is 100 % of request at `throughputRps` and cannot exceed its limit (= request). */
export function metricValue(
  m: HpaMetric,
  loadPerPod: number,
  pods: PodMetricModel,
): { value: number; target: number } {
  switch (m.name) {
    case "requestsPerSecond":
      return { value: loadPerPod, target: m.averageValue };
    case "cpu":
      return {
        value: Math.min(100, (100 * loadPerPod) / pods.throughputRps),
        target: m.averageUtilization,
      };
    case "memory":
      return { value: pods.memoryUtilizationPercent, target: m.averageUtilization };
  }
}

/**
 * Replicas one metric asks for. `value` is the average over `ready` pods; `current - ready`
 * pods are not ready. Mirrors the controller's handling of unready pods described in the docs.
 */
export function replicasForMetric(
  current: number,
  ready: number,
  value: number,
  target: number,
  tolerance: number,
): number {
  if (ready <= 0) return current; // no metrics at all: the controller skips scaling
  const ratio = value / target;
  const unready = Math.max(0, current - ready);
  if (unready === 0 || ratio <= 1) {
    if (Math.abs(ratio - 1) <= tolerance) return current;
    return Math.ceil(ratio * ready);
  }
  // Scaling up with unready pods: they count as 0, diluting the average over all pods.
  const newRatio = (value * ready) / (target * (ready + unready));
  if (Math.abs(newRatio - 1) <= tolerance || newRatio < 1) return current;
  return Math.max(current, Math.ceil(newRatio * (ready + unready)));
}

/** The largest recommendation over all metrics. */
export function recommend(hpa: ResolvedHpa, obs: HpaObservation, pods: PodMetricModel): number {
  const perPod = obs.readyPods > 0 ? obs.loadRps / obs.readyPods : 0;
  let best = 0;
  for (const m of hpa.metrics) {
    const { value, target } = metricValue(m, perPod, pods);
    best = Math.max(
      best,
      replicasForMetric(obs.currentReplicas, obs.readyPods, value, target, hpa.tolerance),
    );
  }
  return best;
}

interface Stamped {
  t: number;
  n: number;
}

function changeWithin(events: Stamped[], now: number, periodSeconds: number): number {
  let sum = 0;
  for (const e of events) if (e.t > now - periodSeconds) sum += e.n;
  return sum;
}

/** Highest replica count scale-up policies allow now (before min/max bounds). */
export function scaleUpLimit(
  current: number,
  up: Stamped[],
  down: Stamped[],
  rules: ResolvedRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start =
      current - changeWithin(up, now, p.periodSeconds) + changeWithin(down, now, p.periodSeconds);
    // Percent rounds up so a small target can always grow by at least one pod.
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** Lowest replica count scale-down policies allow now (before min/max bounds). */
export function scaleDownLimit(
  current: number,
  up: Stamped[],
  down: Stamped[],
  rules: ResolvedRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start =
      current - changeWithin(up, now, p.periodSeconds) + changeWithin(down, now, p.periodSeconds);
    // Percent truncates (Go int32 conversion), so the removal never exceeds the percentage.
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * Controller state for one HPA: past recommendations (stabilisation) and past scale events
 * (rate policies). `sync` is called every sync period with the observation at that time.
 */
export class HpaController {
  private readonly recommendations: Stamped[] = [];
  private readonly upEvents: Stamped[] = [];
  private readonly downEvents: Stamped[] = [];
  private readonly keepRecommendations: number;
  private readonly keepEvents: number;

  constructor(
    readonly hpa: ResolvedHpa,
    private readonly pods: PodMetricModel,
  ) {
    this.keepRecommendations = Math.max(
      hpa.scaleUp.stabilizationWindowSeconds,
      hpa.scaleDown.stabilizationWindowSeconds,
    );
    this.keepEvents = Math.max(
      ...hpa.scaleUp.policies.map((p) => p.periodSeconds),
      ...hpa.scaleDown.policies.map((p) => p.periodSeconds),
    );
  }

  /** Runs one reconcile at time `now` (seconds) and returns the new `spec.replicas`. */
  sync(now: number, obs: HpaObservation): number {
    const { hpa } = this;
    const current = obs.currentReplicas;
    let desired: number;
    if (current > hpa.maxReplicas) desired = hpa.maxReplicas;
    else if (current < hpa.minReplicas) desired = hpa.minReplicas;
    else desired = this.normalize(now, current, recommend(hpa, obs, this.pods));
    if (desired > current) this.upEvents.push({ t: now, n: desired - current });
    else if (desired < current) this.downEvents.push({ t: now, n: current - desired });
    prune(this.upEvents, now - this.keepEvents);
    prune(this.downEvents, now - this.keepEvents);
    return desired;
  }

  private normalize(now: number, current: number, raw: number): number {
    const { hpa } = this;
    // Stabilise: lowest recommendation in the scale-up window, highest in the scale-down window.
    let upRec = raw;
    let downRec = raw;
    for (const r of this.recommendations) {
      if (r.t > now - hpa.scaleUp.stabilizationWindowSeconds) upRec = Math.min(upRec, r.n);
      if (r.t > now - hpa.scaleDown.stabilizationWindowSeconds) downRec = Math.max(downRec, r.n);
    }
    this.recommendations.push({ t: now, n: raw });
    prune(this.recommendations, now - this.keepRecommendations);
    let rec = current;
    if (rec < upRec) rec = upRec;
    if (rec > downRec) rec = downRec;

    // Rate policies, then min/max.
    if (rec > current) {
      const limit = Math.max(
        current,
        scaleUpLimit(current, this.upEvents, this.downEvents, hpa.scaleUp, now),
      );
      return Math.min(rec, hpa.maxReplicas, limit);
    }
    if (rec < current) {
      const limit = Math.min(
        current,
        scaleDownLimit(current, this.upEvents, this.downEvents, hpa.scaleDown, now),
      );
      return Math.max(rec, hpa.minReplicas, limit);
    }
    return Math.min(Math.max(rec, hpa.minReplicas), hpa.maxReplicas);
  }
}

function prune(list: Stamped[], cutoff: number): void {
  let drop = 0;
  while (drop < list.length && list[drop].t <= cutoff) drop++;
  if (drop > 0) list.splice(0, drop);
}
