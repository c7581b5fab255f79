import { at, label, ofType, T } from "../lib/read";
import { Rule, schema } from "../lib/types";
import { selects, workloads } from "../lib/workloads";

/** Voluntary disruptions a PDB allows when `replicas` pods run (Kubernetes rounds percentages up). */
export function allowedDisruptions(
  pdb: Record<string, unknown>,
  replicas: number,
): number | undefined {
  const pct = (v: string) => Math.ceil((replicas * Number(v.replace("%", ""))) / 100);
  const maxUnavailable = at(pdb, "spec.maxUnavailable");
  const minAvailable = at(pdb, "spec.minAvailable");
  if (maxUnavailable !== undefined)
    return typeof maxUnavailable === "string" && maxUnavailable.endsWith("%")
      ? pct(maxUnavailable)
      : Number(maxUnavailable);
  if (minAvailable !== undefined)
    return (
      replicas -
      (typeof minAvailable === "string" && minAvailable.endsWith("%")
        ? pct(minAvailable)
        : Number(minAvailable))
    );
  return undefined;
}

export const pdbAllowsDisruption: Rule = {
  name: "pdb-allows-disruption",
  description:
    "Checks whether every PodDisruptionBudget allows at least one voluntary disruption of the pods it selects at their minimum replica count, so node drains can proceed.",
  configSchema: schema({}),
  validateStack: (args, report) => {
    const ws = workloads(args.resources);
    for (const pdb of ofType(args.resources, T.pdb)) {
      const ns = (at(pdb.props, "metadata.namespace") as string | undefined) ?? "default";
      for (const w of ws.filter(
        (x) => x.namespace === ns && selects(at(pdb.props, "spec.selector"), x.podLabels),
      )) {
        const allowed = allowedDisruptions(pdb.props, w.min);
        if (allowed === undefined)
          report(`${label(pdb)}: sets neither minAvailable nor maxUnavailable`, pdb.urn);
        else if (allowed < 1)
          report(
            `${label(pdb)}: allows ${allowed} voluntary disruption(s) of ${w.name} at its minimum of ${w.min} replica(s); drains would block`,
            pdb.urn,
          );
      }
    }
  },
};
