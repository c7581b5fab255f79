import { expect } from "chai";
import { PriceRef, unitPrice } from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const table = pricingFor("us-east-1");

describe("cost model: unit prices and their labels", () => {
  it("prices each kind at the us-east-1 table's figure, under the label a report shows", () => {
    // [what, USD per unit (model/pricing/us-east-1.json), label]
    const cases: Array<[PriceRef, number, string]> = [
      [{ kind: "eks-cluster" }, 0.1, "EKS control plane"],
      [{ kind: "eks-cluster", support: "extended" }, 0.6, "EKS control plane (extended support)"],
      [{ kind: "public-ipv4" }, 0.005, "Public IPv4 address"],
      [{ kind: "vpc-interface-endpoint" }, 0.01, "VPC interface endpoint (per AZ)"],
      [{ kind: "inter-az-transfer" }, 0.02, "Data transfer across zones"],
      [{ kind: "internet-transfer" }, 0.09, "Data transfer out to the internet"],
      [{ kind: "logs-ingestion" }, 0.5, "CloudWatch Logs ingestion"],
      [{ kind: "logs-storage" }, 0.03, "CloudWatch Logs storage"],
      [{ kind: "custom-metric" }, 0.3, "CloudWatch custom metric"],
      [{ kind: "secrets-api-calls" }, 5, "Secrets Manager API calls (per million)"],
      [{ kind: "nat-gateway" }, 0.045, "NAT gateway hours"],
      [{ kind: "nat-data" }, 0.045, "NAT gateway data processed"],
      [{ kind: "ebs-volume", volumeType: "gp2" }, 0.1, "EBS gp2"],
      [
        { kind: "rds-postgres-instance", instanceClass: "db.t4g.medium", multiAz: false },
        0.065,
        "RDS PostgreSQL db.t4g.medium Single-AZ",
      ],
      [
        { kind: "rds-postgres-instance", instanceClass: "db.t4g.medium", multiAz: true },
        0.13,
        "RDS PostgreSQL db.t4g.medium Multi-AZ",
      ],
      [
        { kind: "rds-storage", storageType: "gp3", multiAz: false },
        0.115,
        "RDS gp3 storage Single-AZ",
      ],
      [
        { kind: "rds-storage", storageType: "gp3", multiAz: true },
        0.23,
        "RDS gp3 storage Multi-AZ",
      ],
      [
        { kind: "elasticache-redis-node", nodeType: "cache.r6g.large" },
        0.206,
        "ElastiCache cache.r6g.large",
      ],
      [
        { kind: "mq-rabbitmq-broker", instanceType: "mq.m5.large" },
        0.288,
        "Amazon MQ RabbitMQ mq.m5.large",
      ],
      [
        { kind: "cloudwatch-alarm-metric", resolution: "high" },
        0.3,
        "CloudWatch alarm metric (high resolution)",
      ],
      [{ kind: "snapshot-storage", source: "ebs" }, 0.05, "EBS snapshot storage"],
      [{ kind: "snapshot-storage", source: "rds" }, 0.095, "RDS snapshot storage"],
      [{ kind: "secret" }, 0.4, "Secrets Manager secret"],
      [{ kind: "kms-key" }, 1, "KMS customer managed key"],
      [{ kind: "alb-hour" }, 0.0225, "Application Load Balancer hours"],
      [{ kind: "alb-lcu" }, 0.008, "Application Load Balancer LCU-hours"],
      [{ kind: "waf-web-acl" }, 5, "WAF web ACL"],
      [{ kind: "waf-rule" }, 1, "WAF rule (or managed rule group)"],
      [{ kind: "waf-requests" }, 0.6, "WAF requests (per million)"],
      [{ kind: "cloudfront-requests" }, 1, "CloudFront HTTPS requests (per million)"],
      [{ kind: "cloudfront-transfer" }, 0.085, "CloudFront data transfer out"],
      [{ kind: "route53-hosted-zone" }, 0.5, "Route 53 hosted zone"],
    ];
    for (const [ref, price, label] of cases) {
      const got = unitPrice(ref, table);
      expect(got.label, JSON.stringify(ref)).to.equal(label);
      expect(got.price, JSON.stringify(ref)).to.be.closeTo(price, 1e-12);
    }
  });

  it("a node group of several types is priced at the dearest, and the label says so", () => {
    // m5a.xlarge 0.172 < m6i.xlarge 0.192: the dearest is second in the list.
    expect(
      unitPrice({ kind: "ec2-instance", instanceTypes: ["m5a.xlarge", "m6i.xlarge"] }, table),
    ).to.deep.equal({
      price: 0.192,
      label: "EC2 m6i.xlarge (dearest of m5a.xlarge, m6i.xlarge)",
    });
    expect(unitPrice({ kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] }, table)).to.deep.equal(
      { price: 0.192, label: "EC2 m6i.xlarge" },
    );
  });

  it("between types of the same price, the first listed names the line", () => {
    // m6i.xlarge and m5.xlarge are both 0.192.
    expect(
      unitPrice({ kind: "ec2-instance", instanceTypes: ["m6i.xlarge", "m5.xlarge"] }, table).label,
    ).to.equal("EC2 m6i.xlarge (dearest of m6i.xlarge, m5.xlarge)");
  });

  it("refuses an EC2 item without instance types", () => {
    expect(() => unitPrice({ kind: "ec2-instance", instanceTypes: [] }, table)).to.throw(
      "an EC2 item lists no instance types",
    );
  });

  it("an unpriced type names itself, the table's section and what is priced there", () => {
    const tail = (region: string) =>
      `. Add its published price to model/pricing/${region}.json or choose a priced type.`;
    expect(() => unitPrice({ kind: "ebs-volume", volumeType: "io2" }, table)).to.throw(
      `EBS volume type "io2" is not in the us-east-1 pricing table (2026-11-22, section ebs.gbMonth); priced: gp2, gp3${tail("us-east-1")}`,
    );
    expect(() =>
      unitPrice({ kind: "rds-storage", storageType: "io1", multiAz: false }, table),
    ).to.throw(
      `RDS storage type "io1" is not in the us-east-1 pricing table (2026-11-22, section rdsPostgres.storageGbMonth); priced: gp2, gp3${tail("us-east-1")}`,
    );
    expect(() =>
      unitPrice({ kind: "mq-rabbitmq-broker", instanceType: "mq.t3.micro" }, table),
    ).to.throw(
      `Amazon MQ (RabbitMQ) broker instance type "mq.t3.micro" is not in the us-east-1 pricing table (2026-11-22, section mqRabbitmq.brokerHourly); priced: mq.m5.2xlarge, mq.m5.4xlarge, mq.m5.large, mq.m5.xlarge${tail("us-east-1")}`,
    );
    const heads: Array<[PriceRef, string]> = [
      [
        { kind: "ec2-instance", instanceTypes: ["m6i.xlarge", "x9.huge"] },
        'EC2 instance type "x9.huge" is not in the us-east-1 pricing table (2026-11-22, section ec2.onDemandHourly); priced: c5.2xlarge, c5.4xlarge, ',
      ],
      [
        { kind: "rds-postgres-instance", instanceClass: "db.x9.huge", multiAz: true },
        'RDS PostgreSQL instance class "db.x9.huge" is not in the us-east-1 pricing table (2026-11-22, section rdsPostgres.instanceHourly); priced: db.m6g.2xlarge, ',
      ],
      [
        { kind: "elasticache-redis-node", nodeType: "cache.x9.huge" },
        'ElastiCache (Redis OSS) node type "cache.x9.huge" is not in the us-east-1 pricing table (2026-11-22, section elasticacheRedis.nodeHourly); priced: cache.m6g.2xlarge, ',
      ],
    ];
    for (const [ref, head] of heads) {
      let message = "";
      try {
        unitPrice(ref, table);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message.startsWith(head), message).to.equal(true);
      expect(message.endsWith(tail("us-east-1")), message).to.equal(true);
    }
  });

  it("refuses a price kind it does not know, naming it", () => {
    expect(() => unitPrice({ kind: "gpu-hour" } as unknown as PriceRef, table)).to.throw(
      'unknown price kind {"kind":"gpu-hour"}',
    );
  });
});
