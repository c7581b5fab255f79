// The simulator's run of a load test scenario uses the same settings as the proving-ground run, so
// `npm run bench` can set the two side by side.
import { expect } from "chai";
import {
  agrees,
  PROVING_GROUND_METRICS_SECONDS,
  provingGroundFigures,
  sideBySide,
  simulateScenario,
} from "../../scripts/loadtest/compare";
import type { LoadTestResult } from "../../scripts/loadtest/run";
import { resolveScenario } from "../../stacks/schema/loadtests";
import { loadEnvironment } from "../../stacks/load";

describe("npm run bench: prod's spike in the simulator beside the proving ground", () => {
  const env = loadEnvironment("prod");
  const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);

  it("the simulator's lag is the derived 15 s plus the proving ground's metrics-server hop", () => {
    expect(simulateScenario(env, spike).metricLagSeconds).to.equal(
      15 + PROVING_GROUND_METRICS_SECONDS,
    );
    expect(simulateScenario(env, spike, 0).metricLagSeconds).to.equal(15);
  });

  it("prod's spike holds in the simulator: 7 pods × 150 req/s cover 1,000 req/s before it starts, nothing is lost, P95 under 200 ms", () => {
    const sim = simulateScenario(env, spike);
    expect(sim.timeToCapacitySeconds).to.equal(0);
    expect(sim.requestsLost).to.equal(0);
    expect(sim.errorRatePercent).to.equal(0);
    expect(sim.p95Ms).to.be.at.most(spike.p95Ms);
    // The HPA settles 1,000 req/s at its 56 req/s per pod target: ceil(1000 / 56) = 18 pods.
    expect(sim.maxReady).to.equal(18);
  });

  it("a planner told the spike ramps over 10 minutes keeps 3 pods; the scenario's 1-minute ramp then loses more than 1 %: the figures follow the settings", () => {
    const slow = {
      ...env,
      planning: { ...env.planning, spike: { ...env.planning.spike, rampSeconds: 600 } },
    };
    const sim = simulateScenario(slow, spike);
    expect(sim.timeToCapacitySeconds).to.be.above(30);
    expect(sim.errorRatePercent).to.be.above(spike.errorRatePercent);
  });

  it("proving-ground figures are scaled back to the scenario's full rates", () => {
    const r = {
      timeToCapacitySeconds: 12,
      p95Ms: 150,
      errorRatePercent: 0.5,
      failed: 40,
      rateScale: 0.025,
      maxReady: 17,
    } as LoadTestResult;
    expect(provingGroundFigures(r)).to.deep.equal({
      timeToCapacitySeconds: 12,
      p95Ms: 150,
      errorRatePercent: 0.5,
      requestsLost: 1600,
      maxReady: 17,
    });
  });

  it("figures agree within 20 % of the larger; losses under the floor agree; never agrees only with never", () => {
    expect(agrees(100, 81)).to.equal(true);
    expect(agrees(100, 79)).to.equal(false);
    expect(agrees(0, 30, 0.2, 66)).to.equal(true);
    expect(agrees(0, 30, 0.2, 0)).to.equal(false);
    expect(agrees(null, null)).to.equal(true);
    expect(agrees(null, 10)).to.equal(false);
  });

  it("the side-by-side table has a row per figure", () => {
    const f = {
      timeToCapacitySeconds: 0,
      p95Ms: 100,
      errorRatePercent: 0,
      requestsLost: 0,
      maxReady: 18,
    };
    const table = sideBySide(f, { ...f, timeToCapacitySeconds: null });
    expect(table).to.contain("| time to capacity | 0 s | never |");
    expect(table).to.contain("| most Ready replicas | 18 | 18 |");
  });
});
