/**
 * Benchmark: the spike simulator over a 24 h diurnal trace at 15 s resolution for 50 services,
 * each with its own HPA bounds, targets, per-pod throughput, start-up time, node delay and
 * headroom, keeping every replica time series (as the CLI report does).
 * Run directly with `npx ts-node scripts/bench/simulator.ts`; `npm run bench` calls the export.
 */
import { performance } from "node:perf_hooks";
import { buildProfile, simulate, type HpaSpec, type PodModel } from "../../model/simulator";

const SERVICES = 50;
const STEP_SECONDS = 15;

/** The i-th service: parameters vary deterministically so runs take different paths. */
function service(i: number): { hpa: HpaSpec; pods: PodModel; minRps: number; maxRps: number } {
  const throughput = 80 + (i % 8) * 10;
  const minReplicas = 2 + (i % 3);
  return {
    hpa: {
      minReplicas,
      maxReplicas: 20 + (i % 31),
      metrics: [
        { name: "cpu", averageUtilization: 70 },
        { name: "memory", averageUtilization: 80 },
        { name: "requestsPerSecond", averageValue: Math.round(throughput * 0.7) },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
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
    },
    pods: {
      throughputRps: throughput,
      startupSeconds: 15 + (i % 4) * 15,
      nodeProvisioningSeconds: 90 + (i % 3) * 15,
      headroomPods: i % 5,
      podsPerNode: 1 + (i % 4),
      memoryUtilizationPercent: 40 + (i % 5) * 5,
    },
    minRps: 20 + i * 3,
    maxRps: (20 + i * 3) * (4 + (i % 4)),
  };
}

/** Simulates 50 services over 24 h at 15 s steps; returns total steps and the rate. */
export function benchSimulator(): {
  services: number;
  steps: number;
  wallMs: number;
  stepsPerSecond: number;
} {
  const inputs = Array.from({ length: SERVICES }, (_, i) => service(i));
  let steps = 0;
  const start = performance.now();
  for (const s of inputs) {
    const profile = buildProfile({
      kind: "diurnal",
      minRps: s.minRps,
      maxRps: s.maxRps,
      peakHour: 14,
    });
    steps += simulate({
      hpa: s.hpa,
      pods: s.pods,
      profile,
      stepSeconds: STEP_SECONDS,
      recordSeries: true,
    }).steps;
  }
  const wallMs = performance.now() - start;
  return {
    services: SERVICES,
    steps,
    wallMs: Math.round(wallMs * 10) / 10,
    stepsPerSecond: Math.round(steps / (wallMs / 1000)),
  };
}

if (require.main === module) {
  console.log(JSON.stringify({ bench: "simulator-24h-50-services", ...benchSimulator() }));
}
