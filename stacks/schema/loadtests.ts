import { z } from "zod";
import { rateAt, type ResolvedScenario } from "../../model/loadtest/scenario";
import { image, intAtLeast } from "./common";
import type { servicesSchema } from "./workloads";

/**
 * The most one scenario may ask for, req/s. One generator process holds about this many open
 * requests per second on a node; a scenario above it measures the generator, not the service.
 */
export const MAX_SCENARIO_RPS = 100_000;
/** Longest stage: a week (the seed's soak is 24 h). */
export const MAX_STAGE_SECONDS = 7 * 24 * 3600;

const rate = z
  .number({ error: "must be a number" })
  .positive("must be above 0 req/s")
  .max(MAX_SCENARIO_RPS, `must be at most ${MAX_SCENARIO_RPS} req/s (one generator's reach)`);

/** One stage: the rate ramps linearly from the previous stage's (or `startRps`) to `rps` over `durationSeconds`. */
const stage = z.strictObject({
  durationSeconds: intAtLeast(1)
    .max(MAX_STAGE_SECONDS, `must be at most ${MAX_STAGE_SECONDS} (a week)`)
    .describe("Stage length (s); the rate ramps linearly to rps over it"),
  rps: rate.describe("Rate at the end of the stage (req/s)"),
});

/** A load test scenario against one of `platform:services`. */
export const scenarioSchema = z.strictObject({
  /** Service under test; must be one of `platform:services`. */
  service: z.string().min(1).describe("Service under test (one of platform:services)"),
  /** Rate when the first stage starts. Default: the first stage's rate (no ramp-in). */
  startRps: rate.optional().describe("Rate when the first stage starts (default: first stage's)"),
  stages: z.array(stage).min(1, "must list at least one stage").describe("Stages in order"),
  /** Share of reads (GET); the rest are writes (POST). Default: 80 (the seed's mix). */
  readPercent: intAtLeast(0).max(100, "must be at most 100").default(80).describe("Reads (%)"),
  thresholds: z
    .strictObject({
      /** P95 latency limit, ms. Default: the service's latencyObjectiveMs. */
      p95Ms: intAtLeast(1).optional().describe("P95 limit (ms; default the service's objective)"),
      /** Failed requests allowed, % of all sent. Default: 1 (the seed's). */
      errorRatePercent: z
        .number({ error: "must be a number" })
        .min(0, "must be at least 0")
        .max(100, "must be at most 100 (a percentage)")
        .default(1)
        .describe("Errors allowed (% of requests)"),
      /** Seconds at the start of the run whose latency the P95 threshold ignores. Default: 0. */
      p95GraceSeconds: intAtLeast(0).default(0).describe("Start excluded from the P95 (s)"),
    })
    .prefault({})
    .describe("Pass/fail limits"),
});

/**
 * `platform:loadTests`: the environment's load test scenarios (seed: normal, peak, spike, soak)
 * and whether the program creates them as Jobs in the cluster. Default: no scenarios, no Jobs.
 */
export const loadTestsSchema = z
  .strictObject({
    /**
     * Keep each scenario in the cluster as a suspended CronJob (a Job template that never fires),
     * to start on demand, with its NetworkPolicies and dashboard row. Default: false.
     */
    inCluster: z
      .boolean()
      .default(false)
      .describe("Keep the scenarios in the cluster as suspended CronJobs, run on demand"),
    /** Load generator of the in-cluster Jobs (Apache-2.0). Default: `fortio/fortio:1.75.3`. */
    image: image.default("fortio/fortio:1.75.3").describe("Load generator image (Fortio)"),
    /**
     * Image with a POSIX `sh`, `awk` and `curl` that judges Fortio's results against the
     * thresholds, sets the Job's exit status and pushes the figures to Prometheus. Default:
     * `curlimages/curl:8.21.0` (Alpine's BusyBox and curl).
     */
    evaluatorImage: image
      .default("curlimages/curl:8.21.0")
      .describe("Image with sh, awk and curl that judges and pushes the results"),
    scenarios: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "scenario names are 2-32 of a-z 0-9 -"),
        scenarioSchema,
      )
      .default({})
      .describe("Scenarios by name"),
  })
  .prefault({})
  .describe("Load test scenarios (normal, peak, spike, soak) and the in-cluster runner");

export type LoadTests = z.output<typeof loadTestsSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

// Resolved scenarios and their rate are pure data the components read too: they live in model/.
export { rateAt, type ResolvedScenario };

type Issue = { path: (string | number)[]; message: string };

/** Scenarios name existing services and stay within what the service's pods can ever serve. */
export function loadTestIssues(env: {
  loadTests: LoadTests;
  services: z.output<typeof servicesSchema>;
}): Issue[] {
  const issues: Issue[] = [];
  const known = Object.keys(env.services);
  if (env.loadTests.inCluster && Object.keys(env.loadTests.scenarios).length === 0)
    issues.push({
      path: ["loadTests", "inCluster"],
      message:
        "is true but platform:loadTests.scenarios declares no scenario to create as a Job; add one or set inCluster: false",
    });
  for (const [name, s] of Object.entries(env.loadTests.scenarios)) {
    const service = env.services[s.service];
    if (service === undefined) {
      issues.push({
        path: ["loadTests", "scenarios", name, "service"],
        message: `unknown service ${JSON.stringify(s.service)}; platform:services lists ${known.length ? known.join(", ") : "none"}`,
      });
      continue;
    }
    const objective = service.latencyObjectiveMs;
    const p95 = s.thresholds.p95Ms;
    if (p95 !== undefined && p95 > objective * 10)
      issues.push({
        path: ["loadTests", "scenarios", name, "thresholds", "p95Ms"],
        message: `${p95} ms is more than 10x ${s.service}'s latency objective ${objective} ms; a threshold that loose never fails`,
      });
    const total = s.stages.reduce((t, st) => t + st.durationSeconds, 0);
    if (s.thresholds.p95GraceSeconds >= total)
      issues.push({
        path: ["loadTests", "scenarios", name, "thresholds", "p95GraceSeconds"],
        message: `${s.thresholds.p95GraceSeconds} s covers the whole ${total} s run, so the P95 would judge nothing`,
      });
  }
  return issues;
}

/** Resolves a scenario's defaults: the start rate and the P95 limit from the service's objective. */
export function resolveScenario(
  name: string,
  s: Scenario,
  services: z.output<typeof servicesSchema>,
): ResolvedScenario {
  const service = services[s.service];
  if (service === undefined) throw new Error(`scenario ${name}: unknown service ${s.service}`);
  return {
    name,
    service: s.service,
    startRps: s.startRps ?? s.stages[0].rps,
    stages: s.stages.map((st) => ({ ...st })),
    readPercent: s.readPercent,
    p95Ms: s.thresholds.p95Ms ?? service.latencyObjectiveMs,
    errorRatePercent: s.thresholds.errorRatePercent,
    p95GraceSeconds: s.thresholds.p95GraceSeconds,
    durationSeconds: s.stages.reduce((t, st) => t + st.durationSeconds, 0),
    peakRps: Math.max(s.startRps ?? 0, ...s.stages.map((st) => st.rps)),
  };
}

/** The same scenario `factor` times shorter (stages and grace); the rates stay. For tests and quick runs. */
export function compressScenario(s: ResolvedScenario, factor: number): ResolvedScenario {
  if (!(factor >= 1)) throw new Error(`compression factor must be at least 1, got ${factor}`);
  const stages = s.stages.map((st) => ({
    rps: st.rps,
    durationSeconds: Math.max(1, Math.round(st.durationSeconds / factor)),
  }));
  return {
    ...s,
    stages,
    p95GraceSeconds: Math.round(s.p95GraceSeconds / factor),
    durationSeconds: stages.reduce((t, st) => t + st.durationSeconds, 0),
  };
}
