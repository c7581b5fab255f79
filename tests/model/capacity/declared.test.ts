import { expect } from "chai";
import { datasetAtHorizonGb, parseDatasetTag, parseQpsTag, qpsTag } from "../../../model/capacity";

describe("declared load carried as tags", () => {
  it("projects the dataset linearly: the seed's 4 GB + 2 GB/month is 16 GB after 6 months", () => {
    expect(datasetAtHorizonGb({ datasetGb: 4, growthGbPerMonth: 2 }, 6)).to.equal(16);
    expect(() => datasetAtHorizonGb({ datasetGb: -1, growthGbPerMonth: 2 }, 6)).to.throw(
      /datasetGb must be >= 0/,
    );
  });

  it("round-trips reads/writes through the tag and refuses what is not two numbers", () => {
    expect(parseQpsTag(qpsTag({ readQps: 800, writeQps: 200.5 }))).to.deep.equal({
      readQps: 800,
      writeQps: 200.5,
    });
    for (const bad of ["800", "-1/2", "a/b", 800, undefined])
      expect(parseQpsTag(bad)).to.equal(undefined);
  });

  it("reads a positive dataset size only", () => {
    expect(parseDatasetTag("16")).to.equal(16);
    for (const bad of ["0", "-3", "x", 16]) expect(parseDatasetTag(bad)).to.equal(undefined);
  });
});
