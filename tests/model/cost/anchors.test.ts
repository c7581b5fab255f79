import { expect } from "chai";
import { BillOfMaterials, CapacityType, estimateMonthly } from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const pricing = pricingFor();

function nodes(type: string, mix: Partial<Record<CapacityType, number>>): BillOfMaterials {
  return {
    notModelled: [],
    items: Object.entries(mix).map(([capacity, n]) => ({
      component: "nodes",
      resource: capacity,
      price: { kind: "ec2-instance" as const, instanceTypes: [type] },
      capacity: capacity as CapacityType,
      unit: "per-hour" as const,
      quantity: { min: n, baseline: n, max: n },
    })),
  };
}

// Seed 003's cost projection: 1x = 9 nodes ~ $1,500, 5x = 30 nodes ~ $5,000, 10x = 60 nodes ~ $10,000 a month,
// with a 60 % reserved / 30 % spot / 10 % on-demand mix. These tests pin what the table says about those node counts.
describe("cost model: the design documents' anchors", () => {
  it("prices 60 m6i.xlarge or m5.xlarge nodes on-demand at $8,409.60 a month (0.192 * 730 * 60)", () => {
    for (const type of ["m6i.xlarge", "m5.xlarge"]) {
      expect(
        estimateMonthly(nodes(type, { "on-demand": 60 }), pricing).total.baseline,
      ).to.be.closeTo(8409.6, 0.005);
    }
  });

  it("prices the same 60 nodes at $4,625.28 with 36 reserved, 18 spot and 6 on-demand", () => {
    // reserved 36 * 0.192 * 0.60 * 730 = 3,027.456; spot 18 * 0.192 * 0.30 * 730 = 756.864; on-demand 6 * 0.192 * 730 = 840.96
    const e = estimateMonthly(
      nodes("m6i.xlarge", { reserved: 36, spot: 18, "on-demand": 6 }),
      pricing,
    );
    expect(e.byCapacity.reserved.baseline).to.be.closeTo(3027.456, 0.005);
    expect(e.byCapacity.spot.baseline).to.be.closeTo(756.864, 0.005);
    expect(e.byCapacity["on-demand"].baseline).to.be.closeTo(840.96, 0.005);
    expect(e.total.baseline).to.be.closeTo(4625.28, 0.005);
  });

  it("prices the 1x and 5x node counts on-demand below the seed's figures, which include more than nodes", () => {
    // 9 * 140.16 = 1,261.44 (seed: ~1,500); 30 * 140.16 = 4,204.80 (seed: ~5,000)
    expect(
      estimateMonthly(nodes("m6i.xlarge", { "on-demand": 9 }), pricing).total.baseline,
    ).to.be.closeTo(1261.44, 0.005);
    expect(
      estimateMonthly(nodes("m6i.xlarge", { "on-demand": 30 }), pricing).total.baseline,
    ).to.be.closeTo(4204.8, 0.005);
  });

  it("prices seed 002's 500 agents (40 vCPU / 80 GiB = 10 m6i.xlarge by CPU) at $1,401.60 on-demand or $420.48 on spot", () => {
    expect(
      estimateMonthly(nodes("m6i.xlarge", { "on-demand": 10 }), pricing).total.baseline,
    ).to.be.closeTo(1401.6, 0.005);
    expect(
      estimateMonthly(nodes("m6i.xlarge", { spot: 10 }), pricing).total.baseline,
    ).to.be.closeTo(420.48, 0.005);
  });
});
