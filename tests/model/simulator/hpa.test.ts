// Worked examples for the HPA algorithm. Formula source:
// https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details
//   desiredReplicas = ceil[currentReplicas * (currentMetricValue / desiredMetricValue)]
// skipped while |ratio - 1| <= tolerance (0.1); unready pods count as 0 when scaling up;
// several metrics: the largest proposal wins; behaviour policies and stabilisation windows apply after.
import { expect } from "chai";
import {
  HpaController,
  recommend,
  replicasForMetric,
  resolveHpa,
  scaleDownLimit,
  scaleUpLimit,
  type HpaSpec,
  type ResolvedRules,
} from "../../../model/simulator";

const pods = { throughputRps: 150, memoryUtilizationPercent: 50 };
const rules = (
  selectPolicy: ResolvedRules["selectPolicy"],
  policies: ResolvedRules["policies"],
): ResolvedRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy,
  policies,
});
const seedUp = [
  { type: "Percent" as const, value: 100, periodSeconds: 60 },
  { type: "Pods" as const, value: 5, periodSeconds: 60 },
];

describe("HPA algorithm: one metric", () => {
  it("doubles the replicas when the metric is twice its target (3 × 200/100 = 6)", () => {
    expect(replicasForMetric(3, 3, 200, 100, 0.1)).to.equal(6);
  });

  it("halves them when the metric is half its target (ceil(4 × 50/100) = 2)", () => {
    expect(replicasForMetric(4, 4, 50, 100, 0.1)).to.equal(2);
  });

  it("does nothing within the 10 % tolerance (108/100) and scales just outside it (ceil(3 × 1.11) = 4)", () => {
    expect(replicasForMetric(3, 3, 108, 100, 0.1)).to.equal(3);
    expect(replicasForMetric(3, 3, 111, 100, 0.1)).to.equal(4);
  });

  it("counts unready pods as 0 when scaling up (3 ready at 250 of 6: 750/600 = 1.25, ceil(1.25 × 6) = 8)", () => {
    expect(replicasForMetric(6, 3, 250, 100, 0.1)).to.equal(8);
  });

  it("holds when counting unready pods as 0 reverses the direction (450/600 = 0.75 < 1)", () => {
    expect(replicasForMetric(6, 3, 150, 100, 0.1)).to.equal(6);
  });

  it("holds when no pod is ready, because there are no metrics to act on", () => {
    expect(replicasForMetric(5, 0, 0, 100, 0.1)).to.equal(5);
  });
});

describe("HPA algorithm: several metrics", () => {
  const hpa = (metrics: HpaSpec["metrics"]) =>
    resolveHpa({ minReplicas: 1, maxReplicas: 100, metrics });

  it("takes the largest proposal: 400 req/s on 4 pods is 100 req/s (in tolerance) but CPU 66.7 % of a 50 % target asks for ceil(4 × 1.333) = 6", () => {
    const spec = hpa([
      { name: "requestsPerSecond", averageValue: 100 },
      { name: "cpu", averageUtilization: 50 },
    ]);
    expect(recommend(spec, { currentReplicas: 4, readyPods: 4, loadRps: 400 }, pods)).to.equal(6);
    expect(
      recommend(
        hpa([{ name: "requestsPerSecond", averageValue: 100 }]),
        { currentReplicas: 4, readyPods: 4, loadRps: 400 },
        pods,
      ),
    ).to.equal(4);
  });

  it("caps CPU at 100 % of the request, so a saturated pod asks for at most 100/70 more (ceil(3 × 1.4286) = 5)", () => {
    expect(
      recommend(
        hpa([{ name: "cpu", averageUtilization: 70 }]),
        { currentReplicas: 3, readyPods: 3, loadRps: 3000 },
        pods,
      ),
    ).to.equal(5);
  });

  it("reads memory as the pod model's constant: 90 % of an 80 % target on 4 pods asks for ceil(4.5) = 5", () => {
    const spec = hpa([{ name: "memory", averageUtilization: 80 }]);
    expect(
      recommend(
        spec,
        { currentReplicas: 4, readyPods: 4, loadRps: 0 },
        { ...pods, memoryUtilizationPercent: 90 },
      ),
    ).to.equal(5);
  });
});

describe("HPA behaviour: scaling policies", () => {
  it("allows the seed's max(100 %, 5 pods) per 60 s from 3 pods: max(6, 8) = 8; Min picks 6; Disabled keeps 3", () => {
    expect(scaleUpLimit(3, [], [], rules("Max", seedUp), 0)).to.equal(8);
    expect(scaleUpLimit(3, [], [], rules("Min", seedUp), 0)).to.equal(6);
    expect(scaleUpLimit(3, [], [], rules("Disabled", seedUp), 0)).to.equal(3);
  });

  it("measures the limit from the replica count at the start of the period", () => {
    const up = [{ t: 30, n: 5 }]; // 3 → 8 at t = 30
    expect(scaleUpLimit(8, up, [], rules("Max", seedUp), 60)).to.equal(8); // start 3: max(6, 8)
    expect(scaleUpLimit(8, up, [], rules("Max", seedUp), 90)).to.equal(16); // event left the window: max(16, 13)
  });

  it("lets the seed's scale-down remove at most 50 % per 60 s, truncating (10 → 5, 7 → 3)", () => {
    const down = [{ type: "Percent" as const, value: 50, periodSeconds: 60 }];
    expect(scaleDownLimit(10, [], [], rules("Max", down), 0)).to.equal(5);
    expect(scaleDownLimit(7, [], [], rules("Max", down), 0)).to.equal(3);
  });

  it("for scale-down, Max allows the biggest drop and Min the smallest (50 % vs 2 pods from 10: 5 vs 8)", () => {
    const down = [
      { type: "Percent" as const, value: 50, periodSeconds: 60 },
      { type: "Pods" as const, value: 2, periodSeconds: 60 },
    ];
    expect(scaleDownLimit(10, [], [], rules("Max", down), 0)).to.equal(5);
    expect(scaleDownLimit(10, [], [], rules("Min", down), 0)).to.equal(8);
  });
});

describe("HPA behaviour: stabilisation windows and bounds", () => {
  const obs = (current: number, load: number) => ({
    currentReplicas: current,
    readyPods: current,
    loadRps: load,
  });

  it("scale-down uses the highest recommendation of the window: 10 is held until the t=0 recommendation leaves a 60 s window", () => {
    const c = new HpaController(
      resolveHpa({
        minReplicas: 1,
        maxReplicas: 20,
        metrics: [{ name: "requestsPerSecond", averageValue: 100 }],
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 60,
            policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
          },
        },
      }),
      pods,
    );
    expect(c.sync(0, obs(10, 1000))).to.equal(10);
    expect(c.sync(15, obs(10, 200))).to.equal(10); // raw ceil(0.2 × 10) = 2, but 10 is in the window
    expect(c.sync(45, obs(10, 200))).to.equal(10);
    expect(c.sync(60, obs(10, 200))).to.equal(2); // t=0 is no longer after 60 - 60
  });

  it("scale-up uses the lowest recommendation of the window: a 30 s window delays 2 → 10 by one sync", () => {
    const c = new HpaController(
      resolveHpa({
        minReplicas: 1,
        maxReplicas: 20,
        metrics: [{ name: "requestsPerSecond", averageValue: 100 }],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 30,
            policies: [{ type: "Pods", value: 100, periodSeconds: 15 }],
          },
        },
      }),
      pods,
    );
    expect(c.sync(0, obs(2, 200))).to.equal(2);
    expect(c.sync(15, obs(2, 1000))).to.equal(2); // the t=0 recommendation of 2 is still in the window
    expect(c.sync(30, obs(2, 1000))).to.equal(10);
  });

  it("brings a target below minReplicas up to it and one above maxReplicas down to it", () => {
    const c = new HpaController(
      resolveHpa({
        minReplicas: 2,
        maxReplicas: 4,
        metrics: [{ name: "requestsPerSecond", averageValue: 100 }],
      }),
      pods,
    );
    expect(c.sync(0, obs(1, 0))).to.equal(2);
    expect(c.sync(15, obs(9, 0))).to.equal(4);
  });

  it("never goes above maxReplicas however high the metric", () => {
    const c = new HpaController(
      resolveHpa({
        minReplicas: 2,
        maxReplicas: 4,
        metrics: [{ name: "requestsPerSecond", averageValue: 100 }],
      }),
      pods,
    );
    expect(c.sync(0, obs(2, 100_000))).to.equal(4);
  });
});
