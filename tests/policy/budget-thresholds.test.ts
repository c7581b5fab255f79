import { expect } from "chai";
import { thresholdsBelowBaseline } from "../../model/cost";
import { editedConfig } from "../../scripts/lib/program";
import { ConfigError, parseEnvironment, settingsFromConfigMap } from "../../stacks";
import { one, runFailing, runStack } from "../helpers/program";

const BUDGET = "aws:budgets/budget:Budget";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function refusal(edit: (s: Record<string, any>) => void, key: string): string {
  try {
    parseEnvironment("dev", settingsFromConfigMap(editedConfig("dev", edit)), "Pulumi.dev.yaml");
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    const p = (err as ConfigError).problems.find((x) => x.key === key);
    expect(p, JSON.stringify((err as ConfigError).problems)).to.not.equal(undefined);
    return p!.message;
  }
  throw new Error(`expected ${key} to be refused`);
}

describe("budgets that mean something: no notification fires on the baseline", function () {
  this.timeout(600_000);

  it("finds every threshold at or below the baseline, and none above it", () => {
    // limit 1,200 over a 1,000 baseline: 80 % = 960 fires every month; 90 % = 1,080 does not
    expect(
      thresholdsBelowBaseline(1000, 1200, {
        actualAlertPercent: 80,
        forecastAlertPercent: 100,
      }).map((p) => p.key),
    ).to.deep.equal(["actualAlertPercent"]);
    expect(
      thresholdsBelowBaseline(1000, 1200, {
        actualAlertPercent: 90,
        forecastAlertPercent: 100,
        shutdownAtPercent: 95,
      }),
    ).to.deep.equal([]);
    // exactly the baseline fires too
    expect(
      thresholdsBelowBaseline(1000, 1000, {
        actualAlertPercent: 90,
        forecastAlertPercent: 100,
      }).map((p) => p.key),
    ).to.deep.equal(["actualAlertPercent", "forecastAlertPercent"]);
  });

  it("the schema refuses an alert below a seeded limit's baseline, naming the key and the fix", () => {
    const m = refusal(
      (s) => (s.budget.actualAlertPercent = 80),
      "platform:budget.actualAlertPercent",
    );
    expect(m).to.match(
      /80 % of a limit seeded at baseline \+ 20 % is 96\.0 % of the baseline.*more than 83\.3/,
    );
    refusal((s) => (s.budget.bufferPercent = 0), "platform:budget.forecastAlertPercent");
  });

  it("the program refuses an explicit limit whose alert would fire on the baseline, naming the key", async () => {
    // dev's baseline is about $760: 90 % of $800 is $720
    const f = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.budget.limitUsd = 800)),
    });
    expect(f.message).to.match(
      /platform:budget\.actualAlertPercent: actualAlertPercent 90 % of the \$800\.00 limit is \$720\.00, not above the baseline estimate/,
    );
  });

  for (const env of ["dev", "staging", "prod"]) {
    it(`${env}: every notification of the budget lies above the baseline estimate, and one is on the forecast`, async () => {
      const r = await runStack(env);
      const baseline = (r.outputs.costEstimate as { total: { baseline: number } }).total.baseline;
      const budget = one(r, BUDGET).inputs;
      const limit = Number(budget.limitAmount);
      const n = budget.notifications as Array<{ notificationType: string; threshold: number }>;
      expect(n.map((x) => x.notificationType)).to.include("FORECASTED");
      for (const x of n)
        expect(
          (x.threshold * limit) / 100,
          `${x.notificationType} ${x.threshold} %`,
        ).to.be.greaterThan(baseline);
    });
  }
});
