import { expect } from "chai";
import { configAfter, expectProblem } from "../helpers/config-problems";

describe("office hours in the stack file", () => {
  it("refuses office hours that never end (stop at or before start), naming startHour", () => {
    for (const [startHour, stopHour] of [
      [9, 9],
      [18, 8],
    ])
      expectProblem(
        "dev",
        (s) => Object.assign(s.offHours, { startHour, stopHour }),
        "platform:offHours.startHour",
        /would never end/,
      );
  });

  it("refuses a database wake lead that overlaps the previous night, naming the key", () => {
    expectProblem(
      "dev",
      (s) => Object.assign(s.offHours, { startHour: 1, databaseWakeLeadMinutes: 90 }),
      "platform:offHours.databaseWakeLeadMinutes",
      /the day before office hours/,
    );
  });

  it("refuses a wake lead longer than two hours", () => {
    expectProblem(
      "dev",
      (s) => (s.offHours.databaseWakeLeadMinutes = 121),
      "platform:offHours.databaseWakeLeadMinutes",
      /at most 120/,
    );
  });

  it("refuses stopping a database that has read replicas (RDS cannot), naming stopDatabase", () => {
    expectProblem(
      "dev",
      (s) => (s.database.readReplicas = 1),
      "platform:offHours.stopDatabase",
      /RDS cannot stop an instance that has read replicas/,
    );
  });

  it("keeps the database running by default", () => {
    const env = configAfter("dev", (s) => delete s.offHours.stopDatabase);
    expect(env.offHours).to.deep.include({ stopDatabase: false, databaseWakeLeadMinutes: 30 });
  });
});
