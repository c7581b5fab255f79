/**
 * Load profiles: offered request rate over time. Each is built from a plain-data spec so an
 * environment config (or the CLI) can name one without code.
 */
import type { LoadProfile } from "./types";
import { SimulatorInputError } from "./validate";

/** `from` until `atSeconds`, then `to`; back to `from` after `holdSeconds` when given. */
export interface StepSpec {
  kind: "step";
  fromRps: number;
  toRps: number;
  atSeconds: number;
  /** Seconds at `toRps` before dropping back. Default: no drop. */
  holdSeconds?: number;
  durationSeconds: number;
}

/** Linear ramp from `fromRps` to `toRps`, a hold, an optional linear ramp back down and a tail at `fromRps`. */
export interface RampSpec {
  kind: "ramp";
  fromRps: number;
  toRps: number;
  /** Seconds at `fromRps` before the ramp. Default 300, so the HPA has settled. */
  leadSeconds?: number;
  rampSeconds: number;
  /** Seconds at `toRps`. Default 600. */
  holdSeconds?: number;
  /** Seconds to ramp back to `fromRps`. Default 60. */
  rampDownSeconds?: number;
  /** Seconds at `fromRps` after the ramp down, to watch scale-down. Default 1800. */
  tailSeconds?: number;
}

/**
 * The seed spike test (seed 003, "Scenario 3"): ramp from the baseline to `factor` × baseline
 * in `rampSeconds`, hold, ramp down. Defaults: factor 10, ramp 60 s, hold 600 s, ramp down 60 s,
 * 300 s lead and 1800 s tail.
 */
export interface SpikeSpec {
  kind: "spike";
  baselineRps: number;
  factor?: number;
  rampSeconds?: number;
  holdSeconds?: number;
  leadSeconds?: number;
  rampDownSeconds?: number;
  tailSeconds?: number;
}

/** One or more days of a smooth daily cycle between `minRps` (at night) and `maxRps` at `peakHour`. */
export interface DiurnalSpec {
  kind: "diurnal";
  minRps: number;
  maxRps: number;
  /** Hour of day (0–24) of the peak; the trough is 12 h away. Default 14. */
  peakHour?: number;
  /** Days simulated. Default 1. */
  days?: number;
}

export type LoadProfileSpec = StepSpec | RampSpec | SpikeSpec | DiurnalSpec;

function nonNeg(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new SimulatorInputError(field, `must be a number >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A piecewise-linear profile through `points` ([seconds, rps], times increasing); flat after the last point. */
export function piecewiseProfile(
  name: string,
  points: ReadonlyArray<readonly [number, number]>,
  durationSeconds: number,
  marks: { riseStartSeconds?: number; dropStartSeconds?: number } = {},
): LoadProfile {
  if (points.length === 0)
    throw new SimulatorInputError("profile.points", "must have at least one point");
  points.forEach(([t, r], i) => {
    nonNeg(`profile.points[${i}].seconds`, t);
    nonNeg(`profile.points[${i}].rps`, r);
    if (i > 0 && t < points[i - 1][0])
      throw new SimulatorInputError(`profile.points[${i}].seconds`, "times must not decrease");
  });
  const pts = points.map(([t, r]) => [t, r] as const);
  let cursor = 0;
  return {
    name,
    durationSeconds: nonNeg("profile.durationSeconds", durationSeconds),
    ...marks,
    rpsAt(t: number): number {
      if (t <= pts[0][0]) return pts[0][1];
      // Calls come in increasing time, so a moving cursor keeps this O(1); rewind when they do not.
      if (cursor >= pts.length || pts[cursor][0] > t) cursor = 0;
      while (cursor + 1 < pts.length && pts[cursor + 1][0] <= t) cursor++;
      if (cursor + 1 >= pts.length) return pts[pts.length - 1][1];
      const [t0, r0] = pts[cursor];
      const [t1, r1] = pts[cursor + 1];
      return t1 === t0 ? r1 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0);
    },
  };
}

/** Builds a profile from its spec; throws {@link SimulatorInputError} naming the field. */
export function buildProfile(spec: LoadProfileSpec): LoadProfile {
  switch (spec.kind) {
    case "step": {
      const at = nonNeg("profile.atSeconds", spec.atSeconds);
      const pts: [number, number][] = [
        [0, nonNeg("profile.fromRps", spec.fromRps)],
        [at, spec.fromRps],
        [at, nonNeg("profile.toRps", spec.toRps)],
      ];
      let drop: number | undefined;
      if (spec.holdSeconds !== undefined) {
        drop = at + nonNeg("profile.holdSeconds", spec.holdSeconds);
        pts.push([drop, spec.toRps], [drop, spec.fromRps]);
      }
      return piecewiseProfile(
        `step ${spec.fromRps}→${spec.toRps} req/s`,
        pts,
        spec.durationSeconds,
        {
          riseStartSeconds: at,
          dropStartSeconds: drop,
        },
      );
    }
    case "ramp":
      return ramp(`ramp ${spec.fromRps}→${spec.toRps} req/s in ${spec.rampSeconds} s`, spec);
    case "spike": {
      const base = nonNeg("profile.baselineRps", spec.baselineRps);
      const factor = nonNeg("profile.factor", spec.factor ?? 10);
      const rampSeconds = spec.rampSeconds ?? 60;
      return ramp(`spike ${base}→${base * factor} req/s in ${rampSeconds} s`, {
        kind: "ramp",
        fromRps: base,
        toRps: base * factor,
        leadSeconds: spec.leadSeconds,
        rampSeconds,
        holdSeconds: spec.holdSeconds,
        rampDownSeconds: spec.rampDownSeconds,
        tailSeconds: spec.tailSeconds,
      });
    }
    case "diurnal":
      return diurnal(spec);
    default:
      throw new SimulatorInputError(
        "profile.kind",
        `unknown profile ${JSON.stringify((spec as { kind: unknown }).kind)}; known: step, ramp, spike, diurnal`,
      );
  }
}

function ramp(name: string, spec: RampSpec): LoadProfile {
  const from = nonNeg("profile.fromRps", spec.fromRps);
  const to = nonNeg("profile.toRps", spec.toRps);
  const lead = nonNeg("profile.leadSeconds", spec.leadSeconds ?? 300);
  const up = nonNeg("profile.rampSeconds", spec.rampSeconds);
  const hold = nonNeg("profile.holdSeconds", spec.holdSeconds ?? 600);
  const down = nonNeg("profile.rampDownSeconds", spec.rampDownSeconds ?? 60);
  const tail = nonNeg("profile.tailSeconds", spec.tailSeconds ?? 1800);
  const drop = lead + up + hold;
  return piecewiseProfile(
    name,
    [
      [lead, from],
      [lead + up, to],
      [drop, to],
      [drop + down, from],
    ],
    drop + down + tail,
    { riseStartSeconds: lead, dropStartSeconds: drop },
  );
}

function diurnal(spec: DiurnalSpec): LoadProfile {
  const lo = nonNeg("profile.minRps", spec.minRps);
  const hi = nonNeg("profile.maxRps", spec.maxRps);
  if (hi < lo)
    throw new SimulatorInputError("profile.maxRps", `maxRps ${hi} is below minRps ${lo}`);
  const peakHour = nonNeg("profile.peakHour", spec.peakHour ?? 14);
  if (peakHour > 24)
    throw new SimulatorInputError("profile.peakHour", `must be between 0 and 24, got ${peakHour}`);
  const days = nonNeg("profile.days", spec.days ?? 1);
  return {
    name: `diurnal ${lo}–${hi} req/s peaking at ${peakHour}:00`,
    durationSeconds: days * 86_400,
    rpsAt(t: number): number {
      const phase = (2 * Math.PI * (t / 3600 - peakHour)) / 24;
      return lo + ((hi - lo) * (1 + Math.cos(phase))) / 2;
    },
  };
}
