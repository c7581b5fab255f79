/**
 * Prod's spike on the proving ground next to the simulator's run of the same scenario with the
 * same settings (scripts/loadtest/compare.ts). The full 12-minute spike, at a fortieth of its rates
 * with pod throughput alike (same utilisation and replica decisions), because the generator and
 * the stand-in share 2 cores with the control plane.
 */
import { resolveScenario } from "../../stacks/schema/loadtests";
import { loadEnvironment } from "../../stacks/load";
import {
  agrees,
  provingGroundFigures,
  simulateScenario,
  type RunFigures,
} from "../loadtest/compare";
import { runScenario } from "../loadtest/run";

/** The rate scale of the bench run (1,000 req/s becomes 25). */
export const BENCH_RATE_SCALE = 0.025;

export async function benchSpikeSideBySide(): Promise<{
  environment: string;
  scenario: string;
  rateScale: number;
  provingGround: RunFigures & { pass: boolean };
  simulator: RunFigures & { metricLagSeconds: number };
  agreeWithin20Percent: { timeToCapacity: boolean; requestsLost: boolean };
}> {
  const env = loadEnvironment("prod");
  const scenario = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
  const run = await runScenario(env, scenario, { rateScale: BENCH_RATE_SCALE });
  const pg = provingGroundFigures(run);
  const sim = simulateScenario(env, scenario);
  // Losses under 1 % of the scenario's error budget are noise, not a difference in scaling.
  const offered = run.requests / run.rateScale;
  const floor = (offered * scenario.errorRatePercent) / 100 / 100;
  return {
    environment: env.name,
    scenario: scenario.name,
    rateScale: BENCH_RATE_SCALE,
    provingGround: { ...pg, pass: run.pass },
    simulator: sim,
    agreeWithin20Percent: {
      timeToCapacity: agrees(pg.timeToCapacitySeconds, sim.timeToCapacitySeconds, 0.2, 0),
      requestsLost: agrees(pg.requestsLost, sim.requestsLost, 0.2, floor),
    },
  };
}
