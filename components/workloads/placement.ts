/**
 * Where workload pods land: on the role of node group the capacity planner packed them into,
 * preferring their capacity type, in the environment's zones, spread evenly over zones and
 * nodes. Pure data; the manifests in this folder embed it.
 */
import type { types } from "@pulumi/kubernetes";
import {
  CAPACITY_LABEL,
  type CapacityType,
  type NodeRole,
  ROLE_LABEL,
  SPOT_TAINT,
  type Taint,
} from "../nodegroups/placement";
import { PART_OF_LABEL, PLATFORM_PART_OF } from "../shared/labels";

/** Zone label the spread and the zone affinity use. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";
/** Node label the per-node spread uses. */
export const HOST_LABEL = "kubernetes.io/hostname";

/** Where a workload may run. */
export interface PlacementSpec {
  /** Role of the node group it is planned on; pods require it. */
  role: NodeRole;
  /** Capacity type it prefers (weight 100); other capacity of the same role is the fallback. */
  capacity: CapacityType;
  /** Taints of the planned node group; tolerated so the pods may land there. */
  taints: Taint[];
  /** Zones the pods may use and spread over. */
  zones: string[];
}

/** Node affinity and tolerations for {@link PlacementSpec}. */
export function podPlacement(p: PlacementSpec): {
  affinity: types.input.core.v1.Affinity;
  tolerations: types.input.core.v1.Toleration[];
} {
  const taints = [...p.taints, ...(p.capacity === "spot" ? [SPOT_TAINT] : [])];
  const seen = new Set<string>();
  const tolerations = taints
    .filter((t) => {
      const k = `${t.key}=${t.value}:${t.effect}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: ROLE_LABEL, operator: "In", values: [p.role] },
                { key: ZONE_LABEL, operator: "In", values: p.zones },
              ],
            },
          ],
        },
        // A preference, not a rule: when spot capacity is short the pods still run elsewhere.
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: CAPACITY_LABEL, operator: "In", values: [p.capacity] }],
            },
          },
        ],
      },
    },
    tolerations,
  };
}

/**
 * Spread with maxSkew 1: over zones as a hard rule (losing a zone loses at most a third of the
 * pods in prod), over nodes as a soft one (a spot reclaim takes few pods at once). Counting only
 * the current ReplicaSet (`pod-template-hash`) keeps a rollout spread too.
 * @param hardZones DoNotSchedule over zones; false for pods that must never wait (placeholders).
 */
export function topologySpread(
  selector: Record<string, string>,
  hardZones = true,
): types.input.core.v1.TopologySpreadConstraint[] {
  const base = {
    maxSkew: 1,
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ["pod-template-hash"],
  };
  return [
    {
      ...base,
      topologyKey: ZONE_LABEL,
      whenUnsatisfiable: hardZones ? "DoNotSchedule" : "ScheduleAnyway",
    },
    { ...base, topologyKey: HOST_LABEL, whenUnsatisfiable: "ScheduleAnyway" },
  ];
}

/** Labels of a workload's pods and the selector its controllers use. */
export function workloadLabels(
  name: string,
  component: "service" | "worker" | "headroom",
): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/component": component,
    [PART_OF_LABEL]: PLATFORM_PART_OF,
  };
}

/** Container security defaults: no root, no privilege escalation, no capabilities, read-only root. */
export const RESTRICTED_CONTAINER: types.input.core.v1.SecurityContext = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** The root filesystem is read-only, so scratch space is a size-capped emptyDir at /tmp. */
export const TMP_VOLUME: types.input.core.v1.Volume = {
  name: "tmp",
  emptyDir: { sizeLimit: "256Mi" },
};
/** Mount of {@link TMP_VOLUME}. */
export const TMP_MOUNT: types.input.core.v1.VolumeMount = { name: "tmp", mountPath: "/tmp" };

/** What differs between a service's and a worker's Deployment. */
export interface WorkloadPod {
  name: string;
  namespace: string;
  component: "service" | "worker";
  placement: PlacementSpec;
  priorityClassName: string;
  terminationGracePeriodSeconds: number;
  /** The one container; security context and /tmp mount are added here. */
  container: types.input.core.v1.Container;
}

/**
 * The Deployment every workload shares: zero-downtime rolling updates, no API token, placement
 * and spread from {@link podPlacement} / {@link topologySpread}, a restricted container with a
 * scratch /tmp. `spec.replicas` is left unset: the HPA (or KEDA's) owns the scale, so an update
 * never resets it.
 */
export function workloadDeployment(p: WorkloadPod) {
  const labels = workloadLabels(p.name, p.component);
  const { affinity, tolerations } = podPlacement(p.placement);
  return {
    metadata: { name: p.name, namespace: p.namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      // New pods are ready before old ones go.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: {
        metadata: { labels },
        spec: {
          // No pod of these talks to the Kubernetes API.
          automountServiceAccountToken: false,
          priorityClassName: p.priorityClassName,
          affinity,
          tolerations,
          topologySpreadConstraints: topologySpread(labels),
          terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
          containers: [
            { ...p.container, securityContext: RESTRICTED_CONTAINER, volumeMounts: [TMP_MOUNT] },
          ],
          volumes: [TMP_VOLUME],
        },
      },
    },
  };
}
