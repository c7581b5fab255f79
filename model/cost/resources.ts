/**
 * From Pulumi resources to a bill of materials: the adapter the policy pack and the offline plan
 * share. Resource types are the `@pulumi/aws` v7 type tokens; properties are their input names.
 */
import { isoDay } from "../catalog/support";
import { BillOfMaterials, BomItem, fixed, Scaled } from "./bom";
import {
  CAPACITY_RESERVATION,
  capacityReservationItems,
  EKS_CLUSTER,
  EKS_NODE_GROUP,
  eksClusterItems,
  NAT_GATEWAY,
  natGatewayItems,
  nodeGroupItems,
} from "./compute";
import {
  ELASTICACHE_CLUSTER,
  ELASTICACHE_REPLICATION_GROUP,
  elasticacheClusterItems,
  MQ_BROKER,
  mqBrokerItems,
  RDS_INSTANCE,
  rdsInstanceItems,
  replicationGroupItems,
} from "./data";
import {
  ALB_ANNOTATION_PREFIX,
  DISTRIBUTION,
  distributionItems,
  INGRESS,
  ingressItems,
  ROUTE53_RECORD,
  route53RecordItems,
  WEB_ACL,
  webAclItems,
} from "./edge";
import { freeReason, FREE_CHECK_INPUTS } from "./coverage";
import { EIP, eipItems, VPC_ENDPOINT, vpcEndpointItems } from "./network";
import { ResourceLike } from "./props";
import {
  KMS_KEY,
  kmsKeyItems,
  METRIC_ALARM,
  metricAlarmItems,
  SECRET,
  secretItems,
} from "./services";
import {
  BACKUP_VAULT,
  ClaimedVolume,
  claimedVolumeItems,
  LOG_GROUP,
  TrafficAssumptions,
  trafficItems,
} from "./usage";

/** Usage the resources cannot tell, added as optional lines. */
export interface UsageAssumptions {
  /** GB per month through all NAT gateways together; default none (no data-processing line). */
  natDataProcessedGb?: number | Scaled;
  /** Billable snapshot/backup storage in GB-months; default none. RDS backups up to the provisioned size are free. */
  snapshotStorageGb?: { ebs?: number | Scaled; rds?: number | Scaled };
  /**
   * Declared traffic (`platform:usage`), priced as NAT data, transfer, logs, metrics, Secrets
   * Manager calls and backup storage; default none (then log groups and vaults are not modelled).
   */
  traffic?: TrafficAssumptions;
  /** Volumes charts claim (Prometheus), priced as EBS; default none. */
  volumes?: readonly ClaimedVolume[];
}

/** Options of {@link bomFromResources}. */
export interface BomOptions {
  /** ISO day the estimate is for (decides EKS standard or extended support). Default: today (UTC). */
  asOf?: string;
}

type Mapper = (r: ResourceLike, all: ResourceLike[], asOf: string) => BomItem[];

const MAPPERS: Record<string, Mapper> = {
  [EKS_CLUSTER]: (r, _all, asOf) => eksClusterItems(r, asOf),
  [CAPACITY_RESERVATION]: capacityReservationItems,
  [EIP]: eipItems,
  [VPC_ENDPOINT]: vpcEndpointItems,
  [EKS_NODE_GROUP]: nodeGroupItems,
  [NAT_GATEWAY]: natGatewayItems,
  [RDS_INSTANCE]: rdsInstanceItems,
  [ELASTICACHE_REPLICATION_GROUP]: replicationGroupItems,
  [ELASTICACHE_CLUSTER]: elasticacheClusterItems,
  [MQ_BROKER]: mqBrokerItems,
  [METRIC_ALARM]: metricAlarmItems,
  [SECRET]: secretItems,
  [KMS_KEY]: kmsKeyItems,
  [INGRESS]: ingressItems,
  [WEB_ACL]: webAclItems,
  [DISTRIBUTION]: distributionItems,
  [ROUTE53_RECORD]: route53RecordItems,
};

/** Resource types the model prices. */
export const PRICED_RESOURCE_TYPES: readonly string[] = Object.keys(MAPPERS);

/**
 * The inputs the mappers read, per type (dotted paths; launch templates are read through their
 * node groups). A program that records resources for pricing keeps only these, so an estimate
 * never waits on outputs it does not need (subnet ids, ARNs) and stays known during a preview.
 */
export const COST_INPUTS: Readonly<Record<string, readonly (string | readonly string[])[]>> = {
  [EKS_CLUSTER]: ["version"],
  [CAPACITY_RESERVATION]: [
    "instanceType",
    "instanceCount",
    "instanceMatchCriteria",
    "instancePlatform",
  ],
  [EIP]: [],
  [VPC_ENDPOINT]: ["vpcEndpointType", "subnetIds"],
  [LOG_GROUP]: ["retentionInDays"],
  ...FREE_CHECK_INPUTS,
  [EKS_NODE_GROUP]: [
    "scalingConfig",
    "instanceTypes",
    "capacityType",
    "labels",
    "launchTemplate.id",
    "launchTemplate.name",
    "amiType",
    "diskSize",
  ],
  "aws:ec2/launchTemplate:LaunchTemplate": ["blockDeviceMappings", "instanceType", "name"],
  [NAT_GATEWAY]: [],
  [RDS_INSTANCE]: [
    "engine",
    "instanceClass",
    "multiAz",
    "storageType",
    "iops",
    "allocatedStorage",
    "maxAllocatedStorage",
    "replicateSourceDb",
    "identifier",
  ],
  [ELASTICACHE_REPLICATION_GROUP]: [
    "engine",
    "nodeType",
    "numNodeGroups",
    "replicasPerNodeGroup",
    "numCacheClusters",
  ],
  [ELASTICACHE_CLUSTER]: ["replicationGroupId", "engine", "nodeType", "numCacheNodes"],
  [MQ_BROKER]: ["engineType", "hostInstanceType", "deploymentMode"],
  [METRIC_ALARM]: ["period", "metricQueries"],
  [SECRET]: ["replicas"],
  [KMS_KEY]: [],
  // Annotation keys hold dots, so their paths are given as segments.
  [INGRESS]: [
    "metadata.name",
    ["metadata", "annotations", `${ALB_ANNOTATION_PREFIX}/scheme`],
    ["metadata", "annotations", `${ALB_ANNOTATION_PREFIX}/tags`],
  ],
  [WEB_ACL]: ["rules", "tags"],
  [DISTRIBUTION]: ["tags"],
  [ROUTE53_RECORD]: ["zoneId"],
};

/** Types priced by usage lines, and the usage that must be declared for them to be priced. */
const USAGE_PRICED: Record<string, (u: UsageAssumptions) => boolean> = {
  [LOG_GROUP]: (u) => u.traffic !== undefined,
  [BACKUP_VAULT]: (u) => u.traffic?.backupStorageGb !== undefined,
};

/**
 * How the estimate treats a resource: `priced` (a mapper or a declared usage line prices it),
 * `free` (see `FREE_RESOURCE_TYPES`) or `not-modelled` (it may cost money and nothing prices it).
 */
export function classifyResource(
  r: ResourceLike,
  usage: UsageAssumptions = {},
): "priced" | "free" | "not-modelled" {
  if (Object.hasOwn(MAPPERS, r.type) || USAGE_PRICED[r.type]?.(usage)) return "priced";
  return freeReason(r) === undefined ? "not-modelled" : "free";
}

function scaled(v: number | Scaled): Scaled {
  return typeof v === "number" ? fixed(v) : v;
}

function usageItems(usage: UsageAssumptions): BomItem[] {
  const items: BomItem[] = [];
  if (usage.natDataProcessedGb !== undefined) {
    items.push({
      component: "network",
      resource: "nat-data-processed",
      price: { kind: "nat-data" },
      capacity: "on-demand",
      unit: "per-gb",
      quantity: scaled(usage.natDataProcessedGb),
    });
  }
  for (const source of ["ebs", "rds"] as const) {
    const gb = usage.snapshotStorageGb?.[source];
    if (gb !== undefined) {
      items.push({
        component: "backup",
        resource: `${source}-snapshots`,
        price: { kind: "snapshot-storage", source },
        capacity: "on-demand",
        unit: "per-gb-month",
        quantity: scaled(gb),
      });
    }
  }
  return items;
}

/**
 * Bill of materials for a set of Pulumi resources. Node groups contribute min/desired/max nodes at
 * minimum/baseline/maximum scale; everything else is the same at every scale except RDS storage,
 * which grows to `maxAllocatedStorage`, and usage lines (no traffic at minimum). Every resource
 * is classified ({@link classifyResource}); those neither priced nor free are counted by type in
 * `notModelled`, so nothing the stack registers is left out silently.
 * @param resources the stack's resources (type token, logical name, input properties; optionally
 *   id, urn and propertyDependencies, used to link node groups to launch templates and replicas to sources).
 * @param usage declared usage (traffic, claimed volumes, NAT data, snapshot storage); default none.
 * @param opts the day the estimate is for; see {@link BomOptions}.
 * @throws Error naming the resource and property when a needed input is missing (for example not
 *   yet known in a preview), malformed, or contradictory; when a cluster's Kubernetes version is
 *   not supported on `asOf`; when the stack has backup vaults and no declared backup storage.
 */
export function bomFromResources(
  resources: ResourceLike[],
  usage: UsageAssumptions = {},
  opts: BomOptions = {},
): BillOfMaterials {
  const asOf = opts.asOf ?? isoDay();
  const items: BomItem[] = [];
  const unpriced = new Map<string, number>();
  for (const r of resources) {
    const map = MAPPERS[r.type];
    if (map) items.push(...map(r, resources, asOf));
    else if (classifyResource(r, usage) === "not-modelled")
      unpriced.set(r.type, (unpriced.get(r.type) ?? 0) + 1);
  }
  items.push(...usageItems(usage));
  if (usage.traffic) items.push(...trafficItems(usage.traffic, resources));
  items.push(...claimedVolumeItems(usage.volumes ?? []));
  const notModelled = [...unpriced].sort().map(([type, count]) => ({ type, count }));
  return { items, notModelled };
}
