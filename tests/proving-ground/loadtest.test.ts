import { expect } from "chai";
import { compressScenario, rateAt, resolveScenario } from "../../stacks/schema/loadtests";
import { loadEnvironment } from "../../stacks/load";
import { formatResult, runScenario } from "../../scripts/loadtest/run";
import { TIMEOUT_SCALE } from "./helpers";

/**
 * The sandbox's spike (20 -> 200 req/s), six times shorter (2 minutes), run end to end: the
 * service's Deployment and HPA as shipped on the proving ground, the stand-in serving with the
 * Ready pods' capacity, the real HPA controller reading the pods' CPU through metrics-server.
 * The test fails when the run misses a threshold of the scenario.
 */
/**
 * An eighth of the rates, pod throughput alike (same utilisation and replica counts): on a shared
 * 2-core machine, 100 req/s through the generator and the stand-in in one Node process already
 * added some 250 ms of CPU starvation to every P95; 25 req/s added about 20 ms.
 */
const RATE_SCALE = 0.125;

describe("load test on the proving ground: the sandbox's spike, time-compressed, through the real HPA", function () {
  this.timeout(900000);
  const env = loadEnvironment("sandbox");
  const declared = env.loadTests.scenarios.spike;
  const scenario = compressScenario(resolveScenario("spike", declared, env.services), 6);

  it("holds the spike's thresholds (errors under 1 %, P95 under the 200 ms objective after the ramp), with the service's Ready replicas from the cluster", async () => {
    expect(scenario.durationSeconds).to.be.at.most(180);
    const result = await runScenario(env, scenario, {
      rateScale: RATE_SCALE,
      start: { timeoutScale: TIMEOUT_SCALE },
    });
    const report = formatResult(result);
    expect(result.failures, report).to.deep.equal([]);
    expect(result.pass, report).to.equal(true);
    expect(result.errorRatePercent, report).to.be.below(declared.thresholds.errorRatePercent);
    expect(result.p95Ms, report).to.be.at.most(env.services["agent-api"].latencyObjectiveMs);
    // The run saw the cluster: Ready replicas at the HPA's minimum or more, every second of it.
    expect(result.timeline.length, report).to.be.at.least(scenario.durationSeconds / 3);
    expect(Math.min(...result.timeline.map((p) => p.ready)), report).to.be.at.least(
      result.minReplicas,
    );
    // The sandbox's three pods serve 450 req/s before failing: capacity covers 200 from the start.
    expect(result.timeToCapacitySeconds, report).to.be.at.most(2);
    // The generator kept up: at least 80 % of the requests the stages ask for were answered.
    let asked = 0;
    for (let t = 0; t < scenario.durationSeconds; t++)
      asked += rateAt(scenario, t + 0.5) * RATE_SCALE;
    expect(result.requests, report).to.be.above(0.8 * asked);
  });
});
