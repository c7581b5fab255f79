import { expect } from "chai";
import {
  estimateStack,
  ResourceLike,
  seededBudgetLimit,
  StackEstimate,
  thresholdsBelowBaseline,
} from "../../../model/cost";
import { freshCostModule } from "./fresh";

const cluster = (version: string): ResourceLike => ({
  type: "aws:eks/cluster:Cluster",
  name: "eks",
  props: { version },
});
const nat: ResourceLike = { type: "aws:ec2/natGateway:NatGateway", name: "nat-a", props: {} };

const s = (min: number, baseline: number, max: number) => ({ min, baseline, max });

/** A hand-made estimate with awkward fractions, so rounding shows. */
function estimate(over: Partial<StackEstimate> = {}): StackEstimate {
  return {
    region: "us-east-1",
    currency: "USD",
    pricingDate: "2026-11-22",
    hoursPerMonth: 730,
    discounts: { spot: 0.7, reserved: 0.4 },
    total: s(10.126, 20.004, 30.555),
    byComponent: { nodes: s(1.111, 2.226, 3.3349), eks: s(73, 73, 73) },
    byCapacity: {
      "on-demand": s(0.125, 1.005, 2.0049),
      spot: s(4.444, 5.555, 6.666),
      reserved: s(0, 0, 0),
    },
    byResource: {},
    lines: [],
    notModelled: ["aws:foo/bar:Bar x2"],
    ...over,
  };
}

const awakeLine = (resource: string, alwaysOn: number) => ({
  resource,
  label: `${resource} label`,
  alwaysOn,
  asleep: alwaysOn,
  why: `${resource} why`,
});

describe("cost model: stack estimate and its summary", () => {
  it("the discount tags the policy pack reads keep their names", () => {
    // The program writes these on the Budget and the pack reads them back: a renamed tag would
    // make the pack price with the table's defaults.
    const { SPOT_DISCOUNT_TAG, RESERVED_DISCOUNT_TAG } =
      freshCostModule<typeof import("../../../model/cost/stack")>("stack");
    expect(SPOT_DISCOUNT_TAG).to.equal("platform.io/spot-discount");
    expect(RESERVED_DISCOUNT_TAG).to.equal("platform.io/reserved-discount");
  });

  it("prices the control plane on the day asked for, not today", () => {
    // 1.33 left standard support on 2026-07-29: on 2026-01-01 it is $0.10/h (73.00 a month),
    // after that $0.60/h (438.00).
    const early = estimateStack([cluster("1.33")], { region: "us-east-1", asOf: "2026-01-01" });
    expect(early.total.baseline).to.be.closeTo(73, 1e-9);
    const late = estimateStack([cluster("1.33")], { region: "us-east-1", asOf: "2026-08-01" });
    expect(late.total.baseline).to.be.closeTo(438, 1e-9);
  });

  it("adds the sleeping cost only when a sleep plan is given", () => {
    const resources = [cluster("1.36"), nat];
    const opts = { region: "us-east-1", asOf: "2026-12-01" };
    expect(estimateStack(resources, opts)).to.not.have.property("sleeping");
    const e = estimateStack(resources, {
      ...opts,
      sleep: { hours: { startHour: 8, stopHour: 18 }, nodeGroups: {} },
    });
    // EKS 73.00 + NAT 32.85 never sleep.
    expect(e.sleeping?.alwaysOn).to.be.closeTo(105.85, 1e-9);
    expect(e.sleeping?.asleep).to.be.closeTo(105.85, 1e-9);
    expect(e.sleeping?.officeHoursPerWeek).to.equal(50);
  });

  // The summary is read from a fresh load too: its rounding helpers are built while the module
  // loads.
  const summarise = (e: StackEstimate) =>
    freshCostModule<typeof import("../../../model/cost/stack")>("stack").summariseEstimate(e);

  it("the summary rounds every figure to cents and sorts components by name", () => {
    const out = summarise(estimate());
    expect(out.total).to.deep.equal(s(10.13, 20, 30.56));
    expect(Object.keys(out.byComponent)).to.deep.equal(["eks", "nodes"]);
    expect(out.byComponent).to.deep.equal({ eks: s(73, 73, 73), nodes: s(1.11, 2.23, 3.33) });
    expect(out.byCapacity).to.deep.equal({
      "on-demand": s(0.13, 1, 2),
      spot: s(4.44, 5.56, 6.67),
      reserved: s(0, 0, 0),
    });
    expect(out.notModelled).to.deep.equal(["aws:foo/bar:Bar x2"]);
    expect(out).to.include({ currency: "USD", region: "us-east-1", pricingDate: "2026-11-22" });
    expect(out).to.not.have.property("sleeping");
  });

  it("the summary keeps the five dearest always-on charges, in cents, and savings to one decimal", () => {
    const awake = [9.996, 8.123, 7, 6, 5, 4].map((v, i) => awakeLine(`r${i}`, v));
    const out = summarise(
      estimate({
        sleeping: {
          officeHoursPerWeek: 55,
          alwaysOn: 1000.456,
          asleep: 876.544,
          savingsPercent: 12.3456,
          sleeping: [],
          awake,
        },
      }),
    );
    expect(out.sleeping).to.deep.equal({
      officeHoursPerWeek: 55,
      alwaysOn: 1000.46,
      asleep: 876.54,
      savingsPercent: 12.3,
      awake: [
        { resource: "r0", label: "r0 label", monthly: 10, why: "r0 why" },
        { resource: "r1", label: "r1 label", monthly: 8.12, why: "r1 why" },
        { resource: "r2", label: "r2 label", monthly: 7, why: "r2 why" },
        { resource: "r3", label: "r3 label", monthly: 6, why: "r3 why" },
        { resource: "r4", label: "r4 label", monthly: 5, why: "r4 why" },
      ],
    });
  });
});

describe("cost model: the seeded budget limit", () => {
  it("is the baseline plus the buffer, rounded up to whole dollars", () => {
    expect(seededBudgetLimit(100, 20)).to.equal(120);
    // 100.01 * 1.2 = 120.012 -> 121
    expect(seededBudgetLimit(100.01, 20)).to.equal(121);
    expect(seededBudgetLimit(250, 0)).to.equal(250);
  });

  it("accepts a zero baseline and a zero buffer, and refuses anything below or not finite", () => {
    expect(seededBudgetLimit(0, 20)).to.equal(0);
    expect(seededBudgetLimit(0, 0)).to.equal(0);
    expect(() => seededBudgetLimit(-0.01, 20)).to.throw(
      "baseline estimate must be a non-negative amount, got -0.01",
    );
    expect(() => seededBudgetLimit(NaN, 20)).to.throw(
      "baseline estimate must be a non-negative amount, got NaN",
    );
    expect(() => seededBudgetLimit(Infinity, 20)).to.throw(
      "baseline estimate must be a non-negative amount, got Infinity",
    );
    expect(() => seededBudgetLimit(100, -1)).to.throw(
      "budget buffer must be a non-negative percentage, got -1",
    );
    expect(() => seededBudgetLimit(100, NaN)).to.throw(
      "budget buffer must be a non-negative percentage, got NaN",
    );
  });
});

describe("cost model: budget thresholds against the baseline", () => {
  it("a threshold exactly at the baseline fires every month; one just above does not", () => {
    // Limit $1,000, baseline $800: 80 % is $800.00 (at the baseline), 81 % is $810.00.
    expect(
      thresholdsBelowBaseline(800, 1000, { actualAlertPercent: 80, forecastAlertPercent: 81 }),
    ).to.deep.equal([
      {
        key: "actualAlertPercent",
        message:
          "actualAlertPercent 80 % of the $1000.00 limit is $800.00, not above the baseline estimate $800.00: it would fire every month; use more than 80.0 or raise the limit",
      },
    ]);
  });

  it("checks each of the three thresholds, and skips a shutdown that is not set", () => {
    // Limit $500, baseline $450: 90 % is $450.00; the minimum is 90.0 %.
    const problems = thresholdsBelowBaseline(450, 500, {
      actualAlertPercent: 95,
      forecastAlertPercent: 90,
      shutdownAtPercent: 50,
    });
    expect(problems.map((p) => p.key)).to.deep.equal(["forecastAlertPercent", "shutdownAtPercent"]);
    expect(problems[1].message).to.equal(
      "shutdownAtPercent 50 % of the $500.00 limit is $250.00, not above the baseline estimate $450.00: it would fire every month; use more than 90.0 or raise the limit",
    );
    expect(
      thresholdsBelowBaseline(450, 500, { actualAlertPercent: 95, forecastAlertPercent: 91 }),
    ).to.deep.equal([]);
  });
});
