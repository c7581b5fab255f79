/**
 * Reading resource inputs as the policy pack and the mocks hand them over: plain JSON-like values
 * in which anything not yet known may be missing. A missing number is an error naming the resource
 * and the property, never a zero; provider defaults are applied only where the provider documents one.
 */

/** A Pulumi resource as the cost model sees it (policy pack `PolicyResource`s and mock registrations fit). */
export interface ResourceLike {
  /** Type token, e.g. `aws:eks/nodeGroup:NodeGroup`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Input (or output) properties. */
  props: Record<string, unknown>;
  /** Physical ID, when known (mocks know it; policy packs do not). */
  id?: string;
  /** URN, when known. */
  urn?: string;
  /**
   * Property name -> the resources it depends on, as URNs or as objects with a `urn` (policy packs
   * hand over `PolicyResource`s here).
   */
  propertyDependencies?: Record<string, unknown[]>;
}

/** URNs of the resources a property depends on. */
export function dependencyUrns(r: ResourceLike, property: string): string[] {
  return (r.propertyDependencies?.[property] ?? [])
    .map((d) => (typeof d === "string" ? d : (d as { urn?: unknown } | null)?.urn))
    .filter((u): u is string => typeof u === "string");
}

/** Names a resource in messages. */
export function describe(r: ResourceLike): string {
  return `${r.type} "${r.name}"`;
}

/** Reads a nested property by dotted path; `undefined` when any step is missing. */
export function get(props: Record<string, unknown>, path: string): unknown {
  let v: unknown = props;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A count or size that must be present: a finite, non-negative integer. */
export function requireCount(r: ResourceLike, path: string, hint = ""): number {
  const v = get(r.props, path);
  if (v === undefined || v === null) {
    throw new Error(
      `${describe(r)}: ${path} is not set (or not known yet), so the resource cannot be priced${hint ? `; ${hint}` : ""}`,
    );
  }
  return checkCount(r, path, v);
}

/** An optional count: the documented provider default when absent. */
export function countOr(r: ResourceLike, path: string, providerDefault: number): number {
  const v = get(r.props, path);
  return v === undefined || v === null ? providerDefault : checkCount(r, path, v);
}

function checkCount(r: ResourceLike, path: string, v: unknown): number {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new Error(
      `${describe(r)}: ${path} must be a non-negative integer, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/** A string property that must be present. */
export function requireString(r: ResourceLike, path: string): string {
  const v = get(r.props, path);
  if (typeof v !== "string" || v.length === 0) {
    throw new Error(
      `${describe(r)}: ${path} is not set (or not known yet), so the resource cannot be priced`,
    );
  }
  return v;
}

/** An optional string property. */
export function optionalString(r: ResourceLike, path: string): string | undefined {
  const v = get(r.props, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string")
    throw new Error(`${describe(r)}: ${path} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** An optional boolean property, `fallback` when absent (Pulumi may hand booleans over as strings). */
export function boolOr(r: ResourceLike, path: string, fallback: boolean): boolean {
  const v = get(r.props, path);
  if (v === undefined || v === null) return fallback;
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  throw new Error(`${describe(r)}: ${path} must be a boolean, got ${JSON.stringify(v)}`);
}

/** An optional array property. */
export function optionalArray(r: ResourceLike, path: string): unknown[] | undefined {
  const v = get(r.props, path);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    throw new Error(`${describe(r)}: ${path} must be a list, got ${JSON.stringify(v)}`);
  return v;
}
