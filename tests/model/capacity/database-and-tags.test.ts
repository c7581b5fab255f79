// The read-replica rule's input checks and edge ratios (model/capacity/database.ts), and the
// declared-load tags the policy pack reads back (model/capacity/declared.ts).
import { expect } from "chai";
import {
  datasetAtHorizonGb,
  parseDatasetTag,
  parseQpsTag,
  planDatabase,
  type CapacityProblem,
  type DatabaseLoad,
} from "../../../model/capacity";

function dbProblems(db: DatabaseLoad): CapacityProblem[] {
  const problems: CapacityProblem[] = [];
  expect(planDatabase(db, problems)).to.equal(undefined);
  return problems;
}

describe("read replicas: input checks", () => {
  it("names every bad figure at its key, the replica count with the maximum it is held to", () => {
    expect(
      dbProblems({
        readQps: -1,
        writeQps: -1,
        readReplicas: 4,
        maxReadReplicas: 16,
        readWriteThreshold: 0,
      }),
    ).to.deep.equal([
      { path: "database.readQps", message: "must be a number at least 0, got -1" },
      { path: "database.writeQps", message: "must be a number at least 0, got -1" },
      { path: "database.maxReadReplicas", message: "must be a number between 0 and 15, got 16" },
      { path: "database.readWriteThreshold", message: "must be a number above 0, got 0" },
    ]);
    expect(dbProblems({ readQps: 1, writeQps: 1, readReplicas: 4 })).to.deep.equal([
      {
        path: "database.readReplicas",
        message: "must be a number between 0 and 3 (maxReadReplicas is 3), got 4",
      },
    ]);
  });

  it("gives no plan when only one figure is bad", () => {
    expect(dbProblems({ readQps: -1, writeQps: 1, readReplicas: 0 })).to.have.length(1);
  });

  it("accepts 15 read replicas, the most RDS allows", () => {
    const problems: CapacityProblem[] = [];
    expect(
      planDatabase({ readQps: 1, writeQps: 1, readReplicas: 15, maxReadReplicas: 15 }, problems),
    ).to.include({ recommendedReadReplicas: 15 });
    expect(problems).to.deep.equal([]);
  });
});

describe("read replicas: edge ratios", () => {
  it("an idle database (no reads, no writes) has ratio 0 and needs nothing", () => {
    expect(planDatabase({ readQps: 0, writeQps: 0, readReplicas: 0 }, [])).to.deep.equal({
      readWriteRatio: 0,
      needsAnotherReplica: false,
      recommendedReadReplicas: 0,
      atMaximum: false,
      reason: "read:write 0.00:1 is within 4:1; 0 read replica(s) suffice",
    });
  });

  it("reads without writes is an infinite ratio: add a replica", () => {
    expect(planDatabase({ readQps: 5, writeQps: 0, readReplicas: 0 }, [])).to.include({
      readWriteRatio: Infinity,
      needsAnotherReplica: true,
      recommendedReadReplicas: 1,
    });
  });

  it("writes without reads is ratio 0", () => {
    expect(planDatabase({ readQps: 0, writeQps: 5, readReplicas: 1 }, [])).to.include({
      readWriteRatio: 0,
      needsAnotherReplica: false,
    });
  });

  it("prints at most six decimals, even when that still reads as the threshold", () => {
    // 4.000000001:1 needs nine decimals to show it is above 4; six is the most printed.
    expect(
      planDatabase({ readQps: 4_000_000_001, writeQps: 1_000_000_000, readReplicas: 0 }, [])!
        .reason,
    ).to.equal("read:write 4.000000:1 exceeds 4:1; add a read replica (0 → 1 of at most 3)");
  });
});

describe("declared load: the dataset at the horizon and the tags", () => {
  it("accepts zero for every figure (an empty, static dataset now) and refuses a negative one", () => {
    expect(datasetAtHorizonGb({ datasetGb: 0, growthGbPerMonth: 0 }, 0)).to.equal(0);
    expect(() => datasetAtHorizonGb({ datasetGb: 4, growthGbPerMonth: 2 }, -1)).to.throw(
      RangeError,
      "horizonMonths must be >= 0, got -1",
    );
  });

  it("reads decimals on both sides of the reads/writes tag and nothing after it", () => {
    expect(parseQpsTag("900.25/200.75")).to.deep.equal({ readQps: 900.25, writeQps: 200.75 });
    expect(parseQpsTag("900/200")).to.deep.equal({ readQps: 900, writeQps: 200 });
    for (const bad of ["900/200x", "900/200.", "900./200", ["900/200"]])
      expect(parseQpsTag(bad), JSON.stringify(bad)).to.equal(undefined);
  });

  it("reads a dataset size in plain decimal only: 16.25, not ' 16' or '16.'", () => {
    expect(parseDatasetTag("16.25")).to.equal(16.25);
    for (const bad of [" 16", "16.", "16 "]) expect(parseDatasetTag(bad), bad).to.equal(undefined);
  });
});
