import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PART_OF_LABEL, PLATFORM_PART_OF } from "../shared/labels";
import type { PlannedPolicy } from "./plan";

/** Arguments of {@link NetworkPolicies}. */
export interface NetworkPoliciesArgs {
  /** The policies, from `planNetworkPolicies`. Their namespaces must exist (pass them in `dependsOn`). */
  policies: PlannedPolicy[];
}

/** The platform's NetworkPolicies, one object each, named as planned. */
export class NetworkPolicies extends pulumi.ComponentResource {
  /** Namespaces fenced by a default deny. */
  readonly namespaces: string[];

  constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:netpol:NetworkPolicies", name, {}, opts);
    for (const p of args.policies) {
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${p.namespace}-${p.name}`,
        {
          metadata: {
            name: p.name,
            namespace: p.namespace,
            labels: { [PART_OF_LABEL]: PLATFORM_PART_OF },
          },
          spec: p.spec as k8s.types.input.networking.v1.NetworkPolicySpec,
        },
        { parent: this },
      );
    }
    this.namespaces = [...new Set(args.policies.map((p) => p.namespace))];
    this.registerOutputs({ namespaces: this.namespaces });
  }
}
