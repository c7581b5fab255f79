// The spike simulator's metric lag is derived from the shipped pipeline (scrape interval, rate
// window, HPA sync period, pod start-up) instead of a fixed 15 s; these pin the derivation by hand.
import { expect } from "chai";
import { HPA_SYNC_PERIOD_SECONDS, pipelineLag, spikeLoadAfter } from "../../../model/simulator";
import { serviceLag, spikeInputs } from "../../../scripts/spike";
import { loadEnvironment } from "../../../stacks/load";

describe("metric lag derived from the shipped pipeline", () => {
  it("prod: 5 s scrape + 20 s window / 2 = 15 s of lag; + 15 s sync + 30 s start-up = 60 s to a new pod serving", () => {
    const lag = serviceLag(loadEnvironment("prod"), "agent-api");
    expect(lag).to.deep.equal({
      scrapeIntervalSeconds: 5,
      rateWindowSeconds: 20,
      syncPeriodSeconds: 15,
      startupSeconds: 30,
      metricLagSeconds: 15,
      responseSeconds: 60,
    });
  });

  it("the monitoring stack's defaults (30 s scrape, 60 s window) lag 60 s: dev ships them", () => {
    const lag = serviceLag(loadEnvironment("dev"), "agent-api");
    expect([lag.metricLagSeconds, lag.responseSeconds]).to.deep.equal([60, 105]);
  });

  it("npm run spike and the plan's spike check use the derived lag and sync period, not 15 s", () => {
    const prod = spikeInputs(loadEnvironment("prod")).find((i) => i.service === "agent-api")!;
    expect(prod.pods.metricLagSeconds).to.equal(15);
    expect(prod.hpa.syncPeriodSeconds).to.equal(HPA_SYNC_PERIOD_SECONDS);
    const dev = spikeInputs(loadEnvironment("dev")).find((i) => i.service === "agent-api")!;
    expect(dev.pods.metricLagSeconds).to.equal(60);
  });

  it("each setting moves the lag by its own share: a whole scrape interval, half the window", () => {
    const at = (scrape: number, window: number) =>
      pipelineLag({ scrapeIntervalSeconds: scrape, rateWindowSeconds: window, startupSeconds: 30 })
        .metricLagSeconds;
    expect(at(10, 40) - at(5, 40)).to.equal(5);
    expect(at(10, 60) - at(10, 40)).to.equal(10);
    expect(
      pipelineLag({
        scrapeIntervalSeconds: 10,
        rateWindowSeconds: 40,
        syncPeriodSeconds: 30,
        startupSeconds: 45,
      }).responseSeconds,
    ).to.equal(30 + 30 + 45);
  });

  it("refuses a window holding fewer than two scrapes, and a setting of zero, naming it", () => {
    expect(() =>
      pipelineLag({ scrapeIntervalSeconds: 30, rateWindowSeconds: 59, startupSeconds: 30 }),
    ).to.throw(RangeError, /rateWindowSeconds 59 holds fewer than two scrapes of 30 s/);
    expect(() =>
      pipelineLag({ scrapeIntervalSeconds: 30, rateWindowSeconds: 60, startupSeconds: 0 }),
    ).to.throw(RangeError, /startupSeconds must be a number above 0, got 0/);
    expect(
      pipelineLag({ scrapeIntervalSeconds: 30, rateWindowSeconds: 60, startupSeconds: 30 })
        .metricLagSeconds,
    ).to.equal(60);
  });

  it("the spike's load after t seconds follows the linear ramp and holds at the peak", () => {
    expect(spikeLoadAfter(100, 10, 60, 0)).to.equal(100);
    expect(spikeLoadAfter(100, 10, 60, 30)).to.equal(550);
    expect(spikeLoadAfter(100, 10, 60, 60)).to.equal(1000);
    expect(spikeLoadAfter(100, 10, 60, 105)).to.equal(1000);
    expect(spikeLoadAfter(100, 10, 0, 0)).to.equal(1000);
  });
});
