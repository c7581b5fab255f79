/**
 * The cost ledger: records, as the program registers them, every resource (type and name) and the
 * inputs of those the cost model prices, so the program can export the same estimate the policy
 * pack and the offline plan compute from the engine's view of the stack, and so the estimate's
 * `notModelled` part is computed from everything registered rather than from a list of known
 * types. It is a stack transformation (it sees every resource, whichever area creates it) that
 * changes nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  COST_INPUTS,
  estimateStack,
  ResourceLike,
  StackEstimate,
  StackEstimateOptions,
} from "../../model/cost";

interface Entry {
  type: string;
  name: string;
  resource: pulumi.Resource;
  picked: Record<string, unknown>;
}

/** Copies the listed (dotted) paths of `props` into a new object. */
function pick(
  props: Record<string, unknown>,
  paths: readonly (string | readonly string[])[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const keys = typeof path === "string" ? path.split(".") : path;
    let from: unknown = props;
    for (const k of keys)
      from =
        from && typeof from === "object" && !pulumi.Output.isInstance(from)
          ? (from as Record<string, unknown>)[k]
          : undefined;
    if (from === undefined) continue;
    let to = out;
    keys.slice(0, -1).forEach((k) => (to = (to[k] ??= {}) as Record<string, unknown>));
    to[keys[keys.length - 1]] = from;
  }
  return out;
}

const REFERENCE_OUTPUTS = ["id", "arn", "identifier", "name"] as const;

/** Records priced resources from the moment it is started; see {@link startCostLedger}. */
export class CostLedger {
  private readonly entries: Entry[] = [];

  /** @internal called by the stack transformation. */
  record(args: pulumi.ResourceTransformationArgs): void {
    if (!args.resource) return;
    const paths = COST_INPUTS[args.type] ?? [];
    this.entries.push({
      type: args.type,
      name: args.name,
      resource: args.resource,
      picked: pick(args.props ?? {}, paths),
    });
  }

  /** How many resources were recorded so far. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * The estimate over every resource recorded so far: call it after all areas are built.
   * A reference from one recorded resource to another (a node group's launch template id, a
   * replica's source) becomes the referenced resource's logical name, which the cost model links
   * by, so links hold even in a preview where ids are unknown.
   * @param opts region and discounts, as for `estimateStack`.
   */
  estimate(opts: StackEstimateOptions): pulumi.Output<StackEstimate> {
    const refs = new Map<unknown, string>();
    for (const e of this.entries) {
      const r = e.resource as unknown as Record<string, unknown>;
      for (const key of REFERENCE_OUTPUTS)
        if (pulumi.Output.isInstance(r[key])) refs.set(r[key], e.name);
    }
    const substitute = (v: unknown): unknown => {
      if (refs.has(v)) return refs.get(v);
      if (Array.isArray(v)) return v.map(substitute);
      if (v && typeof v === "object" && !pulumi.Output.isInstance(v))
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
      return v;
    };
    const resources = this.entries.map((e) =>
      pulumi
        .output(substitute(e.picked) as pulumi.Input<Record<string, unknown>>)
        .apply((props): ResourceLike => ({
          type: e.type,
          name: e.name,
          id: e.name,
          props: props as Record<string, unknown>,
        })),
    );
    return pulumi.all(resources).apply((all) => estimateStack(all, opts));
  }
}

/**
 * Starts recording priced resources for the rest of the program. Call it before any area is
 * built (resources registered earlier are not seen).
 * @throws Error when there is no root stack resource yet (outside a Pulumi program).
 */
export function startCostLedger(): CostLedger {
  const ledger = new CostLedger();
  pulumi.runtime.registerStackTransformation((args) => {
    ledger.record(args);
    return undefined;
  });
  return ledger;
}
