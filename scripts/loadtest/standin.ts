/**
 * The stand-in for a service under load: a loopback HTTP server whose serving capacity follows
 * the real Deployment's Ready replica count (set by the caller as the cluster reports it) times
 * the per-pod throughput the environment declares (`throughputPerPod`).
 *
 * Per Ready pod, with the offered rate L per pod (arrivals over the last {@link WINDOW_MS} / Ready pods):
 * - L ≤ baselineRps: answered in a quarter of the latency objective (the seed's 80 req/s within it);
 * - baselineRps < L ≤ peakRps: requests queue, latency rising linearly to twice the objective;
 * - L > peakRps: the pods serve peakRps each and refuse the excess share with 503 at once.
 * With no Ready pod every request is refused.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The window the offered rate is averaged over. One second made the burst autocannon sends when
 * each step's connections open look like a doubled rate (P95 300 ms where the model says 50);
 * three seconds smooth it and still follow a one-minute ramp within a few percent.
 */
export const WINDOW_MS = 3000;

/** What one pod serves, and the latency objective, from the environment's service. */
export interface PodCapacity {
  /** req/s a pod serves within the latency objective. */
  baselineRps: number;
  /** req/s a pod serves before failing requests. */
  peakRps: number;
  latencyObjectiveMs: number;
}

/** Latency of a request served while each Ready pod is offered `perPodRps`. */
export function servedLatencyMs(perPodRps: number, c: PodCapacity): number {
  const base = c.latencyObjectiveMs / 4;
  if (perPodRps <= c.baselineRps) return base;
  const over = Math.min(1, (perPodRps - c.baselineRps) / (c.peakRps - c.baselineRps || 1));
  return base + over * (2 * c.latencyObjectiveMs - base);
}

/** Share of requests refused while `ready` pods are offered `offeredRps` in all. */
export function refusedShare(offeredRps: number, ready: number, c: PodCapacity): number {
  if (ready <= 0) return 1;
  const capacity = ready * c.peakRps;
  return offeredRps > capacity ? (offeredRps - capacity) / offeredRps : 0;
}

/** A running stand-in. */
export interface StandIn {
  readonly url: string;
  /** Sets the Ready replica count the capacity follows. */
  setReady(pods: number): void;
  /**
   * Requests served (2xx) and requests answered at all (served or refused with 503: what a
   * request counter in the service counts) since the last call, and the seconds that covered.
   */
  takeServed(): { served: number; answered: number; seconds: number };
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startStandIn(capacity: PodCapacity): Promise<StandIn> {
  let ready = 0;
  let served = 0;
  let answered = 0;
  let since = Date.now();
  // Arrival times within the window, for the offered rate.
  const arrivals: number[] = [];
  // Deterministic refusals: each request adds its refused share; a whole one refuses a request.
  let refusalCredit = 0;
  const server = http.createServer((req, res) => {
    const now = Date.now();
    arrivals.push(now);
    while (arrivals.length && arrivals[0] <= now - WINDOW_MS) arrivals.shift();
    const offered = (arrivals.length * 1000) / WINDOW_MS;
    req.resume();
    refusalCredit += refusedShare(offered, ready, capacity);
    answered += 1;
    if (refusalCredit >= 1) {
      refusalCredit -= 1;
      res.writeHead(503, { "content-type": "text/plain" }).end("over capacity\n");
      return;
    }
    const latency = servedLatencyMs(offered / Math.max(ready, 1), capacity);
    setTimeout(() => {
      served += 1;
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    }, latency);
  });
  server.keepAliveTimeout = 30000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setReady: (pods) => (ready = pods),
    takeServed() {
      const now = Date.now();
      const out = { served, answered, seconds: (now - since) / 1000 };
      served = 0;
      answered = 0;
      since = now;
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
