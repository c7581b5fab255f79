/**
 * A load test scenario with every default resolved (`stacks/schema/loadtests.ts` resolves one from
 * `platform:loadTests`), and the rate it asks for at each moment: plain data that the schema, the
 * in-cluster runner's manifests and the local runner share.
 */

/** A scenario with every default resolved against its service. */
export interface ResolvedScenario {
  name: string;
  service: string;
  startRps: number;
  stages: { durationSeconds: number; rps: number }[];
  readPercent: number;
  p95Ms: number;
  errorRatePercent: number;
  p95GraceSeconds: number;
  /** Seconds, all stages. */
  durationSeconds: number;
  /** Highest rate of any stage. */
  peakRps: number;
}

/** The target rate `t` seconds into a scenario (linear within each stage); 0 after its end. */
export function rateAt(s: Pick<ResolvedScenario, "startRps" | "stages">, t: number): number {
  let from = s.startRps;
  let start = 0;
  for (const st of s.stages) {
    if (t < start + st.durationSeconds)
      return from + ((st.rps - from) * (t - start)) / st.durationSeconds;
    from = st.rps;
    start += st.durationSeconds;
  }
  return 0;
}
