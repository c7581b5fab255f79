/**
 * The service under test as the program ships it, on a proving ground: its Deployment and HPA
 * from the program's own builders (bounds from the capacity planner, the shipped behaviour), the
 * pods placed by the real scheduler on the environment's kwok nodes and scaled by the real HPA
 * controller. The pods' CPU usage (kwok's usage annotation, read by metrics-server) follows the
 * load each Ready pod serves: a pod serving its peakRps uses its whole CPU request.
 */
import { priorityClassArgs } from "../../components/workloads/priority";
import {
  serviceDeployment,
  serviceHpa,
  type ServiceSpec,
} from "../../components/workloads/service";
import { workloadLabels } from "../../components/workloads/placement";
import { cpuOf, memoryGiBOf } from "../../model/capacity/quantity";
import { serviceSpec, workloadPlan } from "../../stacks/areas/workloads";
import type { Environment } from "../../stacks/schema";
import type { KubeClient, KubeObject } from "../proving-ground";

const CPU_ANNOTATION = "kwok.x-k8s.io/usage-cpu";
const MEMORY_ANNOTATION = "kwok.x-k8s.io/usage-memory";

/** The service's manifest inputs with its planned bounds. */
export function plannedService(env: Environment, name: string): ServiceSpec {
  const s = env.services[name];
  const b = workloadPlan(env).workloads.find((w) => w.name === name);
  if (s === undefined || b === undefined) throw new Error(`${env.name} has no service ${name}`);
  return serviceSpec(env, env.zones, name, s, { min: b.minReplicas, max: b.maxReplicas });
}

/**
 * The HPA as shipped, less what the proving ground cannot serve: the request-rate Pods metric
 * comes from prometheus-adapter, which does not run here. CPU stands in for it at the rate
 * target's share of `peakRps` (the run then reports each pod's request rate, as the adapter would
 * serve it, as that share of its CPU request; see `reportLoad`). It replaces the CPU target too:
 * real CPU follows served load, which never exceeds the requests answered, so the rate metric is
 * the larger recommendation whenever its target share is the lower one.
 */
export function provingGroundHpa(
  spec: ServiceSpec,
  peakRps: number,
): { hpa: KubeObject; replaced: boolean } {
  const rps = spec.metrics.requestsPerSecond;
  const replaced = rps !== undefined;
  const metrics = { ...spec.metrics };
  delete metrics.requestsPerSecond;
  if (rps !== undefined) metrics.cpu = Math.max(1, Math.round((100 * rps) / peakRps));
  else if (metrics.cpu === undefined) metrics.cpu = 70;
  const args = serviceHpa({ ...spec, metrics });
  return {
    hpa: asObject("autoscaling/v2", "HorizontalPodAutoscaler", args),
    replaced,
  };
}

/**
 * A builder's arguments as a manifest. The builders return plain values (no Outputs) for
 * services, so the JSON round trip is exact.
 */
function asObject(apiVersion: string, kind: string, args: object): KubeObject {
  const plain = JSON.parse(JSON.stringify(args)) as KubeObject;
  return { ...plain, apiVersion, kind };
}

type Pod = KubeObject & {
  metadata: { annotations?: Record<string, string> };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
};
const isReady = (p: Pod) =>
  p.status.phase === "Running" &&
  (p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false);

/** The service deployed on the proving ground. */
export interface DeployedService {
  spec: ServiceSpec;
  /** True when the request-rate metric was replaced by CPU (see provingGroundHpa). */
  rpsMetricReplaced: boolean;
  /** Ready replicas and the HPA's desired count, now. */
  status(): Promise<{ ready: number; desired: number }>;
  /**
   * Sets each Ready pod's CPU usage to `perPodRps` as a share of `peakRps` of its request: capped
   * at the request for served load (what CPU follows), uncapped for the request-rate stand-in.
   */
  reportLoad(perPodRps: number, capped: boolean): Promise<void>;
}

/** Applies the namespace, priority class, Deployment and HPA, and waits for the minimum Ready. */
export async function deployService(
  client: KubeClient,
  env: Environment,
  name: string,
  timeoutMs = 300000,
): Promise<DeployedService> {
  const spec = plannedService(env, name);
  const s = env.services[name];
  const cpuRequest = cpuOf(s.resources.requests.cpu);
  const memoryMi = Math.round(
    (memoryGiBOf(s.resources.requests.memory) * 1024 * s.memoryUtilizationPercent) / 100,
  );
  await client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: spec.namespace } });
  await client.waitFor(`ServiceAccount ${spec.namespace}/default`, async () =>
    (await client.raw("GET", `/api/v1/namespaces/${spec.namespace}/serviceaccounts/default`))
      .status === 200
      ? true
      : undefined,
  );
  await client.apply(
    asObject("scheduling.k8s.io/v1", "PriorityClass", priorityClassArgs("service")),
  );
  const deployment = asObject("apps/v1", "Deployment", serviceDeployment(spec)) as KubeObject & {
    spec: { replicas?: number; template: { metadata: { annotations?: Record<string, string> } } };
  };
  // The HPA owns the count; the first apply starts at the minimum, as the program's first deploy does.
  deployment.spec.replicas = spec.replicas.min;
  deployment.spec.template.metadata.annotations = {
    ...deployment.spec.template.metadata.annotations,
    [CPU_ANNOTATION]: "1m",
    [MEMORY_ANNOTATION]: `${memoryMi}Mi`,
  };
  await client.apply(deployment);
  const { hpa, replaced } = provingGroundHpa(spec, s.throughputPerPod.peakRps);
  await client.apply(hpa);
  const selector = Object.entries(workloadLabels(spec.name, "service"))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const pods = () =>
    client.list<Pod>("v1", "Pod", { namespace: spec.namespace, labelSelector: selector });
  await client.waitFor(
    `${spec.replicas.min} Ready pods of ${name}`,
    async () => ((await pods()).filter(isReady).length >= spec.replicas.min ? true : undefined),
    timeoutMs,
    1000,
  );
  // A service under test has been running: its pods' metrics exist before the load starts, so the
  // HPA's first decisions are not the "no metrics yet" of a fresh deploy.
  await client.waitFor(
    `the HPA of ${name} to read its pods' CPU`,
    async () => {
      const h = await client.get<{
        status: { currentMetrics?: { resource?: { name: string } }[] };
      }>(`/apis/autoscaling/v2/namespaces/${spec.namespace}/horizontalpodautoscalers/${spec.name}`);
      return h.status.currentMetrics?.some((m) => m.resource?.name === "cpu") ? true : undefined;
    },
    timeoutMs,
    1000,
  );
  const last = new Map<string, string>();
  return {
    spec,
    rpsMetricReplaced: replaced,
    async status() {
      const d = await client.get<{ status: { readyReplicas?: number } }>(
        `/apis/apps/v1/namespaces/${spec.namespace}/deployments/${spec.name}`,
      );
      const h = await client.get<{ status: { desiredReplicas?: number } }>(
        `/apis/autoscaling/v2/namespaces/${spec.namespace}/horizontalpodautoscalers/${spec.name}`,
      );
      return { ready: d.status.readyReplicas ?? 0, desired: h.status.desiredReplicas ?? 0 };
    },
    async reportLoad(perPodRps, capped) {
      const raw = perPodRps / s.throughputPerPod.peakRps;
      const share = capped ? Math.min(1, raw) : raw;
      const usage = `${Math.max(1, Math.round(cpuRequest * share * 1000))}m`;
      for (const p of (await pods()).filter(isReady)) {
        if (last.get(p.metadata.name) === usage) continue;
        await client.request(
          "PATCH",
          `/api/v1/namespaces/${spec.namespace}/pods/${p.metadata.name}`,
          { metadata: { annotations: { [CPU_ANNOTATION]: usage } } },
          "application/merge-patch+json",
        );
        last.set(p.metadata.name, usage);
      }
    },
  };
}
