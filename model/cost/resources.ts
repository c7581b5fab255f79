/**
 * From Pulumi resources to a bill of materials: the adapter the policy pack and the offline plan
 * share. Resource types are the `@pulumi/aws` v7 type tokens; properties are their input names.
 */
import { BillOfMaterials, BomItem, fixed, Scaled } from "./bom";
import {
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
import { ResourceLike } from "./props";
import {
  KMS_KEY,
  kmsKeyItems,
  METRIC_ALARM,
  metricAlarmItems,
  SECRET,
  secretItems,
} from "./services";

/** Usage the resources cannot tell, added as optional lines. */
export interface UsageAssumptions {
  /** GB per month through all NAT gateways together; default none (no data-processing line). */
  natDataProcessedGb?: number | Scaled;
  /** Billable snapshot/backup storage in GB-months; default none. RDS backups up to the provisioned size are free. */
  snapshotStorageGb?: { ebs?: number | Scaled; rds?: number | Scaled };
}

type Mapper = (r: ResourceLike, all: ResourceLike[]) => BomItem[];

const MAPPERS: Record<string, Mapper> = {
  [EKS_CLUSTER]: eksClusterItems,
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
  [EKS_CLUSTER]: [],
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

/**
 * Types that cost money but are outside the model; they are reported in `notModelled` so a
 * reader knows the estimate leaves them out. Every other unpriced type is free or usage-only.
 */
export const NOT_MODELLED_TYPES: readonly string[] = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
  "aws:ec2/eip:Eip",
  "aws:ec2/capacityReservation:CapacityReservation",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ec2/instance:Instance",
  "aws:ebs/volume:Volume",
  "aws:autoscaling/group:Group",
  "aws:eks/fargateProfile:FargateProfile",
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/dashboard:Dashboard",
  "aws:backup/vault:Vault",
  "aws:route53/zone:Zone",
];

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
 * which grows to `maxAllocatedStorage`. Resource types outside {@link PRICED_RESOURCE_TYPES} add
 * nothing; the costly ones among them are listed in `notModelled`.
 * @param resources the stack's resources (type token, logical name, input properties; optionally
 *   id, urn and propertyDependencies, used to link node groups to launch templates and replicas to sources).
 * @param usage optional usage lines (NAT data, snapshot storage); default none.
 * @throws Error naming the resource and property when a needed input is missing (for example not
 *   yet known in a preview), malformed, or contradictory.
 */
export function bomFromResources(
  resources: ResourceLike[],
  usage: UsageAssumptions = {},
): BillOfMaterials {
  const items: BomItem[] = [];
  const notModelled: BillOfMaterials["notModelled"] = [];
  for (const r of resources) {
    const map = MAPPERS[r.type];
    if (map) items.push(...map(r, resources));
    else if (NOT_MODELLED_TYPES.includes(r.type)) notModelled.push({ type: r.type, name: r.name });
  }
  items.push(...usageItems(usage));
  return { items, notModelled };
}
