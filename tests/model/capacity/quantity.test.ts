// Kubernetes quantity grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
import { expect } from "chai";
import {
  cpuOf,
  cpuQuantityProblem,
  isQuantity,
  memoryGiBOf,
  memoryQuantityProblem,
  parseQuantity,
} from "../../../model/capacity/quantity";

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

  it("reads the rest of the grammar: decimal exponents (1e3 = 1000), P and E suffixes, a trailing dot", () => {
    expect([
      parseQuantity("1e3"),
      parseQuantity("2E"),
      parseQuantity("1Pi"),
      parseQuantity("3."),
    ]).to.deep.equal([1000, 2e18, 2 ** 50, 3]);
  });

  it("rejects what is not a quantity: units with spaces, lower-case gb, negative or empty values", () => {
    for (const bad of ["1.5 Gi", "2gb", "-1", "", "Gi", "1e", "1KiB"]) {
      expect(isQuantity(bad), bad).to.equal(false);
      expect(() => parseQuantity(bad), bad).to.throw(RangeError, /is not a Kubernetes quantity/);
    }
  });
});

describe("container resource quantities", () => {
  it("memory is whole bytes of at least 6Mi: 192m (millibytes) is refused with the likely fix 192Mi", () => {
    expect(memoryQuantityProblem("192m")).to.match(/0\.192 bytes.*did you mean 192Mi\?/);
    expect(memoryQuantityProblem("1.5")).to.match(/not a whole number of bytes/);
    expect(memoryQuantityProblem("1Mi")).to.match(/at least 6Mi/);
    for (const ok of ["6Mi", "512Mi", "2Gi", "1G", "1.5Gi", "134217728"])
      expect(memoryQuantityProblem(ok), ok).to.equal(undefined);
  });

  it("CPU is above 0 and no finer than 1m", () => {
    expect(cpuQuantityProblem("0")).to.match(/more than 0/);
    expect(cpuQuantityProblem("0.0005")).to.match(/finer than 1m/);
    expect(cpuQuantityProblem("100u")).to.match(/finer than 1m/);
    for (const ok of ["1m", "250m", "0.5", "2", "1.5"])
      expect(cpuQuantityProblem(ok), ok).to.equal(undefined);
  });
});
