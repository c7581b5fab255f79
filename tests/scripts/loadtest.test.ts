import { expect } from "chai";
import { loadEnvironment } from "../../stacks";
import { resolveScenario } from "../../stacks/schema/loadtests";
import { plannedService, provingGroundHpa } from "../../scripts/loadtest/cluster";
import { percentile, requestMix, steps } from "../../scripts/loadtest/generator";
import { judge, scaleRates } from "../../scripts/loadtest/run";
import { refusedShare, servedLatencyMs, startStandIn } from "../../scripts/loadtest/standin";

const SEED = { baselineRps: 80, peakRps: 150, latencyObjectiveMs: 200 };

describe("npm run loadtest: the stand-in, the generator's mix and the verdict", () => {
  it("the stand-in answers within a quarter of the objective up to baselineRps per pod, rising linearly to twice the objective at peakRps", () => {
    expect(servedLatencyMs(40, SEED)).to.equal(50);
    expect(servedLatencyMs(80, SEED)).to.equal(50);
    expect(servedLatencyMs(115, SEED)).to.equal(50 + 0.5 * 350);
    expect(servedLatencyMs(150, SEED)).to.equal(400);
    expect(servedLatencyMs(900, SEED)).to.equal(400);
  });

  it("Ready pods serve peakRps each and refuse the excess share; with no Ready pod everything is refused", () => {
    expect(refusedShare(400, 3, SEED)).to.equal(0);
    expect(refusedShare(1000, 3, SEED)).to.be.closeTo(0.55, 1e-9);
    expect(refusedShare(1000, 7, SEED)).to.equal(0);
    expect(refusedShare(10, 0, SEED)).to.equal(1);
  });

  it("the stand-in server refuses with 503 until pods are Ready, then serves at the modelled latency", async () => {
    const s = await startStandIn(SEED);
    try {
      expect((await fetch(`${s.url}/items`)).status).to.equal(503);
      s.setReady(3);
      const t = Date.now();
      const res = await fetch(`${s.url}/items`, { method: "POST", body: "{}" });
      expect(res.status).to.equal(200);
      expect(Date.now() - t).to.be.at.least(45);
      expect(s.takeServed().served).to.equal(1);
    } finally {
      await s.close();
    }
  });

  it("the generator's mix follows readPercent: 80 % reads are 16 GETs and 4 POSTs in every 20", () => {
    const mix = requestMix(80);
    expect(mix.filter((r) => r.method === "GET")).to.have.length(16);
    expect(mix.filter((r) => r.method === "POST")).to.have.length(4);
    expect(requestMix(100).every((r) => r.method === "GET")).to.equal(true);
  });

  it("ramps are cut into steps and a constant stage runs as one (each new step opens its connections in a burst)", () => {
    const env = loadEnvironment("prod");
    const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
    const cut = steps(spike, 20);
    expect(cut).to.deep.equal([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 660],
      [660, 680],
      [680, 700],
      [700, 720],
    ]);
  });

  it("a run passes only under both thresholds; the P95 skips the grace period", () => {
    const env = loadEnvironment("prod");
    const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
    const fast = Array.from({ length: 1000 }, (_, i) => ({
      t: 60 + i / 10,
      latencyMs: 50,
      ok: true,
    }));
    const slowStart = Array.from({ length: 100 }, (_, i) => ({
      t: i / 10,
      latencyMs: 900,
      ok: true,
    }));
    expect(judge([...slowStart, ...fast], spike)).to.include({ pass: true, p95Ms: 50 });
    const failing = fast.map((x, i) => (i % 50 === 0 ? { ...x, ok: false } : x));
    const v = judge(failing, spike);
    expect(v.pass).to.equal(false);
    expect(v.failures.join()).to.match(/error rate 2.00 % is above 1 %/);
    const slow = fast.map((x, i) => (i % 10 === 0 ? { ...x, latencyMs: 500 } : x));
    expect(judge(slow, spike).failures.join()).to.match(/P95 500 ms is above 200 ms/);
    expect(judge([], spike).pass).to.equal(false);
  });

  it("scaling rates keeps the scenario's shape and refuses a factor outside (0, 1]", () => {
    const env = loadEnvironment("prod");
    const spike = resolveScenario("spike", env.loadTests.scenarios.spike, env.services);
    const tenth = scaleRates(spike, 0.1);
    expect(tenth.startRps).to.be.closeTo(10, 1e-9);
    expect(tenth.peakRps).to.be.closeTo(100, 1e-9);
    expect(tenth.durationSeconds).to.equal(spike.durationSeconds);
    expect(() => scaleRates(spike, 2)).to.throw(/\(0, 1\]/);
    expect(percentile([5, 1, 3, 2, 4], 95)).to.equal(5);
    expect(percentile([], 95)).to.equal(0);
  });

  it("prod's HPA on the proving ground is the shipped one, with CPU standing in for the req/s metric prometheus-adapter serves", () => {
    const env = loadEnvironment("prod");
    const spec = plannedService(env, "agent-api");
    const { hpa, replaced } = provingGroundHpa(
      spec,
      env.services["agent-api"].throughputPerPod.peakRps,
    );
    expect(replaced).to.equal(true);
    const body = hpa.spec as {
      minReplicas: number;
      maxReplicas: number;
      metrics: { type: string; resource?: { name: string } }[];
      behavior: unknown;
    };
    expect(body.minReplicas).to.equal(spec.replicas.min);
    expect(body.maxReplicas).to.equal(spec.replicas.max);
    expect(body.metrics.map((m) => m.resource?.name ?? m.type)).to.deep.equal(["cpu", "memory"]);
    // CPU stands in for the 56 req/s per pod target: 56 of the 150 req/s a pod serves is 37 %.
    const cpu = body.metrics[0] as unknown as {
      resource: { target: { averageUtilization: number } };
    };
    expect(cpu.resource.target.averageUtilization).to.equal(37);
    expect(body.behavior).to.deep.equal(spec.behavior);
    expect(
      provingGroundHpa(plannedService(loadEnvironment("sandbox"), "agent-api"), 150).replaced,
    ).to.equal(false);
  });
});
