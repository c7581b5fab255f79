import * as pulumi from "@pulumi/pulumi";
import { nodeTaints, SYSTEM_TAINT } from "../../components/nodegroups/placement";
import { DATA_SECRET_KEYS, DATA_SECRET_NAME } from "../../components/shared/handoff";
import {
  AutoscalingAddons,
  Headroom,
  type HeadroomSpec,
  HttpService,
  type PlacementSpec,
  PriorityClasses,
  QueueWorker,
  rpsMetricName,
  type ServiceSpec,
  type WorkerSpec,
} from "../../components/workloads";
import {
  type CapacityPlan,
  CapacityPlanError,
  type CapacityPlanInput,
  planCapacity,
} from "../../model/capacity";
import { cpuOf, memoryGiBOf } from "../../model/capacity/quantity";
import { pipelineLag, spikeLoadAfter } from "../../model/simulator";
import { ConfigError, type ConfigProblem } from "../errors";
import type { Environment } from "../schema";
import { workloadNodeGroup } from "../schema/workload-checks";
import type { Area } from "./area";
import type { Data } from "./data";
import { daemonSetsOverhead, systemTierInput } from "./system-tier";
import type { InClusterTarget } from "./target";

/** Namespace of the KEDA operator (monitoring scrapes its queue metrics there). */
export { AUTOSCALING_NAMESPACE as KEDA_NAMESPACE } from "../../components/workloads";

type Service = Environment["services"][string];
type Worker = Environment["workers"][string];

/** What the workloads wait for: the data tier's namespaces and hand-off Secrets. */
export interface WorkloadDeps {
  /** Resources that must exist before any workload (e.g. `DataInCluster.ready`). Default: none. */
  dependsOn?: pulumi.Resource[];
}

/** What the workloads area built, and the bounds other areas (monitoring, policy) read. */
export interface Workloads {
  plan: CapacityPlan;
  services: Record<string, HttpService>;
  workers: Record<string, QueueWorker>;
  /** Replica bounds per workload, as applied. */
  bounds: Record<string, { kind: "service" | "worker"; min: number; max: number }>;
  /** Namespaces this area created (autoscaling add-ons, headroom placeholders). */
  namespaces: pulumi.Resource[];
}

/** The group a workload was validated onto by the schema (it always resolves after validation). */
function groupOf(env: Environment, w: { nodeGroup?: string; capacity: string }): string {
  const g = workloadNodeGroup(w, env.nodeGroups);
  if (g === undefined) throw new Error(`no node group for capacity ${w.capacity} in ${env.name}`);
  return g;
}

/** Per-pod req/s target the HPA aims for, in % of a pod's peak throughput (CPU target if no req/s metric). */
function targetPercent(s: Service): number {
  const rps = s.hpa.metrics.requestsPerSecond;
  return rps !== undefined ? (100 * rps) / s.throughputPerPod.peakRps : (s.hpa.metrics.cpu ?? 70);
}

/**
 * The load a service's spike (`platform:planning.spike` on today's peak) reaches before a pod the
 * HPA adds can serve: the metric pipeline's response time (lag, sync, start-up), plus a node's
 * provisioning when no placeholder holds room on the service's node group. 0 without `traffic`.
 */
export function spikeFloorRps(env: Environment, s: Service): number {
  if (s.traffic === undefined) return 0;
  const spike = env.planning.spike;
  const { responseSeconds } = pipelineLag({
    ...env.autoscaling.scalingMetric,
    startupSeconds: s.startupSeconds,
  });
  const h = env.headroom;
  const placeholders = h.replicas > 0 && groupOf(env, h) === groupOf(env, s);
  const wait = responseSeconds + (placeholders ? 0 : spike.nodeProvisioningSeconds);
  return spikeLoadAfter(s.traffic.currentPeakRps, spike.factor, spike.rampSeconds, wait);
}

/** The planner's input for an environment: config only, nothing invented. */
export function planInput(env: Environment): CapacityPlanInput {
  const p = env.planning;
  const req = (r: { requests: { cpu: string; memory: string } }) => ({
    cpu: cpuOf(r.requests.cpu),
    memoryGiB: memoryGiBOf(r.requests.memory),
  });
  const headroomGroup = env.headroom.replicas > 0 ? groupOf(env, env.headroom) : undefined;
  const overhead = daemonSetsOverhead(env);
  const systemTier = systemTierInput(env);
  return {
    environment: env.name,
    forecast: {
      headroom: p.headroomPercent / 100,
      growthPerYear: p.growthPercentPerYear / 100,
      horizonMonths: p.horizonMonths,
      seasonalPeakFactor: p.seasonalPeakFactor,
    },
    zones: env.zones.length,
    services: Object.entries(env.services).map(([name, s]) => ({
      name,
      nodeGroup: groupOf(env, s),
      currentPeakRps: s.traffic?.currentPeakRps ?? 0,
      targetPeakRps: s.traffic?.targetPeakRps,
      throughputPerPod: s.throughputPerPod,
      requests: req(s.resources),
      haMinReplicas: s.haMinReplicas,
      hpaTargetUtilizationPercent: targetPercent(s),
      fixedReplicas: s.replicas,
      spikeFloorRps: spikeFloorRps(env, s),
    })),
    workers: Object.entries(env.workers).map(([name, w]) => ({
      name,
      nodeGroup: groupOf(env, w),
      currentConcurrency: w.concurrency?.current ?? 0,
      targetConcurrency: w.concurrency?.target,
      messagesPerPod: w.messagesPerPod,
      requests: req(w.resources),
      haMinReplicas: w.haMinReplicas,
      fixedReplicas: w.replicas,
    })),
    nodeGroups: Object.entries(env.nodeGroups)
      .filter(([, g]) => g.role !== "system")
      .map(([name, g]) => ({
        name,
        instanceTypes: g.instanceTypes,
        minSize: g.minSize,
        maxSize: g.maxSize,
        ...(overhead ? { overhead } : {}),
        ...(name === headroomGroup
          ? {
              placeholders: {
                cpu: cpuOf(env.headroom.cpu),
                memoryGiB: memoryGiBOf(env.headroom.memory),
                replicas: env.headroom.replicas,
              },
            }
          : {}),
      })),
    ...(systemTier ? { systemTier } : {}),
  };
}

/** Spike baseline of a service: today's peak, or what its minimum carries within the objective. */
export function spikeBaselineRps(s: Service, minReplicas: number): number {
  return s.traffic?.currentPeakRps ?? minReplicas * s.throughputPerPod.baselineRps;
}

/** Planner paths back to the stack-file keys they came from. */
function configKey(path: string): string {
  const m = /^nodeGroups\.[^.]+\.placeholders(.*)$/.exec(path);
  if (m) return `platform:headroom${m[1].replace(/^\.requests/, "")}`;
  return `platform:${path.replace(/^forecast\./, "planning.")}`;
}

/**
 * The environment's capacity plan. A target that does not fit the node group maxima, or a spike
 * the replica maximum cannot carry, is a {@link ConfigError} naming the environment and service.
 */
export function workloadPlan(env: Environment): CapacityPlan {
  const source = `Pulumi.${env.name}.yaml`;
  let plan: CapacityPlan;
  try {
    plan = planCapacity(planInput(env));
  } catch (e) {
    if (!(e instanceof CapacityPlanError)) throw e;
    throw new ConfigError(
      env.name,
      source,
      e.problems.map((p) => ({ key: configKey(p.path), message: p.message })),
    );
  }
  const problems: ConfigProblem[] = [];
  for (const [name, s] of Object.entries(env.services)) {
    const b = plan.workloads.find((w) => w.name === name)!;
    const peak = spikeBaselineRps(s, b.minReplicas) * env.planning.spike.factor;
    const ceiling = b.maxReplicas * s.throughputPerPod.peakRps;
    if (peak > ceiling) {
      problems.push({
        key: `platform:services.${name}.${s.replicas ? "replicas.max" : "traffic"}`,
        message:
          `the ${env.planning.spike.factor}x spike peaks at ${peak} req/s, above maxReplicas ${b.maxReplicas} × ${s.throughputPerPod.peakRps} req/s = ${ceiling}; ` +
          `raise the maximum to at least ${Math.ceil(peak / s.throughputPerPod.peakRps)}`,
      });
    }
  }
  if (problems.length) throw new ConfigError(env.name, source, problems);
  return plan;
}

function placementOf(
  env: Environment,
  zones: string[],
  w: { nodeGroup?: string; capacity: Service["capacity"] },
): PlacementSpec {
  const name = groupOf(env, w);
  const g = env.nodeGroups[name];
  const taints = nodeTaints({
    name,
    role: g.role,
    capacityType: g.capacityType,
    labels: g.labels,
    taints: g.taints,
  });
  return {
    role: g.role,
    capacity: w.capacity,
    taints: taints.filter((t) => t.key !== SYSTEM_TAINT.key),
    zones,
  };
}

/** The manifest inputs of a service with its planned bounds. */
export function serviceSpec(
  env: Environment,
  zones: string[],
  name: string,
  s: Service,
  bounds: { min: number; max: number },
): ServiceSpec {
  return {
    name,
    namespace: s.namespace,
    image: s.image,
    port: s.port,
    resources: s.resources,
    replicas: bounds,
    metrics: s.hpa.metrics,
    behavior: s.hpa.behavior,
    maxUnavailable: s.maxUnavailable,
    probes: s.probes,
    startupSeconds: s.startupSeconds,
    placement: placementOf(env, zones, s),
    rpsMetricName: rpsMetricName(env.autoscaling.requestsCounter),
    dataSecretName: DATA_SECRET_NAME,
  };
}

/** The manifest inputs of a worker with its planned bounds. */
export function workerSpec(
  env: Environment,
  zones: string[],
  name: string,
  w: Worker,
  bounds: { min: number; max: number },
): WorkerSpec {
  return {
    name,
    namespace: w.namespace,
    image: w.image,
    queue: w.queue,
    messagesPerPod: w.messagesPerPod,
    resources: w.resources,
    replicas: bounds,
    behavior: w.behavior,
    pollingIntervalSeconds: w.pollingIntervalSeconds,
    cooldownPeriodSeconds: w.cooldownPeriodSeconds,
    terminationGracePeriodSeconds: w.terminationGracePeriodSeconds,
    maxUnavailable: w.maxUnavailable,
    placement: placementOf(env, zones, w),
    dataSecretName: DATA_SECRET_NAME,
    amqpUrlKey: DATA_SECRET_KEYS.amqpUrl,
  };
}

/**
 * Services, workers, priority classes, headroom placeholders and (on a live cluster) the
 * autoscaling add-ons, on any in-cluster target: the environment's EKS cluster or rendered YAML.
 */
export function buildWorkloads(
  env: Environment,
  target: InClusterTarget,
  deps: WorkloadDeps = {},
): Workloads {
  const plan = workloadPlan(env);
  const bounds = Object.fromEntries(
    plan.workloads.map((w) => [w.name, { kind: w.kind, min: w.minReplicas, max: w.maxReplicas }]),
  );
  const base = target.opts.dependsOn;
  const first: pulumi.Input<pulumi.Resource>[] =
    base === undefined ? [] : Array.isArray(base) ? base : [base as pulumi.Input<pulumi.Resource>];
  const after = (...more: pulumi.Resource[]): pulumi.ComponentResourceOptions => ({
    ...target.opts,
    dependsOn: [...first, ...(deps.dependsOn ?? []), ...more],
  });
  const priorities = new PriorityClasses("priority-classes", after());
  const addons = target.helm
    ? new AutoscalingAddons(
        "autoscaling",
        {
          charts: env.autoscaling.charts,
          prometheusUrl: env.autoscaling.prometheusUrl,
          requestsCounter: env.autoscaling.requestsCounter,
          rateWindowSeconds: env.autoscaling.scalingMetric.rateWindowSeconds,
        },
        after(),
      )
    : undefined;
  const h = env.headroom;
  const headroom =
    h.replicas > 0
      ? new Headroom(
          "headroom",
          { ...h, placement: placementOf(env, target.zones, h) } satisfies HeadroomSpec,
          after(priorities),
        )
      : undefined;
  const services = Object.fromEntries(
    Object.entries(env.services).map(([name, s]) => [
      name,
      new HttpService(
        `service-${name}`,
        serviceSpec(env, target.zones, name, s, bounds[name]),
        after(priorities),
      ),
    ]),
  );
  const workers = Object.fromEntries(
    Object.entries(env.workers).map(([name, w]) => [
      name,
      new QueueWorker(
        `worker-${name}`,
        workerSpec(env, target.zones, name, w, bounds[name]),
        // Its ScaledObject and TriggerAuthentication need KEDA's CRDs.
        addons === undefined ? after(priorities) : after(priorities, addons.keda),
      ),
    ]),
  );
  const namespaces = [addons?.namespace, headroom?.namespace].filter(
    (n): n is NonNullable<typeof n> => n !== undefined,
  );
  return { plan, services, workers, bounds, namespaces };
}

/** Workers' planned max replicas by name: the queue-capacity alerts compare the backlog with them. */
export function workerMaxReplicas(plan: CapacityPlan): Record<string, number> {
  return Object.fromEntries(
    plan.workloads.filter((w) => w.kind === "worker").map((w) => [w.name, w.maxReplicas]),
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Stack outputs: the replica bounds per workload, the planned node counts per group, and what the system tier needs. */
export function workloadOutputs(w: Workloads) {
  const t = w.plan.systemTier;
  return {
    ...(t
      ? {
          systemTier: {
            cpu: round(t.requests.cpu),
            memoryGiB: round(t.requests.memoryGiB),
            pods: t.requests.pods,
            instanceType: t.instanceType,
            nodesWithHeadroom: t.nodesWithHeadroom,
            nodesWithoutHeadroom: t.nodesWithoutHeadroom,
          },
        }
      : {}),
    workloadBounds: w.bounds,
    plannedNodes: Object.fromEntries(
      w.plan.nodeGroups.map((g) => [
        g.name,
        { atMin: g.nodesAtMin, atMax: g.nodesAtMax, maxSize: g.maxSize },
      ]),
    ),
  };
}

/** Services and workers, after the data tier they connect to (namespaces, hand-off Secrets, migration). */
export const workloadsArea: Area<{ data: Data }, Workloads> = {
  build: ({ env, site, built }) =>
    buildWorkloads(env, site.target, { dependsOn: built.data.ready }),
  outputs: workloadOutputs,
};
