import { expect } from "chai";
import { ConfigError, parseEnvironment, settingsFromConfigMap } from "../../stacks";
import { editedConfig } from "../../scripts/lib/program";

/** Problems of the dev stack file after an edit. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function problemsAfter(edit: (s: Record<string, any>) => void) {
  try {
    parseEnvironment("dev", settingsFromConfigMap(editedConfig("dev", edit)), "Pulumi.dev.yaml");
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected the configuration to be rejected");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectProblem(edit: (s: Record<string, any>) => void, key: string, pattern: RegExp) {
  const problems = problemsAfter(edit);
  const match = problems.find((p) => p.key === key);
  expect(match, `a problem for ${key}; got ${JSON.stringify(problems)}`).to.not.equal(undefined);
  expect(match!.message).to.match(pattern);
}

describe("office hours in the stack file", () => {
  it("refuses office hours that never end (stop at or before start), naming startHour", () => {
    for (const [startHour, stopHour] of [
      [9, 9],
      [18, 8],
    ])
      expectProblem(
        (s) => Object.assign(s.offHours, { startHour, stopHour }),
        "platform:offHours.startHour",
        /would never end/,
      );
  });

  it("refuses a database wake lead that overlaps the previous night, naming the key", () => {
    expectProblem(
      (s) => Object.assign(s.offHours, { startHour: 1, databaseWakeLeadMinutes: 90 }),
      "platform:offHours.databaseWakeLeadMinutes",
      /the day before office hours/,
    );
  });

  it("refuses a wake lead longer than two hours", () => {
    expectProblem(
      (s) => (s.offHours.databaseWakeLeadMinutes = 121),
      "platform:offHours.databaseWakeLeadMinutes",
      /at most 120/,
    );
  });

  it("refuses stopping a database that has read replicas (RDS cannot), naming stopDatabase", () => {
    expectProblem(
      (s) => (s.database.readReplicas = 1),
      "platform:offHours.stopDatabase",
      /RDS cannot stop an instance that has read replicas/,
    );
  });

  it("keeps the database running by default", () => {
    const env = parseEnvironment(
      "dev",
      settingsFromConfigMap(editedConfig("dev", (s) => delete s.offHours.stopDatabase)),
      "test",
    );
    expect(env.offHours).to.deep.include({ stopDatabase: false, databaseWakeLeadMinutes: 30 });
  });
});
