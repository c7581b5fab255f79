import { expect } from "chai";
import {
  awakeHoursPerWeek,
  BomItem,
  estimateMonthly,
  fixed,
  HOURS_PER_WEEK,
  sleepingCost,
} from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const pricing = pricingFor("us-east-1");

const nodes = (resource: string, n: number, capacity: BomItem["capacity"]): BomItem[] => [
  {
    component: "nodes",
    resource,
    price: { kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] },
    capacity,
    unit: "per-hour",
    quantity: fixed(n),
  },
  {
    component: "nodes",
    resource,
    price: { kind: "ebs-volume", volumeType: "gp3" },
    capacity: "on-demand",
    unit: "per-gb-month",
    quantity: fixed(n * 50),
  },
];
const db: BomItem[] = [
  {
    component: "postgres",
    resource: "db",
    price: { kind: "rds-postgres-instance", instanceClass: "db.t4g.medium", multiAz: false },
    capacity: "on-demand",
    unit: "per-hour",
    quantity: fixed(1),
  },
  {
    component: "postgres",
    resource: "db",
    price: { kind: "rds-storage", storageType: "gp3", multiAz: false },
    capacity: "on-demand",
    unit: "per-gb-month",
    quantity: fixed(100),
  },
];
const cluster: BomItem = {
  component: "cluster",
  resource: "eks",
  price: { kind: "eks-cluster" },
  capacity: "on-demand",
  unit: "per-hour",
  quantity: fixed(1),
};
const estimate = (items: BomItem[]) => estimateMonthly({ items, notModelled: [] }, pricing);
const hours = { startHour: 8, stopHour: 18 };
const line = (e: ReturnType<typeof estimate>, resource: string, kind: string) =>
  e.lines.find((l) => l.item.resource === resource && l.item.price.kind === kind)!.monthly.baseline;

describe("sleeping cost (hours on x price)", () => {
  it("counts weekday office hours, plus the wake lead for what starts early", () => {
    expect(awakeHoursPerWeek(hours)).to.equal(50);
    expect(awakeHoursPerWeek(hours, 30)).to.equal(52.5);
  });

  it("refuses office hours that never end and a wake lead that starts the day before", () => {
    expect(() => awakeHoursPerWeek({ startHour: 18, stopHour: 8 })).to.throw(
      /start before they stop/,
    );
    expect(() => awakeHoursPerWeek({ startHour: 9, stopHour: 9 })).to.throw(
      /start before they stop/,
    );
    expect(() => awakeHoursPerWeek({ startHour: 1, stopHour: 9 }, 61)).to.throw(/before midnight/);
  });

  it("bills a node group's instances and volumes at full size in office hours and at its off-hours size otherwise", () => {
    const e = estimate(nodes("spot", 4, "spot"));
    const full = e.total.baseline;
    const s = sleepingCost(e, { hours, nodeGroups: { spot: 1 } });
    const on = 50 / HOURS_PER_WEEK;
    expect(s.alwaysOn).to.equal(full);
    expect(s.asleep).to.be.closeTo(full * (on + (1 - on) * 0.25), 1e-9);
    expect(s.sleeping.map((l) => l.label)).to.have.length(2);
    expect(s.savingsPercent).to.be.closeTo((1 - on) * 75, 1e-9);
  });

  it("saves nothing on reserved capacity: the commitment is billed whether nodes run or not", () => {
    const e = estimate(nodes("reserved", 2, "reserved"));
    const s = sleepingCost(e, { hours, nodeGroups: { reserved: 0 } });
    const instances = line(e, "reserved", "ec2-instance");
    const volumes = line(e, "reserved", "ebs-volume");
    // Volumes go with the instances (on-demand); the reserved instance hours stay.
    expect(s.asleep).to.be.closeTo(instances + volumes * (50 / HOURS_PER_WEEK), 1e-9);
    expect(s.awake[0].why).to.match(/reserved capacity/);
  });

  it("bills a stopped database's instance for office hours and the wake lead, and its storage all month", () => {
    const e = estimate([...db, cluster]);
    const s = sleepingCost(e, {
      hours,
      nodeGroups: {},
      stoppedInstances: ["db"],
      wakeLeadMinutes: 30,
    });
    const instance = line(e, "db", "rds-postgres-instance");
    expect(s.alwaysOn - s.asleep).to.be.closeTo(instance * (1 - 52.5 / HOURS_PER_WEEK), 1e-9);
    expect(s.awake.map((a) => a.why)).to.include.members([
      "RDS storage is billed while the instance is stopped",
      "the EKS control plane is billed per hour whether nodes run or not",
    ]);
    // Dearest first.
    expect(s.awake[0].resource).to.equal("eks");
  });

  it("keeps everything awake without a plan entry, so always on equals asleep", () => {
    const e = estimate([...nodes("spot", 2, "spot"), ...db, cluster]);
    const s = sleepingCost(e, { hours, nodeGroups: {} });
    expect(s.asleep).to.equal(s.alwaysOn);
    expect(s.savingsPercent).to.equal(0);
  });

  it("refuses a plan naming a resource the estimate does not price, or an off-hours size above the baseline", () => {
    const e = estimate(nodes("spot", 2, "spot"));
    expect(() => sleepingCost(e, { hours, nodeGroups: { gone: 0 } })).to.throw(/names gone/);
    expect(() => sleepingCost(e, { hours, nodeGroups: {}, stoppedInstances: ["db"] })).to.throw(
      /names db/,
    );
    expect(() => sleepingCost(e, { hours, nodeGroups: { spot: 3 } })).to.throw(
      /off-hours size 3 must lie between 0 and its baseline 2/,
    );
  });
});
