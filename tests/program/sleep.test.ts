import { expect } from "chai";
import { SLEEP_CONFIG_ENV } from "../../components/database/sleep-handler";
import type { CostSummary } from "../../model/cost";
import { byUrn, ofType, one, runStack } from "../helpers/program";

/** The target for what sleeping saves of the always-on baseline. */
const TARGET_SAVINGS_PERCENT = 35;

describe("non-production sleeps outside office hours", () => {
  it("dev stops its database outside office hours: a 15-minute schedule in the office's time zone runs the sleep function", async () => {
    const r = await runStack("dev");
    const schedule = one(r, "aws:scheduler/schedule:Schedule");
    expect(schedule.inputs.scheduleExpression).to.equal("cron(0/15 * * * ? *)");
    expect(schedule.inputs.scheduleExpressionTimezone).to.equal("Europe/London");
    const fn = one(r, "aws:lambda/function:Function", "postgres-sleep-function");
    const config = JSON.parse(fn.inputs.environment.variables[SLEEP_CONFIG_ENV]);
    const primary = one(r, "aws:rds/instance:Instance", "postgres-primary");
    expect(config).to.deep.equal({
      timezone: "Europe/London",
      startHour: 8,
      stopHour: 18,
      wakeLeadMinutes: 30,
      dbInstances: [primary.inputs.identifier],
    });
    expect(byUrn(r, fn.parent!).type).to.equal("platform:database:DatabaseSleep");
  });

  it("staging stops its database outside office hours too: it has no read replica (its declared 4:1 load does not call for one)", async () => {
    const r = await runStack("staging");
    expect(ofType(r, "aws:rds/instance:Instance").map((i) => i.name)).to.deep.equal([
      "postgres-primary",
    ]);
    const fn = one(r, "aws:lambda/function:Function", "postgres-sleep-function");
    const config = JSON.parse(fn.inputs.environment.variables[SLEEP_CONFIG_ENV]);
    expect(config.dbInstances).to.deep.equal([
      one(r, "aws:rds/instance:Instance", "postgres-primary").inputs.identifier,
    ]);
    expect(config.wakeLeadMinutes).to.equal(30);
  });

  it("prod never sleeps: no schedule, no sleeping estimate", async () => {
    const r = await runStack("prod");
    expect(ofType(r, "aws:autoscaling/schedule:Schedule")).to.have.length(0);
    expect(ofType(r, "aws:scheduler/schedule:Schedule")).to.have.length(0);
    expect((r.outputs.costEstimate as CostSummary).sleeping).to.equal(undefined);
  });

  for (const stack of ["dev", "staging"]) {
    it(`${stack}'s estimate prices the schedule: asleep is below always on, by what the sleeping lines save`, async () => {
      const s = (await runStack(stack)).outputs.costEstimate as CostSummary;
      expect(s.sleeping, "costEstimate.sleeping").to.not.equal(undefined);
      const sl = s.sleeping!;
      expect(sl.alwaysOn).to.equal(s.total.baseline);
      expect(sl.asleep).to.be.below(sl.alwaysOn);
      expect(sl.officeHoursPerWeek).to.equal(50);
      expect(sl.savingsPercent).to.be.closeTo(
        ((sl.alwaysOn - sl.asleep) / sl.alwaysOn) * 100,
        0.05,
      );
    });
  }

  it("dev saves 24.3 % asleep: the broker cannot stop, and even without its charge dev would save 32.7 %, because the system group keeps two nodes at night", async () => {
    const sl = ((await runStack("dev")).outputs.costEstimate as CostSummary).sleeping!;
    expect(sl.savingsPercent).to.be.closeTo(24.3, 0.05);
    expect(sl.savingsPercent).to.be.below(TARGET_SAVINGS_PERCENT);
    const broker = sl.awake.find((a) => a.resource === "rabbitmq-broker")!;
    expect(broker.why).to.match(/cannot stop a broker/);
    const saved = sl.alwaysOn - sl.asleep;
    const withoutBroker = (saved / (sl.alwaysOn - broker.monthly)) * 100;
    expect(withoutBroker).to.be.closeTo(32.7, 0.05);
    expect(withoutBroker).to.be.below(TARGET_SAVINGS_PERCENT);
  });

  it("staging saves 32.0 % asleep; removing Redis's replica at night (not built) would save more than the gap to 35 %", async () => {
    const sl = ((await runStack("staging")).outputs.costEstimate as CostSummary).sleeping!;
    expect(sl.savingsPercent).to.be.closeTo(32.0, 0.05);
    expect(sl.awake.map((a) => a.resource)).to.not.include("postgres-primary");
    expect(sl.awake.slice(0, 2).map((a) => a.resource)).to.deep.equal([
      "redis-group",
      "rabbitmq-broker",
    ]);
    const gap = (TARGET_SAVINGS_PERCENT / 100) * sl.alwaysOn - (sl.alwaysOn - sl.asleep);
    expect(gap).to.be.closeTo(53.73, 0.01);
    // The group is a primary and one replica of the same node type: half its charge is the replica.
    const replicaAtNight = (sl.awake[0].monthly / 2) * (1 - sl.officeHoursPerWeek / 168);
    expect(replicaAtNight).to.be.closeTo(112.29, 0.01);
    expect(replicaAtNight).to.be.above(gap);
  });
});
