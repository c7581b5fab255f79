import { expect } from "chai";
import { budgetNotifications } from "../../components/budget";
import { editedConfig } from "../../scripts/lib/program";
import { one, ofType, run, runStack } from "../helpers/program";

const BUDGET = "aws:budgets/budget:Budget";
const LAMBDA = "aws:lambda/function:Function";

describe("AWS Budgets per environment", function () {
  this.timeout(120_000);

  it("each environment gets one monthly cost budget filtered on its Environment tag, limited at baseline + 20 %", async () => {
    for (const env of ["dev", "prod"]) {
      const r = await runStack(env);
      const b = one(r, BUDGET).inputs;
      expect(b).to.include({
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitUnit: "USD",
        name: `platform-${env}-monthly`,
      });
      expect(b.costFilters).to.deep.equal([
        { name: "TagKeyValue", values: [`user:Environment$${env}`] },
      ]);
      const baseline = (r.outputs.costEstimate as { total: { baseline: number } }).total.baseline;
      expect(Number(b.limitAmount)).to.equal(Math.ceil(baseline * 1.2));
    }
  });

  it("warns at 90 % actual (108 % of the baseline) and 100 % forecasted spend on the monitoring SNS topic and by e-mail", async () => {
    const r = await runStack("prod");
    const topic = r.outputs.alertTopicArn as string;
    expect(topic).to.match(/^arn:aws:sns:/);
    const n = one(r, BUDGET).inputs.notifications as Array<Record<string, unknown>>;
    expect(n.map((x) => [x.notificationType, x.threshold])).to.deep.equal([
      ["ACTUAL", 90],
      ["FORECASTED", 100],
    ]);
    for (const x of n) {
      expect(x.subscriberEmailAddresses).to.deep.equal(["platform-team@example.com"]);
      expect(x.subscriberSnsTopicArns).to.deep.equal([topic]);
    }
  });

  it("an explicit limit replaces the seeded one", async () => {
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.budget.limitUsd = 2500)),
    });
    expect(one(r, BUDGET).inputs.limitAmount).to.equal("2500.00");
  });

  it("non-prod: at 95 % actual spend an SNS-triggered function pins the application nodes to their off-hours size", async () => {
    const r = await runStack("dev");
    const n = one(r, BUDGET).inputs.notifications as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const trigger = n.find((x) => x.threshold === 95)!;
    expect(trigger.notificationType).to.equal("ACTUAL");
    const topic = one(r, "aws:sns/topic:Topic", "budget-shutdown-topic");
    expect(trigger.subscriberSnsTopicArns).to.deep.equal([topic.outputs.arn]);
    const fn = one(r, LAMBDA, "budget-shutdown").inputs;
    expect(JSON.parse(fn.environment.variables.NODE_GROUPS)).to.deep.equal([
      { asg: "eks-platform-dev-app-spot-mock", size: 0 },
    ]);
    const sub = one(
      r,
      "aws:sns/topicSubscription:TopicSubscription",
      "budget-shutdown-subscription",
    ).inputs;
    expect(sub).to.include({ protocol: "lambda" });
    const policy = JSON.parse(
      one(r, "aws:sns/topicPolicy:TopicPolicy", "budget-shutdown-topic-policy").inputs.policy,
    );
    expect(policy.Statement[0].Principal).to.deep.equal({ Service: "budgets.amazonaws.com" });
  });

  it("prod never scales itself down: no shutdown function, no 95 % trigger", async () => {
    const r = await runStack("prod");
    expect(ofType(r, LAMBDA).filter((x) => x.name.startsWith("budget"))).to.have.length(0);
    expect((one(r, BUDGET).inputs.notifications as unknown[]).length).to.equal(2);
  });

  it("the budget records the cost model's discounts and declared usage for the policy pack", async () => {
    const r = await run({
      stack: "prod",
      config: editedConfig("prod", (s) => (s.budget.spotDiscount = 0.6)),
    });
    expect(one(r, BUDGET).inputs.tags).to.deep.equal({
      "platform.io/spot-discount": "0.6",
      "platform.io/reserved-discount": "0.4",
      // platform:usage of Pulumi.prod.yaml in order, then Prometheus's 2 x 200 GiB gp3 volumes
      "platform.io/usage": "40:400:8:16:0.67:0:300:0.25:10:0:200000:1300 prometheus=200=2=gp3",
    });
    expect((r.outputs.costEstimate as { discounts: unknown }).discounts).to.deep.equal({
      spot: 0.6,
      reserved: 0.4,
    });
  });

  it("a region without a pricing table still deploys: the estimate says why, and only an explicit limit makes a budget", async () => {
    const unpriced = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.aws.region = "eu-west-1")),
    });
    expect(unpriced.outputs.costEstimate).to.deep.equal({
      unavailable:
        "no pricing table ships for eu-west-1 (shipped: us-east-1); add model/pricing/eu-west-1.json to price it",
    });
    expect(ofType(unpriced, BUDGET)).to.have.length(0);
    const limited = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => {
        s.aws.region = "eu-west-1";
        s.budget.limitUsd = 900;
      }),
    });
    expect(one(limited, BUDGET).inputs.limitAmount).to.equal("900.00");
  });

  it("a budget with neither e-mail nor topic subscribers is refused", () => {
    expect(() =>
      budgetNotifications({ actualAlertPercent: 80, forecastAlertPercent: 100, emails: [] }),
    ).to.throw(/budget notifications need a subscriber/);
  });
});
