import { at, ofType } from "../lib/read";
import { Rule, schema } from "../lib/types";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A selector that selects every pod: `{}` or one with no labels and no expressions. */
function selectsEveryPod(sel: unknown): boolean {
  if (sel === null || typeof sel !== "object") return false;
  const s = sel as { matchLabels?: object; matchExpressions?: unknown[] };
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

/**
 * Whether a NetworkPolicy denies the direction for every pod: it selects all pods, lists the
 * direction in `policyTypes`, and allows nothing in it.
 */
function denies(spec: unknown, direction: "Ingress" | "Egress"): boolean {
  const types = (at(spec, "policyTypes") as string[] | undefined) ?? [];
  const rules = at(spec, direction.toLowerCase()) as unknown[] | undefined;
  return (
    selectsEveryPod(at(spec, "podSelector")) &&
    types.includes(direction) &&
    (rules === undefined || rules.length === 0)
  );
}

export const namespaceDefaultDeny: Rule = {
  name: "namespace-default-deny",
  description:
    "Checks whether every namespace the stack creates is fenced by a default deny: a NetworkPolicy there selecting every pod that allows no ingress and no egress (other policies then allow what is needed).",
  configSchema: schema({
    exempt: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Namespaces left unfenced on purpose (default none)",
    },
  }),
  validateStack: (args, report) => {
    const { exempt } = args.getConfig<{ exempt: string[] }>();
    const policies = ofType(args.resources, NETWORK_POLICY).map((p) => ({
      namespace: at(p.props, "metadata.namespace") as string | undefined,
      spec: at(p.props, "spec"),
    }));
    for (const ns of ofType(args.resources, NAMESPACE)) {
      const name = (at(ns.props, "metadata.name") as string | undefined) ?? ns.name;
      if (exempt.includes(name)) continue;
      const mine = policies.filter((p) => (p.namespace ?? "default") === name);
      const missing = (["Ingress", "Egress"] as const).filter(
        (d) => !mine.some((p) => denies(p.spec, d)),
      );
      if (missing.length > 0)
        report(
          `Namespace ${name}: no NetworkPolicy denies all ${missing.join(" and ").toLowerCase()} of its pods; add one with podSelector {} and policyTypes [Ingress, Egress] and no rules`,
          ns.urn,
        );
    }
  },
};
