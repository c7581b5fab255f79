import { z } from "zod";
import { uniqueList } from "./common";

const percent = (what: string) =>
  z
    .number({ error: "must be a number" })
    .gt(0, `${what} must be above 0 %`)
    .max(1000, `${what} must be at most 1000 %`);

const discount = (what: string) =>
  z
    .number({ error: "must be a number" })
    .min(0, `${what} must be at least 0 (a fraction of the On-Demand price)`)
    .lt(1, `${what} must be below 1 (e.g. 0.7 for 70 % off On-Demand)`);

/**
 * `platform:budget`: the environment's monthly AWS cost budget, how the cost model prices its
 * capacity, and what happens as spending approaches the limit.
 */
export const budgetSchema = z
  .strictObject({
    /**
     * Monthly limit in USD. Default: none, meaning the baseline estimate of the cost model plus
     * `bufferPercent` (seed 003: "monthly budget = baseline + 20 % buffer").
     */
    limitUsd: z
      .number({ error: "must be a number" })
      .positive("must be a positive amount of USD; omit it to derive the limit from the estimate")
      .optional()
      .describe("Monthly limit in USD (default: baseline estimate + bufferPercent)"),
    /** Buffer over the baseline estimate when `limitUsd` is not given. Default: 20. */
    bufferPercent: z
      .number({ error: "must be a number" })
      .min(0, "must be at least 0")
      .max(500, "must be at most 500")
      .default(20)
      .describe("Buffer (%) over the baseline estimate when limitUsd is unset"),
    /**
     * Actual spend (% of the limit) that notifies. Default: 90, which with the default 20 % buffer
     * is 108 % of the baseline estimate: above a normal month, so the alert means something.
     */
    actualAlertPercent: percent("actualAlertPercent")
      .default(90)
      .describe("Notify when actual spend reaches this % of the limit"),
    /** Forecasted spend (% of the limit) that notifies. Default: 100. */
    forecastAlertPercent: percent("forecastAlertPercent")
      .default(100)
      .describe("Notify when forecasted spend reaches this % of the limit"),
    /**
     * Actual spend (% of the limit) at which application node groups are scaled to their
     * off-hours size. Default: none (never; production stays up and only alerts).
     */
    shutdownAtPercent: percent("shutdownAtPercent")
      .optional()
      .describe(
        "Scale application node groups to their off-hours size at this % of actual spend (omit in prod)",
      ),
    /** Addresses notified besides the monitoring SNS topic. Default: none. */
    emails: uniqueList(z.email("must be an e-mail address"), "address")
      .max(10, "AWS Budgets allows at most 10 e-mail subscribers")
      .default([])
      .describe("E-mail subscribers"),
    /** Spot discount off On-Demand assumed by the cost model. Default: the pricing table's (0.7, seed 003). */
    spotDiscount: discount("spotDiscount")
      .optional()
      .describe("Spot discount (fraction off On-Demand); default from the pricing table"),
    /** Reserved / savings-plan discount off On-Demand. Default: the pricing table's (0.4, seed 003). */
    reservedDiscount: discount("reservedDiscount")
      .optional()
      .describe("Reserved discount (fraction off On-Demand); default from the pricing table"),
  })
  .superRefine((b, ctx) => {
    // With a seeded limit (baseline + buffer) a threshold's share of the baseline is known now;
    // an explicit limit is checked against the estimate when the program runs.
    if (b.limitUsd === undefined) {
      const factor = 1 + b.bufferPercent / 100;
      for (const key of [
        "actualAlertPercent",
        "forecastAlertPercent",
        "shutdownAtPercent",
      ] as const) {
        const pct = b[key];
        if (pct === undefined || pct * factor > 100) continue;
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} ${pct} % of a limit seeded at baseline + ${b.bufferPercent} % is ${(pct * factor).toFixed(1)} % of the baseline estimate: it would fire every month; use more than ${(100 / factor).toFixed(1)} or raise bufferPercent`,
        });
      }
    }
    if (b.shutdownAtPercent !== undefined && b.shutdownAtPercent <= b.actualAlertPercent) {
      ctx.addIssue({
        code: "custom",
        path: ["shutdownAtPercent"],
        message: `shutdownAtPercent ${b.shutdownAtPercent} must be above actualAlertPercent ${b.actualAlertPercent}: people are warned before capacity is cut`,
      });
    }
  })
  .prefault({})
  .describe(
    "Monthly AWS budget, alert thresholds, cost-model discounts and the spend-triggered shutdown",
  );

/** The validated budget settings. */
export type BudgetConfig = z.output<typeof budgetSchema>;
