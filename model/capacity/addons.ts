/**
 * The one table of CPU and memory every add-on the platform runs gets: the Helm values and add-on
 * configurations render their `resources` from it, and the capacity planner sums it to size the
 * system node group. Memory limits equal or exceed the request; CPU has no limit on purpose (a
 * CPU limit throttles a controller that bursts at start-up or on a big list call, and requests
 * already share the node fairly; kube-score's CPU-limit finding is accepted for this reason).
 *
 * Each row says where its figures come from. "chart example" is the resources block the chart's
 * values.yaml documents (commented out there); "kube-prometheus" is the prometheus-operator
 * project's reference manifests; "EKS add-on default" is what the managed add-on sets itself;
 * "our figure" is a choice of this project where the chart sets nothing, with its reason. None
 * was measured on a live cluster: compare them with `kube_pod_container_resource_requests` and
 * real usage once one runs.
 */
import { cpuOf, memoryGiBOf } from "./quantity";
import type { PodRequests } from "./types";

/** Container resources as Kubernetes quantities: a request for both, a limit for memory only. */
export interface AddonResources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

/** How an add-on's pods are placed, which decides how the planner counts them. */
export type AddonPlacement =
  /** Pods on the system node group, counted by replicas. */
  | "system"
  /** A DaemonSet: one pod on every node of every group, taken off each node's allocatable. */
  | "every-node"
  /** A sidecar of the PgBouncer pods on the baseline group; sized with PgBouncer, not the system tier. */
  | "pgbouncer-pod"
  /** A data-tier Deployment that prefers the baseline group (beside PgBouncer), not the system tier. */
  | "data-tier";

/** One row of {@link ADDON_RESOURCES}. */
export interface AddonRow extends AddonResources {
  placement: AddonPlacement;
  /** Where the figures come from. */
  basis: string;
}

const row = (
  cpu: string,
  memory: string,
  memoryLimit: string,
  placement: AddonPlacement,
  basis: string,
): AddonRow => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
  placement,
  basis,
});

/**
 * Per container (or per pod where the add-on is one container), by add-on name. Replica counts
 * are not here: they come from the environment (`platform:monitoring` replicas, zones for
 * CoreDNS) or the values builders, and {@link SystemAddon} carries them to the planner.
 */
export const ADDON_RESOURCES = Object.freeze({
  prometheus: row(
    "500m",
    "2Gi",
    "2Gi",
    "system",
    "our figure: kube-prometheus requests 400Mi for an almost empty cluster; here Prometheus scrapes kube-state-metrics, cAdvisor and node-exporter for up to about 600 pods (prod), and its head grows with the active series, so 2Gi; raise it where the series count grows (not measured on a live cluster)",
  ),
  alertmanager: row(
    "10m",
    "100Mi",
    "100Mi",
    "system",
    "kube-prometheus (4m / 100Mi, limit 100Mi), CPU rounded up to 10m",
  ),
  "config-reloader": row(
    "10m",
    "50Mi",
    "50Mi",
    "system",
    "prometheus-operator's default for the reloader sidecar of each Prometheus and Alertmanager pod (10m / 50Mi)",
  ),
  grafana: row(
    "100m",
    "256Mi",
    "256Mi",
    "system",
    "kube-prometheus (100m / 100Mi, limit 200Mi), memory raised to 256Mi for the platform's dashboards",
  ),
  "grafana-sidecar": row(
    "10m",
    "64Mi",
    "64Mi",
    "system",
    "our figure for the dashboards sidecar of the Grafana pod (a process watching ConfigMaps); the chart sets none",
  ),
  "kube-state-metrics": row(
    "10m",
    "190Mi",
    "250Mi",
    "system",
    "kube-prometheus (10m / 190Mi, limit 250Mi)",
  ),
  "prometheus-operator": row(
    "100m",
    "100Mi",
    "200Mi",
    "system",
    "kube-prometheus (100m / 100Mi, limit 200Mi)",
  ),
  "node-exporter": row(
    "100m",
    "30Mi",
    "50Mi",
    "every-node",
    "chart example (100m / 30Mi, limit 50Mi)",
  ),
  "cloudwatch-exporter": row(
    "50m",
    "128Mi",
    "256Mi",
    "system",
    "our figure: YACE keeps one discovery round of CloudWatch series in memory; the chart sets none",
  ),
  "cluster-autoscaler": row(
    "100m",
    "300Mi",
    "300Mi",
    "system",
    "chart example (100m / 300Mi, limit 300Mi)",
  ),
  "node-termination-handler": row(
    "50m",
    "64Mi",
    "128Mi",
    "system",
    "our figure: queue mode is one Deployment pod polling SQS; the chart sets none",
  ),
  "cert-manager": row(
    "10m",
    "64Mi",
    "128Mi",
    "system",
    "our figure for a controller with a handful of certificates; the chart sets none",
  ),
  "cert-manager-webhook": row(
    "10m",
    "32Mi",
    "64Mi",
    "system",
    "our figure for the stateless admission webhook; the chart sets none",
  ),
  "cert-manager-cainjector": row(
    "10m",
    "64Mi",
    "128Mi",
    "system",
    "our figure: cainjector caches the webhook configurations and CRDs it patches; the chart sets none",
  ),
  "aws-load-balancer-controller": row(
    "100m",
    "128Mi",
    "256Mi",
    "system",
    "chart example (100m / 128Mi, limit 128Mi), memory limit doubled: the controller caches the Ingresses, Services and endpoints it targets",
  ),
  "keda-operator": row(
    "100m",
    "100Mi",
    "1000Mi",
    "system",
    "chart default (100m / 100Mi, limit 1000Mi)",
  ),
  "keda-metrics-apiserver": row(
    "100m",
    "100Mi",
    "1000Mi",
    "system",
    "chart default (100m / 100Mi, limit 1000Mi)",
  ),
  "keda-admission-webhooks": row(
    "100m",
    "100Mi",
    "1000Mi",
    "system",
    "chart default (100m / 100Mi, limit 1000Mi)",
  ),
  "metrics-server": row("100m", "200Mi", "200Mi", "system", "chart default (100m / 200Mi)"),
  "prometheus-adapter": row(
    "100m",
    "128Mi",
    "128Mi",
    "system",
    "chart example (100m / 128Mi, limit 128Mi)",
  ),
  coredns: row(
    "100m",
    "70Mi",
    "170Mi",
    "system",
    "EKS add-on default (CoreDNS's own manifest: 100m / 70Mi, limit 170Mi)",
  ),
  "ebs-csi-controller": row(
    "60m",
    "240Mi",
    "1536Mi",
    "system",
    "EKS add-on default, whole pod: plugin and 5 sidecars at 10m / 40Mi each, limit 256Mi each",
  ),
  "ebs-csi-node": row(
    "30m",
    "120Mi",
    "768Mi",
    "every-node",
    "EKS add-on default, whole pod: plugin, registrar and liveness probe at 10m / 40Mi, limit 256Mi each",
  ),
  "aws-node": row(
    "25m",
    "0",
    "0",
    "every-node",
    "EKS vpc-cni add-on default: 25m CPU, no memory request or limit",
  ),
  "kube-proxy": row(
    "100m",
    "0",
    "0",
    "every-node",
    "EKS kube-proxy add-on default: 100m CPU, no memory request or limit",
  ),
  "pgbouncer-exporter": row(
    "20m",
    "32Mi",
    "64Mi",
    "pgbouncer-pod",
    "our figure: pgbouncer_exporter holds one scrape of SHOW POOLS/STATS (the figures the sidecar had before the table)",
  ),
  "postgres-exporter": row(
    "25m",
    "64Mi",
    "64Mi",
    "data-tier",
    "our figure, the PgBouncer exporter's shape: postgres_exporter with five unused collectors off holds one scrape of pg_stat_* per instance; the default of `platform:database.exporter`",
  ),
} satisfies Record<string, AddonRow>);

/** An add-on's name in {@link ADDON_RESOURCES}. */
export type AddonName = keyof typeof ADDON_RESOURCES;

/** Add-ons whose figures the managed EKS add-on sets; the program does not render them (aws-node, kube-proxy, the EBS CSI driver's pods). */
export const EKS_MANAGED_RESOURCES: readonly AddonName[] = [
  "aws-node",
  "kube-proxy",
  "ebs-csi-controller",
  "ebs-csi-node",
];

/** The `resources` block of an add-on's container(s), as the chart or manifest takes it. */
export function addonResources(name: AddonName): AddonResources {
  const r = ADDON_RESOURCES[name];
  return { requests: { ...r.requests }, limits: { ...r.limits } };
}

/** An add-on the environment runs on its system nodes: its pods' main container, sidecars and replicas. */
export interface SystemAddon {
  name: AddonName;
  /** Other rows that run as containers of the same pod (e.g. Prometheus's config reloader). Default none. */
  sidecars?: AddonName[];
  replicas: number;
}

/** Requests of one pod made of the containers `names`, in vCPU and GiB. */
export function addonRequests(...names: AddonName[]): PodRequests {
  return names.reduce(
    (sum, n) => {
      const r = ADDON_RESOURCES[n].requests;
      return { cpu: sum.cpu + cpuOf(r.cpu), memoryGiB: sum.memoryGiB + memoryGiBOf(r.memory) };
    },
    { cpu: 0, memoryGiB: 0 },
  );
}

/**
 * Requests and pod count every node gives the DaemonSets in `names` (the table's `every-node`
 * rows the environment runs), for {@link NodeOverhead.daemonSets}.
 */
export function daemonSetOverhead(names: readonly AddonName[]): PodRequests & { pods: number } {
  const rows = names.map((n) => {
    if (ADDON_RESOURCES[n].placement !== "every-node")
      throw new RangeError(`${n} is not a DaemonSet in the add-on table`);
    return addonRequests(n);
  });
  return {
    cpu: rows.reduce((s, r) => s + r.cpu, 0),
    memoryGiB: rows.reduce((s, r) => s + r.memoryGiB, 0),
    pods: rows.length,
  };
}
