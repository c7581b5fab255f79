/**
 * The ownership check at registration: a stack transformation that records what every resource
 * claims (its Kubernetes object, what its Helm chart or EKS add-on installs, its explicit AWS
 * name) and fails the program the moment a second resource claims an object already claimed,
 * naming both. It changes nothing it sees. Values not known yet (a Helm release's values that
 * wait for an IAM role) are checked once they resolve; in a preview that may be never, which is
 * why the tests run the same pure check (`model/claims`) over every environment's resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { type Claim, claimKey, claimsOf, collisionMessage } from "../../model/claims";

/** Two resources claim one object; the message names the object and both. */
export class ClaimCollisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimCollisionError";
  }
}

/** A deep copy with every value not known synchronously (Outputs, promises) left out. */
function known(v: unknown): { value: unknown; complete: boolean } {
  if (pulumi.Output.isInstance(v) || v instanceof Promise || pulumi.Resource.isInstance(v))
    return { value: undefined, complete: false };
  if (Array.isArray(v)) {
    const items = v.map(known);
    return { value: items.map((x) => x.value), complete: items.every((x) => x.complete) };
  }
  if (v && typeof v === "object") {
    let complete = true;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = known(x);
      complete &&= r.complete;
      if (r.value !== undefined) out[k] = r.value;
    }
    return { value: out, complete };
  }
  return { value: v, complete: true };
}

/** The claims seen so far, by object; see {@link startClaimsLedger}. */
export class ClaimsLedger {
  private readonly owners = new Map<string, Claim>();

  constructor(private readonly defaultRegion: string) {}

  /** Records `claims`; throws {@link ClaimCollisionError} when another claimant holds one of them. */
  add(claims: Claim[]): void {
    for (const c of claims) {
      const key = claimKey(c);
      const owner = this.owners.get(key);
      if (owner !== undefined && owner.claimant !== c.claimant)
        throw new ClaimCollisionError(
          collisionMessage({ object: key.split("|")[1], claimants: [owner.claimant, c.claimant] }),
        );
      this.owners.set(key, c);
    }
  }

  /** How many objects are claimed so far. */
  get size(): number {
    return this.owners.size;
  }

  /** @internal called by the stack transformation for every resource. */
  record(type: string, name: string, props: Record<string, unknown>): void {
    const now = known(props);
    this.add(
      claimsOf({ type, name, inputs: now.value as Record<string, unknown> }, this.defaultRegion),
    );
    if (now.complete) return;
    // The rest once known: a release whose values wait for a role ARN, a name built from an output.
    pulumi.output(props as pulumi.Inputs).apply((resolved) => {
      this.add(
        claimsOf({ type, name, inputs: resolved as Record<string, unknown> }, this.defaultRegion),
      );
    });
  }
}

/**
 * Starts checking ownership for the rest of the program. Call before anything is registered.
 * @param defaultRegion the AWS provider's region, for resources that do not set their own.
 */
export function startClaimsLedger(defaultRegion: string): ClaimsLedger {
  const ledger = new ClaimsLedger(defaultRegion);
  pulumi.runtime.registerStackTransformation((args) => {
    ledger.record(args.type, args.name, (args.props ?? {}) as Record<string, unknown>);
    return undefined;
  });
  return ledger;
}
