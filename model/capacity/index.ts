/**
 * Capacity planner: replica bounds from traffic targets, node counts per node group by
 * bin-packing pod requests, and the read-replica rule. Pure functions; no Pulumi.
 */
export * from "./types";
export { planCapacity } from "./plan";
export {
  planService,
  planWorker,
  designPeak,
  resolveForecast,
  ceilPods,
  FORECAST_DEFAULTS,
  DEFAULT_HA_MIN_REPLICAS,
  DEFAULT_HPA_TARGET_UTILIZATION_PERCENT,
} from "./replicas";
export {
  nodeAllocatable,
  packNodes,
  packingOrder,
  kubeReservedCpu,
  kubeReservedMemoryGiB,
  PodTooLargeError,
  DEFAULT_DAEMONSETS,
  DEFAULT_EVICTION_MEMORY_GIB,
  DEFAULT_VM_MEMORY_OVERHEAD_PERCENT,
  type Allocatable,
  type PackItem,
  type Packing,
} from "./nodes";
export { planDatabase, DEFAULT_MAX_READ_REPLICAS, DEFAULT_READ_WRITE_THRESHOLD } from "./database";
export * from "./declared";
export { planSystemTier } from "./system";
export {
  ADDON_RESOURCES,
  EKS_MANAGED_RESOURCES,
  addonResources,
  addonRequests,
  daemonSetOverhead,
  type AddonName,
  type AddonPlacement,
  type AddonResources,
  type AddonRow,
  type SystemAddon,
} from "./addons";
