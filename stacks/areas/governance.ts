import * as pulumi from "@pulumi/pulumi";
import { CostBudget, CostLedger, startCostLedger } from "../../components/budget";
import {
  CostSummary,
  DeclaredUsage,
  seededBudgetLimit,
  SleepPlan,
  summariseEstimate,
  thresholdsBelowBaseline,
} from "../../model/cost";
import type { Environment } from "../schema";
import { SHIPPED_REGIONS } from "../../model/pricing";
import type { Area } from "./area";
import type { Foundation } from "./foundation";
import type { Monitored } from "./monitoring";

/** The estimate, or why there is none (a region without a shipped pricing table). */
export type CostEstimateOutput = CostSummary | { unavailable: string };

/** What the governance area adds: the cost estimate and the budget that holds it. */
export interface Governance {
  /** Monthly estimate at min/baseline/max, by component and capacity type. */
  estimate: pulumi.Output<CostEstimateOutput>;
  /** Undefined only in an unpriced region without an explicit `platform:budget.limitUsd`. */
  budget?: CostBudget;
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
 * A region without a pricing table still deploys (adding an environment is adding a file): the
 * estimate says why it is unavailable, and the budget needs an explicit limit.
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
  const region = env.aws.region;
  if (!SHIPPED_REGIONS.includes(region)) {
    const why = `no pricing table ships for ${region} (shipped: ${SHIPPED_REGIONS.join(", ")}); add model/pricing/${region}.json to price it`;
    pulumi.log.warn(
      `costEstimate is unavailable: ${why}${b.limitUsd === undefined ? "; no AWS Budget is created until platform:budget.limitUsd is set" : ""}`,
    );
    const estimate = pulumi.output<CostEstimateOutput>({ unavailable: why });
    return {
      estimate,
      budget: b.limitUsd === undefined ? undefined : budgetOf(f, b.limitUsd, undefined, inputs),
    };
  }
  const usage = declaredUsage(env);
  const estimate = ledger
    .estimate({
      region,
      overrides: { spotDiscount: b.spotDiscount, reservedDiscount: b.reservedDiscount },
      usage,
      sleep: sleepPlanOf(f),
    })
    .apply((e) => {
      // An explicit limit is checked here, in the estimate itself, where a failure stops the run.
      const problems =
        b.limitUsd === undefined ? [] : thresholdsBelowBaseline(e.total.baseline, b.limitUsd, b);
      if (problems.length > 0)
        throw new Error(problems.map((p) => `platform:budget.${p.key}: ${p.message}`).join("\n"));
      return summariseEstimate(e);
    });
  const limitUsd =
    b.limitUsd ?? estimate.apply((e) => seededBudgetLimit(e.total.baseline, b.bufferPercent));
  return {
    estimate,
    budget: budgetOf(
      f,
      limitUsd,
      estimate.apply((e) => e.discounts),
      inputs,
      usage,
    ),
  };
}

/**
 * The usage an environment is priced with: its declared traffic (`platform:usage`) and the
 * volumes its charts claim (Prometheus: one volume of `storageGiB` per replica, of the EBS type
 * its StorageClass is named after).
 */
export function declaredUsage(env: Environment): DeclaredUsage {
  const prometheus = env.monitoring?.prometheus;
  return {
    traffic: env.usage,
    volumes: prometheus
      ? [
          {
            name: "prometheus",
            gib: prometheus.storageGiB,
            count: prometheus.replicas,
            volumeType: prometheus.storageClass,
          },
        ]
      : [],
  };
}

/** Logical name of the RDS primary `stacks/areas/data-aws.ts` creates (component `postgres`). */
export const POSTGRES_PRIMARY_RESOURCE = "postgres-primary";

/** What sleeps outside office hours, in the estimate's terms; undefined for an always-on environment. */
export function sleepPlanOf(f: Foundation): SleepPlan | undefined {
  const hours = f.env.offHours;
  if (hours === undefined) return undefined;
  return {
    hours,
    nodeGroups: Object.fromEntries(
      f.nodes.groups
        .filter((g) => g.spec.offHoursSize !== undefined)
        .map((g) => [g.resourceName, g.spec.offHoursSize as number]),
    ),
    stoppedInstances: hours.stopDatabase ? [POSTGRES_PRIMARY_RESOURCE] : [],
    wakeLeadMinutes: hours.databaseWakeLeadMinutes,
  };
}

function budgetOf(
  f: Foundation,
  limitUsd: pulumi.Input<number>,
  discounts: pulumi.Input<{ spot: number; reserved: number }> | undefined,
  inputs: GovernanceInputs,
  usage?: DeclaredUsage,
): CostBudget {
  const b = f.env.budget;
  const shutdownGroups = f.nodes.groups
    .filter((g) => g.spec.role === "application" && g.spec.offHoursSize !== undefined)
    .map((g) => ({ asgName: g.asgName, size: g.spec.offHoursSize as number }));
  return new CostBudget(
    "budget",
    {
      environment: f.env.name,
      limitUsd,
      discounts,
      usage,
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
}

/** Stack outputs of the governance area. */
export function governanceOutputs(g: Governance) {
  return {
    costEstimate: g.estimate,
    budgetName: g.budget?.budgetName,
    budgetLimitUsd: g.budget?.limitUsd,
  };
}

/**
 * The cost estimate and the AWS Budget of a cloud environment. Its ledger starts before the
 * target is built and it is listed last, so the estimate covers every area's priced resources. A
 * target without AWS has nothing priced and gets neither.
 */
export const governanceArea: Area<
  { monitoring: Monitored | undefined },
  Governance | undefined,
  CostLedger | undefined
> = {
  prepare: (_env, kind) => (kind.aws ? startGovernance() : undefined),
  build: ({ site, built }, ledger) =>
    site.aws === undefined || ledger === undefined
      ? undefined
      : buildGovernance(site.aws, ledger, { alertTopicArn: built.monitoring?.alertTopicArn }),
  outputs: (g) => (g === undefined ? {} : governanceOutputs(g)),
};
