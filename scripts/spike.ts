/**
 * `npm run spike`: for each environment and service, whether the spike of `platform:planning.spike`
 * (seed: 10x, 100 → 1,000 req/s over 1 minute) is covered within the deadline (seed: 2 minutes),
 * with time to capacity, peak unserved req/s and scale-down time. Each service is run twice: as
 * shipped (its bounds, behaviour and the environment's headroom) and with the seed's HPA
 * behaviour and no headroom, so the report shows what the shipped settings buy.
 *
 * Usage: `npm run spike [-- --json] [-- <env> ...]`. Exits 1 when a shipped configuration fails.
 */
import { behaviorSchema } from "../stacks/schema/workloads";
import { simulatorHpa } from "../components/workloads/service";
import { nodeAllocatable } from "../model/capacity";
import { cpuOf, memoryGiBOf } from "../model/capacity/quantity";
import {
  checkSpike,
  pipelineLag,
  type PipelineLag,
  type SpikeCheckInput,
  type SpikeCheckResult,
} from "../model/simulator";
import { listEnvironments, type Environment, loadEnvironment } from "../stacks/load";
import { serviceSpec, spikeBaselineRps, workloadPlan } from "../stacks/areas/workloads";
import { workloadNodeGroup } from "../stacks/schema/workload-checks";

/** The seed's HPA behaviour (the schema default). */
export const SEED_BEHAVIOR = behaviorSchema.parse(undefined);

/** How many pods of `pod` fit in the room of one pod of `room` (what one placeholder holds for it). */
function podsIn(
  room: { cpu: number; memoryGiB: number },
  pod: { cpu: number; memoryGiB: number },
): number {
  return Math.floor(Math.min(room.cpu / pod.cpu, room.memoryGiB / pod.memoryGiB) + 1e-9);
}

/** The metric lag of a service's scaling pipeline, from the environment's settings. */
export function serviceLag(env: Environment, service: string): PipelineLag {
  return pipelineLag({
    ...env.autoscaling.scalingMetric,
    startupSeconds: env.services[service].startupSeconds,
  });
}

/**
 * The spike-check input of every service in an environment, as shipped. The metric lag and the
 * HPA sync period come from the metric pipeline's settings ({@link serviceLag}). Headroom placeholders
 * on the service's node group count as pod slots of that service's size; each service is
 * checked as if it spiked alone, so concurrent spikes share the same headroom. Nodes are assumed
 * full at the start (no free slots), and a new node holds as many of the pods as fit on the
 * smallest instance type of the group.
 */
export function spikeInputs(env: Environment): SpikeCheckInput[] {
  const plan = workloadPlan(env);
  const spike = env.planning.spike;
  return Object.entries(env.services).map(([name, s]) => {
    const b = plan.workloads.find((w) => w.name === name)!;
    const spec = serviceSpec(env, env.zones, name, s, { min: b.minReplicas, max: b.maxReplicas });
    const pod = {
      cpu: cpuOf(s.resources.requests.cpu),
      memoryGiB: memoryGiBOf(s.resources.requests.memory),
    };
    const group = workloadNodeGroup(s, env.nodeGroups)!;
    const lag = serviceLag(env, name);
    const h = env.headroom;
    const headroomGroup = h.replicas > 0 ? workloadNodeGroup(h, env.nodeGroups) : undefined;
    const headroomPods =
      headroomGroup === group
        ? h.replicas * podsIn({ cpu: cpuOf(h.cpu), memoryGiB: memoryGiBOf(h.memory) }, pod)
        : 0;
    const podsPerNode = Math.max(
      1,
      Math.min(
        ...env.nodeGroups[group].instanceTypes.map((t) =>
          Math.min(podsIn(nodeAllocatable(t), pod), nodeAllocatable(t).pods),
        ),
      ),
    );
    return {
      environment: env.name,
      service: name,
      hpa: { ...simulatorHpa(spec), syncPeriodSeconds: lag.syncPeriodSeconds },
      pods: {
        throughputRps: s.throughputPerPod.peakRps,
        startupSeconds: s.startupSeconds,
        nodeProvisioningSeconds: spike.nodeProvisioningSeconds,
        headroomPods,
        podsPerNode,
        memoryUtilizationPercent: s.memoryUtilizationPercent,
        metricLagSeconds: lag.metricLagSeconds,
      },
      baselineRps: spikeBaselineRps(s, b.minReplicas),
      factor: spike.factor,
      rampSeconds: spike.rampSeconds,
      deadlineSeconds: spike.deadlineSeconds,
    };
  });
}

/** The same input with the seed's behaviour and no placeholders. */
export function seedVariant(input: SpikeCheckInput): SpikeCheckInput {
  return {
    ...input,
    hpa: { ...input.hpa, behavior: SEED_BEHAVIOR },
    pods: { ...input.pods, headroomPods: 0 },
  };
}

/** One row of the report. */
export interface SpikeRow {
  environment: string;
  service: string;
  variant: "shipped" | "seed behaviour, no headroom";
  minReplicas: number;
  maxReplicas: number;
  headroomPods: number;
  result: SpikeCheckResult;
}

/** Runs both variants for every service of the given environments. */
export function spikeReport(envs: Environment[]): SpikeRow[] {
  return envs.flatMap((env) =>
    spikeInputs(env).flatMap((input) =>
      (
        [
          ["shipped", input],
          ["seed behaviour, no headroom", seedVariant(input)],
        ] as const
      ).map(([variant, i]) => ({
        environment: env.name,
        service: input.service,
        variant,
        minReplicas: i.hpa.minReplicas,
        maxReplicas: i.hpa.maxReplicas,
        headroomPods: i.pods.headroomPods ?? 0,
        result: checkSpike(i),
      })),
    ),
  );
}

const sec = (v: number | null) => (v === null ? "never" : `${v} s`);

/** A Markdown table of the report (the one `docs/autoscaling.md` quotes). */
export function formatReport(rows: SpikeRow[]): string {
  const head =
    "| environment | service | variant | min/max | headroom pods | spike | absorbed | time to capacity | peak unserved | requests lost | most replicas | scale-down | fix |";
  const lines = rows.map((r) => {
    const x = r.result;
    const fix = x.fixes
      ? `headroom ${x.fixes.headroomPods ?? "none"} pods, or minReplicas ${x.fixes.minReplicas ?? "none"}`
      : "";
    return `| ${r.environment} | ${r.service} | ${r.variant} | ${r.minReplicas}/${r.maxReplicas} | ${r.headroomPods} | ${x.baselineRps}→${x.peakRps} req/s | ${x.absorbed ? "yes" : "**no**"} (≤ ${x.deadlineSeconds} s) | ${sec(x.timeToCoverSeconds)} | ${Math.round(x.peakUnservedRps)} req/s | ${Math.round(x.totalUnservedRequests)} | ${x.maxReplicasReached} | ${sec(x.scaleDownSeconds)} | ${fix} |`;
  });
  return [head, `|${" --- |".repeat(13)}`, ...lines].join("\n");
}

function main(argv: string[]): number {
  const json = argv.includes("--json");
  const wanted = argv.filter((a) => !a.startsWith("--"));
  const names = wanted.length ? wanted : listEnvironments();
  const envs = names
    .map((n) => loadEnvironment(n))
    .filter((e) => Object.keys(e.services).length > 0);
  const rows = spikeReport(envs);
  if (json)
    console.log(
      JSON.stringify(
        rows.map(({ result: { series: _s, ...r }, ...row }) => ({ ...row, result: r })),
        null,
        2,
      ),
    );
  else console.log(formatReport(rows));
  const failed = rows.filter((r) => r.variant === "shipped" && !r.result.absorbed);
  for (const f of failed)
    console.error(
      `${f.environment}/${f.service}: the shipped configuration does not absorb the spike within ${f.result.deadlineSeconds} s`,
    );
  return failed.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
