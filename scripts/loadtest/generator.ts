/**
 * Drives a scenario's stages against a URL with autocannon (MIT): ramps are cut into steps of a
 * few seconds and constant stages run whole, each at the scenario's rate in the middle of the
 * step (`overallRate`), without coordinated-omission correction (on a starved CPU it charged the
 * generator's own lateness to the service), with enough
 * connections that a response at twice the latency objective never holds the next request back.
 * Every response is recorded (time, latency, status), so the P95 and error rate are exact.
 */
import autocannon from "autocannon";
import { rateAt, type ResolvedScenario } from "../../stacks/schema/loadtests";

/** One request as the generator saw it. */
export interface Sample {
  /** Seconds since the run started. */
  t: number;
  latencyMs: number;
  ok: boolean;
}

/** The request mix: `readPercent` GETs in every 20 requests, the rest POSTs. */
export function requestMix(readPercent: number): { method: "GET" | "POST"; path: string }[] {
  const reads = Math.round((readPercent / 100) * 20);
  return Array.from({ length: 20 }, (_, i) =>
    i < reads ? { method: "GET", path: "/items" } : { method: "POST", path: "/items" },
  );
}

/**
 * The run's steps as [start, end) seconds: a stage at a constant rate is one step (each new
 * autocannon instance opens its connections in a burst the service sees), a ramp is cut into
 * steps of `stepSeconds`.
 */
export function steps(
  s: Pick<ResolvedScenario, "startRps" | "stages">,
  stepSeconds: number,
): [number, number][] {
  const out: [number, number][] = [];
  let from = s.startRps;
  let start = 0;
  for (const st of s.stages) {
    const end = start + st.durationSeconds;
    if (st.rps === from) out.push([start, end]);
    else
      for (let at = start; at < end; at += stepSeconds)
        out.push([at, Math.min(end, at + stepSeconds)]);
    from = st.rps;
    start = end;
  }
  return out;
}

/** Runs the scenario; `onStep` is told each step's start time and rate. */
export async function generate(
  url: string,
  s: ResolvedScenario,
  options: { stepSeconds?: number; onStep?: (t: number, rps: number) => void } = {},
): Promise<Sample[]> {
  const step = options.stepSeconds ?? 5;
  const samples: Sample[] = [];
  const t0 = Date.now();
  const requests = requestMix(s.readPercent).map((r) => ({
    ...r,
    ...(r.method === "POST"
      ? { body: '{"n":1}', headers: { "content-type": "application/json" } }
      : {}),
  }));
  for (const [at, end] of steps(s, step)) {
    const rps = Math.max(1, Math.round(rateAt(s, (at + end) / 2)));
    // Steps follow the wall clock: one that starts late runs shorter, so the run never stretches.
    const wait = t0 + at * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const seconds = Math.round((t0 + end * 1000 - Date.now()) / 1000);
    if (seconds < 1) continue;
    options.onStep?.(at, rps);
    await new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          duration: seconds,
          overallRate: rps,
          connections: Math.min(4000, Math.max(4, Math.ceil(rps * 0.6))),
          timeout: 10,
          ignoreCoordinatedOmission: true,
          requests,
        },
        (err: unknown) => (err ? reject(err as Error) : resolve()),
      );
      instance.on("response", (_client, status, _bytes, ms) =>
        samples.push({
          t: (Date.now() - t0) / 1000,
          latencyMs: ms,
          ok: status >= 200 && status < 400,
        }),
      );
      instance.on("reqError", () =>
        samples.push({ t: (Date.now() - t0) / 1000, latencyMs: 10000, ok: false }),
      );
    });
  }
  return samples;
}

/** The `p`th percentile (0-100) of `values`, nearest rank; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
