/**
 * The one entry point the program, the policy pack and the offline plan share: price a stack's
 * resources and summarise the estimate. Calling the same function from all three is what keeps
 * the stack output, the budget policy's verdict and the pull-request report in agreement.
 */
import { pricingFor } from "../pricing";
import { CAPACITY_TYPES, CapacityType, SCALES, Scaled } from "./bom";
import { estimateMonthly, MonthlyEstimate, PricingOverrides } from "./estimate";
import { ResourceLike } from "./props";
import { bomFromResources, UsageAssumptions } from "./resources";
import { SleepingCost, sleepingCost, SleepPlan } from "./schedule";

/**
 * Tags on the environment's AWS Budget that carry the discounts the program priced with, so the
 * policy pack, which cannot read stack configuration, prices the stack the same way.
 */
export const SPOT_DISCOUNT_TAG = "platform.io/spot-discount";
export const RESERVED_DISCOUNT_TAG = "platform.io/reserved-discount";

/** Options of {@link estimateStack}. */
export interface StackEstimateOptions {
  /** Region whose shipped pricing table is used. Default: `DEFAULT_PRICING_REGION`. */
  region?: string;
  /** Per-environment discounts. Default: the table's. */
  overrides?: PricingOverrides;
  /** Usage the resources cannot tell. Default: none. */
  usage?: UsageAssumptions;
  /** ISO day the estimate is for (EKS standard or extended support). Default: today (UTC). */
  asOf?: string;
  /** How the environment sleeps outside office hours. Default: always on (no `sleeping`). */
  sleep?: SleepPlan;
}

/** An estimate together with what it leaves out. */
export interface StackEstimate extends MonthlyEstimate {
  /** Registered types that may cost money and are not priced, as `type xcount`, sorted. */
  notModelled: string[];
  /** The baseline with the office-hours schedule priced; only when a sleep plan is given. */
  sleeping?: SleepingCost;
}

/**
 * Prices a stack's resources with the shipped pricing table of its region.
 * @throws Error naming the resource when a priced type (instance type, node type, class) is not in
 *   the table, an input is missing or malformed, or a discount override is out of range.
 */
export function estimateStack(
  resources: ResourceLike[],
  opts: StackEstimateOptions = {},
): StackEstimate {
  const bom = bomFromResources(resources, opts.usage, { asOf: opts.asOf });
  const estimate = estimateMonthly(bom, pricingFor(opts.region), opts.overrides);
  return {
    ...estimate,
    notModelled: bom.notModelled.map((r) => `${r.type} x${r.count}`),
    ...(opts.sleep ? { sleeping: sleepingCost(estimate, opts.sleep) } : {}),
  };
}

/** The estimate as a stack output and report: USD rounded to cents, no per-line detail. */
export interface CostSummary {
  currency: "USD";
  region: string;
  pricingDate: string;
  discounts: { spot: number; reserved: number };
  total: Scaled;
  byComponent: Record<string, Scaled>;
  byCapacity: Record<CapacityType, Scaled>;
  notModelled: string[];
  /** Baseline always on vs asleep, and the dearest charges that never sleep; see `sleepingCost`. */
  sleeping?: SleepingSummary;
}

/** {@link SleepingCost} rounded to cents, with the five dearest always-on charges. */
export interface SleepingSummary {
  officeHoursPerWeek: number;
  alwaysOn: number;
  asleep: number;
  savingsPercent: number;
  awake: Array<{ resource: string; label: string; monthly: number; why: string }>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function summariseSleeping(s: SleepingCost): SleepingSummary {
  return {
    officeHoursPerWeek: s.officeHoursPerWeek,
    alwaysOn: round2(s.alwaysOn),
    asleep: round2(s.asleep),
    savingsPercent: Math.round(s.savingsPercent * 10) / 10,
    awake: s.awake.slice(0, 5).map((a) => ({
      resource: a.resource,
      label: a.label,
      monthly: round2(a.alwaysOn),
      why: a.why,
    })),
  };
}

const cents = (s: Scaled): Scaled => {
  const out = { min: 0, baseline: 0, max: 0 };
  for (const k of SCALES) out[k] = Math.round(s[k] * 100) / 100;
  return out;
};

/** Rounds and trims an estimate for outputs and reports. */
export function summariseEstimate(e: StackEstimate): CostSummary {
  return {
    currency: e.currency,
    region: e.region,
    pricingDate: e.pricingDate,
    discounts: e.discounts,
    total: cents(e.total),
    byComponent: Object.fromEntries(
      Object.entries(e.byComponent)
        .sort()
        .map(([k, v]) => [k, cents(v)]),
    ),
    byCapacity: Object.fromEntries(
      CAPACITY_TYPES.map((c) => [c, cents(e.byCapacity[c])]),
    ) as Record<CapacityType, Scaled>,
    notModelled: e.notModelled,
    ...(e.sleeping ? { sleeping: summariseSleeping(e.sleeping) } : {}),
  };
}

/**
 * The monthly budget limit an environment gets when none is configured: the baseline estimate
 * plus a buffer, rounded up to whole dollars (seed 003: "baseline + 20 % buffer").
 * @param baselineUsd baseline monthly estimate.
 * @param bufferPercent buffer over it; must not be negative.
 */
export function seededBudgetLimit(baselineUsd: number, bufferPercent: number): number {
  if (!Number.isFinite(baselineUsd) || baselineUsd < 0)
    throw new Error(`baseline estimate must be a non-negative amount, got ${baselineUsd}`);
  if (!Number.isFinite(bufferPercent) || bufferPercent < 0)
    throw new Error(`budget buffer must be a non-negative percentage, got ${bufferPercent}`);
  return Math.ceil(baselineUsd * (1 + bufferPercent / 100));
}
