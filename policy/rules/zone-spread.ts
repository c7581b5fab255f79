import { nodePools, subnetZones } from "../lib/nodes";
import { at, label, num, ofType, T } from "../lib/read";
import { flag, Rule, schema } from "../lib/types";
import { workloads, ZONE_KEY } from "../lib/workloads";

export const zoneSpread: Rule = {
  name: "zone-spread",
  description:
    "Checks whether every service that runs 2 or more replicas spreads them over all of the environment's zones (a zone topology spread constraint with maxSkew 1, hard unless the environment allows a soft one, on node groups present in every zone).",
  configSchema: schema({
    hardSpread: flag(
      true,
      "Require whenUnsatisfiable DoNotSchedule on the zone constraint, so replicas wait for room rather than pile into one zone; pods of a negative PriorityClass (placeholders) are exempt (default true)",
    ),
  }),
  validateStack: (args, report) => {
    const { hardSpread } = args.getConfig<{ hardSpread: boolean }>();
    const zones = subnetZones(args.resources);
    const pools = nodePools(args.resources);
    // Pods below the default priority hold room for others and are preempted first: a soft
    // spread is what lets them reserve room somewhere when one zone is full.
    const preemptible = new Set(
      ofType(args.resources, T.priorityClass)
        .filter((p) => (num(p.props, "value") ?? 0) < 0)
        .map((p) => at(p.props, "metadata.name")),
    );
    for (const w of workloads(args.resources)) {
      if (w.min < 2) continue;
      if (!w.spreadsOverZones)
        report(
          `${label(w.resource)}: runs at least ${w.min} replicas but has no topologySpreadConstraint on ${ZONE_KEY} with maxSkew 1`,
          w.resource.urn,
        );
      else if (hardSpread && !w.spreadsOverZonesHard && !preemptible.has(w.priorityClassName))
        report(
          `${label(w.resource)}: spreads over ${ZONE_KEY} with whenUnsatisfiable ScheduleAnyway; this environment requires DoNotSchedule, so replicas cannot silently pile into one zone`,
          w.resource.urn,
        );
      const narrow = pools.filter((p) => p.role === w.role && p.subnets < zones.length);
      for (const p of narrow)
        report(
          `${label(w.resource)}: runs on ${w.role} node group ${p.resource.name}, which has subnets in ${p.subnets} of the environment's ${zones.length} zones`,
          w.resource.urn,
        );
    }
  },
};
