import { expect } from "chai";
import { databasePlacement } from "../../../components/database/placement";

describe("database placement (components/database/placement.ts)", () => {
  it("puts a single-AZ primary in the first zone and its replicas only in the others", () => {
    expect(databasePlacement(["a", "b", "c"], false, 3)).to.deep.equal({
      primaryZone: "a",
      primaryZones: ["a"],
      replicaZones: ["b", "c", "b"],
    });
    expect(databasePlacement(["a", "b"], false, 2).replicaZones).to.deep.equal(["b", "b"]);
  });

  it("gives a Multi-AZ primary a pair of zones and its replicas the zones outside the pair first", () => {
    expect(databasePlacement(["a", "b", "c"], true, 2)).to.deep.equal({
      primaryZones: ["a", "b"],
      replicaZones: ["c", "b"],
    });
    expect(databasePlacement(["a", "b", "c"], true, 1).replicaZones).to.deep.equal(["c"]);
    expect(databasePlacement(["a", "b"], true, 1).replicaZones).to.deep.equal(["b"]);
  });

  it("refuses a single zone", () => {
    expect(() => databasePlacement(["a"], false, 1)).to.throw(/at least two zones/);
  });
});
