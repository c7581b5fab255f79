import { expect } from "chai";
import { rdsClassMemoryGiB } from "../../../components/monitoring";
import { RDS_BURSTABLE_GIB, RDS_VCPUS_BY_SIZE, rdsMemoryGiB } from "../../../model/catalog";

describe("RDS class sizes have one source", function () {
  it("the connections alarm sizes every class the catalogue knows exactly as the catalogue does", function () {
    const families = ["r6g", "r7g", "r8g", "m6i", "m7g"];
    for (const size of Object.keys(RDS_VCPUS_BY_SIZE))
      for (const family of families) {
        const cls = `db.${family}.${size}`;
        expect(rdsClassMemoryGiB(cls), cls).to.equal(rdsMemoryGiB(cls));
      }
    for (const size of Object.keys(RDS_BURSTABLE_GIB))
      expect(rdsClassMemoryGiB(`db.t4g.${size}`)).to.equal(rdsMemoryGiB(`db.t4g.${size}`));
  });

  it("includes the largest r and m sizes: db.r6g.32xlarge is 128 vCPUs, 1,024 GiB", function () {
    expect(rdsMemoryGiB("db.r6g.32xlarge")).to.equal(1024);
    expect(rdsClassMemoryGiB("db.r6g.32xlarge")).to.equal(1024);
  });
});
