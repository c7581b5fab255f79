/**
 * EKS node groups as the capacity rules need them: role, how capacity is bought, sizes, and the
 * vCPU and memory of the smallest listed instance type (a diversified spot group may get any of
 * them, so only the smallest is guaranteed).
 */
import { EC2_INSTANCE_TYPES } from "../../model/catalog";
import { CAPACITY_LABEL, nodeGroupCapacity } from "../../model/cost";
import { at, num, ofType, Res, T } from "./read";
import { ROLE_LABEL } from "./workloads";

/** One node group. */
export interface NodePool {
  resource: Res;
  role: string;
  capacity: string;
  instanceTypes: string[];
  min: number;
  desired: number;
  max: number;
  /** Smallest listed type; undefined when a type is not in model/catalog. */
  node?: { vcpu: number; memoryGiB: number };
  unknownTypes: string[];
  subnets: number;
}

/** Every node group of the stack. */
export function nodePools(resources: Res[]): NodePool[] {
  return ofType(resources, T.nodeGroup).map((r) => {
    const labels = (at(r.props, "labels") as Record<string, string> | undefined) ?? {};
    const instanceTypes = (at(r.props, "instanceTypes") as string[] | undefined) ?? [];
    const specs = instanceTypes.map((t) => EC2_INSTANCE_TYPES[t]);
    const unknownTypes = instanceTypes.filter((t) => EC2_INSTANCE_TYPES[t] === undefined);
    const known = specs.filter((s) => s !== undefined);
    let capacity: string;
    try {
      capacity = nodeGroupCapacity({ type: r.type, name: r.name, props: r.props });
    } catch {
      capacity = labels[CAPACITY_LABEL] ?? "unknown";
    }
    return {
      resource: r,
      role: labels[ROLE_LABEL] ?? "unlabelled",
      capacity,
      instanceTypes,
      min: num(r.props, "scalingConfig.minSize") ?? 0,
      desired: num(r.props, "scalingConfig.desiredSize") ?? 0,
      max: num(r.props, "scalingConfig.maxSize") ?? 0,
      node:
        unknownTypes.length === 0 && known.length > 0
          ? {
              vcpu: Math.min(...known.map((s) => s.vcpu)),
              memoryGiB: Math.min(...known.map((s) => s.memoryGiB)),
            }
          : undefined,
      unknownTypes,
      subnets: ((at(r.props, "subnetIds") as unknown[] | undefined) ?? []).length,
    };
  });
}

/** Distinct availability zones of the stack's subnets. */
export function subnetZones(resources: Res[]): string[] {
  return [
    ...new Set(
      ofType(resources, T.subnet)
        .map((s) => at(s.props, "availabilityZone"))
        .filter((z): z is string => typeof z === "string"),
    ),
  ].sort();
}
