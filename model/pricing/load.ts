/**
 * Loading pricing tables. The shipped table is JSON next to this file; it is validated when first
 * used, and a table that fails validation stops everything with the offending fields named, rather
 * than pricing with a number nobody checked.
 */
import { readFileSync } from "fs";
import { pricingTableSchema, PricingTable } from "./schema";
// Imported rather than read from disk so the table travels with compiled output and policy packs.
import usEast1 from "./us-east-1.json";

const SHIPPED: Record<string, unknown> = { "us-east-1": usEast1 };

/**
 * The region prices fall back to when a caller names none (a plan read without an AWS provider):
 * the one region whose table ships. Every environment still names its own `platform:aws.region`.
 */
export const DEFAULT_PRICING_REGION = "us-east-1";

/** Regions that have a shipped pricing table. */
export const SHIPPED_REGIONS: readonly string[] = Object.keys(SHIPPED);

/**
 * Validates an already-parsed pricing table.
 * @param raw the parsed JSON.
 * @param origin where it came from (a file path), used in the error message.
 * @throws Error listing every invalid field as `path: message`.
 */
export function parsePricingTable(raw: unknown, origin: string): PricingTable {
  const result = pricingTableSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      // A bad record key carries its reason in nested issues; surface it instead of "Invalid key".
      const nested =
        "issues" in i && Array.isArray(i.issues)
          ? i.issues.map((n: { message: string }) => n.message)
          : [];
      const message = nested.length > 0 ? nested.join("; ") : i.message;
      return `  ${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${message}`;
    });
    throw new Error(`invalid pricing table ${origin}:\n${problems.join("\n")}`);
  }
  return result.data;
}

/**
 * Reads and validates a pricing table from a JSON file.
 * @param path file to read.
 * @throws Error naming the file when it is missing, is not JSON, or does not match the schema.
 */
export function loadPricingFile(path: string): PricingTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read pricing table ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`pricing table ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parsePricingTable(raw, path);
}

const cache = new Map<string, PricingTable>();

/**
 * The shipped pricing table for a region, validated on first use and cached.
 * @param region AWS region; default {@link DEFAULT_PRICING_REGION}.
 * @throws Error listing the shipped regions when there is no table for `region`.
 */
export function pricingFor(region: string = DEFAULT_PRICING_REGION): PricingTable {
  if (!Object.hasOwn(SHIPPED, region)) {
    throw new Error(
      `no pricing table for region "${region}"; shipped regions: ${SHIPPED_REGIONS.join(", ")}`,
    );
  }
  let table = cache.get(region);
  if (!table) {
    table = parsePricingTable(SHIPPED[region], `model/pricing/${region}.json`);
    if (table.region !== region)
      throw new Error(`pricing table ${region}.json declares region "${table.region}"`);
    cache.set(region, table);
  }
  return table;
}
