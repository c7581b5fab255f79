/**
 * How workloads choose capacity: every node carries its role and capacity type as labels, and
 * the kinds of node a pod should not land on by accident carry taints. Pure data, shared by the
 * node groups (which apply it) and every workload (which tolerates and selects it).
 */
import { instanceType } from "../../model/catalog";

export type NodeRole = "system" | "application" | "baseline";
export type CapacityType = "spot" | "on-demand" | "reserved";

/** Node label with the node group's role. */
export const ROLE_LABEL = "platform.io/role";
/** Node label with how the capacity is bought (`spot`, `on-demand`, `reserved`). */
export const CAPACITY_LABEL = "platform.io/capacity";
/** Node label with the node group's name. */
export const NODE_GROUP_LABEL = "platform.io/node-group";

/** A Kubernetes taint. */
export interface Taint {
  key: string;
  value: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** The taint that keeps everything but cluster-critical add-ons off system nodes. */
export const SYSTEM_TAINT: Taint = {
  key: "CriticalAddonsOnly",
  value: "true",
  effect: "NoSchedule",
};
/** The taint that makes spot capacity opt-in: only pods that accept interruption land there. */
export const SPOT_TAINT: Taint = { key: CAPACITY_LABEL, value: "spot", effect: "NoSchedule" };

/** A node group as far as placement is concerned. */
export interface PlacementInput {
  name: string;
  role: NodeRole;
  capacityType: CapacityType;
  labels: Record<string, string>;
  taints: Taint[];
}

/** Labels a node group's nodes carry: role, capacity type, group name, then the configured extras. */
export function nodeLabels(g: PlacementInput): Record<string, string> {
  return {
    ...g.labels,
    [ROLE_LABEL]: g.role,
    [CAPACITY_LABEL]: g.capacityType,
    [NODE_GROUP_LABEL]: g.name,
  };
}

/** Taints a node group's nodes carry: the role's and capacity type's, then the configured extras. */
export function nodeTaints(g: PlacementInput): Taint[] {
  const implied = [
    g.role === "system" ? SYSTEM_TAINT : undefined,
    g.capacityType === "spot" ? SPOT_TAINT : undefined,
  ];
  return [...implied.filter((t): t is Taint => t !== undefined), ...g.taints];
}

/**
 * The capacity type EKS records for a group (`capacityType` of the node group, and the
 * `eks.amazonaws.com/capacityType` label of its nodes): reserved capacity is bought on demand.
 */
export function eksCapacityType(capacityType: CapacityType): "SPOT" | "ON_DEMAND" {
  return capacityType === "spot" ? "SPOT" : "ON_DEMAND";
}

/** Node label EKS sets with {@link eksCapacityType}. */
export const EKS_CAPACITY_TYPE_LABEL = "eks.amazonaws.com/capacityType";

/** EKS spells taint effects differently from Kubernetes. */
export function eksTaintEffect(
  effect: Taint["effect"],
): "NO_SCHEDULE" | "PREFER_NO_SCHEDULE" | "NO_EXECUTE" {
  return (
    {
      NoSchedule: "NO_SCHEDULE",
      PreferNoSchedule: "PREFER_NO_SCHEDULE",
      NoExecute: "NO_EXECUTE",
    } as const
  )[effect];
}

/** EKS AMI type for the group's architecture (Amazon Linux 2023). */
export function amiType(
  instanceTypes: string[],
): "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD" {
  return instanceType(instanceTypes[0]).arch === "arm64"
    ? "AL2023_ARM_64_STANDARD"
    : "AL2023_x86_64_STANDARD";
}

/** A pod toleration, structurally compatible with the Kubernetes type. */
export interface PodToleration {
  key: string;
  operator: "Exists" | "Equal";
  value?: string;
  effect?: Taint["effect"];
}

/** Pod placement for cluster add-ons: system nodes only, tolerating their taint. */
export function systemPodPlacement(): {
  nodeSelector: Record<string, string>;
  tolerations: PodToleration[];
} {
  return {
    nodeSelector: { [ROLE_LABEL]: "system" },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: "Exists", effect: SYSTEM_TAINT.effect }],
  };
}

/**
 * Cluster-autoscaler priority expander ranks (higher wins): spot first, because it is the
 * cheapest per vCPU; reserved next, as committed spend covers part of it; plain on-demand last.
 */
export const EXPANDER_PRIORITY: Record<CapacityType, number> = {
  spot: 50,
  reserved: 20,
  "on-demand": 10,
};

/**
 * The priority expander's `priorities` map: rank -> regexes over Auto Scaling group names. EKS
 * names a managed node group's ASG `eks-<nodegroup name>-<uuid>`.
 */
export function expanderPriorities(
  groups: { eksName: string; capacityType: CapacityType }[],
): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const g of groups) {
    const rank = EXPANDER_PRIORITY[g.capacityType];
    (out[rank] ??= []).push(`^eks-${g.eksName}-.*`);
  }
  return out;
}
