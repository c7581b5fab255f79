import { expect } from "chai";
import { BillOfMaterials, BomItem, bomFromResources, estimateMonthly } from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";
import { devResources, prodResources } from "./fixtures";

const pricing = pricingFor("us-east-1");
const cents = 0.005;

function item(overrides: Partial<BomItem>): BomItem {
  return {
    component: "nodes",
    resource: "ng",
    price: { kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] },
    capacity: "on-demand",
    unit: "per-hour",
    quantity: { min: 1, baseline: 1, max: 1 },
    ...overrides,
  };
}

function bom(...items: BomItem[]): BillOfMaterials {
  return { items, notModelled: [] };
}

describe("cost model: monthly estimate", () => {
  it("prices the dev-like environment at the figures worked out by hand from the table", () => {
    // 730 h/month. EKS 0.10*730 = 73.00; one NAT 0.045*730 = 32.85.
    // system m6i.large on-demand 0.096*730 = 70.08/node, 30 GiB gp3 = 2.40/node: 2/2/3 nodes.
    // app spot m6i.xlarge|m5.xlarge (both 0.192) * (1-0.70) = 0.0576*730 = 42.048/node, 50 GiB gp3 = 4.00/node: 1/2/5 nodes.
    // postgres db.t4g.medium Single-AZ 0.065*730 = 47.45; gp3 20 GB*0.115 = 2.30 (max 100 GB = 11.50).
    // redis cache.t4g.micro 0.016*730 = 11.68; RabbitMQ mq.m5.large single 0.288*730 = 210.24.
    // 5 alarms*0.10 = 0.50; 3 secrets*0.40 = 1.20; 1 KMS key = 1.00.
    // min      = 73 + 32.85 + 2*70.08 + 2*2.40 + 1*42.048 + 1*4 + 47.45 + 2.30 + 11.68 + 210.24 + 0.50 + 1.20 + 1.00 = 571.228
    // baseline = 571.228 + 42.048 + 4 (one more app node)                                                           = 617.276
    // max      = 571.228 + 70.08 + 2.40 (system +1) + 4*42.048 + 4*4 (app +4) + (11.50 - 2.30)                       = 837.100
    const e = estimateMonthly(bomFromResources(devResources()), pricing);
    expect(e.total.min).to.be.closeTo(571.228, cents);
    expect(e.total.baseline).to.be.closeTo(617.276, cents);
    expect(e.total.max).to.be.closeTo(837.1, cents);
    // nodes: min 140.16 + 4.80 + 42.048 + 4 = 191.008; max 210.24 + 7.20 + 210.24 + 20 = 447.68
    expect(e.byComponent.nodes.min).to.be.closeTo(191.008, cents);
    expect(e.byComponent.nodes.max).to.be.closeTo(447.68, cents);
    expect(e.byCapacity.spot.baseline).to.be.closeTo(2 * 42.048, cents);
    expect(e.byCapacity.reserved).to.deep.equal({ min: 0, baseline: 0, max: 0 });
    expect(e.byComponent.rabbitmq.max).to.be.closeTo(210.24, cents);
  });

  it("prices the prod-like environment at the figures worked out by hand from the table", () => {
    // EKS 73.00; 3 NAT * 32.85 = 98.55.
    // system m6i.large on-demand 3/3/4 * 70.08 = 210.24/210.24/280.32; 50 GiB gp3 4.00/node = 12/12/16.
    // baseline m6i.xlarge reserved 0.192*(1-0.40)*730 = 84.096/node * 6 = 504.576; 100 GiB gp3 8.00/node = 48.
    // app spot, dearest of m6i/m5/m6a.xlarge = 0.192: 42.048/node * 3/6/20 = 126.144/252.288/840.96; 8/node = 24/48/160.
    // burst m6i.xlarge on-demand 140.16/node * 0/1/6 = 0/140.16/840.96; 8/node = 0/8/48.
    // pg primary db.r6g.xlarge Multi-AZ 0.90*730 = 657.00 + gp3 Multi-AZ 500*0.23 = 115.00 (max 2000*0.23 = 460.00).
    // 2 replicas db.r6g.xlarge Single-AZ 0.45*730 = 328.50 + inherited 500 GB gp3 * 0.115 = 57.50 -> 2*386.00 = 772.00.
    // redis 3 shards * 2 nodes cache.r6g.large 6*0.206*730 = 902.28; RabbitMQ cluster 3*0.288*730 = 630.72.
    // alarms 20*0.10 + 1 high-res 0.30 = 2.30; 8 secrets 3.20; 2 keys 2.00; NAT data 1000 GB*0.045 = 45.00; RDS snapshots 1000*0.095 = 95.00.
    // min      = 73 + 98.55 + 210.24 + 12 + 504.576 + 48 + 126.144 + 24 + 0 + 0 + 772 + 772 + 902.28 + 630.72 + 2.30 + 3.20 + 2 + 45 + 95 = 4321.010
    // baseline = 4321.010 + 126.144 + 24 (app +3) + 140.16 + 8 (burst +1)                                                                = 4619.314
    // max      = 4321.010 + 70.08 + 4 (system +1) + 17*42.048 + 17*8 (app +17) + 6*140.16 + 6*8 (burst +6) + 345 (storage to 2 TB)         = 6479.866
    const resources = bomFromResources(prodResources(), {
      natDataProcessedGb: 1000,
      snapshotStorageGb: { rds: 1000 },
    });
    const e = estimateMonthly(resources, pricing);
    expect(e.total.min).to.be.closeTo(4321.01, cents);
    expect(e.total.baseline).to.be.closeTo(4619.314, cents);
    expect(e.total.max).to.be.closeTo(6479.866, cents);
    expect(e.byCapacity.reserved.max).to.be.closeTo(504.576, cents);
    expect(e.byCapacity.spot.max).to.be.closeTo(840.96, cents);
    expect(e.byComponent.postgres.max).to.be.closeTo(657 + 460 + 772, cents);
    expect(e.byComponent.redis.baseline).to.be.closeTo(902.28, cents);
    expect(e.byResource["pg-replica-0"].baseline).to.be.closeTo(386, cents);
    expect(resources.notModelled).to.deep.equal([
      { type: "aws:lb/loadBalancer:LoadBalancer", count: 1 },
    ]);
  });

  it("sums the component and capacity breakdowns to the total at every scale", () => {
    const e = estimateMonthly(bomFromResources(prodResources()), pricing);
    for (const s of ["min", "baseline", "max"] as const) {
      const byComponent = Object.values(e.byComponent).reduce((a, v) => a + v[s], 0);
      const byCapacity = Object.values(e.byCapacity).reduce((a, v) => a + v[s], 0);
      expect(byComponent).to.be.closeTo(e.total[s], 1e-6);
      expect(byCapacity).to.be.closeTo(e.total[s], 1e-6);
    }
  });

  it("applies per-environment discount overrides instead of the table's defaults", () => {
    const spot = bom(item({ capacity: "spot" }));
    // 0.192 * (1 - 0.5) * 730 = 70.08
    expect(estimateMonthly(spot, pricing, { spotDiscount: 0.5 }).total.baseline).to.be.closeTo(
      70.08,
      cents,
    );
    expect(estimateMonthly(spot, pricing).discounts.spot).to.equal(pricing.discounts.spot);
    const reserved = bom(item({ capacity: "reserved" }));
    // 0.192 * (1 - 0.3) * 730 = 98.112
    expect(estimateMonthly(reserved, pricing, { reservedDiscount: 0.3 }).total.max).to.be.closeTo(
      98.112,
      cents,
    );
  });

  it("refuses an instance type the table does not price, naming it and listing what is priced", () => {
    const unknown = bom(
      item({ price: { kind: "ec2-instance", instanceTypes: ["m6i.xlarge", "x9z.mega"] } }),
    );
    expect(() => estimateMonthly(unknown, pricing)).to.throw(
      /EC2 instance type "x9z\.mega" is not in the us-east-1 pricing table.*priced: .*m6i\.xlarge/,
    );
    const cache = bom(
      item({
        component: "redis",
        resource: "r",
        price: { kind: "elasticache-redis-node", nodeType: "cache.r5.large" },
      }),
    );
    expect(() => estimateMonthly(cache, pricing)).to.throw(
      /BOM item 0 \(redis \/ r\).*"cache\.r5\.large".*priced: .*cache\.r6g\.large/,
    );
    const mq = bom(
      item({ component: "mq", price: { kind: "mq-rabbitmq-broker", instanceType: "mq.t3.micro" } }),
    );
    expect(() => estimateMonthly(mq, pricing)).to.throw(
      /"mq\.t3\.micro" is not in .*priced: mq\.m5\.2xlarge/,
    );
  });

  it("refuses negative, non-finite and unordered quantities, naming the item", () => {
    expect(() =>
      estimateMonthly(bom(item({ quantity: { min: -1, baseline: 1, max: 1 } })), pricing),
    ).to.throw(/BOM item 0 \(nodes \/ ng\): quantity\.min is -1; quantities cannot be negative/);
    expect(() =>
      estimateMonthly(bom(item({ quantity: { min: 1, baseline: NaN, max: 1 } })), pricing),
    ).to.throw(/quantity\.baseline must be a finite number/);
    expect(() =>
      estimateMonthly(bom(item({ quantity: { min: 3, baseline: 2, max: 5 } })), pricing),
    ).to.throw(/min <= baseline <= max, got min 3, baseline 2, max 5/);
  });

  it("refuses a unit that does not match the price, and spot or reserved capacity on anything but EC2", () => {
    expect(() => estimateMonthly(bom(item({ unit: "per-gb-month" })), pricing)).to.throw(
      /unit "per-gb-month" does not match price kind "ec2-instance", which is billed per-hour/,
    );
    const spotDb = item({
      component: "postgres",
      capacity: "spot",
      price: { kind: "rds-postgres-instance", instanceClass: "db.r6g.large", multiAz: false },
    });
    expect(() => estimateMonthly(bom(spotDb), pricing)).to.throw(
      /capacity "spot" applies only to EC2 instances; rds-postgres-instance is billed on-demand/,
    );
  });

  it("refuses discounts outside [0, 1)", () => {
    expect(() => estimateMonthly(bom(item({})), pricing, { spotDiscount: 1.2 })).to.throw(
      /spotDiscount must be a fraction in \[0, 1\).*got 1\.2/,
    );
    expect(() => estimateMonthly(bom(item({})), pricing, { reservedDiscount: -0.1 })).to.throw(
      /reservedDiscount must be a fraction/,
    );
  });
});
