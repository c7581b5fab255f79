// The seed's spike (seed 003 scenario 3: 100 → 1,000 req/s in 1 minute) against the seed's own
// HPA (seed 003: min 3, max 50; CPU 70 %, memory 80 %, 100 req/s per pod; up: 0 s window,
// max(100 %, 5 pods) per 60 s; down: 300 s window, 50 % per 60 s), computed by hand from
// desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue)
// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details).
import { expect } from "chai";
import {
  checkSpike,
  SpikeTargetError,
  type HpaSpec,
  type PodModel,
} from "../../../model/simulator";

const seedHpa: HpaSpec = {
  minReplicas: 3,
  maxReplicas: 50,
  metrics: [
    { name: "cpu", averageUtilization: 70 },
    { name: "memory", averageUtilization: 80 },
    { name: "requestsPerSecond", averageValue: 100 },
  ],
  behavior: {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Percent", value: 100, periodSeconds: 60 },
        { type: "Pods", value: 5, periodSeconds: 60 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
    },
  },
};
// 150 req/s per pod (the seed's peak figure), ready 30 s after scheduling, nodes in 90 s, a 15 s
// metric lag, memory at 50 % of request.
const seedPods = (headroomPods = 0): PodModel => ({
  throughputRps: 150,
  startupSeconds: 30,
  nodeProvisioningSeconds: 90,
  metricLagSeconds: 15,
  memoryUtilizationPercent: 50,
  headroomPods,
});
const check = (hpa: HpaSpec, pods: PodModel) =>
  checkSpike({ environment: "prod", service: "llm-agent", hpa, pods, baselineRps: 100 });

describe("spike check: the seed's 10x spike", () => {
  // Ramp starts at t=0 (relative). t=30: the HPA sees 325 req/s (t=15): 108/pod, inside tolerance.
  // t=45: sees 550 → ceil(3 × 183/100) = 6: three pods, all waiting 90 s for a node.
  // t=60: sees 775 with 3 unready → 775/600 = 1.29 → 8 (limit max(3 × 2, 3 + 5) = 8).
  // The first new pods are ready at 45 + 90 + 30 = 165 s; 3 × 150 = 450 req/s until then.
  it("is not absorbed with the seed's behaviour and no headroom: covered after 180 s, 550 req/s unserved at worst", () => {
    const r = check(seedHpa, seedPods());
    expect(r.absorbed).to.equal(false);
    expect(r.timeToCoverSeconds).to.equal(180);
    expect(r.peakUnservedRps).to.equal(550); // 1,000 − 3 × 150
    expect(r.peakRps).to.equal(1000);
  });

  // With 4 placeholders the three pods of t=45 preempt three at once (ready at 75), and one of the
  // two pods of t=60 takes the fourth (ready at 90): 7 × 150 = 1,050 ≥ 1,000 from 90 s on.
  // With 3, the two pods of t=60 wait: the nodes asked for at t=45 by the three evicted
  // placeholders arrive at 135 and go to the (higher-priority) app pods first, ready at 165;
  // 6 × 150 = 900 falls short until then.
  it("names the smallest fixes: 4 headroom pods, or minReplicas 7 (7 × 150 = 1,050 ≥ 1,000), or a mix", () => {
    const r = check(seedHpa, seedPods());
    expect(r.fixes).to.deep.equal({
      headroomPods: 4,
      minReplicas: 7,
      combined: [
        { minReplicas: 4, headroomPods: 3 },
        { minReplicas: 5, headroomPods: 2 },
        { minReplicas: 6, headroomPods: 1 },
      ],
    });
  });

  it("is absorbed with 4 headroom pods: covered after 90 s", () => {
    const r = check(seedHpa, seedPods(4));
    expect(r.absorbed).to.equal(true);
    expect(r.timeToCoverSeconds).to.equal(90);
    expect(r.fixes).to.equal(undefined);
  });

  it("is still not absorbed with 3 headroom pods: covered after 165 s", () => {
    expect(check(seedHpa, seedPods(3)).timeToCoverSeconds).to.equal(165);
  });

  it("returns to min replicas after the spike and keeps the series only when asked", () => {
    const r = checkSpike({
      environment: "prod",
      service: "llm-agent",
      hpa: seedHpa,
      pods: seedPods(4),
      baselineRps: 100,
      recordSeries: true,
    });
    expect(r.scaleDownSeconds).to.be.a("number");
    expect(r.series!.replicas[r.series!.replicas.length - 1]).to.equal(3);
    expect(check(seedHpa, seedPods(4)).series).to.equal(undefined);
  });
});

describe("spike check: bad input", () => {
  it("rejects a spike the maximum cannot carry, naming environment, service and field", () => {
    expect(() => check({ ...seedHpa, maxReplicas: 6 }, seedPods())).to.throw(
      SpikeTargetError,
      /environment prod, service llm-agent: hpa\.maxReplicas: spike peak 1000 req\/s \(10 × 100\) exceeds maxReplicas 6 × 150 req\/s per pod = 900 req\/s; raise maxReplicas to at least 7/,
    );
  });

  it("reports HPA errors with the environment and service", () => {
    expect(() =>
      check({ ...seedHpa, metrics: [{ name: "qps", averageValue: 1 } as never] }, seedPods()),
    ).to.throw(
      SpikeTargetError,
      /environment prod, service llm-agent: hpa\.metrics\[0\]\.name: unknown metric "qps"/,
    );
    expect(() => check({ ...seedHpa, minReplicas: 60 }, seedPods())).to.throw(
      /hpa\.minReplicas: minReplicas 60 is greater than maxReplicas 50/,
    );
  });

  it("rejects a baseline of zero and a factor below 1", () => {
    expect(() =>
      checkSpike({
        environment: "dev",
        service: "api",
        hpa: seedHpa,
        pods: seedPods(),
        baselineRps: 0,
      }),
    ).to.throw(/dev, service api: baselineRps: must be > 0/);
    expect(() =>
      checkSpike({
        environment: "dev",
        service: "api",
        hpa: seedHpa,
        pods: seedPods(),
        baselineRps: 10,
        factor: 0.5,
      }),
    ).to.throw(/factor: must be >= 1/);
  });
});
