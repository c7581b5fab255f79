/**
 * Monthly cost of a bill of materials at minimum, baseline and maximum scale. One function, used
 * by the program's stack output, the budget policy and the offline plan, so all three always agree.
 */
import type { PricingTable } from "../pricing";
import {
  BillOfMaterials,
  BomItem,
  CAPACITY_TYPES,
  CapacityType,
  SCALES,
  Scaled,
  UNIT_OF,
  validateItem,
} from "./bom";
import { unitPrice } from "./price";

/** Per-environment changes to the table's assumptions. */
export interface PricingOverrides {
  /** Fraction taken off the On-Demand EC2 price for spot capacity; default: the table's `discounts.spot`. */
  spotDiscount?: number;
  /** Fraction taken off the On-Demand EC2 price for reserved / savings-plan capacity; default: the table's `discounts.reserved`. */
  reservedDiscount?: number;
}

/** One priced BOM line. */
export interface EstimateLine {
  item: BomItem;
  /** What the price is, e.g. `EC2 m6i.xlarge`. */
  label: string;
  /** USD per unit after the capacity discount. */
  unitPrice: number;
  /** USD per month at each scale. */
  monthly: Scaled;
}

/** A monthly estimate in USD. Amounts are unrounded; round only when displaying. */
export interface MonthlyEstimate {
  region: string;
  currency: "USD";
  /** Date of the pricing table used. */
  pricingDate: string;
  hoursPerMonth: number;
  /** Discounts actually applied (after overrides). */
  discounts: { spot: number; reserved: number };
  total: Scaled;
  byComponent: Record<string, Scaled>;
  byCapacity: Record<CapacityType, Scaled>;
  byResource: Record<string, Scaled>;
  lines: EstimateLine[];
}

/** Hours billed per month, as AWS's own calculator uses. */
export const HOURS_PER_MONTH = 730;

function zero(): Scaled {
  return { min: 0, baseline: 0, max: 0 };
}

function addInto(target: Record<string, Scaled>, key: string, amount: Scaled): void {
  const t = (target[key] ??= zero());
  for (const s of SCALES) t[s] += amount[s];
}

function checkedDiscount(value: number | undefined, fallback: number, name: string): number {
  const d = value ?? fallback;
  if (typeof d !== "number" || !Number.isFinite(d) || d < 0 || d >= 1) {
    throw new Error(
      `${name} must be a fraction in [0, 1) (e.g. 0.7 for 70 % off On-Demand), got ${String(d)}`,
    );
  }
  return d;
}

/**
 * Prices every item of `bom` with `pricing` and sums per scale, component, capacity type and resource.
 * Hourly items are billed {@link HOURS_PER_MONTH} hours; spot and reserved EC2 items get the discount.
 * @param bom the bill of materials (for example from `bomFromResources`).
 * @param pricing a validated pricing table (see `pricingFor`).
 * @param overrides per-environment discounts; default none (the table's discounts apply).
 * @throws Error naming the item when an item is malformed (negative or unordered quantities, unit
 *   mismatch) or names a type the table does not price, and when a discount is outside [0, 1).
 */
export function estimateMonthly(
  bom: BillOfMaterials,
  pricing: PricingTable,
  overrides: PricingOverrides = {},
): MonthlyEstimate {
  const discounts = {
    spot: checkedDiscount(overrides.spotDiscount, pricing.discounts.spot, "spotDiscount"),
    reserved: checkedDiscount(
      overrides.reservedDiscount,
      pricing.discounts.reserved,
      "reservedDiscount",
    ),
  };
  const factor: Record<CapacityType, number> = {
    "on-demand": 1,
    spot: 1 - discounts.spot,
    reserved: 1 - discounts.reserved,
  };

  const byComponent: Record<string, Scaled> = {};
  const byResource: Record<string, Scaled> = {};
  const byCapacity = Object.fromEntries(CAPACITY_TYPES.map((c) => [c, zero()])) as Record<
    CapacityType,
    Scaled
  >;
  const total = zero();

  const lines = bom.items.map((item, index): EstimateLine => {
    validateItem(item, index);
    let listed;
    try {
      listed = unitPrice(item.price, pricing);
    } catch (e) {
      throw new Error(
        `BOM item ${index} (${item.component} / ${item.resource}): ${(e as Error).message}`,
      );
    }
    const price = listed.price * factor[item.capacity];
    const perUnitMonthly =
      UNIT_OF[item.price.kind] === "per-hour" ? price * HOURS_PER_MONTH : price;
    const monthly = { min: 0, baseline: 0, max: 0 };
    for (const s of SCALES) monthly[s] = item.quantity[s] * perUnitMonthly;
    addInto(byComponent, item.component, monthly);
    addInto(byResource, item.resource, monthly);
    for (const s of SCALES) {
      byCapacity[item.capacity][s] += monthly[s];
      total[s] += monthly[s];
    }
    return { item, label: listed.label, unitPrice: price, monthly };
  });

  return {
    region: pricing.region,
    currency: "USD",
    pricingDate: pricing.date,
    hoursPerMonth: HOURS_PER_MONTH,
    discounts,
    total,
    byComponent,
    byCapacity,
    byResource,
    lines,
  };
}
