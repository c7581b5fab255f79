import { expect } from "chai";
import { SHUTDOWN_HANDLER_PATH } from "../../../components/budget";

type Group = { asg: string; size: number };
type Api = {
  suspendScheduledActions(asg: string): Promise<unknown>;
  pin(asg: string, size: number): Promise<unknown>;
};
/** The very file the Lambda function ships, loaded as Node loads it there. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shipped = require(SHUTDOWN_HANDLER_PATH) as {
  handler(event: unknown): Promise<Group[]>;
  makeHandler(api: Api, groups: Group[]): (event: unknown) => Promise<Group[]>;
  parseGroups(text: string | undefined): Group[];
  sdkApi(sdk: unknown): Api;
};

/** An SNS delivery of an AWS Budgets notification, as Lambda hands it over. */
const budgetEvent = {
  Records: [
    {
      EventSource: "aws:sns",
      Sns: {
        Subject: "AWS Budgets: platform-dev-monthly has exceeded your alert threshold",
        Message: "AWS Budget Notification ... ACTUAL Cost > 95% of $913.00",
      },
    },
  ],
};

/** A stand-in for @aws-sdk/client-auto-scaling that records every command sent. */
function fakeSdk(failFor?: string) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  class Command {
    constructor(readonly input: Record<string, unknown>) {}
  }
  class SuspendProcessesCommand extends Command {}
  class UpdateAutoScalingGroupCommand extends Command {}
  class AutoScalingClient {
    async send(c: Command) {
      if (c.input.AutoScalingGroupName === failFor) throw new Error("AccessDenied");
      sent.push({ command: c.constructor.name, input: c.input });
      return {};
    }
  }
  return {
    sdk: { AutoScalingClient, SuspendProcessesCommand, UpdateAutoScalingGroupCommand },
    sent,
  };
}

describe("budget shutdown function (components/budget/shutdown-handler.cjs, run as shipped)", () => {
  const groups = [
    { asg: "eks-app-a", size: 0 },
    { asg: "eks-app-b", size: 1 },
  ];

  it("suspends scheduled actions, then pins min, max and desired to the off-hours size, group by group", async () => {
    const { sdk, sent } = fakeSdk();
    const applied = await shipped.makeHandler(shipped.sdkApi(sdk), groups)(budgetEvent);
    expect(applied).to.deep.equal(groups);
    expect(sent).to.deep.equal([
      {
        command: "SuspendProcessesCommand",
        input: { AutoScalingGroupName: "eks-app-a", ScalingProcesses: ["ScheduledActions"] },
      },
      {
        command: "UpdateAutoScalingGroupCommand",
        input: { AutoScalingGroupName: "eks-app-a", MinSize: 0, MaxSize: 0, DesiredCapacity: 0 },
      },
      {
        command: "SuspendProcessesCommand",
        input: { AutoScalingGroupName: "eks-app-b", ScalingProcesses: ["ScheduledActions"] },
      },
      {
        command: "UpdateAutoScalingGroupCommand",
        input: { AutoScalingGroupName: "eks-app-b", MinSize: 1, MaxSize: 1, DesiredCapacity: 1 },
      },
    ]);
  });

  it("still pins the other groups when one fails, then fails the invocation naming it (SNS retries)", async () => {
    const { sdk, sent } = fakeSdk("eks-app-a");
    await shipped
      .makeHandler(
        shipped.sdkApi(sdk),
        groups,
      )(budgetEvent)
      .then(
        () => expect.fail("the invocation should fail"),
        (e: Error) =>
          expect(e.message).to.match(/could not pin 1 group\(s\): eks-app-a: AccessDenied/),
      );
    expect(sent.map((s) => s.input.AutoScalingGroupName)).to.deep.equal(["eks-app-b", "eks-app-b"]);
  });

  it("reads NODE_GROUPS as the program writes it and refuses anything else, naming the variable", () => {
    expect(shipped.parseGroups(JSON.stringify(groups))).to.deep.equal(groups);
    expect(() => shipped.parseGroups(undefined)).to.throw(/NODE_GROUPS is not JSON/);
    expect(() => shipped.parseGroups("[]")).to.throw(/NODE_GROUPS must list at least one/);
    expect(() => shipped.parseGroups('[{"asg":"x","size":-1}]')).to.throw(/NODE_GROUPS entry/);
  });

  it("the entry point refuses to run without its groups before touching AWS", async () => {
    const saved = process.env.NODE_GROUPS;
    delete process.env.NODE_GROUPS;
    try {
      await shipped.handler(budgetEvent).then(
        () => expect.fail("should fail"),
        (e: Error) => expect(e.message).to.match(/NODE_GROUPS is not JSON/),
      );
    } finally {
      if (saved !== undefined) process.env.NODE_GROUPS = saved;
    }
  });
});
