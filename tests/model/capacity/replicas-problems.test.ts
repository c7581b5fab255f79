// The replica formulas' input checks (model/capacity/replicas.ts): each bad figure is reported
// at its own key with the allowed range, and a refused input gives no plan.
import { expect } from "chai";
import {
  FORECAST_DEFAULTS,
  planService,
  planWorker,
  resolveForecast,
  type CapacityProblem,
  type ServiceDemand,
  type WorkerDemand,
} from "../../../model/capacity";

const api: ServiceDemand = {
  name: "api",
  nodeGroup: "app",
  currentPeakRps: 100,
  throughputPerPod: { baselineRps: 80, peakRps: 150 },
  requests: { cpu: 1, memoryGiB: 2 },
};

const agents: WorkerDemand = {
  name: "agents",
  nodeGroup: "app",
  currentConcurrency: 100,
  messagesPerPod: 10,
  requests: { cpu: 0.5, memoryGiB: 1 },
};

function serviceProblems(s: ServiceDemand): CapacityProblem[] {
  const problems: CapacityProblem[] = [];
  expect(planService(s, FORECAST_DEFAULTS, problems)).to.equal(undefined);
  return problems;
}

function workerProblems(w: WorkerDemand): CapacityProblem[] {
  const problems: CapacityProblem[] = [];
  expect(planWorker(w, FORECAST_DEFAULTS, problems)).to.equal(undefined);
  return problems;
}

describe("capacity planner: forecast checks", () => {
  it("names each forecast key with its range, and reads a fraction's unit", () => {
    const problems: CapacityProblem[] = [];
    resolveForecast(
      { headroom: 10.5, growthPerYear: -0.1, horizonMonths: 61, seasonalPeakFactor: 101 },
      problems,
    );
    expect(problems).to.deep.equal([
      {
        path: "forecast.headroom",
        message: "must be a number between 0 and 10 (a fraction: 0.3 = 30 %), got 10.5",
      },
      {
        path: "forecast.growthPerYear",
        message: "must be a number between 0 and 10 (a fraction: 0.2 = 20 %), got -0.1",
      },
      { path: "forecast.horizonMonths", message: "must be a number between 1 and 60, got 61" },
      {
        path: "forecast.seasonalPeakFactor",
        message: "must be a number between 1 and 100, got 101",
      },
    ]);
  });

  it("refuses NaN and a string, showing each as given, and accepts every limit", () => {
    const problems: CapacityProblem[] = [];
    resolveForecast({ headroom: NaN, growthPerYear: "0.2" as unknown as number }, problems);
    expect(problems).to.deep.equal([
      {
        path: "forecast.headroom",
        message: "must be a number between 0 and 10 (a fraction: 0.3 = 30 %), got NaN",
      },
      {
        path: "forecast.growthPerYear",
        message: 'must be a number between 0 and 10 (a fraction: 0.2 = 20 %), got "0.2"',
      },
    ]);
    const none: CapacityProblem[] = [];
    resolveForecast(
      { headroom: 10, growthPerYear: 0, horizonMonths: 60, seasonalPeakFactor: 1 },
      none,
    );
    resolveForecast(
      { headroom: 0, growthPerYear: 10, horizonMonths: 1, seasonalPeakFactor: 100 },
      none,
    );
    expect(none).to.deep.equal([]);
  });
});

describe("capacity planner: service checks", () => {
  it("names every bad figure of a service at its own key", () => {
    expect(
      serviceProblems({
        ...api,
        currentPeakRps: -1,
        targetPeakRps: -1,
        throughputPerPod: { baselineRps: 0, peakRps: 0 },
        haMinReplicas: 0,
        spikeFloorRps: -1,
      }),
    ).to.deep.equal([
      { path: "services.api.currentPeakRps", message: "must be a number at least 0, got -1" },
      { path: "services.api.targetPeakRps", message: "must be a number at least 0, got -1" },
      {
        path: "services.api.throughputPerPod.baselineRps",
        message: "must be a number above 0, got 0",
      },
      { path: "services.api.throughputPerPod.peakRps", message: "must be a number above 0, got 0" },
      { path: "services.api.haMinReplicas", message: "must be a number between 1 and 1000, got 0" },
      { path: "services.api.spikeFloorRps", message: "must be a number at least 0, got -1" },
    ]);
  });

  it("reports a missing throughput at both of its keys", () => {
    const s = {
      ...api,
      throughputPerPod: undefined as unknown as ServiceDemand["throughputPerPod"],
    };
    expect(serviceProblems(s).map((p) => [p.path, p.message])).to.deep.equal([
      ["services.api.throughputPerPod.baselineRps", "must be a number above 0, got NaN"],
      ["services.api.throughputPerPod.peakRps", "must be a number above 0, got NaN"],
    ]);
  });

  it("refuses a baseline above the peak throughput with both figures, and accepts them equal", () => {
    expect(
      serviceProblems({ ...api, throughputPerPod: { baselineRps: 151, peakRps: 150 } }),
    ).to.deep.equal([
      {
        path: "services.api.throughputPerPod.baselineRps",
        message: "baselineRps 151 is above peakRps 150",
      },
    ]);
    const problems: CapacityProblem[] = [];
    const p = planService(
      { ...api, throughputPerPod: { baselineRps: 150, peakRps: 150 } },
      FORECAST_DEFAULTS,
      problems,
    );
    expect(problems).to.deep.equal([]);
    expect(p).to.include({ minReplicas: 2 });
  });

  it("lifts min to carry the spike floor at the peak throughput: 600 req/s at 150 per pod is 4 pods", () => {
    const p = planService({ ...api, spikeFloorRps: 600 }, FORECAST_DEFAULTS, [])!;
    // max(HA 2, ceil(100 / 80) = 2, ceil(600 / 150) = 4)
    expect(p.minReplicas).to.equal(4);
  });

  it("passes a service's explicit bounds through: 4 / 9 pods at 105 req/s each carry 945 req/s", () => {
    const p = planService({ ...api, fixedReplicas: { min: 4, max: 9 } }, FORECAST_DEFAULTS, [])!;
    expect(p).to.deep.equal({
      name: "api",
      kind: "service",
      nodeGroup: "app",
      minReplicas: 4,
      maxReplicas: 9,
      designPeak: 945,
      targetPerPod: 105,
    });
  });
});

describe("capacity planner: worker checks", () => {
  it("names every bad figure of a worker at its own key and gives no plan", () => {
    expect(
      workerProblems({
        ...agents,
        currentConcurrency: -1,
        targetConcurrency: -1,
        messagesPerPod: 0,
        haMinReplicas: 1001,
      }),
    ).to.deep.equal([
      { path: "workers.agents.currentConcurrency", message: "must be a number at least 0, got -1" },
      { path: "workers.agents.targetConcurrency", message: "must be a number at least 0, got -1" },
      { path: "workers.agents.messagesPerPod", message: "must be a number above 0, got 0" },
      {
        path: "workers.agents.haMinReplicas",
        message: "must be a number between 1 and 1000, got 1001",
      },
    ]);
  });

  it("gives no plan when only one figure is bad", () => {
    expect(workerProblems({ ...agents, messagesPerPod: 0 })).to.have.length(1);
    expect(workerProblems({ ...agents, haMinReplicas: 0 })).to.have.length(1);
  });

  it("accepts explicit bounds of 1 and 100,000, and equal ones", () => {
    const problems: CapacityProblem[] = [];
    const p = planWorker(
      { ...agents, fixedReplicas: { min: 1, max: 100_000 } },
      FORECAST_DEFAULTS,
      problems,
    )!;
    expect(p).to.include({ minReplicas: 1, maxReplicas: 100_000, designPeak: 1_000_000 });
    expect(
      planWorker({ ...agents, fixedReplicas: { min: 7, max: 7 } }, FORECAST_DEFAULTS, problems),
    ).to.include({ minReplicas: 7, maxReplicas: 7 });
    expect(problems).to.deep.equal([]);
  });

  it("refuses explicit bounds of 0 or 100,001 at replicas.min / replicas.max, and gives no plan", () => {
    expect(workerProblems({ ...agents, fixedReplicas: { min: 0, max: 100_001 } })).to.deep.equal([
      {
        path: "workers.agents.replicas.min",
        message: "must be a number between 1 and 100000, got 0",
      },
      {
        path: "workers.agents.replicas.max",
        message: "must be a number between 1 and 100000, got 100001",
      },
    ]);
    expect(workerProblems({ ...agents, fixedReplicas: { min: 1, max: 0 } })).to.have.length(1);
  });

  it("refuses part pods and min above max in explicit bounds, each on its own", () => {
    const message = (min: number, max: number) => ({
      path: "workers.agents.replicas.min",
      message: `bounds must be whole numbers with min ≤ max, got ${min} / ${max}`,
    });
    expect(workerProblems({ ...agents, fixedReplicas: { min: 2.5, max: 5 } })).to.deep.equal([
      message(2.5, 5),
    ]);
    expect(workerProblems({ ...agents, fixedReplicas: { min: 2, max: 5.5 } })).to.deep.equal([
      message(2, 5.5),
    ]);
    expect(workerProblems({ ...agents, fixedReplicas: { min: 6, max: 5 } })).to.deep.equal([
      message(6, 5),
    ]);
  });
});
