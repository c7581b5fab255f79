/**
 * Pricing the stack inside the pack with the same function the program exports `costEstimate`
 * from. The region comes from the AWS provider, the discounts and the declared usage from the tags
 * the program put on the environment's AWS Budget (policy packs do not see stack configuration).
 */
import {
  decodeUsage,
  estimateStack,
  RESERVED_DISCOUNT_TAG,
  SPOT_DISCOUNT_TAG,
  StackEstimate,
  USAGE_TAG,
} from "../../model/cost";
import { DEFAULT_PRICING_REGION } from "../../model/pricing";
import { at, ofType, PolicyResource, T } from "./read";

/** The stack's AWS Budgets. */
export function budgets(resources: PolicyResource[]): PolicyResource[] {
  return ofType(resources, T.budget);
}

function tagNumber(budget: PolicyResource | undefined, key: string): number | undefined {
  // Tag keys contain dots, so they are looked up directly rather than by dotted path.
  const v = (at(budget?.props, "tags") as Record<string, string> | undefined)?.[key];
  return v === undefined ? undefined : Number(v);
}

/**
 * The monthly estimate of the stack's resources.
 * @throws Error naming the resource when a type is not priced or an input is missing.
 */
export function estimate(resources: PolicyResource[]): StackEstimate {
  const provider = resources.find(
    (r) => r.type === "pulumi:providers:aws" && typeof r.props.region === "string",
  );
  const budget = budgets(resources)[0];
  const usageTag = (at(budget?.props, "tags") as Record<string, string> | undefined)?.[USAGE_TAG];
  return estimateStack(
    resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.props,
      propertyDependencies: r.propertyDependencies,
    })),
    {
      region: (provider?.props.region as string | undefined) ?? DEFAULT_PRICING_REGION,
      overrides: {
        spotDiscount: tagNumber(budget, SPOT_DISCOUNT_TAG),
        reservedDiscount: tagNumber(budget, RESERVED_DISCOUNT_TAG),
      },
      usage: usageTag === undefined ? undefined : decodeUsage(usageTag),
    },
  );
}

/** USD with cents and thousands separators. */
export function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
