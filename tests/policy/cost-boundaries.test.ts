import { expect } from "chai";
import { messages, nodeGroup, resource } from "./resources";

/**
 * The pack's cost bounds at their limits, on a stack priced by hand: one on-demand m5.large node
 * group of 1 to 2 nodes in us-east-1 ($0.096 x 730 h = $70.08 per node, plus its 20 GB gp2 root
 * disk at $0.10/GB = $2.00): $72.08 at baseline, $144.16 at maximum.
 */
describe("policy pack: cost bounds at their limits", () => {
  const nodes = nodeGroup("app", { min: 1, desired: 1, max: 2 });
  const forecast = { notificationType: "FORECASTED", thresholdType: "PERCENTAGE", threshold: 100 };
  const budget = (limitAmount: string, threshold = 90) =>
    resource("aws:budgets/budget:Budget", "budget", {
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount,
      notifications: [
        { notificationType: "ACTUAL", thresholdType: "PERCENTAGE", threshold },
        forecast,
      ],
    });

  describe("max-cost-within-budget: $144.16 at maximum scale", () => {
    it("a policy ceiling of $145 passes, $144 fails", async () => {
      expect(
        await messages("max-cost-within-budget", { maxMonthlyUsd: 145 }, [nodes]),
      ).to.deep.equal([]);
      expect(
        await messages("max-cost-within-budget", { maxMonthlyUsd: 144 }, [nodes]),
      ).to.deep.equal([
        "estimated monthly cost at maximum scale $144.16 exceeds the budget of $144.00 (the policy's maxMonthlyUsd); baseline is $72.08",
      ]);
    });

    it("without a policy ceiling the AWS Budget's limit is used: $144.16 passes, $144.15 fails", async () => {
      expect(await messages("max-cost-within-budget", {}, [nodes, budget("144.16")])).to.deep.equal(
        [],
      );
      expect(await messages("max-cost-within-budget", {}, [nodes, budget("144.15")])).to.deep.equal(
        [
          "estimated monthly cost at maximum scale $144.16 exceeds the budget of $144.15 (AWS Budget budget); baseline is $72.08",
        ],
      );
    });

    it("with neither a ceiling nor a budget there is nothing to compare with", async () => {
      expect(await messages("max-cost-within-budget", {}, [nodes])).to.deep.equal([
        "no budget to compare with: set maxMonthlyUsd in the policy config or create an AWS Budget with a known limitAmount",
      ]);
    });
  });

  describe("budget-covers-baseline: limit at least $72.08, an ACTUAL alert at 90 % or earlier, a forecast alert, none at or below $72.08", () => {
    it("a limit equal to the baseline passes, a cent below fails", async () => {
      // Alerts at 101 % (allowed by the config) so that only the limit itself is at its bound.
      const atBound = { alertPercent: 101 };
      const late = (limit: string) => {
        const b = budget(limit, 101);
        b.inputs.notifications = [
          { notificationType: "ACTUAL", thresholdType: "PERCENTAGE", threshold: 101 },
          { ...forecast, threshold: 101 },
        ];
        return b;
      };
      expect(
        await messages("budget-covers-baseline", atBound, [nodes, late("72.08")]),
      ).to.deep.equal([]);
      expect(
        await messages("budget-covers-baseline", atBound, [nodes, late("72.07")]),
      ).to.deep.equal([
        "Budget budget: limit $72.07 is below the baseline estimate $72.08; it would alert every month",
      ]);
    });

    it("an alert at exactly 90 % passes, at 91 % fails", async () => {
      expect(
        await messages("budget-covers-baseline", { alertPercent: 90 }, [nodes, budget("500", 90)]),
      ).to.deep.equal([]);
      expect(
        await messages("budget-covers-baseline", { alertPercent: 90 }, [nodes, budget("500", 91)]),
      ).to.deep.equal([
        "Budget budget: has no notification on ACTUAL spend at 90 % of the limit or earlier",
      ]);
    });

    it("a notification one cent above the baseline passes; one at the baseline would fire every month and fails", async () => {
      // $100 limit: 72.09 % is $72.09, 72.08 % is $72.08, the baseline itself.
      expect(
        await messages("budget-covers-baseline", {}, [nodes, budget("100", 72.09)]),
      ).to.deep.equal([]);
      expect(
        await messages("budget-covers-baseline", {}, [nodes, budget("100", 72.08)]),
      ).to.deep.equal([
        "Budget budget: the ACTUAL notification at 72.08 % of $100.00 is $72.08, not above the baseline estimate $72.08; it would fire every month",
      ]);
    });

    it("a budget without a forecast notification is reported", async () => {
      const b = budget("500");
      b.inputs.notifications = [
        { notificationType: "ACTUAL", thresholdType: "PERCENTAGE", threshold: 90 },
      ];
      expect(await messages("budget-covers-baseline", {}, [nodes, b])).to.deep.equal([
        "Budget budget: has no notification on FORECASTED spend",
      ]);
    });

    it("a forecast alert or an absolute threshold does not count as the actual-spend alert", async () => {
      for (const n of [
        { notificationType: "FORECASTED", thresholdType: "PERCENTAGE", threshold: 50 },
        // $80: at most 90 as a number, and above the $72.08 baseline, so only the missing
        // percentage alert is reported.
        { notificationType: "ACTUAL", thresholdType: "ABSOLUTE_VALUE", threshold: 80 },
      ]) {
        const b = budget("500");
        b.inputs.notifications = [n, forecast];
        expect(await messages("budget-covers-baseline", {}, [nodes, b])).to.deep.equal([
          "Budget budget: has no notification on ACTUAL spend at 90 % of the limit or earlier",
        ]);
      }
    });

    it("a budget that is not MONTHLY COST, or has no limit, is reported", async () => {
      const b = budget("500");
      b.inputs.timeUnit = "QUARTERLY";
      expect(await messages("budget-covers-baseline", {}, [nodes, b])).to.deep.equal([
        "Budget budget: must be a MONTHLY COST budget, got QUARTERLY COST",
      ]);
      const c = budget("500");
      c.inputs.budgetType = "USAGE";
      expect(await messages("budget-covers-baseline", {}, [nodes, c])).to.have.length(1);
      const d = budget("500");
      delete d.inputs.limitAmount;
      expect(await messages("budget-covers-baseline", {}, [nodes, d])).to.deep.equal([
        "Budget budget: limitAmount is not set",
      ]);
    });

    it("a stack without a budget is reported", async () => {
      expect(await messages("budget-covers-baseline", {}, [nodes])).to.deep.equal([
        "the stack has no AWS Budget (aws:budgets/budget:Budget); every environment needs a monthly cost budget",
      ]);
    });
  });
});
