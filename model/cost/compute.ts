/**
 * BOM lines for the cluster and its network: the EKS control plane, managed node groups (instances
 * and their volumes) and NAT gateways.
 *
 * Reserved capacity convention: EKS only knows `ON_DEMAND` and `SPOT`; whether On-Demand capacity
 * is covered by a reservation or savings plan is a billing fact EKS cannot see. A node group says
 * so with the Kubernetes label {@link CAPACITY_LABEL}`: reserved` (values `spot`, `on-demand`,
 * `reserved`, the same label workloads select on), and is then priced at the reserved discount at
 * every scale. The label must agree with `capacityType`: `spot` only with `SPOT`, `reserved` and
 * `on-demand` only with `ON_DEMAND` (the default).
 *
 * Root volumes: with a launch template, every `blockDeviceMappings[].ebs` volume of the template
 * (size and `volumeType` both required) is billed per node. The template is found through the
 * node group's `launchTemplate` by, in order: the property's URN dependency (policy packs), the
 * template's `id` (mocks), or the template's `name` (give templates an explicit `name` so it is
 * known during a preview). Without a launch template, `diskSize` (EKS default 20 GiB) is billed
 * as gp2, the type of EKS's generated launch template.
 */
import { EKS_KUBERNETES_VERSIONS, kubernetesSupport } from "../catalog/support";
import { BomItem, CapacityType, fixed, Scaled } from "./bom";
import {
  countOr,
  dependencyUrns,
  describe,
  get,
  optionalArray,
  optionalString,
  requireCount,
  requireString,
  ResourceLike,
} from "./props";

/** Node label that carries how a node group's capacity is bought. */
export const CAPACITY_LABEL = "platform.io/capacity";
/** Pulumi type tokens handled here. */
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
export const CAPACITY_RESERVATION = "aws:ec2/capacityReservation:CapacityReservation";

/** EKS's documented defaults for node groups without a launch template. */
const EKS_DEFAULT_INSTANCE_TYPES = ["t3.medium"];
const EKS_DEFAULT_DISK_GIB = 20;
const EKS_DEFAULT_DISK_TYPE = "gp2";

/**
 * One EKS control plane, billed at the extended-support rate when its Kubernetes `version` has
 * left EKS standard support on `asOf` (the calendar of `model/catalog/support.ts`).
 * @param r the cluster.
 * @param asOf ISO day the estimate is made for.
 * A cluster without `version` gets EKS's default version, which is in standard support.
 * @throws Error naming the cluster when `version` is not in the calendar, or when EKS support for
 *   it has ended or not begun on `asOf`.
 */
export function eksClusterItems(r: ResourceLike, asOf: string): BomItem[] {
  const minor = optionalString(r, "version");
  // Without a version EKS creates the cluster at its default, which is always in standard support.
  if (minor === undefined)
    return [controlPlane(r, "standard", "Kubernetes at the EKS default version")];
  const { status, version } = kubernetesSupport(minor, asOf);
  if (status !== "standard" && status !== "extended") {
    const known = EKS_KUBERNETES_VERSIONS.map((v) => v.minor).join(", ");
    throw new Error(
      status === "unknown"
        ? `${describe(r)}: Kubernetes ${minor} is not in the EKS support calendar (${known}), so its control plane cannot be priced`
        : `${describe(r)}: Kubernetes ${minor} is ${status === "ended" ? "past EKS extended support" : "not yet released on EKS"} on ${asOf}, so its control plane cannot be priced`,
    );
  }
  return [
    controlPlane(
      r,
      status,
      status === "extended"
        ? `Kubernetes ${minor} left standard support on ${version!.standardSupportEnd}: extended support until ${version!.extendedSupportEnd}`
        : `Kubernetes ${minor} in standard support until ${version!.standardSupportEnd}`,
    ),
  ];
}

function controlPlane(r: ResourceLike, support: "standard" | "extended", note: string): BomItem {
  return {
    component: "cluster",
    resource: r.name,
    price: { kind: "eks-cluster", support },
    capacity: "on-demand",
    unit: "per-hour",
    quantity: fixed(1),
    note,
  };
}

/** One NAT gateway's hours (data processed is a separate, optional line). */
export function natGatewayItems(r: ResourceLike): BomItem[] {
  return [
    {
      component: "network",
      resource: r.name,
      price: { kind: "nat-gateway" },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(1),
    },
  ];
}

/** How a node group's instances are bought, from `capacityType` and the capacity label. */
export function nodeGroupCapacity(ng: ResourceLike): CapacityType {
  const eks = optionalString(ng, "capacityType") ?? "ON_DEMAND";
  if (eks !== "ON_DEMAND" && eks !== "SPOT")
    throw new Error(`${describe(ng)}: capacityType must be ON_DEMAND or SPOT, got "${eks}"`);
  const labels = get(ng.props, "labels");
  const label =
    labels && typeof labels === "object"
      ? (labels as Record<string, unknown>)[CAPACITY_LABEL]
      : undefined;
  if (label === undefined) return eks === "SPOT" ? "spot" : "on-demand";
  if (label !== "spot" && label !== "on-demand" && label !== "reserved") {
    throw new Error(
      `${describe(ng)}: label ${CAPACITY_LABEL}=${JSON.stringify(label)} must be one of spot, on-demand, reserved`,
    );
  }
  if ((label === "spot") !== (eks === "SPOT")) {
    throw new Error(
      `${describe(ng)}: label ${CAPACITY_LABEL}=${label} contradicts capacityType ${eks} (spot needs SPOT; on-demand and reserved need ON_DEMAND)`,
    );
  }
  return label;
}

/** The launch template a node group uses, or undefined when it has none. */
export function linkedLaunchTemplate(
  ng: ResourceLike,
  all: ResourceLike[],
): ResourceLike | undefined {
  const ref = get(ng.props, "launchTemplate");
  if (ref === undefined || ref === null) return undefined;
  const templates = all.filter((r) => r.type === LAUNCH_TEMPLATE);
  const deps = dependencyUrns(ng, "launchTemplate");
  const id = get(ng.props, "launchTemplate.id");
  const name = get(ng.props, "launchTemplate.name");
  const strategies: Array<[string, (lt: ResourceLike) => boolean]> = [
    ["URN dependency", (lt) => lt.urn !== undefined && deps.includes(lt.urn)],
    ["id", (lt) => typeof id === "string" && (lt.id === id || lt.props.id === id)],
    ["name", (lt) => typeof name === "string" && lt.props.name === name],
  ];
  for (const [how, matches] of strategies) {
    const found = templates.filter(matches);
    if (found.length === 1) return found[0];
    if (found.length > 1)
      throw new Error(
        `${describe(ng)}: launchTemplate matches ${found.length} launch templates by ${how}: ${found.map((t) => t.name).join(", ")}`,
      );
  }
  throw new Error(
    `${describe(ng)}: launchTemplate (id ${JSON.stringify(id)}, name ${JSON.stringify(name)}) matches none of the ${templates.length} ` +
      `${LAUNCH_TEMPLATE} resources by URN dependency, id or name, so its volumes cannot be priced; pass the template among the resources`,
  );
}

/** GiB per node by volume type, from the launch template's EBS block device mappings. */
function templateVolumes(lt: ResourceLike): Map<string, number> {
  const mappings = optionalArray(lt, "blockDeviceMappings") ?? [];
  const out = new Map<string, number>();
  mappings.forEach((m, i) => {
    if (!m || typeof m !== "object" || !("ebs" in m) || !m.ebs) return;
    const size = requireCount(
      lt,
      `blockDeviceMappings.${i}.ebs.volumeSize`,
      "without a size the volume comes from the AMI and cannot be priced",
    );
    const type = optionalString(lt, `blockDeviceMappings.${i}.ebs.volumeType`);
    if (type === undefined)
      throw new Error(
        `${describe(lt)}: blockDeviceMappings.${i}.ebs.volumeType is not set; the volume type decides the price (e.g. gp3)`,
      );
    out.set(type, (out.get(type) ?? 0) + size);
  });
  if (out.size === 0) {
    throw new Error(
      `${describe(lt)}: no blockDeviceMappings with ebs.volumeSize; set the root volume (e.g. /dev/xvda, gp3) so node storage can be priced`,
    );
  }
  return out;
}

function scaledTimes(nodes: Scaled, k: number): Scaled {
  return { min: nodes.min * k, baseline: nodes.baseline * k, max: nodes.max * k };
}

/**
 * Instances and volumes of one EKS managed node group: `scalingConfig.minSize / desiredSize /
 * maxSize` are the node counts at minimum / baseline / maximum scale.
 * @param ng the node group.
 * @param all every resource of the stack, to find its launch template.
 * @throws Error naming the node group when a size is missing, sizes are unordered, the capacity
 *   label contradicts `capacityType`, or the launch template cannot be found or priced.
 */
export function nodeGroupItems(ng: ResourceLike, all: ResourceLike[]): BomItem[] {
  const nodes: Scaled = {
    min: requireCount(ng, "scalingConfig.minSize"),
    baseline: requireCount(ng, "scalingConfig.desiredSize"),
    max: requireCount(ng, "scalingConfig.maxSize"),
  };
  if (nodes.min > nodes.max)
    throw new Error(
      `${describe(ng)}: minSize ${nodes.min} can't be greater than maxSize ${nodes.max}`,
    );
  if (nodes.baseline < nodes.min || nodes.baseline > nodes.max) {
    throw new Error(
      `${describe(ng)}: desiredSize ${nodes.baseline} must lie between minSize ${nodes.min} and maxSize ${nodes.max}`,
    );
  }
  const ami = optionalString(ng, "amiType");
  if (ami?.startsWith("WINDOWS"))
    throw new Error(
      `${describe(ng)}: amiType ${ami} runs Windows; the pricing table has Linux rates only`,
    );
  const capacity = nodeGroupCapacity(ng);
  const lt = linkedLaunchTemplate(ng, all);

  const listed = optionalArray(ng, "instanceTypes");
  const fromTemplate = lt ? optionalString(lt, "instanceType") : undefined;
  const instanceTypes =
    listed && listed.length > 0
      ? listed
      : fromTemplate
        ? [fromTemplate]
        : EKS_DEFAULT_INSTANCE_TYPES;
  if (!instanceTypes.every((t): t is string => typeof t === "string" && t.length > 0)) {
    throw new Error(
      `${describe(ng)}: instanceTypes must be instance type names, got ${JSON.stringify(instanceTypes)}`,
    );
  }

  let volumes: Map<string, number>;
  if (lt) {
    if (get(ng.props, "diskSize") !== undefined)
      throw new Error(
        `${describe(ng)}: diskSize conflicts with launchTemplate (EKS rejects both); set the size in the template`,
      );
    volumes = templateVolumes(lt);
  } else {
    volumes = new Map([[EKS_DEFAULT_DISK_TYPE, countOr(ng, "diskSize", EKS_DEFAULT_DISK_GIB)]]);
  }

  // Nodes inside a capacity reservation are billed through the reservation's own line.
  const reserved = reservedInstancesOf(ng, all);
  const billed: Scaled = {
    min: nodes.min - Math.min(nodes.min, reserved),
    baseline: nodes.baseline - Math.min(nodes.baseline, reserved),
    max: nodes.max - Math.min(nodes.max, reserved),
  };
  const items: BomItem[] = [
    {
      component: "nodes",
      resource: ng.name,
      price: { kind: "ec2-instance", instanceTypes: [...instanceTypes] },
      capacity,
      unit: "per-hour",
      quantity: billed,
      note:
        `${capacity} nodes (min/desired/max ${nodes.min}/${nodes.baseline}/${nodes.max})` +
        (reserved > 0 ? `, up to ${reserved} billed through capacity reservations` : ""),
    },
  ];
  for (const [volumeType, gib] of volumes) {
    items.push({
      component: "nodes",
      resource: ng.name,
      price: { kind: "ebs-volume", volumeType },
      capacity: "on-demand",
      unit: "per-gb-month",
      quantity: scaledTimes(nodes, gib),
      note: `${gib} GiB ${volumeType} per node${lt ? ` (launch template ${lt.name})` : " (diskSize)"}`,
    });
  }
  return items;
}

/**
 * The node group that consumes an open reservation: the one On-Demand node group whose only
 * instance type is the reservation's. None when no group or several groups qualify (then the
 * reservation is priced on its own, as if unused).
 */
export function reservationConsumer(
  cr: ResourceLike,
  all: ResourceLike[],
): ResourceLike | undefined {
  if ((optionalString(cr, "instanceMatchCriteria") ?? "open") !== "open") return undefined;
  const type = requireString(cr, "instanceType");
  const groups = all.filter((g) => {
    if (
      g.type !== EKS_NODE_GROUP ||
      (optionalString(g, "capacityType") ?? "ON_DEMAND") !== "ON_DEMAND"
    )
      return false;
    const types = optionalArray(g, "instanceTypes");
    return types !== undefined && types.length === 1 && types[0] === type;
  });
  return groups.length === 1 ? groups[0] : undefined;
}

/** Instances of `ng` that run inside open capacity reservations (and are billed through them). */
export function reservedInstancesOf(ng: ResourceLike, all: ResourceLike[]): number {
  return all
    .filter((r) => r.type === CAPACITY_RESERVATION && reservationConsumer(r, all) === ng)
    .reduce((n, r) => n + requireCount(r, "instanceCount"), 0);
}

/**
 * Every reserved instance at the On-Demand rate of its type, used or not, at the capacity type
 * (on-demand or reserved, i.e. covered by a savings plan) of the node group that runs in it. The
 * node group's instance line leaves out the nodes the reservation holds, so nothing is billed twice.
 * @throws Error naming the reservation when `instanceType` or `instanceCount` is missing.
 */
export function capacityReservationItems(cr: ResourceLike, all: ResourceLike[]): BomItem[] {
  const type = requireString(cr, "instanceType");
  const count = requireCount(cr, "instanceCount");
  const consumer = reservationConsumer(cr, all);
  const platform = get(cr.props, "instancePlatform");
  if (platform !== undefined && platform !== "Linux/UNIX")
    throw new Error(
      `${describe(cr)}: instancePlatform ${JSON.stringify(platform)} is not priced; the pricing table has Linux rates only`,
    );
  return [
    {
      component: "nodes",
      resource: cr.name,
      price: { kind: "ec2-instance", instanceTypes: [type] },
      capacity: consumer ? nodeGroupCapacity(consumer) : "on-demand",
      unit: "per-hour",
      quantity: fixed(count),
      note: consumer
        ? `capacity reservation of ${count} ${type}, billed used or not; node group ${consumer.name} runs in it`
        : `capacity reservation of ${count} ${type}, billed used or not; no single On-Demand node group of that type consumes it`,
    },
  ];
}
