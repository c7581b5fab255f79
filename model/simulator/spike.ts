/**
 * The "absorb a 10x spike within 2 minutes" check (requirements: spike 100→1,000 req/s ramp in
 * 1 min, autoscaling response < 2 min), per environment and service, scaled to the service's
 * own baseline load. When a service fails it, the smallest headroom and the smallest
 * minReplicas that would make it pass are searched for, so the report says what to change.
 */
import { buildProfile } from "./profiles";
import { simulate } from "./simulate";
import type { HpaSpec, PodModel, SimulationSeries } from "./types";
import { resolveHpa, resolvePods, type ResolvedHpa, type ResolvedPods } from "./validate";

/** A spike target the HPA bounds cannot meet, or other bad spike input; names environment, service and field. */
export class SpikeTargetError extends Error {
  constructor(
    readonly environment: string,
    readonly service: string,
    readonly field: string,
    message: string,
  ) {
    super(`environment ${environment}, service ${service}: ${field}: ${message}`);
    this.name = "SpikeTargetError";
  }
}

/** One service of one environment, as the CLI reads it from the environment config. */
export interface SpikeCheckInput {
  environment: string;
  service: string;
  /** The service's HPA bounds, metrics and behaviour. */
  hpa: HpaSpec;
  /** Per-pod throughput (use the peak figure: what a pod serves before failing), start-up, node delay, headroom. */
  pods: PodModel;
  /** The service's load today, req/s; the spike goes from here to `factor` × this. */
  baselineRps: number;
  /** Spike multiple. Default 10. */
  factor?: number;
  /** Ramp duration in seconds. Default 60. */
  rampSeconds?: number;
  /** How soon after the ramp starts capacity must cover the load for good. Default 120. */
  deadlineSeconds?: number;
  /** Simulation step in seconds. Default 5. */
  stepSeconds?: number;
  /** Search for the smallest fixes when the spike is not absorbed. Default true. */
  searchFixes?: boolean;
  /** Keep the replica time series. Default false. */
  recordSeries?: boolean;
}

/** Smallest changes that make a failing service absorb the spike (null: none up to maxReplicas). */
export interface SpikeFixes {
  /** Placeholder pods (pod-sized) of spare headroom alone, other settings unchanged. */
  headroomPods: number | null;
  /** `minReplicas` alone, other settings unchanged. */
  minReplicas: number | null;
  /**
   * Combinations: for each `minReplicas` below the `minReplicas`-only fix, the fewest headroom
   * pods that pass with it (only minReplicas values where some headroom passes are listed).
   */
  combined: { minReplicas: number; headroomPods: number }[];
}

export interface SpikeCheckResult {
  environment: string;
  service: string;
  baselineRps: number;
  peakRps: number;
  deadlineSeconds: number;
  /** True when capacity covers the load for good within `deadlineSeconds` of the ramp start. */
  absorbed: boolean;
  /** Seconds from the ramp start until capacity covers the load for good; null if it never does. */
  timeToCoverSeconds: number | null;
  peakUnservedRps: number;
  totalUnservedRequests: number;
  /** Seconds from the start of the ramp down until replicas are back at min. */
  scaleDownSeconds: number | null;
  maxReplicasReached: number;
  /** Present only when not absorbed and `searchFixes` is on. */
  fixes?: SpikeFixes;
  series?: SimulationSeries;
}

function run(input: SpikeCheckInput, hpa: HpaSpec, pods: PodModel, record: boolean) {
  const profile = buildProfile({
    kind: "spike",
    baselineRps: input.baselineRps,
    factor: input.factor,
    rampSeconds: input.rampSeconds,
  });
  return simulate({ hpa, pods, profile, stepSeconds: input.stepSeconds, recordSeries: record });
}

function covers(result: { timeToCoverSeconds: number | null }, deadline: number): boolean {
  return result.timeToCoverSeconds !== null && result.timeToCoverSeconds <= deadline;
}

/**
 * Runs the spike for one service. Throws {@link SpikeTargetError} when the target is impossible
 * (peak load above maxReplicas × per-pod throughput) or a spike setting is out of range, and
 * `SimulatorInputError` (via the field path) for bad HPA or pod settings.
 */
export function checkSpike(input: SpikeCheckInput): SpikeCheckResult {
  const { environment, service } = input;
  const fail = (field: string, message: string) =>
    new SpikeTargetError(environment, service, field, message);
  let hpa: ResolvedHpa;
  let pods: ResolvedPods;
  try {
    hpa = resolveHpa(input.hpa);
    pods = resolvePods(input.pods, hpa);
  } catch (e) {
    const err = e as Error & { field?: string };
    throw fail(err.field ?? "input", err.message.replace(/^[^:]*: /, ""));
  }
  const factor = input.factor ?? 10;
  const deadline = input.deadlineSeconds ?? 120;
  if (!(input.baselineRps > 0)) throw fail("baselineRps", `must be > 0, got ${input.baselineRps}`);
  if (!(factor >= 1)) throw fail("factor", `must be >= 1, got ${factor}`);
  if (!(deadline >= 0)) throw fail("deadlineSeconds", `must be >= 0, got ${deadline}`);
  const peakRps = input.baselineRps * factor;
  const ceiling = hpa.maxReplicas * pods.throughputRps;
  if (peakRps > ceiling) {
    throw fail(
      "hpa.maxReplicas",
      `spike peak ${peakRps} req/s (${factor} × ${input.baselineRps}) exceeds maxReplicas ${hpa.maxReplicas} × ${pods.throughputRps} req/s per pod = ${ceiling} req/s; ` +
        `raise maxReplicas to at least ${Math.ceil(peakRps / pods.throughputRps)}`,
    );
  }

  const result = run(input, input.hpa, input.pods, input.recordSeries ?? false);
  const absorbed = covers(result, deadline);
  const out: SpikeCheckResult = {
    environment,
    service,
    baselineRps: input.baselineRps,
    peakRps,
    deadlineSeconds: deadline,
    absorbed,
    timeToCoverSeconds: result.timeToCoverSeconds,
    peakUnservedRps: result.peakUnservedRps,
    totalUnservedRequests: result.totalUnservedRequests,
    scaleDownSeconds: result.scaleDownSeconds,
    maxReplicasReached: result.maxReplicasReached,
    ...(result.series ? { series: result.series } : {}),
  };
  if (!absorbed && (input.searchFixes ?? true))
    out.fixes = searchFixes(input, hpa.minReplicas, hpa.maxReplicas, deadline);
  return out;
}

function searchFixes(
  input: SpikeCheckInput,
  min: number,
  max: number,
  deadline: number,
): SpikeFixes {
  const passes = (m: number, h: number) =>
    covers(
      run(input, { ...input.hpa, minReplicas: m }, { ...input.pods, headroomPods: h }, false),
      deadline,
    );
  const headroom0 = input.pods.headroomPods ?? 0;
  const headroomPods = smallest(headroom0, max, (h) => passes(min, h));
  const minReplicas = smallest(min, max, (m) => passes(m, headroom0));
  const combined: SpikeFixes["combined"] = [];
  // More minReplicas never needs more headroom in this model, so the previous answer bounds the scan.
  let bound = headroomPods ?? max;
  for (let m = min + 1; m < (minReplicas ?? max + 1); m++) {
    const h = smallest(headroom0, bound, (n) => passes(m, n));
    if (h === null) continue;
    combined.push({ minReplicas: m, headroomPods: h });
    bound = h;
  }
  return { headroomPods, minReplicas, combined };
}

/** Smallest n in [lo, hi] with ok(n), scanning upwards (ok need not be monotone); null if none. */
function smallest(lo: number, hi: number, ok: (n: number) => boolean): number | null {
  for (let n = lo; n <= hi; n++) if (ok(n)) return n;
  return null;
}
