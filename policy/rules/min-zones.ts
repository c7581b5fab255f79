import { nodePools, subnetZones } from "../lib/nodes";
import { label } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const minZones: Rule = {
  name: "min-zones",
  description:
    "Checks whether the network spans at least the environment's number of availability zones (prod: three) and every node group has a subnet in each.",
  configSchema: schema({ minZones: int(2, "Fewest availability zones (default 2; prod 3)", 1) }),
  validateStack: (args, report) => {
    const { minZones } = args.getConfig<{ minZones: number }>();
    const zones = subnetZones(args.resources);
    if (zones.length < minZones)
      report(
        `the network's subnets span ${zones.length} zone(s) (${zones.join(", ")}); this environment requires at least ${minZones}`,
      );
    for (const p of nodePools(args.resources)) {
      if (p.subnets < minZones)
        report(
          `${label(p.resource)}: has subnets in ${p.subnets} zone(s); this environment requires at least ${minZones}`,
          p.resource.urn,
        );
    }
  },
};
