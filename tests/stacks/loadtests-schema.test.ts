import { expect } from "chai";
import { loadEnvironment } from "../../stacks/load";
import { compressScenario, rateAt, resolveScenario } from "../../stacks/schema/loadtests";
import {
  configAfter,
  configProblems,
  expectAccepted,
  expectProblem,
  type Settings,
} from "../helpers/config-problems";

describe("platform:loadTests: the seed's scenarios per environment, validated naming the key", () => {
  it("prod declares the seed's four scenarios: normal 100, peak 1,000, spike 100 -> 1,000 held 10 min, soak 300 req/s for 24 h", () => {
    const env = loadEnvironment("prod");
    const s = env.loadTests.scenarios;
    expect(Object.keys(s)).to.deep.equal(["normal", "peak", "spike", "soak"]);
    const r = (n: string) => resolveScenario(n, s[n], env.services);
    expect(r("normal")).to.include({ startRps: 100, peakRps: 100, durationSeconds: 3600 });
    expect(r("peak")).to.include({ peakRps: 1000, durationSeconds: 1800 });
    expect(r("soak")).to.include({ peakRps: 300, durationSeconds: 86400 });
    const spike = r("spike");
    expect(spike.startRps).to.equal(100);
    expect(spike.stages.map((st) => [st.durationSeconds, st.rps])).to.deep.equal([
      [60, 1000],
      [600, 1000],
      [60, 100],
    ]);
    // Defaults from the schema and the service: 80 % reads, 1 % errors, P95 = the 200 ms objective.
    expect(spike).to.include({ readPercent: 80, errorRatePercent: 1, p95Ms: 200 });
    expect(env.loadTests.inCluster, "off by default in prod").to.equal(false);
  });

  it("every environment with services declares the four scenarios against a service it runs", () => {
    for (const name of ["dev", "staging", "prod", "sandbox"]) {
      const env = loadEnvironment(name);
      expect(Object.keys(env.loadTests.scenarios), name).to.deep.equal([
        "normal",
        "peak",
        "spike",
        "soak",
      ]);
      for (const s of Object.values(env.loadTests.scenarios))
        expect(Object.keys(env.services), name).to.include(s.service);
    }
  });

  it("the rate ramps linearly within a stage from the previous stage's rate, and is 0 after the end", () => {
    const env = loadEnvironment("prod");
    const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
    expect(rateAt(spike, 0)).to.equal(100);
    expect(rateAt(spike, 30)).to.equal(550);
    expect(rateAt(spike, 60)).to.equal(1000);
    expect(rateAt(spike, 659)).to.equal(1000);
    expect(rateAt(spike, 690)).to.equal(550);
    expect(rateAt(spike, 720)).to.equal(0);
    const short = compressScenario(spike, 6);
    expect(short.stages.map((st) => st.durationSeconds)).to.deep.equal([10, 100, 10]);
    expect(short).to.include({ durationSeconds: 120, p95GraceSeconds: 10, peakRps: 1000 });
    expect(() => compressScenario(spike, 0.5)).to.throw(/at least 1/);
  });

  it("an impossible rate is refused naming the key: 0, negative, or beyond one generator's reach", () => {
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.peak.stages[0].rps = 0),
      "platform:loadTests.scenarios.peak.stages.0.rps",
      /above 0/,
    );
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.spike.startRps = -5),
      "platform:loadTests.scenarios.spike.startRps",
      /above 0/,
    );
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.spike.stages[1].rps = 5_000_000),
      "platform:loadTests.scenarios.spike.stages.1.rps",
      /at most 100000/,
    );
  });

  it("a threshold above 100 % is refused naming the key", () => {
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.spike.thresholds = { errorRatePercent: 150 }),
      "platform:loadTests.scenarios.spike.thresholds.errorRatePercent",
      /at most 100/,
    );
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.normal.readPercent = 101),
      "platform:loadTests.scenarios.normal.readPercent",
      /at most 100/,
    );
  });

  it("an unknown service is refused naming the key and listing the services", () => {
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.soak.service = "agent-apu"),
      "platform:loadTests.scenarios.soak.service",
      /unknown service "agent-apu"; platform:services lists agent-api/,
    );
  });

  it("a stage of zero duration, or none at all, is refused naming the key", () => {
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.spike.stages[0].durationSeconds = 0),
      "platform:loadTests.scenarios.spike.stages.0.durationSeconds",
      /at least 1/,
    );
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.peak.stages = []),
      "platform:loadTests.scenarios.peak.stages",
      /at least one stage/,
    );
  });

  it("a P95 limit that never fails, or a grace period covering the whole run, is refused", () => {
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.peak.thresholds = { p95Ms: 5000 }),
      "platform:loadTests.scenarios.peak.thresholds.p95Ms",
      /more than 10x agent-api's latency objective 200 ms/,
    );
    expectProblem(
      "prod",
      (s) => (s.loadTests.scenarios.spike.thresholds = { p95GraceSeconds: 720 }),
      "platform:loadTests.scenarios.spike.thresholds.p95GraceSeconds",
      /covers the whole 720 s run/,
    );
  });

  it("an unknown field in a scenario is refused naming it", () => {
    const problems = configProblems("prod", (s) => (s.loadTests.scenarios.peak.rate = 5));
    expect(problems.map((p) => p.key).join(" ")).to.match(/platform:loadTests.scenarios.peak/);
  });

  it("a P95 limit of exactly 10x the service's objective is accepted; 1 ms more is refused, naming both", () => {
    // dev's agent-api keeps the default objective of 200 ms
    const p95 = (ms: number) => (s: Settings) =>
      (s.loadTests.scenarios.peak.thresholds = { p95Ms: ms });
    expectAccepted("dev", p95(2000));
    expectAccepted("dev", p95(150));
    expectProblem(
      "dev",
      p95(2001),
      "platform:loadTests.scenarios.peak.thresholds.p95Ms",
      "2001 ms is more than 10x agent-api's latency objective 200 ms; a threshold that loose never fails",
    );
  });

  it("an unknown service lists every service there is, or says there is none", () => {
    expectProblem(
      "dev",
      (s) => {
        s.services["agent-web"] = { ...s.services["agent-api"] };
        s.loadTests.scenarios.peak.service = "agent-apu";
      },
      "platform:loadTests.scenarios.peak.service",
      'unknown service "agent-apu"; platform:services lists agent-api, agent-web',
    );
    expectProblem(
      "dev",
      (s) => (s.services = {}),
      "platform:loadTests.scenarios.peak.service",
      'unknown service "agent-api"; platform:services lists none',
    );
  });

  it("resolving a scenario against services without its own fails, naming both", () => {
    const env = configAfter("dev", () => undefined);
    const peak = { ...env.loadTests.scenarios.peak, service: "agent-apu" };
    expect(() => resolveScenario("peak", peak, env.services)).to.throw(
      "scenario peak: unknown service agent-apu",
    );
  });

  it("compressing by a factor of 1 keeps the scenario as it is", () => {
    const env = configAfter("dev", () => undefined);
    const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
    expect(compressScenario(spike, 1)).to.deep.equal(spike);
  });
});
