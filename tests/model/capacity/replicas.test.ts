// Worked examples for the replica formulas in model/capacity/replicas.ts, computed by hand.
import { expect } from "chai";
import {
  designPeak,
  FORECAST_DEFAULTS,
  planService,
  planWorker,
  resolveForecast,
  type CapacityProblem,
  type ServiceDemand,
} from "../../../model/capacity";

const seedService: ServiceDemand = {
  name: "llm-agent",
  nodeGroup: "app",
  currentPeakRps: 100,
  targetPeakRps: 1000,
  throughputPerPod: { baselineRps: 80, peakRps: 150 },
  requests: { cpu: 1, memoryGiB: 2 },
  haMinReplicas: 3,
};

describe("capacity planner: service replicas", () => {
  it("sizes the seed service at min 3 (HA floor over ceil(100/80) = 2) and max 13 (ceil(1,000 × 1.3 / 105))", () => {
    const problems: CapacityProblem[] = [];
    const p = planService(seedService, FORECAST_DEFAULTS, problems)!;
    expect(problems).to.deep.equal([]);
    expect(p).to.include({ minReplicas: 3, maxReplicas: 13, designPeak: 1000, targetPerPod: 105 });
  });

  it("sizes min for today's peak at the baseline throughput: 500 req/s at 80 per pod needs ceil(6.25) = 7", () => {
    const p = planService(
      { ...seedService, currentPeakRps: 500, targetPeakRps: undefined },
      FORECAST_DEFAULTS,
      [],
    )!;
    expect(p.minReplicas).to.equal(7);
  });

  it("without a target sizes max for the grown, seasonal peak: 100 × 1.2^0.5 × 3 ≈ 328.6; ceil(328.6 × 1.3 / 105) = 5", () => {
    const p = planService({ ...seedService, targetPeakRps: undefined }, FORECAST_DEFAULTS, [])!;
    expect(p.designPeak).to.be.closeTo(328.63, 0.01);
    expect(p.maxReplicas).to.equal(5);
  });

  it("does not round whole pod counts up on floating-point dust (100 × 1.1 / 10 is 11 pods, not 12)", () => {
    // In binary floating point 100 * 1.1 / 10 is 11.000000000000002.
    const f = { headroom: 0.1, growthPerYear: 0, horizonMonths: 6, seasonalPeakFactor: 1 };
    const p = planService(
      {
        ...seedService,
        targetPeakRps: undefined,
        throughputPerPod: { baselineRps: 10, peakRps: 10 },
        hpaTargetUtilizationPercent: 100,
      },
      f,
      [],
    )!;
    expect(p.maxReplicas).to.equal(11);
  });

  it("compounds growth over the horizon: 3 months at 20 %/year is 1.2^0.25 ≈ 1.0466", () => {
    expect(
      designPeak(100, undefined, { ...FORECAST_DEFAULTS, horizonMonths: 3, seasonalPeakFactor: 1 }),
    ).to.be.closeTo(104.66, 0.01);
  });

  it("rejects an HPA target utilisation outside 1–100 and baseline above peak, naming the field", () => {
    const problems: CapacityProblem[] = [];
    expect(
      planService(
        { ...seedService, hpaTargetUtilizationPercent: 120 },
        FORECAST_DEFAULTS,
        problems,
      ),
    ).to.equal(undefined);
    expect(
      planService(
        { ...seedService, throughputPerPod: { baselineRps: 200, peakRps: 150 } },
        FORECAST_DEFAULTS,
        problems,
      ),
    ).to.equal(undefined);
    expect(problems.map((p) => p.path)).to.deep.equal([
      "services.llm-agent.hpaTargetUtilizationPercent",
      "services.llm-agent.throughputPerPod.baselineRps",
    ]);
    expect(problems[0].message).to.match(
      /between 1 and 100 \(percent of the pod's peak throughput\), got 120/,
    );
  });
});

describe("capacity planner: worker replicas", () => {
  it("sizes 500 concurrent agents at 10 per pod with 30 % headroom at max ceil(650/10) = 65", () => {
    const p = planWorker(
      {
        name: "agents",
        nodeGroup: "app",
        currentConcurrency: 100,
        targetConcurrency: 500,
        messagesPerPod: 10,
        requests: { cpu: 0.5, memoryGiB: 1 },
      },
      FORECAST_DEFAULTS,
      [],
    )!;
    expect(p).to.include({ minReplicas: 10, maxReplicas: 65, targetPerPod: 10 });
  });

  it("keeps the HA floor when the queue is idle", () => {
    const p = planWorker(
      {
        name: "agents",
        nodeGroup: "app",
        currentConcurrency: 0,
        messagesPerPod: 10,
        requests: { cpu: 0.5, memoryGiB: 1 },
        haMinReplicas: 3,
      },
      FORECAST_DEFAULTS,
      [],
    )!;
    expect(p).to.include({ minReplicas: 3, maxReplicas: 3 });
  });
});

describe("capacity planner: forecast", () => {
  it("fills defaults (30 % headroom, 20 %/year, 6 months, 3x seasonal) and keeps given values", () => {
    expect(resolveForecast({ horizonMonths: 3 }, [])).to.deep.equal({
      headroom: 0.3,
      growthPerYear: 0.2,
      horizonMonths: 3,
      seasonalPeakFactor: 3,
    });
  });

  it("rejects a seasonal factor below 1 and a horizon of 0 months", () => {
    const problems: CapacityProblem[] = [];
    resolveForecast({ seasonalPeakFactor: 0.5, horizonMonths: 0 }, problems);
    expect(problems.map((p) => p.path)).to.deep.equal([
      "forecast.horizonMonths",
      "forecast.seasonalPeakFactor",
    ]);
  });
});
