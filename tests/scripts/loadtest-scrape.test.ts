// The proving ground replays the shipped request-rate pipeline (scrape, then rate() over a window),
// so the real HPA sees load as late as it would in the environment.
import { expect } from "chai";
import { ScrapedRate } from "../../scripts/loadtest/scrape";

/** Feeds `rps(t)` once a second from 0 to `until` and returns the rate read at `until`. */
function run(p: ScrapedRate, rps: (t: number) => number, until: number): number | undefined {
  for (let t = 0; t <= until; t++) p.add(t, rps(t));
  return p.rate(until);
}

describe("npm run loadtest: the request-rate metric as prometheus-adapter would serve it", () => {
  const pipeline = { scrapeIntervalSeconds: 5, rateWindowSeconds: 20 };

  it("a steady rate reads back exactly once two scrapes are inside the window", () => {
    expect(run(new ScrapedRate(pipeline), () => 10, 60)).to.equal(10);
  });

  it("nothing is served before the window holds two scrapes (the metric is absent, not 0)", () => {
    const p = new ScrapedRate(pipeline);
    p.add(0, 10);
    p.add(3, 10);
    expect(p.rate(3)).to.equal(undefined);
  });

  it("a step from 0 to 100 req/s at 20 s shows up only as scrapes take it in: a third at 25 s, all of it at 40 s", () => {
    const step = (t: number) => (t >= 20 ? 100 : 0);
    // Samples at 10, 15, 20, 25 s in the (5, 25] window: 0, 0, 0 and the 500 requests of 20-24 s.
    expect(run(new ScrapedRate(pipeline), step, 25)).to.be.closeTo(500 / 15, 1e-9);
    expect(run(new ScrapedRate(pipeline), step, 40)).to.equal(100);
  });

  it("the rate only moves on scrapes: between two scrapes it does not change", () => {
    const p = new ScrapedRate(pipeline);
    const ramp = (t: number) => t;
    run(p, ramp, 30);
    const atScrape = p.rate(30);
    p.add(31, 31);
    p.add(32, 32);
    expect(p.rate(32)).to.equal(atScrape);
  });
});
