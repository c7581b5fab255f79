/**
 * The spike simulator run on the same scenario as a proving-ground run, with the same settings,
 * and the two side by side. The simulator gets the service's shipped HPA (planner bounds,
 * behaviour, metrics), its start-up, the environment's placeholders and node delay, and the metric
 * lag derived from the pipeline ({@link serviceLag}) plus the one hop only the proving ground has:
 * metrics-server between the replayed rate and the HPA (its 10 s resolution). Its P95 applies the
 * stand-in's latency model to what each step serves, so both sides judge the same service model.
 */
import { piecewiseProfile, simulate } from "../../model/simulator";
import type { ResolvedScenario } from "../../stacks/schema/loadtests";
import type { Environment } from "../../stacks/schema";
import { serviceLag, spikeInputs } from "../spike";
import type { LoadTestResult } from "./run";
import { servedLatencyMs } from "./standin";

/** metrics-server's `--metric-resolution` on the proving ground: the hop the environment does not have. */
export const PROVING_GROUND_METRICS_SECONDS = 10;

/** The figures both sides report, at the scenario's full rates. */
export interface RunFigures {
  /** Seconds until Ready pods × peakRps first cover the scenario's peak rate; null when never. */
  timeToCapacitySeconds: number | null;
  p95Ms: number;
  errorRatePercent: number;
  /** Requests refused, at the scenario's full rates. */
  requestsLost: number;
  /** Most Ready replicas. */
  maxReady: number;
}

/** The simulator's run of `scenario` (as run: compressed or not) with `env`'s settings. */
export function simulateScenario(
  env: Environment,
  scenario: ResolvedScenario,
  extraLagSeconds = PROVING_GROUND_METRICS_SECONDS,
): RunFigures & { metricLagSeconds: number } {
  const input = spikeInputs(env).find((i) => i.service === scenario.service);
  if (input === undefined) throw new Error(`${env.name} has no service ${scenario.service}`);
  const service = env.services[scenario.service];
  const lag = serviceLag(env, scenario.service).metricLagSeconds + extraLagSeconds;
  const points: [number, number][] = [[0, scenario.startRps]];
  let at = 0;
  for (const st of scenario.stages) points.push([(at += st.durationSeconds), st.rps]);
  const step = 1;
  const result = simulate({
    hpa: input.hpa,
    pods: { ...input.pods, metricLagSeconds: lag },
    profile: piecewiseProfile(scenario.name, points, scenario.durationSeconds),
    stepSeconds: step,
  });
  const s = result.series!;
  const peak = service.throughputPerPod.peakRps;
  let offered = 0;
  let lost = 0;
  let ttc: number | null = null;
  const latencies: { ms: number; n: number }[] = [];
  for (let i = 0; i < s.timeSeconds.length - 1; i++) {
    const t = s.timeSeconds[i];
    const load = s.loadRps[i];
    const ready = s.readyReplicas[i];
    const served = Math.min(load, s.capacityRps[i]);
    offered += load * step;
    lost += (load - served) * step;
    if (ttc === null && ready * peak >= scenario.peakRps) ttc = t;
    if (t >= scenario.p95GraceSeconds && served > 0)
      latencies.push({
        ms: servedLatencyMs(load / Math.max(ready, 1), {
          ...service.throughputPerPod,
          latencyObjectiveMs: service.latencyObjectiveMs,
        }),
        n: served * step,
      });
  }
  return {
    timeToCapacitySeconds: ttc,
    p95Ms: weightedPercentile(latencies, 95),
    errorRatePercent: offered > 0 ? (100 * lost) / offered : 0,
    requestsLost: lost,
    maxReady: Math.max(...s.readyReplicas),
    metricLagSeconds: lag,
  };
}

/** The `p`th percentile of values weighted by counts. */
function weightedPercentile(values: { ms: number; n: number }[], p: number): number {
  const sorted = [...values].sort((a, b) => a.ms - b.ms);
  const total = sorted.reduce((t, v) => t + v.n, 0);
  let seen = 0;
  for (const v of sorted) {
    seen += v.n;
    if (seen >= (p / 100) * total) return v.ms;
  }
  return 0;
}

/** The proving-ground run's figures at the scenario's full rates. */
export function provingGroundFigures(r: LoadTestResult): RunFigures {
  return {
    timeToCapacitySeconds: r.timeToCapacitySeconds ?? null,
    p95Ms: r.p95Ms,
    errorRatePercent: r.errorRatePercent,
    requestsLost: r.failed / r.rateScale,
    maxReady: r.maxReady,
  };
}

/**
 * Whether two figures agree within `tolerance` (a fraction of the larger). Counts of lost requests
 * below `floor` (1 % of the scenario's error budget by default in callers) count as agreeing:
 * 0 against 3 is no disagreement about scaling.
 */
export function agrees(a: number | null, b: number | null, tolerance = 0.2, floor = 0): boolean {
  if (a === null || b === null) return a === b;
  if (Math.max(a, b) <= floor) return true;
  return Math.abs(a - b) <= tolerance * Math.max(a, b);
}

/** A Markdown table of both runs side by side. */
export function sideBySide(pg: RunFigures, sim: RunFigures): string {
  const sec = (v: number | null) => (v === null ? "never" : `${Math.round(v)} s`);
  const rows: [string, string, string][] = [
    ["time to capacity", sec(pg.timeToCapacitySeconds), sec(sim.timeToCapacitySeconds)],
    ["P95 after the grace period", `${Math.round(pg.p95Ms)} ms`, `${Math.round(sim.p95Ms)} ms`],
    ["error rate", `${pg.errorRatePercent.toFixed(2)} %`, `${sim.errorRatePercent.toFixed(2)} %`],
    [
      "requests lost (full rate)",
      `${Math.round(pg.requestsLost)}`,
      `${Math.round(sim.requestsLost)}`,
    ],
    ["most Ready replicas", `${pg.maxReady}`, `${sim.maxReady}`],
  ];
  return [
    "| figure | proving ground | simulator |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
