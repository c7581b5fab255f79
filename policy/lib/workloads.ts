/**
 * Deployments joined with what scales them (HPA or KEDA ScaledObject), as the cross-resource
 * rules need them: effective replica bounds, per-pod requests, pod labels, zone spread, and the
 * node role the pods are scheduled on.
 */
import { cpuOf, memoryGiBOf } from "../../model/capacity/quantity";
import { at, num, ofType, Res, T } from "./read";

/** Node label the platform's node groups carry their role in (see components/nodegroups/placement.ts). */
export const ROLE_LABEL = "platform.io/role";
/** The node label zone spread must use. */
export const ZONE_KEY = "topology.kubernetes.io/zone";

/** A Deployment with its effective bounds. */
export interface Workload {
  resource: Res;
  namespace: string;
  name: string;
  /** `spec.replicas`, Kubernetes default 1 when absent. */
  replicas: number;
  /** What scales it, if anything. */
  scaler?: { resource: Res; kind: "HPA" | "ScaledObject"; min: number; max: number };
  /** Fewest and most replicas it can run with. */
  min: number;
  max: number;
  podLabels: Record<string, string>;
  /** Requests of one pod (sum over containers); undefined when a container requests nothing. */
  requests?: { cpu: number; memoryGiB: number };
  /** Node role the pods require (nodeSelector); default `application`. */
  role: string;
  /** A zone topology spread constraint with maxSkew 1 exists. */
  spreadsOverZones: boolean;
  /** That constraint is hard: whenUnsatisfiable DoNotSchedule (the Kubernetes default when unset). */
  spreadsOverZonesHard: boolean;
  /** The pods' `priorityClassName`, if set. */
  priorityClassName?: string;
}

function meta(r: Res): { name: string; namespace: string } {
  return {
    name: (at(r.props, "metadata.name") as string) ?? r.name,
    namespace: (at(r.props, "metadata.namespace") as string) ?? "default",
  };
}

function requestsOf(r: Res): Workload["requests"] {
  const containers =
    (at(r.props, "spec.template.spec.containers") as Array<Record<string, unknown>> | undefined) ??
    [];
  let cpu = 0;
  let memoryGiB = 0;
  for (const c of containers) {
    const req = at(c, "resources.requests") as { cpu?: string; memory?: string } | undefined;
    if (!req?.cpu || !req?.memory) return undefined;
    cpu += cpuOf(String(req.cpu));
    memoryGiB += memoryGiBOf(String(req.memory));
  }
  return containers.length > 0 ? { cpu, memoryGiB } : undefined;
}

/** Every Deployment of the stack with its scaler. */
export function workloads(resources: Res[]): Workload[] {
  const scalers = [
    ...ofType(resources, T.hpa).map((s) => ({
      s,
      kind: "HPA" as const,
      min: num(s.props, "spec.minReplicas") ?? 1,
      max: num(s.props, "spec.maxReplicas") ?? 1,
    })),
    ...ofType(resources, T.scaledObject).map((s) => ({
      s,
      kind: "ScaledObject" as const,
      // KEDA's documented defaults.
      min: num(s.props, "spec.minReplicaCount") ?? 0,
      max: num(s.props, "spec.maxReplicaCount") ?? 100,
    })),
  ];
  return ofType(resources, T.deployment).map((d) => {
    const { name, namespace } = meta(d);
    const found = scalers.find(
      (x) =>
        meta(x.s).namespace === namespace &&
        at(x.s.props, "spec.scaleTargetRef.name") === name &&
        (at(x.s.props, "spec.scaleTargetRef.kind") ?? "Deployment") === "Deployment",
    );
    const replicas = num(d.props, "spec.replicas") ?? 1;
    const spread = (
      (at(d.props, "spec.template.spec.topologySpreadConstraints") as
        Array<Record<string, unknown>> | undefined) ?? []
    ).filter((c) => c.topologyKey === ZONE_KEY && Number(c.maxSkew) === 1);
    return {
      resource: d,
      namespace,
      name,
      replicas,
      scaler: found && { resource: found.s, kind: found.kind, min: found.min, max: found.max },
      min: found ? found.min : replicas,
      max: found ? found.max : replicas,
      podLabels: (at(d.props, "spec.template.metadata.labels") as Record<string, string>) ?? {},
      requests: requestsOf(d),
      role:
        (at(d.props, "spec.template.spec.nodeSelector") as Record<string, string> | undefined)?.[
          ROLE_LABEL
        ] ?? "application",
      spreadsOverZones: spread.length > 0,
      spreadsOverZonesHard: spread.some(
        (c) => (c.whenUnsatisfiable ?? "DoNotSchedule") === "DoNotSchedule",
      ),
      priorityClassName: at(d.props, "spec.template.spec.priorityClassName") as string | undefined,
    };
  });
}

/** Whether a label selector's matchLabels select these pod labels. */
export function selects(selector: unknown, labels: Record<string, string>): boolean {
  const match = (at(selector, "matchLabels") as Record<string, string> | undefined) ?? {};
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((k) => labels[k] === match[k]);
}
