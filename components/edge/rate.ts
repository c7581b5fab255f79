/**
 * The WAF rate limit of a public service, derived from its traffic targets. AWS WAF counts a
 * rate-based rule's requests per aggregation key (here the client IP) over a sliding window; the
 * limit is the number of requests one client may send in that window before it is blocked.
 */

/** The evaluation window of the rate-based rule, in seconds (5 minutes). */
export const RATE_WINDOW_SECONDS = 300;
/** The smallest limit AWS WAF accepts for a rate-based rule. */
export const WAF_MIN_RATE_LIMIT = 10;
/** The largest limit AWS WAF accepts for a rate-based rule. */
export const WAF_MAX_RATE_LIMIT = 2_000_000_000;
/**
 * Share of the service's design peak one client IP may take, sustained over the window, before
 * WAF blocks it: 2 % lets a busy integration or a NAT full of users through while one abusive
 * client cannot eat more than a fiftieth of the headroom the planner sized for.
 */
export const DEFAULT_CLIENT_SHARE = 0.02;

/** What the derivation reads of a service. */
export interface TrafficTargets {
  /** Today's peak and the design target, req/s (either may be missing with explicit replicas). */
  traffic?: { currentPeakRps: number; targetPeakRps?: number };
  /** Explicit replica bounds, for services sized by hand. */
  replicas?: { min: number; max: number };
  /** What one pod serves within the latency objective and before failing, req/s. */
  throughputPerPod: { baselineRps: number; peakRps: number };
}

/**
 * The req/s the service is designed for: the traffic target, else today's peak, else what its
 * explicit maximum serves within the latency objective.
 */
export function designPeakRps(s: TrafficTargets): number {
  if (s.traffic) return s.traffic.targetPeakRps ?? s.traffic.currentPeakRps;
  const max = s.replicas?.max ?? 1;
  return max * s.throughputPerPod.baselineRps;
}

/** Default limit per client IP per window: {@link DEFAULT_CLIENT_SHARE} of the design peak. */
export function defaultRateLimit(s: TrafficTargets): number {
  const limit = Math.ceil(designPeakRps(s) * RATE_WINDOW_SECONDS * DEFAULT_CLIENT_SHARE);
  return Math.min(WAF_MAX_RATE_LIMIT, Math.max(WAF_MIN_RATE_LIMIT, limit));
}

/**
 * Requests the service can serve in one window at its planned maximum: a per-client limit above
 * this can never trigger, so it protects nothing.
 */
export function capacityPerWindow(maxReplicas: number, peakRpsPerPod: number): number {
  return Math.floor(maxReplicas * peakRpsPerPod * RATE_WINDOW_SECONDS);
}
