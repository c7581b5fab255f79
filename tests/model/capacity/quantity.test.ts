// Kubernetes quantity grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
import { expect } from "chai";
import { cpuOf, isQuantity, memoryGiBOf, parseQuantity } from "../../../model/capacity/quantity";

describe("Kubernetes quantities", () => {
  it("reads CPU in cores: 500m = 0.5, 1 = 1, 2.5 = 2.5, 100m = 0.1", () => {
    expect([cpuOf("500m"), cpuOf("1"), cpuOf("2.5"), cpuOf("100m")]).to.deep.equal([
      0.5, 1, 2.5, 0.1,
    ]);
  });

  it("reads the nano- and micro-cores metrics-server reports: 250000000n = 0.25, 1500u = 0.0015", () => {
    expect(cpuOf("250000000n")).to.be.closeTo(0.25, 1e-12);
    expect(cpuOf("1500u")).to.be.closeTo(0.0015, 1e-12);
  });

  it("reads memory in GiB: binary suffixes exactly (2Gi = 2, 512Mi = 0.5, 192Mi = 0.1875), decimal ones as bytes (1G = 10^9 / 2^30)", () => {
    expect([
      memoryGiBOf("2Gi"),
      memoryGiBOf("512Mi"),
      memoryGiBOf("192Mi"),
      memoryGiBOf("1048576Ki"),
    ]).to.deep.equal([2, 0.5, 0.1875, 1]);
    expect(memoryGiBOf("1G")).to.be.closeTo(0.9313, 1e-4);
  });

  it("rejects what is not a quantity: units with spaces, lower-case gb, negative or empty values", () => {
    for (const bad of ["1.5 Gi", "2gb", "-1", "", "Gi", "1e3"]) {
      expect(isQuantity(bad), bad).to.equal(false);
      expect(() => parseQuantity(bad), bad).to.throw(RangeError, /is not a Kubernetes quantity/);
    }
  });
});
