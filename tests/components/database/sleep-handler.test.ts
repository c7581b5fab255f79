import { expect } from "chai";
import { sleepHandlerSource, SleepConfig } from "../../../components/database/sleep-handler";
import { awakeHoursPerWeek } from "../../../model/cost";

interface Handler {
  awake(now: Date, c: SleepConfig): boolean;
  reconcile(
    rds: {
      status(id: string): Promise<string>;
      stop(id: string): Promise<void>;
      start(id: string): Promise<void>;
    },
    now: Date,
    c: SleepConfig,
  ): Promise<{ want: string; results: Array<{ id: string; status: string; action: string }> }>;
}

// The deployed index.mjs itself, imported as an ES module (a data: URL), so the tests run the shipped code.
const importModule = new Function("u", "return import(u)") as (u: string) => Promise<Handler>;
const load = () =>
  importModule(
    `data:text/javascript;base64,${Buffer.from(sleepHandlerSource()).toString("base64")}`,
  );

const config: SleepConfig = {
  timezone: "Europe/London",
  startHour: 8,
  stopHour: 18,
  wakeLeadMinutes: 30,
  dbInstances: ["dev-pg"],
};

/** A fake RDS holding one status per instance, recording the calls. */
function fakeRds(statuses: Record<string, string>) {
  const calls: string[] = [];
  return {
    calls,
    status: async (id: string) => statuses[id],
    stop: async (id: string) => {
      calls.push(`stop ${id}`);
    },
    start: async (id: string) => {
      calls.push(`start ${id}`);
    },
  };
}

describe("database sleep function (the deployed handler)", () => {
  it("wants the database from the wake lead before office hours to their end, weekdays, in the office's time zone", async () => {
    const h = await load();
    // Wednesday 2 December 2026; London is on GMT (UTC+0).
    expect(h.awake(new Date("2026-12-02T07:29:00Z"), config)).to.equal(false);
    expect(h.awake(new Date("2026-12-02T07:30:00Z"), config)).to.equal(true);
    expect(h.awake(new Date("2026-12-02T17:59:00Z"), config)).to.equal(true);
    expect(h.awake(new Date("2026-12-02T18:00:00Z"), config)).to.equal(false);
    // In summer London is UTC+1: 07:30 local is 06:30 UTC.
    expect(h.awake(new Date("2026-07-01T06:30:00Z"), config)).to.equal(true);
    expect(h.awake(new Date("2026-07-01T17:00:00Z"), config)).to.equal(false);
    // Saturday noon.
    expect(h.awake(new Date("2026-12-05T12:00:00Z"), config)).to.equal(false);
  });

  it("is awake exactly the hours the cost model bills (checked at every 15-minute run over a week)", async () => {
    const h = await load();
    const monday = Date.parse("2026-11-30T00:00:00Z");
    let minutes = 0;
    for (let m = 0; m < 7 * 24 * 60; m += 15)
      if (h.awake(new Date(monday + m * 60_000), config)) minutes += 15;
    expect(minutes / 60).to.equal(awakeHoursPerWeek(config, config.wakeLeadMinutes));
  });

  it("stops a running database in the evening and starts a stopped one before office hours", async () => {
    const h = await load();
    const evening = fakeRds({ "dev-pg": "available" });
    await h.reconcile(evening, new Date("2026-12-02T18:00:00Z"), config);
    expect(evening.calls).to.deep.equal(["stop dev-pg"]);
    const morning = fakeRds({ "dev-pg": "stopped" });
    const out = await h.reconcile(morning, new Date("2026-12-03T07:30:00Z"), config);
    expect(morning.calls).to.deep.equal(["start dev-pg"]);
    expect(out).to.deep.equal({
      want: "available",
      results: [{ id: "dev-pg", status: "stopped", action: "start" }],
    });
  });

  it("stops again a database RDS restarted after 7 days stopped (or a person started at night)", async () => {
    const h = await load();
    const rds = fakeRds({ "dev-pg": "available" });
    // Sunday 03:15: nobody's office hours, yet the instance runs.
    await h.reconcile(rds, new Date("2026-12-06T03:15:00Z"), config);
    expect(rds.calls).to.deep.equal(["stop dev-pg"]);
  });

  it("leaves alone an instance that is already where it should be or is busy (starting, backing up, modifying)", async () => {
    const h = await load();
    for (const status of ["stopped", "stopping", "starting", "backing-up", "modifying"]) {
      const rds = fakeRds({ "dev-pg": status });
      await h.reconcile(rds, new Date("2026-12-02T22:00:00Z"), config);
      expect(rds.calls, status).to.deep.equal([]);
    }
    for (const status of ["available", "starting", "stopping"]) {
      const rds = fakeRds({ "dev-pg": status });
      await h.reconcile(rds, new Date("2026-12-02T10:00:00Z"), config);
      expect(rds.calls, status).to.deep.equal([]);
    }
  });
});
