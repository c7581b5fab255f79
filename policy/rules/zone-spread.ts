import { nodePools, subnetZones } from "../lib/nodes";
import { label } from "../lib/read";
import { Rule, schema } from "../lib/types";
import { workloads, ZONE_KEY } from "../lib/workloads";

export const zoneSpread: Rule = {
  name: "zone-spread",
  description:
    "Checks whether every service that runs 2 or more replicas spreads them over all of the environment's zones (a zone topology spread constraint with maxSkew 1, on node groups present in every zone).",
  configSchema: schema({}),
  validateStack: (args, report) => {
    const zones = subnetZones(args.resources);
    const pools = nodePools(args.resources);
    for (const w of workloads(args.resources)) {
      if (w.min < 2) continue;
      if (!w.spreadsOverZones)
        report(
          `${label(w.resource)}: runs at least ${w.min} replicas but has no topologySpreadConstraint on ${ZONE_KEY} with maxSkew 1`,
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
