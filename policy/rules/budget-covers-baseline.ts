import { budgets, estimate, usd } from "../lib/cost";
import { at, num } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const budgetCoversBaseline: Rule = {
  name: "budget-covers-baseline",
  description:
    "Checks whether a monthly AWS cost Budget exists whose limit is at least the stack's baseline cost estimate, which notifies on actual spend at the alert threshold and on forecasted spend, and none of whose notifications would fire in a month that costs the baseline.",
  configSchema: schema({
    alertPercent: int(
      90,
      "Actual-spend notification threshold (% of the limit) that must exist, or an earlier one (default 90)",
      1,
    ),
  }),
  validateStack: (args, report) => {
    const { alertPercent } = args.getConfig<{ alertPercent: number }>();
    const all = budgets(args.resources);
    if (all.length === 0)
      return report(
        "the stack has no AWS Budget (aws:budgets/budget:Budget); every environment needs a monthly cost budget",
      );
    let baseline: number;
    try {
      baseline = estimate(args.resources).total.baseline;
    } catch (err) {
      return report(`the stack cannot be priced: ${(err as Error).message}`);
    }
    for (const b of all) {
      if (at(b.props, "budgetType") !== "COST" || at(b.props, "timeUnit") !== "MONTHLY")
        report(
          `Budget ${b.name}: must be a MONTHLY COST budget, got ${at(b.props, "timeUnit")} ${at(b.props, "budgetType")}`,
          b.urn,
        );
      const limit = num(b.props, "limitAmount");
      if (limit === undefined) report(`Budget ${b.name}: limitAmount is not set`, b.urn);
      else if (limit < baseline)
        report(
          `Budget ${b.name}: limit ${usd(limit)} is below the baseline estimate ${usd(baseline)}; it would alert every month`,
          b.urn,
        );
      const notifications =
        (at(b.props, "notifications") as Array<Record<string, unknown>> | undefined) ?? [];
      const ok = notifications.some(
        (n) =>
          n.notificationType === "ACTUAL" &&
          n.thresholdType === "PERCENTAGE" &&
          Number(n.threshold) <= alertPercent,
      );
      if (!ok)
        report(
          `Budget ${b.name}: has no notification on ACTUAL spend at ${alertPercent} % of the limit or earlier`,
          b.urn,
        );
      if (!notifications.some((n) => n.notificationType === "FORECASTED"))
        report(`Budget ${b.name}: has no notification on FORECASTED spend`, b.urn);
      for (const n of notifications) {
        // AWS reads a threshold as a percentage of the limit unless it is ABSOLUTE_VALUE (USD).
        const absolute = n.thresholdType === "ABSOLUTE_VALUE";
        if (!absolute && limit === undefined) continue;
        const amount = absolute ? Number(n.threshold) : (Number(n.threshold) * limit!) / 100;
        if (amount <= baseline)
          report(
            `Budget ${b.name}: the ${String(n.notificationType)} notification at ${absolute ? usd(amount) : `${String(n.threshold)} % of ${usd(limit!)} is ${usd(amount)}`}, not above the baseline estimate ${usd(baseline)}; it would fire every month`,
            b.urn,
          );
      }
    }
  },
};
