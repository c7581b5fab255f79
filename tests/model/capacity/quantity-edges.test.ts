// Kubernetes quantity edge cases (model/capacity/quantity.ts): surrounding spaces, signed
// exponents, and the exact messages for a CPU or memory value that is not a quantity at all.
import { expect } from "chai";
import {
  cpuQuantityProblem,
  isQuantity,
  memoryQuantityProblem,
  parseQuantity,
} from "../../../model/capacity/quantity";

describe("Kubernetes quantities: edges", () => {
  it("ignores spaces around a quantity, as a YAML value may carry them", () => {
    expect(parseQuantity(" 500m ")).to.equal(0.5);
    expect(isQuantity(" 2Gi ")).to.equal(true);
  });

  it("reads signed exponents: 1e+3 = 1000, 5e-1 = 0.5, 2E+2 = 200", () => {
    expect([parseQuantity("1e+3"), parseQuantity("5e-1"), parseQuantity("2E+2")]).to.deep.equal([
      1000, 0.5, 200,
    ]);
  });

  it("says what a CPU or memory value that is no quantity should look like", () => {
    expect(cpuQuantityProblem("2 cores")).to.equal(
      "must be a Kubernetes CPU quantity like 500m or 1",
    );
    expect(memoryQuantityProblem("2gb")).to.equal(
      "must be a Kubernetes memory quantity like 512Mi or 2Gi",
    );
  });

  it("names the fraction suffix of a memory value as written, spaces aside: 192m and 1.25m", () => {
    expect(memoryQuantityProblem(" 192m ")).to.equal(
      "is 0.192 bytes: the suffix m means a fraction (milli/micro/nano); did you mean 192Mi?",
    );
    expect(memoryQuantityProblem("1.25m")).to.equal(
      "is 0.00125 bytes: the suffix m means a fraction (milli/micro/nano); did you mean 1.25Mi?",
    );
  });
});
