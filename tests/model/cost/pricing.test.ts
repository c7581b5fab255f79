import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EC2_INSTANCE_TYPES } from "../../../model/catalog";
import { loadPricingFile, parsePricingTable, pricingFor } from "../../../model/pricing";
import shipped from "../../../model/pricing/us-east-1.json";

/** A deep, freely editable copy of the shipped table (the tests break it on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary paths into raw JSON
function copy(): Record<string, any> {
  return JSON.parse(JSON.stringify(shipped));
}

describe("pricing table", () => {
  it("ships a us-east-1 table that passes its own schema, dated and with sources", () => {
    const table = pricingFor("us-east-1");
    expect(table.region).to.equal("us-east-1");
    expect(table.date).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      table.sources.some((s) => s.url === "https://aws.amazon.com/ec2/pricing/on-demand/"),
    ).to.equal(true);
    expect(table.omitted.length).to.be.greaterThan(0);
  });

  it("prices every EC2 instance type in the catalogue", () => {
    const table = pricingFor();
    const missing = Object.keys(EC2_INSTANCE_TYPES).filter((t) => !(t in table.ec2.onDemandHourly));
    expect(missing).to.deep.equal([]);
  });

  it("prices Multi-AZ RDS at twice Single-AZ, because both instances are billed", () => {
    for (const [cls, p] of Object.entries(pricingFor().rdsPostgres.instanceHourly)) {
      expect(p.multiAz, cls).to.be.closeTo(2 * p.singleAz, 1e-9);
    }
  });

  it("refuses a table with a negative price, naming the field", () => {
    const bad = copy();
    bad.ec2.onDemandHourly["m6i.xlarge"] = -0.192;
    expect(() => parsePricingTable(bad, "bad.json")).to.throw(
      /invalid pricing table bad\.json:\n.*ec2\.onDemandHourly\.m6i\.xlarge: .*>0/,
    );
  });

  it("refuses unknown keys, malformed type names and discounts of 100 % or more", () => {
    const typo = copy();
    typo.eks.clusterHourlyy = 0.1;
    expect(() => parsePricingTable(typo, "typo.json")).to.throw(/eks: .*clusterHourlyy/);
    const name = copy();
    name.elasticacheRedis.nodeHourly["r6g.large"] = 0.2;
    expect(() => parsePricingTable(name, "name.json")).to.throw(
      /elasticacheRedis\.nodeHourly\.r6g\.large: type names look like "cache\.r6g\.large"/,
    );
    const discount = copy();
    discount.discounts.spot = 1;
    expect(() => parsePricingTable(discount, "d.json")).to.throw(/discounts\.spot/);
  });

  it("refuses a section that cites a source the table does not list", () => {
    const bad = copy();
    bad.kms.sources = ["aws-kms", "my-memory"];
    expect(() => parsePricingTable(bad, "cite.json")).to.throw(
      /kms\.sources: cites source "my-memory", which is not listed/,
    );
  });

  it("refuses a file that is not JSON, or is missing, naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "pricing-"));
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{ "region": "us-east-1", ');
    expect(() => loadPricingFile(broken)).to.throw(
      new RegExp(
        `pricing table ${broken.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not valid JSON`,
      ),
    );
    expect(() => loadPricingFile(join(dir, "absent.json"))).to.throw(
      /cannot read pricing table .*absent\.json/,
    );
  });

  it("refuses a region without a shipped table, listing the shipped ones", () => {
    expect(() => pricingFor("eu-west-1")).to.throw(
      /no pricing table for region "eu-west-1"; shipped regions: us-east-1/,
    );
    expect(() => pricingFor("toString")).to.throw(/no pricing table for region "toString"/);
  });
});
