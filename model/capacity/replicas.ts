/**
 * Replica bounds from traffic targets.
 *
 * How baseline and peak throughput are used:
 * - `minReplicas` carries **today's** peak at the **baseline** throughput, so the latency
 *   objective holds on an ordinary day without the HPA doing anything, and never drops below
 *   the HA floor.
 * - `maxReplicas` carries the **forecast** peak (grown over the horizon, times the seasonal
 *   factor, or the explicit target if larger) plus headroom, with pods loaded only to the HPA
 *   target (a fraction of the **peak** throughput). The HPA target already leaves each pod spare
 *   capacity for the seconds before new pods are ready; the headroom is the margin for the
 *   forecast being wrong, so the HPA is not pinned at max when traffic overshoots it.
 */
import type {
  CapacityProblem,
  FixedReplicas,
  Forecast,
  ReplicaPlan,
  ResolvedForecast,
  ServiceDemand,
  WorkerDemand,
} from "./types";

/** Defaults of {@link Forecast}. */
export const FORECAST_DEFAULTS: ResolvedForecast = Object.freeze({
  headroom: 0.3,
  growthPerYear: 0.2,
  horizonMonths: 6,
  seasonalPeakFactor: 3,
});

/** Default HA floor for services and workers. */
export const DEFAULT_HA_MIN_REPLICAS = 2;
/** Default HPA target, percent of a pod's peak throughput. */
export const DEFAULT_HPA_TARGET_UTILIZATION_PERCENT = 70;

/**
 * ceil that ignores floating-point dust, so 1300 / 130 = 10.000000000000002 is 10, not 11.
 * Replica counts are whole pods; a part-pod of real demand still rounds up.
 */
export function ceilPods(x: number): number {
  return Math.ceil(x - 1e-9);
}

/**
 * Records a problem unless `value` is a finite number in [min, max]. A `min` of
 * `Number.MIN_VALUE` (any amount above zero) reads "above 0" and a `max` of `Infinity` is left
 * out, so the message never shows `5e-324` or `Infinity`; a non-finite number shows as itself
 * (`NaN`), not as JSON's `null`.
 */
export function checkRange(
  problems: CapacityProblem[],
  path: string,
  value: unknown,
  min: number,
  max: number,
  what = "",
): boolean {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    const low = min === Number.MIN_VALUE ? "above 0" : `at least ${min}`;
    const range =
      max === Infinity
        ? low
        : min === Number.MIN_VALUE
          ? `${low} and at most ${max}`
          : `between ${min} and ${max}`;
    const got = typeof value === "number" ? String(value) : JSON.stringify(value);
    problems.push({ path, message: `must be a number ${range}${what}, got ${got}` });
    return false;
  }
  return true;
}

/** Applies forecast defaults and checks ranges. */
export function resolveForecast(
  f: Forecast | undefined,
  problems: CapacityProblem[],
): ResolvedForecast {
  const r: ResolvedForecast = { ...FORECAST_DEFAULTS, ...stripUndefined(f ?? {}) };
  checkRange(problems, "forecast.headroom", r.headroom, 0, 10, " (a fraction: 0.3 = 30 %)");
  checkRange(
    problems,
    "forecast.growthPerYear",
    r.growthPerYear,
    0,
    10,
    " (a fraction: 0.2 = 20 %)",
  );
  checkRange(problems, "forecast.horizonMonths", r.horizonMonths, 1, 60);
  checkRange(problems, "forecast.seasonalPeakFactor", r.seasonalPeakFactor, 1, 100);
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Forecast peak: `today × (1 + growthPerYear)^(horizonMonths / 12) × seasonalPeakFactor`
 * (growth compounds; seed: 100 × 1.2^0.5 × 3 ≈ 328.6 req/s), or `target` when that is larger.
 */
export function designPeak(today: number, target: number | undefined, f: ResolvedForecast): number {
  const grown = today * Math.pow(1 + f.growthPerYear, f.horizonMonths / 12) * f.seasonalPeakFactor;
  return Math.max(grown, target ?? 0);
}

/**
 * Bounds for an HTTP service:
 * - `minReplicas = max(haMinReplicas, ceil(currentPeakRps / baselineRps), ceil(spikeFloorRps / peakRps))`
 * - `targetPerPod = peakRps × hpaTargetUtilizationPercent / 100` (the HPA's AverageValue)
 * - `maxReplicas = max(minReplicas, ceil(designPeak × (1 + headroom) / targetPerPod))`
 *
 * Seed: today 100 req/s, target 1,000, 80/150 req/s per pod, HA 3, a target of 56 req/s per pod
 * (70 % of 80) and a spike reaching 1,000 req/s before new pods are Ready:
 * min = max(3, ceil(1.25), ceil(6.67)) = 7; max = ceil(1,300 / 56) = ceil(23.2) = 24.
 */
export function planService(
  s: ServiceDemand,
  f: ResolvedForecast,
  problems: CapacityProblem[],
): ReplicaPlan | undefined {
  const at = `services.${s.name}`;
  const ha = s.haMinReplicas ?? DEFAULT_HA_MIN_REPLICAS;
  const util = s.hpaTargetUtilizationPercent ?? DEFAULT_HPA_TARGET_UTILIZATION_PERCENT;
  const tp = s.throughputPerPod ?? { baselineRps: NaN, peakRps: NaN };
  const ok = [
    checkRange(problems, `${at}.currentPeakRps`, s.currentPeakRps, 0, Infinity),
    s.targetPeakRps === undefined ||
      checkRange(problems, `${at}.targetPeakRps`, s.targetPeakRps, 0, Infinity),
    checkRange(
      problems,
      `${at}.throughputPerPod.baselineRps`,
      tp.baselineRps,
      Number.MIN_VALUE,
      Infinity,
    ),
    checkRange(problems, `${at}.throughputPerPod.peakRps`, tp.peakRps, Number.MIN_VALUE, Infinity),
    checkRange(problems, `${at}.haMinReplicas`, ha, 1, 1000),
    checkRange(problems, `${at}.spikeFloorRps`, s.spikeFloorRps ?? 0, 0, Infinity),
    checkRange(
      problems,
      `${at}.hpaTargetUtilizationPercent`,
      util,
      1,
      100,
      " (percent of the pod's peak throughput)",
    ),
  ].every(Boolean);
  if (ok && tp.baselineRps > tp.peakRps) {
    problems.push({
      path: `${at}.throughputPerPod.baselineRps`,
      message: `baselineRps ${tp.baselineRps} is above peakRps ${tp.peakRps}`,
    });
    return undefined;
  }
  if (!ok) return undefined;
  const targetPerPod = (tp.peakRps * util) / 100;
  if (s.fixedReplicas) return fixed("service", s, at, s.fixedReplicas, targetPerPod, problems);
  const min = Math.max(
    Math.ceil(ha),
    ceilPods(s.currentPeakRps / tp.baselineRps),
    ceilPods((s.spikeFloorRps ?? 0) / tp.peakRps),
  );
  const peak = designPeak(s.currentPeakRps, s.targetPeakRps, f);
  const max = Math.max(min, ceilPods((peak * (1 + f.headroom)) / targetPerPod));
  return {
    name: s.name,
    kind: "service",
    nodeGroup: s.nodeGroup,
    minReplicas: min,
    maxReplicas: max,
    designPeak: peak,
    targetPerPod,
  };
}

/**
 * Bounds for a queue worker, where the KEDA target `messagesPerPod` plays the role of the HPA target:
 * - `minReplicas = max(haMinReplicas, ceil(currentConcurrency / messagesPerPod))`
 * - `maxReplicas = max(minReplicas, ceil(designPeak × (1 + headroom) / messagesPerPod))`
 *
 * Seed: 500 concurrent agents, 10 per pod, 30 % headroom: max = ceil(650 / 10) = 65.
 */
export function planWorker(
  w: WorkerDemand,
  f: ResolvedForecast,
  problems: CapacityProblem[],
): ReplicaPlan | undefined {
  const at = `workers.${w.name}`;
  const ha = w.haMinReplicas ?? DEFAULT_HA_MIN_REPLICAS;
  const ok = [
    checkRange(problems, `${at}.currentConcurrency`, w.currentConcurrency, 0, Infinity),
    w.targetConcurrency === undefined ||
      checkRange(problems, `${at}.targetConcurrency`, w.targetConcurrency, 0, Infinity),
    checkRange(problems, `${at}.messagesPerPod`, w.messagesPerPod, Number.MIN_VALUE, Infinity),
    checkRange(problems, `${at}.haMinReplicas`, ha, 1, 1000),
  ].every(Boolean);
  if (!ok) return undefined;
  if (w.fixedReplicas) return fixed("worker", w, at, w.fixedReplicas, w.messagesPerPod, problems);
  const min = Math.max(Math.ceil(ha), ceilPods(w.currentConcurrency / w.messagesPerPod));
  const peak = designPeak(w.currentConcurrency, w.targetConcurrency, f);
  const max = Math.max(min, ceilPods((peak * (1 + f.headroom)) / w.messagesPerPod));
  return {
    name: w.name,
    kind: "worker",
    nodeGroup: w.nodeGroup,
    minReplicas: min,
    maxReplicas: max,
    designPeak: peak,
    targetPerPod: w.messagesPerPod,
  };
}

/**
 * Explicit bounds: checked (whole, min ≤ max) and passed through, so they are packed into the
 * node group like derived ones. `designPeak` is the load `max` pods carry at the target.
 */
function fixed(
  kind: "service" | "worker",
  d: { name: string; nodeGroup: string },
  at: string,
  r: FixedReplicas,
  targetPerPod: number,
  problems: CapacityProblem[],
): ReplicaPlan | undefined {
  const ok = [
    checkRange(problems, `${at}.replicas.min`, r.min, 1, 100_000),
    checkRange(problems, `${at}.replicas.max`, r.max, 1, 100_000),
  ].every(Boolean);
  if (!ok) return undefined;
  if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min > r.max) {
    problems.push({
      path: `${at}.replicas.min`,
      message: `bounds must be whole numbers with min ≤ max, got ${r.min} / ${r.max}`,
    });
    return undefined;
  }
  return {
    name: d.name,
    kind,
    nodeGroup: d.nodeGroup,
    minReplicas: r.min,
    maxReplicas: r.max,
    designPeak: r.max * targetPerPod,
    targetPerPod,
  };
}
