/**
 * One load test scenario against a proving ground: the environment's nodes, the service as
 * shipped (Deployment + HPA), the stand-in answering with the capacity of the Ready pods, and the
 * generator driving the scenario's stages. Returns the figures the thresholds judge.
 */
import { rateAt, type ResolvedScenario } from "../../stacks/schema/loadtests";
import type { Environment } from "../../stacks/schema";
import { start, type ProvingGround, type StartOptions } from "../proving-ground";
import { deployService } from "./cluster";
import { generate, percentile, type Sample } from "./generator";
import { ScrapedRate } from "./scrape";
import { startStandIn } from "./standin";

/** One second of the run as the cluster and the generator saw it. */
export interface TimelinePoint {
  t: number;
  targetRps: number;
  ready: number;
  desired: number;
}

/** What a scenario run measured. */
export interface LoadTestResult {
  environment: string;
  scenario: string;
  service: string;
  /** Scenario seconds run (after any compression). */
  durationSeconds: number;
  requests: number;
  failed: number;
  errorRatePercent: number;
  /** P95 of every request after the scenario's grace period, ms. */
  p95Ms: number;
  /** Seconds from the start until Ready pods × peakRps first covered the scenario's peak rate; undefined when never. */
  timeToCapacitySeconds?: number;
  minReplicas: number;
  maxReplicas: number;
  /** Most Ready replicas seen. */
  maxReady: number;
  thresholds: { p95Ms: number; errorRatePercent: number };
  pass: boolean;
  /** Why it failed, one line per threshold missed. */
  failures: string[];
  /** Fraction of the scenario's rates the generator sent (see RunOptions.rateScale). */
  rateScale: number;
  /** True when the HPA's request-rate metric was replaced by CPU (no prometheus-adapter here). */
  rpsMetricReplaced: boolean;
  timeline: TimelinePoint[];
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** A running proving ground with the environment's nodes; otherwise one is started and stopped. */
  provingGround?: ProvingGround;
  /** Extra start options when this run starts the proving ground. */
  start?: StartOptions;
  /**
   * Runs every rate, and every pod's throughput, at this fraction: utilisation, replica counts,
   * error shares and the stand-in's latencies are unchanged, while the generator and the
   * stand-in need that much less CPU (a shared 2-core machine cannot sustain 1,000 req/s next to
   * a control plane). @default 1
   */
  rateScale?: number;
  /** Progress lines. @default none */
  log?: (line: string) => void;
}

/** `s` with every rate multiplied by `k`. */
export function scaleRates(s: ResolvedScenario, k: number): ResolvedScenario {
  if (!(k > 0 && k <= 1)) throw new Error(`rate scale must be in (0, 1], got ${k}`);
  return {
    ...s,
    startRps: s.startRps * k,
    stages: s.stages.map((st) => ({ ...st, rps: st.rps * k })),
    peakRps: s.peakRps * k,
  };
}

/** Judges the samples against the scenario's thresholds. */
export function judge(
  samples: Sample[],
  s: ResolvedScenario,
): Pick<
  LoadTestResult,
  "requests" | "failed" | "errorRatePercent" | "p95Ms" | "pass" | "failures"
> {
  const failed = samples.filter((x) => !x.ok).length;
  const errorRatePercent = samples.length ? (100 * failed) / samples.length : 100;
  const p95Ms = percentile(
    samples.filter((x) => x.t >= s.p95GraceSeconds).map((x) => x.latencyMs),
    95,
  );
  const failures = [
    ...(samples.length === 0 ? ["no request was answered"] : []),
    ...(errorRatePercent > s.errorRatePercent
      ? [`error rate ${errorRatePercent.toFixed(2)} % is above ${s.errorRatePercent} %`]
      : []),
    ...(p95Ms > s.p95Ms ? [`P95 ${Math.round(p95Ms)} ms is above ${s.p95Ms} ms`] : []),
  ];
  return {
    requests: samples.length,
    failed,
    errorRatePercent,
    p95Ms,
    pass: failures.length === 0,
    failures,
  };
}

/** Runs `scenario` (already resolved, maybe compressed) of `env` on a proving ground. */
export async function runScenario(
  env: Environment,
  scenario: ResolvedScenario,
  options: RunOptions = {},
): Promise<LoadTestResult> {
  const log = options.log ?? (() => undefined);
  const service = env.services[scenario.service];
  const k = options.rateScale ?? 1;
  const run = scaleRates(scenario, k);
  const pg =
    options.provingGround ??
    (await start({
      environment: env,
      keda: false,
      rabbitmq: false,
      // kwok makes a pod Ready the service's start-up time after it is created.
      pods: { createdAfterMs: 200, readyAfterMs: service.startupSeconds * 1000 },
      log,
      ...options.start,
    }));
  const standIn = await startStandIn({
    baselineRps: service.throughputPerPod.baselineRps * k,
    peakRps: service.throughputPerPod.peakRps * k,
    latencyObjectiveMs: service.latencyObjectiveMs,
  });
  try {
    const deployed = await deployService(pg.client, env, scenario.service);
    log(
      `${scenario.service}: ${deployed.spec.replicas.min}..${deployed.spec.replicas.max} replicas, ${deployed.spec.replicas.min} Ready; running ${scenario.name} for ${scenario.durationSeconds} s at ${k === 1 ? "full rate" : `${k} of its rates`}`,
    );
    // The request-rate metric as the shipped pipeline would serve it (scrape interval, rate window).
    const scraped = new ScrapedRate(env.autoscaling.scalingMetric);
    const timeline: TimelinePoint[] = [];
    const t0 = Date.now();
    let running = true;
    let timeToCapacity: number | undefined;
    let firstError: unknown;
    const watch = (async () => {
      while (running) {
        try {
          const t = (Date.now() - t0) / 1000;
          const { ready, desired } = await deployed.status();
          standIn.setReady(ready);
          timeline.push({ t, targetRps: rateAt(scenario, t), ready, desired });
          if (
            timeToCapacity === undefined &&
            ready * service.throughputPerPod.peakRps >= scenario.peakRps
          )
            timeToCapacity = t;
          const { served, answered, seconds } = standIn.takeServed();
          scraped.add(t, answered / k);
          if (deployed.rpsMetricReplaced) {
            // The request-rate metric counts every answered request, refused ones too, at full rate.
            const rate = scraped.rate(t);
            if (rate !== undefined) await deployed.reportLoad(rate / Math.max(ready, 1), false);
          } else if (seconds > 0) {
            // CPU follows what the pods serve, at full rate.
            await deployed.reportLoad(served / k / seconds / Math.max(ready, 1), true);
          }
        } catch (e) {
          firstError ??= e;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    let samples: Sample[];
    try {
      samples = await generate(standIn.url, run, {
        onStep: (t, rps) => {
          const last = timeline[timeline.length - 1];
          log(
            `t=${t}s ${rps} req/s, ${last?.ready ?? "?"} Ready, HPA wants ${last?.desired ?? "?"}`,
          );
        },
      });
    } finally {
      running = false;
      await watch;
    }
    if (timeline.length === 0 && firstError) throw firstError;
    const verdict = judge(samples, scenario);
    return {
      environment: env.name,
      scenario: scenario.name,
      service: scenario.service,
      durationSeconds: scenario.durationSeconds,
      ...verdict,
      timeToCapacitySeconds: timeToCapacity,
      minReplicas: deployed.spec.replicas.min,
      maxReplicas: deployed.spec.replicas.max,
      maxReady: Math.max(0, ...timeline.map((p) => p.ready)),
      thresholds: { p95Ms: scenario.p95Ms, errorRatePercent: scenario.errorRatePercent },
      rpsMetricReplaced: deployed.rpsMetricReplaced,
      rateScale: k,
      timeline,
    };
  } finally {
    await standIn.close();
    if (!options.provingGround) await pg.stop();
  }
}

/** The figures as lines for people. */
export function formatResult(r: LoadTestResult): string {
  const ttc =
    r.timeToCapacitySeconds === undefined
      ? "never within the run"
      : `${r.timeToCapacitySeconds.toFixed(0)} s`;
  return [
    `${r.environment} ${r.scenario} against ${r.service} (${r.durationSeconds} s):`,
    `  time to capacity   ${ttc}`,
    `  P95                ${Math.round(r.p95Ms)} ms (limit ${r.thresholds.p95Ms} ms)`,
    `  error rate         ${r.errorRatePercent.toFixed(2)} % of ${r.requests} requests sent (${r.failed} failed; limit ${r.thresholds.errorRatePercent} %)`,
    ...(r.rateScale !== 1
      ? [
          `  rates              ${r.rateScale} of the scenario's, pod throughput likewise (same utilisation)`,
        ]
      : []),
    `  replicas           ${r.maxReady} Ready at most (HPA bounds ${r.minReplicas}..${r.maxReplicas})`,
    ...(r.rpsMetricReplaced
      ? ["  note               the HPA's req/s metric scales on CPU here (no prometheus-adapter)"]
      : []),
    `  result             ${r.pass ? "PASS" : `FAIL: ${r.failures.join("; ")}`}`,
  ].join("\n");
}
