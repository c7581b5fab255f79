/**
 * How late the HPA sees load, derived from the shipped metric pipeline instead of assumed.
 *
 * The request-rate metric travels: the service's counter → Prometheus scrape (every
 * `scrapeIntervalSeconds`) → prometheus-adapter's `rate(counter[rateWindowSeconds])` → the HPA,
 * which reads it every sync period and creates pods that are Ready `startupSeconds` later.
 *
 * - **Scrape**: when the adapter is asked, the newest sample can be a whole scrape interval old.
 * - **Rate window**: `rate()` over a window is the mean rate across it; under a ramp (the spike's
 *   shape) that is the rate at the window's middle, half a window old.
 *
 * So the metric lag is `scrapeIntervalSeconds + rateWindowSeconds / 2`. The sync period and the
 * pod start-up are not part of the lag: the simulator runs the HPA every sync period and makes
 * pods Ready after their start-up, so they are added by the model, not by the lag. Their sum with
 * the lag is the response time reported beside it: the longest a load change waits before the
 * first pod it asked for serves.
 */

/** kube-controller-manager's `--horizontal-pod-autoscaler-sync-period`; EKS does not expose it. */
export const HPA_SYNC_PERIOD_SECONDS = 15;

/** The settings the lag is derived from. */
export interface MetricPipeline {
  /** Interval at which Prometheus scrapes the scaling metric (the service ServiceMonitor's `interval`). */
  scrapeIntervalSeconds: number;
  /** Window of the adapter's `rate()` over the request counter. */
  rateWindowSeconds: number;
  /** HPA sync period. @default HPA_SYNC_PERIOD_SECONDS (15) */
  syncPeriodSeconds?: number;
  /** Seconds from a pod being scheduled until it is Ready (the service's `startupSeconds`). */
  startupSeconds: number;
}

/** The lag and what it adds up to, each in seconds. */
export interface PipelineLag {
  scrapeIntervalSeconds: number;
  rateWindowSeconds: number;
  syncPeriodSeconds: number;
  startupSeconds: number;
  /** `scrapeIntervalSeconds + rateWindowSeconds / 2`: the simulator's `metricLagSeconds`. */
  metricLagSeconds: number;
  /** Lag + one sync period + start-up: the longest from a load change to a new pod serving. */
  responseSeconds: number;
}

/**
 * Derives the metric lag from the pipeline's settings. Throws a RangeError naming the setting
 * when one is not a positive finite number, or when the rate window holds fewer than two scrapes
 * (`rate()` needs two samples in its window, or the metric disappears).
 */
export function pipelineLag(p: MetricPipeline): PipelineLag {
  const sync = p.syncPeriodSeconds ?? HPA_SYNC_PERIOD_SECONDS;
  const fields: [string, number][] = [
    ["scrapeIntervalSeconds", p.scrapeIntervalSeconds],
    ["rateWindowSeconds", p.rateWindowSeconds],
    ["syncPeriodSeconds", sync],
    ["startupSeconds", p.startupSeconds],
  ];
  for (const [name, v] of fields)
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`metric pipeline: ${name} must be a number above 0, got ${v}`);
  if (p.rateWindowSeconds < 2 * p.scrapeIntervalSeconds)
    throw new RangeError(
      `metric pipeline: rateWindowSeconds ${p.rateWindowSeconds} holds fewer than two scrapes of ${p.scrapeIntervalSeconds} s; rate() would return nothing`,
    );
  const metricLagSeconds = p.scrapeIntervalSeconds + p.rateWindowSeconds / 2;
  return {
    scrapeIntervalSeconds: p.scrapeIntervalSeconds,
    rateWindowSeconds: p.rateWindowSeconds,
    syncPeriodSeconds: sync,
    startupSeconds: p.startupSeconds,
    metricLagSeconds,
    responseSeconds: metricLagSeconds + sync + p.startupSeconds,
  };
}

/**
 * The load a spike from `baselineRps` to `factor` × it, ramped linearly over `rampSeconds`, has
 * reached `seconds` after it starts (the peak once the ramp is over; at once for a 0 s ramp).
 */
export function spikeLoadAfter(
  baselineRps: number,
  factor: number,
  rampSeconds: number,
  seconds: number,
): number {
  const share = rampSeconds <= 0 ? 1 : Math.min(1, Math.max(0, seconds) / rampSeconds);
  return baselineRps + (factor - 1) * baselineRps * share;
}
