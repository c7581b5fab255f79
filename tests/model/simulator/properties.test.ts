// Property tests for the simulator: invariants that must hold for any HPA, pod model and load.
import { expect } from "chai";
import fc from "fast-check";
import { piecewiseProfile, simulate, type HpaSpec, type PodModel } from "../../../model/simulator";

const policy = fc.record({
  type: fc.constantFrom("Pods" as const, "Percent" as const),
  value: fc.integer({ min: 1, max: 200 }),
  periodSeconds: fc.constantFrom(15, 30, 60, 120),
});

const hpaArb = fc
  .record({
    minReplicas: fc.integer({ min: 1, max: 10 }),
    extra: fc.integer({ min: 0, max: 40 }),
    rpsTarget: fc.integer({ min: 20, max: 200 }),
    cpuTarget: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    upWindow: fc.constantFrom(0, 30, 60),
    downWindow: fc.constantFrom(0, 60, 300),
    up: fc.array(policy, { minLength: 1, maxLength: 2 }),
    upSelect: fc.constantFrom("Max" as const, "Min" as const),
    down: fc.array(policy, { minLength: 1, maxLength: 2 }),
    downSelect: fc.constantFrom("Max" as const, "Min" as const, "Disabled" as const),
  })
  .map((h): HpaSpec => ({
    minReplicas: h.minReplicas,
    maxReplicas: h.minReplicas + h.extra,
    metrics: [
      { name: "requestsPerSecond", averageValue: h.rpsTarget },
      ...(h.cpuTarget ? [{ name: "cpu" as const, averageUtilization: h.cpuTarget }] : []),
    ],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: h.upWindow, selectPolicy: h.upSelect, policies: h.up },
      scaleDown: {
        stabilizationWindowSeconds: h.downWindow,
        selectPolicy: h.downSelect,
        policies: h.down,
      },
    },
  }));

const podsArb = fc.record({
  throughputRps: fc.integer({ min: 20, max: 300 }),
  startupSeconds: fc.integer({ min: 0, max: 120 }),
  nodeProvisioningSeconds: fc.integer({ min: 0, max: 180 }),
  headroomPods: fc.integer({ min: 0, max: 10 }),
  podsPerNode: fc.integer({ min: 1, max: 8 }),
  metricLagSeconds: fc.constantFrom(0, 15, 30),
}) as fc.Arbitrary<PodModel>;

// Piecewise-linear load: up to 6 points over 30 minutes.
const profileArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1800 }), fc.integer({ min: 0, max: 3000 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((pts) =>
    piecewiseProfile(
      "random",
      [...pts].sort((a, b) => a[0] - b[0]),
      1800,
      { riseStartSeconds: 0 },
    ),
  );

const run = (hpa: HpaSpec, pods: PodModel, profile: ReturnType<typeof piecewiseProfile>) =>
  simulate({ hpa, pods, profile, stepSeconds: 15 });

describe("simulator properties", () => {
  it("never sets a replica count outside [minReplicas, maxReplicas]", () => {
    fc.assert(
      fc.property(hpaArb, podsArb, profileArb, (hpa, pods, profile) => {
        const s = run(hpa, pods, profile).series!;
        return (
          s.replicas.every((r) => r >= hpa.minReplicas && r <= hpa.maxReplicas) &&
          s.readyReplicas.every((r) => r <= hpa.maxReplicas)
        );
      }),
      { numRuns: 150 },
    );
  });

  it("has capacity at or above the load at every step after the reported time", () => {
    fc.assert(
      fc.property(hpaArb, podsArb, profileArb, (hpa, pods, profile) => {
        const r = run(hpa, pods, profile);
        const s = r.series!;
        if (r.timeToCoverSeconds === null)
          return s.capacityRps[s.capacityRps.length - 1] < s.loadRps[s.loadRps.length - 1];
        return s.timeSeconds.every(
          (t, i) => t < r.timeToCoverSeconds! || s.capacityRps[i] >= s.loadRps[i] - 1e-9,
        );
      }),
      { numRuns: 150 },
    );
  });

  // At a sync at time t the policies limit the change relative to each policy's period start,
  // which is the replica count P seconds earlier (every change in between is counted back).
  // With Max the most permissive proposal applies, with Min the least, Disabled forbids the direction.
  const limitFrom = (
    rules: NonNullable<HpaSpec["behavior"]>["scaleUp"],
    at: (t: number) => number,
    t: number,
    dir: 1 | -1,
  ): number => {
    const proposals = rules!.policies!.map((q) => {
      const start = at(t - q.periodSeconds);
      if (q.type === "Pods") return start + dir * q.value;
      return dir === 1
        ? Math.ceil(start * (1 + q.value / 100))
        : Math.trunc(start * (1 - q.value / 100));
    });
    const loosest = dir === 1 ? Math.max(...proposals) : Math.min(...proposals);
    const tightest = dir === 1 ? Math.min(...proposals) : Math.max(...proposals);
    return rules!.selectPolicy === "Min" ? tightest : loosest;
  };

  it("never scales down faster than the scale-down policies allow", () => {
    fc.assert(
      fc.property(hpaArb, podsArb, profileArb, (hpa, pods, profile) => {
        const s = run(hpa, pods, profile).series!;
        const down = hpa.behavior!.scaleDown!;
        const at = (t: number) => s.replicas[t / 15];
        const from = Math.max(...down.policies!.map((p) => p.periodSeconds));
        return s.timeSeconds.every((t) => {
          if (t < from || at(t) >= at(t - 15)) return true;
          return down.selectPolicy !== "Disabled" && at(t) >= limitFrom(down, at, t, -1);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("never scales up faster than the scale-up policies allow", () => {
    fc.assert(
      fc.property(hpaArb, podsArb, profileArb, (hpa, pods, profile) => {
        const s = run(hpa, pods, profile).series!;
        const up = hpa.behavior!.scaleUp!;
        const at = (t: number) => s.replicas[t / 15];
        const from = Math.max(...up.policies!.map((p) => p.periodSeconds));
        return s.timeSeconds.every(
          (t) => t < from || at(t) <= at(t - 15) || at(t) <= limitFrom(up, at, t, 1),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("simulator properties: sanity of the generators", () => {
  it("produces runs that both fall short and recover, so the properties above are not vacuous", () => {
    const samples = fc.sample(fc.tuple(hpaArb, podsArb, profileArb), { numRuns: 100, seed: 42 });
    const results = samples.map(([h, p, prof]) => run(h, p, prof));
    expect(results.some((r) => r.timeToCoverSeconds !== null && r.timeToCoverSeconds > 0)).to.equal(
      true,
    );
    expect(
      results.some((r) => r.series!.replicas.some((x, i, a) => i > 0 && x < a[i - 1])),
    ).to.equal(true);
  });
});
