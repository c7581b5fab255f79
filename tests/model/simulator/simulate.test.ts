// Worked examples for the simulator, computed by hand from the HPA formula
// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details):
// desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue).
import { expect } from "chai";
import {
  buildProfile,
  simulate,
  SimulatorInputError,
  type HpaSpec,
  type PodModel,
} from "../../../model/simulator";

// 2–10 pods, 100 req/s per pod target, up to 10 pods per 15 s; pods serve 150 req/s, ready 20 s
// after scheduling; the HPA sees load without lag.
const hpa: HpaSpec = {
  minReplicas: 2,
  maxReplicas: 10,
  metrics: [{ name: "requestsPerSecond", averageValue: 100 }],
  behavior: { scaleUp: { policies: [{ type: "Pods", value: 10, periodSeconds: 15 }] } },
};
const pods = (over: Partial<PodModel> = {}): PodModel => ({
  throughputRps: 150,
  startupSeconds: 20,
  nodeProvisioningSeconds: 60,
  metricLagSeconds: 0,
  ...over,
});
// 100 → 400 req/s at t = 30 s.
const step = (holdSeconds?: number) =>
  buildProfile({
    kind: "step",
    fromRps: 100,
    toRps: 400,
    atSeconds: 30,
    holdSeconds,
    durationSeconds: 600,
  });

describe("simulator: a step from 100 to 400 req/s", () => {
  // t=30: 400 req/s over 2 ready pods = 200 each → ceil(2 × 200/100) = 4, so 2 new pods.
  // Capacity 2 × 150 = 300 < 400 until they are ready; 100 req/s unserved meanwhile.
  it("with free slots the new pods are ready 20 s later: covered after 20 s, 2,000 requests lost", () => {
    const r = simulate({ hpa, pods: pods({ freeSlots: 10 }), profile: step() });
    expect(r.timeToCoverSeconds).to.equal(20); // ready at t=50
    expect(r.peakUnservedRps).to.equal(100);
    expect(r.totalUnservedRequests).to.equal(2000); // 100 req/s × 20 s
    expect(r.maxReplicasReached).to.equal(4);
  });

  it("without free slots or headroom they wait 60 s for a node: covered after 80 s, 8,000 requests lost", () => {
    const r = simulate({ hpa, pods: pods(), profile: step() });
    expect(r.timeToCoverSeconds).to.equal(80); // node at 90, ready at 110
    expect(r.totalUnservedRequests).to.equal(8000);
  });

  it("one placeholder pod of headroom lets one pod schedule at once, and 3 × 150 = 450 covers 400: 20 s again", () => {
    const r = simulate({ hpa, pods: pods({ headroomPods: 1 }), profile: step() });
    expect(r.timeToCoverSeconds).to.equal(20);
    expect(r.series!.readyReplicas[r.series!.timeSeconds.indexOf(50)]).to.equal(3);
    expect(r.series!.readyReplicas[r.series!.timeSeconds.indexOf(110)]).to.equal(4);
  });

  it("reports 0 when capacity never falls short", () => {
    const r = simulate({ hpa: { ...hpa, minReplicas: 3 }, pods: pods(), profile: step() });
    expect(r.timeToCoverSeconds).to.equal(0);
    expect(r.totalUnservedRequests).to.equal(0);
  });

  it("reports null when capacity is still short at the end", () => {
    const r = simulate({ hpa: { ...hpa, maxReplicas: 2 }, pods: pods(), profile: step() });
    expect(r.timeToCoverSeconds).to.equal(null);
    expect(r.peakUnservedRps).to.equal(100);
  });

  // Load drops at t=90 (hold 60 s). The last recommendation of 4 was made at t=75; the default
  // 300 s scale-down window keeps it until t=375, when ceil(4 × 25/100) = 1, bounded by min 2.
  it("scales back to min 285 s after the drop with the default 300 s scale-down window", () => {
    const r = simulate({ hpa, pods: pods({ freeSlots: 10 }), profile: step(60) });
    expect(r.scaleDownSeconds).to.equal(285);
  });

  it("sees the load late by metricLagSeconds: a 15 s lag moves coverage from 20 s to 35 s", () => {
    const r = simulate({
      hpa,
      pods: pods({ freeSlots: 10, metricLagSeconds: 15 }),
      profile: step(),
    });
    expect(r.timeToCoverSeconds).to.equal(35); // sync at 45 sees t=30's load; ready at 65
  });
});

describe("simulator: bad input", () => {
  it("rejects an unknown metric, naming it and the known ones", () => {
    expect(() =>
      simulate({
        hpa: { ...hpa, metrics: [{ name: "latency", averageValue: 1 } as never] },
        pods: pods(),
        profile: step(),
      }),
    ).to.throw(
      SimulatorInputError,
      /hpa\.metrics\[0\]\.name: unknown metric "latency"; known metrics: requestsPerSecond, cpu, memory/,
    );
  });

  it("rejects a utilisation target outside 1–100", () => {
    for (const v of [0, 101]) {
      expect(() =>
        simulate({
          hpa: { ...hpa, metrics: [{ name: "cpu", averageUtilization: v }] },
          pods: pods(),
          profile: step(),
        }),
      ).to.throw(
        SimulatorInputError,
        /hpa\.metrics\[0\]\.averageUtilization: must be between 1 and 100/,
      );
    }
  });

  it("rejects minReplicas above maxReplicas", () => {
    expect(() =>
      simulate({ hpa: { ...hpa, minReplicas: 11 }, pods: pods(), profile: step() }),
    ).to.throw(/hpa\.minReplicas: minReplicas 11 is greater than maxReplicas 10/);
  });

  it("requires the memory utilisation when the HPA scales on memory", () => {
    expect(() =>
      simulate({
        hpa: { ...hpa, metrics: [{ name: "memory", averageUtilization: 80 }] },
        pods: pods(),
        profile: step(),
      }),
    ).to.throw(/pods\.memoryUtilizationPercent: is required/);
  });

  it("rejects a selectPolicy other than Max, Min or Disabled and an empty policy list", () => {
    expect(() =>
      simulate({
        hpa: { ...hpa, behavior: { scaleUp: { selectPolicy: "Fastest" as never } } },
        pods: pods(),
        profile: step(),
      }),
    ).to.throw(/hpa\.behavior\.scaleUp\.selectPolicy: must be Max, Min or Disabled/);
    expect(() =>
      simulate({
        hpa: { ...hpa, behavior: { scaleDown: { policies: [] } } },
        pods: pods(),
        profile: step(),
      }),
    ).to.throw(/hpa\.behavior\.scaleDown\.policies: must list at least one policy/);
  });

  it("rejects a step that does not divide the sync period", () => {
    expect(() => simulate({ hpa, pods: pods(), profile: step(), stepSeconds: 7 })).to.throw(
      /stepSeconds: must be a whole number of seconds dividing the sync period 15/,
    );
  });
});
