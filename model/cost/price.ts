/**
 * Looking prices up. A type the table does not price is an error that names the type and lists
 * what is priced: an estimate that quietly counts an unknown instance as free is worse than none.
 */
import type { PricingTable } from "../pricing";
import type { PriceRef } from "./bom";

/** A price from the table, with a label that says what it is. */
export interface UnitPrice {
  /** USD per unit of the item's {@link Unit} (per hour, per GB-month, per month or per GB). */
  price: number;
  /** Human-readable name of the priced thing, e.g. `EC2 m6i.xlarge`. */
  label: string;
}

function lookup<T>(
  table: PricingTable,
  map: Record<string, T>,
  key: string,
  what: string,
  section: string,
): T {
  if (Object.hasOwn(map, key)) return map[key];
  const priced = Object.keys(map).sort();
  throw new Error(
    `${what} "${key}" is not in the ${table.region} pricing table (${table.date}, section ${section}); ` +
      `priced: ${priced.join(", ")}. Add its published price to model/pricing/${table.region}.json or choose a priced type.`,
  );
}

/**
 * The On-Demand price of whatever `ref` names.
 * @param ref what to price.
 * @param table a validated pricing table.
 * @throws Error naming the type and listing the priced types of that kind when it is not priced.
 */
export function unitPrice(ref: PriceRef, table: PricingTable): UnitPrice {
  switch (ref.kind) {
    case "ec2-instance": {
      if (ref.instanceTypes.length === 0) throw new Error("an EC2 item lists no instance types");
      const priced = ref.instanceTypes.map((t) => ({
        t,
        p: lookup(table, table.ec2.onDemandHourly, t, "EC2 instance type", "ec2.onDemandHourly"),
      }));
      const dearest = priced.reduce((a, b) => (b.p > a.p ? b : a));
      const label =
        ref.instanceTypes.length > 1
          ? `EC2 ${dearest.t} (dearest of ${ref.instanceTypes.join(", ")})`
          : `EC2 ${dearest.t}`;
      return { price: dearest.p, label };
    }
    case "eks-cluster":
      return ref.support === "extended"
        ? { price: table.eks.extendedSupportHourly, label: "EKS control plane (extended support)" }
        : { price: table.eks.clusterHourly, label: "EKS control plane" };
    case "public-ipv4":
      return { price: table.publicIpv4.hourly, label: "Public IPv4 address" };
    case "vpc-interface-endpoint":
      return {
        price: table.vpcEndpoint.interfaceAzHourly,
        label: "VPC interface endpoint (per AZ)",
      };
    case "inter-az-transfer":
      return { price: table.dataTransfer.interAzPerGb, label: "Data transfer across zones" };
    case "internet-transfer":
      return {
        price: table.dataTransfer.internetOutPerGb,
        label: "Data transfer out to the internet",
      };
    case "logs-ingestion":
      return { price: table.cloudwatch.logsIngestionPerGb, label: "CloudWatch Logs ingestion" };
    case "logs-storage":
      return { price: table.cloudwatch.logsStorageGbMonth, label: "CloudWatch Logs storage" };
    case "custom-metric":
      return { price: table.cloudwatch.customMetricMonthly, label: "CloudWatch custom metric" };
    case "secrets-api-calls":
      return {
        price: table.secretsManager.perTenThousandApiCalls * 100,
        label: "Secrets Manager API calls (per million)",
      };
    case "nat-gateway":
      return { price: table.natGateway.hourly, label: "NAT gateway hours" };
    case "nat-data":
      return { price: table.natGateway.perGbProcessed, label: "NAT gateway data processed" };
    case "ebs-volume":
      return {
        price: lookup(table, table.ebs.gbMonth, ref.volumeType, "EBS volume type", "ebs.gbMonth"),
        label: `EBS ${ref.volumeType}`,
      };
    case "rds-postgres-instance": {
      const p = lookup(
        table,
        table.rdsPostgres.instanceHourly,
        ref.instanceClass,
        "RDS PostgreSQL instance class",
        "rdsPostgres.instanceHourly",
      );
      return {
        price: ref.multiAz ? p.multiAz : p.singleAz,
        label: `RDS PostgreSQL ${ref.instanceClass} ${ref.multiAz ? "Multi-AZ" : "Single-AZ"}`,
      };
    }
    case "rds-storage": {
      const p = lookup(
        table,
        table.rdsPostgres.storageGbMonth,
        ref.storageType,
        "RDS storage type",
        "rdsPostgres.storageGbMonth",
      );
      return {
        price: ref.multiAz ? p.multiAz : p.singleAz,
        label: `RDS ${ref.storageType} storage ${ref.multiAz ? "Multi-AZ" : "Single-AZ"}`,
      };
    }
    case "elasticache-redis-node":
      return {
        price: lookup(
          table,
          table.elasticacheRedis.nodeHourly,
          ref.nodeType,
          "ElastiCache (Redis OSS) node type",
          "elasticacheRedis.nodeHourly",
        ),
        label: `ElastiCache ${ref.nodeType}`,
      };
    case "mq-rabbitmq-broker":
      return {
        price: lookup(
          table,
          table.mqRabbitmq.brokerHourly,
          ref.instanceType,
          "Amazon MQ (RabbitMQ) broker instance type",
          "mqRabbitmq.brokerHourly",
        ),
        label: `Amazon MQ RabbitMQ ${ref.instanceType}`,
      };
    case "cloudwatch-alarm-metric":
      return {
        price: table.cloudwatch.alarmMetricMonthly[ref.resolution],
        label: `CloudWatch alarm metric (${ref.resolution} resolution)`,
      };
    case "snapshot-storage":
      return {
        price:
          ref.source === "ebs" ? table.backup.ebsSnapshotGbMonth : table.backup.rdsSnapshotGbMonth,
        label: `${ref.source.toUpperCase()} snapshot storage`,
      };
    case "secret":
      return { price: table.secretsManager.secretMonthly, label: "Secrets Manager secret" };
    case "kms-key":
      return { price: table.kms.keyMonthly, label: "KMS customer managed key" };
    case "alb-hour":
      return { price: table.elb.albHourly, label: "Application Load Balancer hours" };
    case "alb-lcu":
      return { price: table.elb.lcuHourly, label: "Application Load Balancer LCU-hours" };
    case "waf-web-acl":
      return { price: table.wafv2.webAclMonthly, label: "WAF web ACL" };
    case "waf-rule":
      return { price: table.wafv2.ruleMonthly, label: "WAF rule (or managed rule group)" };
    case "waf-requests":
      return { price: table.wafv2.perMillionRequests, label: "WAF requests (per million)" };
    case "cloudfront-requests":
      return {
        price: table.cloudfront.perMillionHttpsRequests,
        label: "CloudFront HTTPS requests (per million)",
      };
    case "cloudfront-transfer":
      return { price: table.cloudfront.perGbTransferOut, label: "CloudFront data transfer out" };
    case "route53-hosted-zone":
      return { price: table.route53.hostedZoneMonthly, label: "Route 53 hosted zone" };
    default: {
      const unknown: never = ref;
      throw new Error(`unknown price kind ${JSON.stringify(unknown)}`);
    }
  }
}
