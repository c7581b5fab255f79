import { budgets, estimate, usd } from "../lib/cost";
import { num } from "../lib/read";
import { Rule, schema } from "../lib/types";

export const maxCostWithinBudget: Rule = {
  name: "max-cost-within-budget",
  description:
    "Checks whether the stack's monthly cost at maximum scale (every autoscaler at its max), priced with the cost model, stays within the environment's budget.",
  configSchema: schema({
    maxMonthlyUsd: {
      type: "number",
      minimum: 0,
      default: 0,
      description:
        "The environment's approved monthly ceiling in USD; 0 (default) means the limit of the stack's AWS Budget",
    },
  }),
  validateStack: (args, report) => {
    const { maxMonthlyUsd } = args.getConfig<{ maxMonthlyUsd: number }>();
    let e;
    try {
      e = estimate(args.resources);
    } catch (err) {
      return report(`the stack cannot be priced: ${(err as Error).message}`);
    }
    const budget = budgets(args.resources)[0];
    const limit =
      maxMonthlyUsd > 0 ? maxMonthlyUsd : budget ? num(budget.props, "limitAmount") : undefined;
    if (limit === undefined)
      return report(
        "no budget to compare with: set maxMonthlyUsd in the policy config or create an AWS Budget with a known limitAmount",
      );
    const source = maxMonthlyUsd > 0 ? "the policy's maxMonthlyUsd" : `AWS Budget ${budget!.name}`;
    if (e.total.max > limit)
      report(
        `estimated monthly cost at maximum scale ${usd(e.total.max)} exceeds the budget of ${usd(limit)} (${source}); baseline is ${usd(e.total.baseline)}`,
      );
  },
};
