import { expect } from "chai";
import {
  awakeHoursPerWeek,
  BomItem,
  estimateMonthly,
  fixed,
  PriceRef,
  sleepingCost,
} from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const pricing = pricingFor("us-east-1");
const hours = { startHour: 8, stopHour: 18 };

function item(resource: string, price: PriceRef, unit: BomItem["unit"], n: number): BomItem {
  return { component: "c", resource, price, capacity: "on-demand", unit, quantity: fixed(n) };
}
const ec2 = (resource: string, n: number) =>
  item(resource, { kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] }, "per-hour", n);
const ebs = (resource: string, gb: number) =>
  item(resource, { kind: "ebs-volume", volumeType: "gp3" }, "per-gb-month", gb);
const rds = (resource: string) =>
  item(
    resource,
    { kind: "rds-postgres-instance", instanceClass: "db.t4g.medium", multiAz: false },
    "per-hour",
    1,
  );
const estimate = (items: BomItem[]) => estimateMonthly({ items, notModelled: [] }, pricing);

describe("sleeping cost: the office-hours window and its bounds", () => {
  it("office hours may start at midnight and stop at midnight, not outside the day", () => {
    expect(awakeHoursPerWeek({ startHour: 0, stopHour: 8 })).to.equal(40);
    expect(awakeHoursPerWeek({ startHour: 16, stopHour: 24 })).to.equal(40);
    expect(() => awakeHoursPerWeek({ startHour: -1, stopHour: 8 })).to.throw(
      "office hours must start before they stop within one day, got -1-8",
    );
    expect(() => awakeHoursPerWeek({ startHour: 16, stopHour: 25 })).to.throw(
      "office hours must start before they stop within one day, got 16-25",
    );
  });

  it("the wake lead may reach back exactly to midnight, not a minute further", () => {
    // 5 days x (9 - 1 + 1) h = 45
    expect(awakeHoursPerWeek({ startHour: 1, stopHour: 9 }, 60)).to.equal(45);
    expect(() => awakeHoursPerWeek({ startHour: 2, stopHour: 9 }, 121)).to.throw(
      "a wake lead of 121 minutes would start before midnight; it must lie in [0, 120]",
    );
    expect(() => awakeHoursPerWeek(hours, -1)).to.throw(
      "a wake lead of -1 minutes would start before midnight; it must lie in [0, 480]",
    );
  });
});

describe("sleeping cost: what sleeps, what does not and why", () => {
  it("names why each kind of always-on charge keeps running", () => {
    const e = estimate([
      item("eks", { kind: "eks-cluster" }, "per-hour", 1),
      item("nat", { kind: "nat-gateway" }, "per-hour", 1),
      item("mq", { kind: "mq-rabbitmq-broker", instanceType: "mq.m5.large" }, "per-hour", 1),
      item("redis", { kind: "elasticache-redis-node", nodeType: "cache.t4g.micro" }, "per-hour", 1),
      item("db", { kind: "rds-storage", storageType: "gp3", multiAz: false }, "per-gb-month", 100),
      rds("replica"),
      ec2("ng", 1),
      ebs("ng-disk", 50),
      item("key", { kind: "kms-key" }, "per-month", 1),
    ]);
    const why = Object.fromEntries(
      sleepingCost(e, { hours, nodeGroups: {} }).awake.map((a) => [a.resource, a.why]),
    );
    expect(why).to.deep.equal({
      eks: "the EKS control plane is billed per hour whether nodes run or not",
      nat: "a NAT gateway is billed per hour while it exists",
      mq: "Amazon MQ cannot stop a broker, and changing its instance type needs a reboot",
      redis: "ElastiCache cannot stop a node",
      db: "RDS storage is billed while the instance is stopped",
      replica:
        "not stopped (offHours.stopDatabase is false, or it is a read replica, which RDS cannot stop)",
      ng: "node group without offHoursSize",
      "ng-disk": "node group without offHoursSize",
      key: "billed per month or per use, not per running hour",
    });
  });

  it("says how many nodes run in and out of office hours, and when a stopped database starts", () => {
    const e = estimate([ec2("ng", 4), rds("db")]);
    const out = sleepingCost(e, {
      hours,
      nodeGroups: { ng: 1 },
      stoppedInstances: ["db"],
      wakeLeadMinutes: 30,
    });
    expect(out.sleeping.map((l) => [l.resource, l.why])).to.deep.equal([
      ["ng", "4 nodes in office hours, 1 outside"],
      ["db", "stopped outside office hours, started 30 min before them"],
    ]);
  });

  it("a node group may sleep at its full size (saving nothing), not above it", () => {
    const e = estimate([ec2("ng", 3)]);
    const out = sleepingCost(e, { hours, nodeGroups: { ng: 3 } });
    // 3 x 0.192 x 730 = 420.48, the same asleep.
    expect(out.asleep).to.be.closeTo(420.48, 1e-9);
    expect(out.savingsPercent).to.be.closeTo(0, 1e-9);
    expect(() => sleepingCost(e, { hours, nodeGroups: { ng: 4 } })).to.throw(
      "ng: off-hours size 4 must lie between 0 and its baseline 3 nodes",
    );
  });

  it("a node-group entry does not put a database of that name to sleep", () => {
    const e = estimate([rds("db")]);
    const out = sleepingCost(e, { hours, nodeGroups: { db: 0 } });
    expect(out.sleeping).to.deep.equal([]);
    expect(out.awake.map((a) => a.resource)).to.deep.equal(["db"]);
    expect(out.asleep).to.be.closeTo(47.45, 1e-9);
  });

  it("a node group with no baseline nodes costs nothing either way, and lists no charge", () => {
    const e = estimate([ec2("idle", 0), ec2("off", 0)]);
    const out = sleepingCost(e, { hours, nodeGroups: { idle: 0 } });
    expect(out.asleep).to.equal(0);
    expect(out.sleeping.map((l) => [l.resource, l.asleep])).to.deep.equal([["idle", 0]]);
    // "off" is not in the plan and costs nothing: not an always-on charge worth naming.
    expect(out.awake).to.deep.equal([]);
    expect(out.savingsPercent).to.equal(0);
  });
});
