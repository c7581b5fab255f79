/**
 * Runs the HPA control loop ({@link HpaController}) against a load profile and the pod/node
 * model ({@link ClusterState}) in fixed time steps.
 *
 * Per step: node arrivals and readiness are applied, the offered load is read from the
 * profile, and every sync period the HPA observes the request rate per ready pod as it was
 * `metricLagSeconds` ago (pods that became ready since then have no sample yet and count as not
 * ready). Capacity is ready pods × per-pod throughput; whatever load exceeds it is unserved.
 */
import { HpaController } from "./hpa";
import { ClusterState } from "./cluster";
import type { SimulationInput, SimulationResult, SimulationSeries } from "./types";
import { resolveHpa, resolvePods, SimulatorInputError } from "./validate";

/** Tolerance for comparing capacity and load, so float noise is not a shortfall. */
const EPS = 1e-9;

/**
 * Simulates one service. Throws {@link SimulatorInputError} naming the field for bad input.
 * Defaults: `stepSeconds` 5, `initialReplicas` = `hpa.minReplicas`, `recordSeries` true.
 */
export function simulate(input: SimulationInput): SimulationResult {
  const hpa = resolveHpa(input.hpa);
  const pods = resolvePods(input.pods, hpa);
  const { profile } = input;
  const step = input.stepSeconds ?? 5;
  if (!Number.isInteger(step) || step < 1 || hpa.syncPeriodSeconds % step !== 0) {
    throw new SimulatorInputError(
      "stepSeconds",
      `must be a whole number of seconds dividing the sync period ${hpa.syncPeriodSeconds}, got ${step}`,
    );
  }
  const initial = input.initialReplicas ?? hpa.minReplicas;
  if (!Number.isInteger(initial) || initial < hpa.minReplicas || initial > hpa.maxReplicas) {
    throw new SimulatorInputError(
      "initialReplicas",
      `must be a whole number between minReplicas ${hpa.minReplicas} and maxReplicas ${hpa.maxReplicas}, got ${initial}`,
    );
  }
  if (!Number.isFinite(profile.durationSeconds) || profile.durationSeconds < 0) {
    throw new SimulatorInputError(
      "profile.durationSeconds",
      `must be a number >= 0, got ${profile.durationSeconds}`,
    );
  }

  const syncEvery = hpa.syncPeriodSeconds / step;
  const lagSteps = Math.round(pods.metricLagSeconds / step);
  const steps = Math.floor(profile.durationSeconds / step) + 1;
  const record = input.recordSeries ?? true;
  const series: SimulationSeries = {
    timeSeconds: [],
    loadRps: [],
    replicas: [],
    readyReplicas: [],
    capacityRps: [],
  };

  const cluster = new ClusterState(pods, initial);
  const controller = new HpaController(hpa, pods);
  // Ring buffers of past load and ready pods for the metric lag.
  const loadHist = new Float64Array(lagSteps + 1);
  const readyHist = new Float64Array(lagSteps + 1);

  let replicas = initial;
  let maxReplicasReached = initial;
  let lastShort = -1;
  let peakUnserved = 0;
  let totalUnserved = 0;
  let scaleDownSeconds: number | null = null;
  const dropAt = profile.dropStartSeconds;

  for (let i = 0; i < steps; i++) {
    const t = i * step;
    cluster.advance(t);
    const load = profile.rpsAt(t);
    if (!(load >= 0) || !Number.isFinite(load)) {
      throw new SimulatorInputError(
        "profile",
        `load at ${t} s must be a finite number >= 0, got ${load}`,
      );
    }
    const slot = i % (lagSteps + 1);
    loadHist[slot] = load;
    readyHist[slot] = cluster.ready;

    if (i % syncEvery === 0) {
      const j = i >= lagSteps ? (i - lagSteps) % (lagSteps + 1) : 0;
      const sampledReady = i >= lagSteps ? readyHist[j] : readyHist[0];
      const sampledLoad = i >= lagSteps ? loadHist[j] : loadHist[0];
      const stillReady = Math.min(sampledReady, cluster.ready);
      const perPod = sampledReady > 0 ? sampledLoad / sampledReady : 0;
      replicas = controller.sync(t, {
        currentReplicas: replicas,
        readyPods: stillReady,
        loadRps: perPod * stillReady,
      });
      cluster.scaleTo(t, replicas);
      cluster.advance(t); // pods with zero start-up time are ready at once
      if (replicas > maxReplicasReached) maxReplicasReached = replicas;
    }

    const capacity = cluster.ready * pods.throughputRps;
    const unserved = load > capacity + EPS ? load - capacity : 0;
    if (unserved > 0) {
      lastShort = i;
      if (unserved > peakUnserved) peakUnserved = unserved;
      totalUnserved += unserved * step;
    }
    if (
      dropAt !== undefined &&
      scaleDownSeconds === null &&
      t >= dropAt &&
      replicas === hpa.minReplicas
    ) {
      scaleDownSeconds = t - dropAt;
    }
    if (record) {
      series.timeSeconds.push(t);
      series.loadRps.push(load);
      series.replicas.push(replicas);
      series.readyReplicas.push(cluster.ready);
      series.capacityRps.push(capacity);
    }
  }

  const rise = profile.riseStartSeconds ?? 0;
  let timeToCoverSeconds: number | null;
  if (lastShort < 0) timeToCoverSeconds = 0;
  else if (lastShort === steps - 1) timeToCoverSeconds = null;
  else timeToCoverSeconds = Math.max(0, (lastShort + 1) * step - rise);

  return {
    profile: profile.name,
    timeToCoverSeconds,
    peakUnservedRps: peakUnserved,
    totalUnservedRequests: totalUnserved,
    scaleDownSeconds,
    maxReplicasReached,
    steps,
    ...(record ? { series } : {}),
  };
}
