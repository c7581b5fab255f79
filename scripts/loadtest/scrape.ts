/**
 * The shipped request-rate pipeline, replayed on the proving ground: Prometheus scrapes the
 * service's request counter every `scrapeIntervalSeconds` and prometheus-adapter answers the HPA
 * with `rate(counter[rateWindowSeconds])`. Neither runs here (the adapter is a chart), so the run
 * keeps the counter itself, samples it on the scrape schedule and computes the rate the adapter
 * would serve: the HPA then sees load as late as it would in the environment.
 */
import type { MetricPipeline } from "../../model/simulator";

/** A counter sampled on a scrape schedule, read back as Prometheus' `rate()` over a window. */
export class ScrapedRate {
  private total = 0;
  private nextScrape = 0;
  private readonly samples: { t: number; v: number }[] = [];

  constructor(
    private readonly pipeline: Pick<MetricPipeline, "scrapeIntervalSeconds" | "rateWindowSeconds">,
  ) {}

  /** Counts `n` more requests at time `t` (seconds); takes the scrapes that fell due by then. */
  add(t: number, n: number): void {
    while (t >= this.nextScrape) {
      this.samples.push({ t: this.nextScrape, v: this.total });
      this.nextScrape += this.pipeline.scrapeIntervalSeconds;
    }
    this.total += n;
    const keepFrom = t - this.pipeline.rateWindowSeconds - this.pipeline.scrapeIntervalSeconds;
    while (this.samples.length > 2 && this.samples[0].t < keepFrom) this.samples.shift();
  }

  /**
   * The per-second rate over the window ending at `t`, from the first and last samples inside it
   * (as `rate()` does, without its edge extrapolation); undefined while fewer than two are inside.
   */
  rate(t: number): number | undefined {
    const inside = this.samples.filter(
      (s) => s.t > t - this.pipeline.rateWindowSeconds && s.t <= t,
    );
    if (inside.length < 2) return undefined;
    const first = inside[0];
    const last = inside[inside.length - 1];
    return (last.v - first.v) / (last.t - first.t);
  }
}
