import * as pulumi from "@pulumi/pulumi";
import { CostBudget, CostLedger, startCostLedger } from "../../components/budget";
import { CostSummary, seededBudgetLimit, summariseEstimate } from "../../model/cost";
import type { Foundation } from "./foundation";

/** What the governance area adds: the cost estimate and the budget that holds it. */
export interface Governance {
  /** Monthly estimate at min/baseline/max, by component and capacity type. */
  estimate: pulumi.Output<CostSummary>;
  budget: CostBudget;
}

/** Inputs from other areas. */
export interface GovernanceInputs {
  /** The monitoring SNS topic budget warnings go to. Default: none (e-mail only). */
  alertTopicArn?: pulumi.Input<string>;
}

/**
 * Starts the cost ledger. Call before building any other area: it prices what is registered
 * after it.
 */
export function startGovernance(): CostLedger {
  return startCostLedger();
}

/**
 * The environment's cost estimate (the same function the policy pack and the plan run over the
 * same resources) and its AWS Budget. Call after every other area, so the estimate covers them.
 * @param f the foundation (environment, options, node groups).
 * @param ledger the ledger started by {@link startGovernance}.
 * @param inputs what other areas hand over; see {@link GovernanceInputs}.
 */
export function buildGovernance(
  f: Foundation,
  ledger: CostLedger,
  inputs: GovernanceInputs = {},
): Governance {
  const { env } = f;
  const b = env.budget;
  const estimate = ledger
    .estimate({
      region: env.aws.region,
      overrides: { spotDiscount: b.spotDiscount, reservedDiscount: b.reservedDiscount },
    })
    .apply(summariseEstimate);
  const limitUsd =
    b.limitUsd ?? estimate.apply((e) => seededBudgetLimit(e.total.baseline, b.bufferPercent));

  const shutdownGroups = f.nodes.groups
    .filter((g) => g.spec.role === "application" && g.spec.offHoursSize !== undefined)
    .map((g) => ({ asgName: g.asgName, size: g.spec.offHoursSize as number }));
  const budget = new CostBudget(
    "budget",
    {
      environment: env.name,
      limitUsd,
      discounts: estimate.apply((e) => e.discounts),
      actualAlertPercent: b.actualAlertPercent,
      forecastAlertPercent: b.forecastAlertPercent,
      emails: b.emails,
      alertTopicArn: inputs.alertTopicArn,
      shutdown:
        b.shutdownAtPercent === undefined
          ? undefined
          : { atPercent: b.shutdownAtPercent, clusterName: f.clusterName, groups: shutdownGroups },
    },
    f.opts,
  );
  return { estimate, budget };
}

/** Stack outputs of the governance area. */
export function governanceOutputs(g: Governance) {
  return {
    costEstimate: g.estimate,
    budgetName: g.budget.budgetName,
    budgetLimitUsd: g.budget.limitUsd,
  };
}
