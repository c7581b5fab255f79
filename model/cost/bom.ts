/**
 * The bill of materials: what an environment runs, normalised so one pricing function can cost
 * it whether it came from Pulumi resources (program, policy pack, offline plan) or was written by
 * hand. Quantities are given at three scales so every estimate answers "at least / usually / at
 * most", which is what budgets and replica bounds are checked against.
 */

/** How capacity is bought. Only EC2 instances can be spot or reserved; everything else is on-demand. */
export type CapacityType = "on-demand" | "spot" | "reserved";

/** Every capacity type, in report order. */
export const CAPACITY_TYPES: readonly CapacityType[] = ["on-demand", "spot", "reserved"];

/** The three scales an estimate is made at. */
export type Scale = "min" | "baseline" | "max";

/** Every scale, in report order. */
export const SCALES: readonly Scale[] = ["min", "baseline", "max"];

/** A quantity or an amount at minimum, baseline (desired) and maximum scale. */
export interface Scaled {
  min: number;
  baseline: number;
  max: number;
}

/**
 * How an item is billed, which fixes what its quantity means:
 * - `per-hour`: quantity = how many run all month (each billed for 730 hours);
 * - `per-gb-month`: quantity = GB provisioned or stored;
 * - `per-month`: quantity = how many are billed a flat monthly fee (alarm metrics, secrets, keys);
 * - `per-gb`: quantity = GB processed in the month;
 * - `per-million`: quantity = millions of requests in the month.
 */
export type Unit = "per-hour" | "per-gb-month" | "per-month" | "per-gb" | "per-million";

/** Which price in the pricing table an item is billed at. */
export type PriceRef =
  /** EC2 On-Demand rate of the dearest listed type: a diversified group may launch any of them. */
  | { kind: "ec2-instance"; instanceTypes: string[] }
  /** The control plane; `extended` once its Kubernetes version has left EKS standard support. Default: standard. */
  | { kind: "eks-cluster"; support?: "standard" | "extended" }
  | { kind: "nat-gateway" }
  | { kind: "nat-data" }
  | { kind: "public-ipv4" }
  | { kind: "vpc-interface-endpoint" }
  | { kind: "inter-az-transfer" }
  | { kind: "internet-transfer" }
  | { kind: "logs-ingestion" }
  | { kind: "logs-storage" }
  | { kind: "custom-metric" }
  | { kind: "secrets-api-calls" }
  | { kind: "ebs-volume"; volumeType: string }
  | { kind: "rds-postgres-instance"; instanceClass: string; multiAz: boolean }
  | { kind: "rds-storage"; storageType: string; multiAz: boolean }
  | { kind: "elasticache-redis-node"; nodeType: string }
  | { kind: "mq-rabbitmq-broker"; instanceType: string }
  | { kind: "cloudwatch-alarm-metric"; resolution: "standard" | "high" }
  | { kind: "snapshot-storage"; source: "ebs" | "rds" }
  | { kind: "secret" }
  | { kind: "kms-key" }
  | { kind: "alb-hour" }
  | { kind: "alb-lcu" }
  | { kind: "waf-web-acl" }
  | { kind: "waf-rule" }
  | { kind: "waf-requests" }
  | { kind: "cloudfront-requests" }
  | { kind: "cloudfront-transfer" }
  | { kind: "route53-hosted-zone" };

/** The unit each kind of price is quoted in; an item whose unit disagrees is rejected. */
export const UNIT_OF: Record<PriceRef["kind"], Unit> = {
  "ec2-instance": "per-hour",
  "eks-cluster": "per-hour",
  "nat-gateway": "per-hour",
  "nat-data": "per-gb",
  "public-ipv4": "per-hour",
  "vpc-interface-endpoint": "per-hour",
  "inter-az-transfer": "per-gb",
  "internet-transfer": "per-gb",
  "logs-ingestion": "per-gb",
  "logs-storage": "per-gb-month",
  "custom-metric": "per-month",
  "secrets-api-calls": "per-million",
  "ebs-volume": "per-gb-month",
  "rds-postgres-instance": "per-hour",
  "rds-storage": "per-gb-month",
  "elasticache-redis-node": "per-hour",
  "mq-rabbitmq-broker": "per-hour",
  "cloudwatch-alarm-metric": "per-month",
  "snapshot-storage": "per-gb-month",
  secret: "per-month",
  "kms-key": "per-month",
  "alb-hour": "per-hour",
  "alb-lcu": "per-hour",
  "waf-web-acl": "per-month",
  "waf-rule": "per-month",
  "waf-requests": "per-million",
  "cloudfront-requests": "per-million",
  "cloudfront-transfer": "per-gb",
  "route53-hosted-zone": "per-month",
};

/** One line of the bill of materials. */
export interface BomItem {
  /** Grouping in the breakdown, e.g. `nodes`, `postgres`. */
  component: string;
  /** The resource (Pulumi logical name) the cost comes from. */
  resource: string;
  price: PriceRef;
  capacity: CapacityType;
  unit: Unit;
  quantity: Scaled;
  /** Why the quantity is what it is, for reports. */
  note?: string;
}

/** A bill of materials. */
export interface BillOfMaterials {
  items: BomItem[];
  /**
   * Registered resource types that are neither priced nor known to be free, with how many of each
   * (reported, never silently priced at zero).
   */
  notModelled: Array<{ type: string; count: number }>;
}

/** Same quantity at every scale, for resources that do not scale. */
export function fixed(n: number): Scaled {
  return { min: n, baseline: n, max: n };
}

/**
 * Checks one item: a known price kind, a matching unit, quantities that are finite, not negative
 * and ordered min <= baseline <= max, and spot/reserved only on EC2 instances.
 * @param item the item; `index` is its position, used in messages.
 * @throws Error naming the item (index, component, resource) and what is wrong.
 */
export function validateItem(item: BomItem, index: number): void {
  const where = `BOM item ${index} (${item.component} / ${item.resource})`;
  const expected = UNIT_OF[item.price?.kind as PriceRef["kind"]];
  if (expected === undefined) {
    throw new Error(
      `${where}: unknown price kind "${item.price?.kind}"; known kinds: ${Object.keys(UNIT_OF).join(", ")}`,
    );
  }
  if (item.unit !== expected) {
    throw new Error(
      `${where}: unit "${item.unit}" does not match price kind "${item.price.kind}", which is billed ${expected}`,
    );
  }
  for (const scale of SCALES) {
    const q = item.quantity?.[scale];
    if (typeof q !== "number" || !Number.isFinite(q))
      throw new Error(`${where}: quantity.${scale} must be a finite number, got ${String(q)}`);
    if (q < 0)
      throw new Error(`${where}: quantity.${scale} is ${q}; quantities cannot be negative`);
  }
  const { min, baseline, max } = item.quantity;
  if (min > baseline || baseline > max) {
    throw new Error(
      `${where}: quantities must satisfy min <= baseline <= max, got min ${min}, baseline ${baseline}, max ${max}`,
    );
  }
  if (!(CAPACITY_TYPES as readonly string[]).includes(item.capacity)) {
    throw new Error(
      `${where}: capacity "${item.capacity}" is not one of ${CAPACITY_TYPES.join(", ")}`,
    );
  }
  if (item.capacity !== "on-demand" && item.price.kind !== "ec2-instance") {
    throw new Error(
      `${where}: capacity "${item.capacity}" applies only to EC2 instances; ${item.price.kind} is billed on-demand`,
    );
  }
}
