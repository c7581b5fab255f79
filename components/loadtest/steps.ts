/**
 * A scenario as the sequence of constant-rate Fortio runs the in-cluster Job performs. Fortio
 * runs one rate per invocation, so a ramp becomes steps of {@link RAMP_STEP_SECONDS} at the rate
 * of each step's midpoint (the mean of the linear ramp over it), and a constant stage a few longer
 * slices. Each step is split in time between reads (GET) and writes (POST) by the scenario's mix:
 * over every step the request count has the scenario's rate and read share.
 */
import { rateAt, type ResolvedScenario } from "../../model/loadtest/scenario";

/** Length of one step of a ramp, s (the local runner ramps in the same steps). */
export const RAMP_STEP_SECONDS = 5;
/** Shortest slice of a constant stage, s: one slice per minute at most. */
export const MIN_SLICE_SECONDS = 60;
/** Most slices a constant stage is cut into (a 24 h soak: 20 slices of 72 min). */
export const MAX_SLICES_PER_STAGE = 20;

/** One Fortio run. */
export interface LoadRun {
  /** Position in the Job, from 0. */
  index: number;
  kind: "read" | "write";
  /** Offset from the scenario's start, ms. */
  startMs: number;
  durationMs: number;
  /** Requests per second during the run. */
  rps: number;
  /** Whether its latencies count towards the P95 (it starts after the grace period). */
  judged: boolean;
}

/** Rounds a rate to 0.01 req/s (Fortio takes any float; the manifest stays readable). */
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The step boundaries of a scenario, s: ramps in 5 s steps, constant stages in slices, cut at the grace period. */
export function stepBoundaries(s: ResolvedScenario): number[] {
  const cuts = new Set<number>([0]);
  let from = s.startRps;
  let start = 0;
  for (const st of s.stages) {
    const end = start + st.durationSeconds;
    const step =
      st.rps === from
        ? Math.max(MIN_SLICE_SECONDS, Math.ceil(st.durationSeconds / MAX_SLICES_PER_STAGE))
        : RAMP_STEP_SECONDS;
    for (let t = start + step; t < end; t += step) cuts.add(t);
    cuts.add(end);
    from = st.rps;
    start = end;
  }
  if (s.p95GraceSeconds > 0 && s.p95GraceSeconds < s.durationSeconds) cuts.add(s.p95GraceSeconds);
  return [...cuts].sort((a, b) => a - b);
}

/** The Fortio runs of a scenario, in order. */
export function loadRuns(s: ResolvedScenario): LoadRun[] {
  const cuts = stepBoundaries(s);
  const runs: LoadRun[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const rps = round2(rateAt(s, (a + b) / 2));
    const stepMs = (b - a) * 1000;
    const readMs = Math.round((stepMs * s.readPercent) / 100);
    const judged = a >= s.p95GraceSeconds;
    const parts: [LoadRun["kind"], number, number][] = [
      ["read", a * 1000, readMs],
      ["write", a * 1000 + readMs, stepMs - readMs],
    ];
    for (const [kind, startMs, durationMs] of parts)
      if (durationMs > 0) runs.push({ index: runs.length, kind, startMs, durationMs, rps, judged });
  }
  return runs;
}
