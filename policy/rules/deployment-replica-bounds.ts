import { workloads } from "../lib/workloads";
import { label } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

/** Deployments nothing autoscales run exactly `spec.replicas`; those must lie within the bounds. */
export const deploymentReplicaBounds: Rule = {
  name: "deployment-replica-bounds",
  description:
    "Checks whether every Deployment that no HPA or ScaledObject scales runs a replica count within the environment's [min, max].",
  configSchema: schema({
    min: int(1, "Fewest replicas a Deployment may run (default 1)"),
    max: int(50, "Most replicas a Deployment may run (default 50)", 1),
  }),
  validateStack: (args, report) => {
    const { min, max } = args.getConfig<{ min: number; max: number }>();
    for (const w of workloads(args.resources)) {
      if (w.scaler) continue;
      if (w.replicas < min || w.replicas > max)
        report(
          `${label(w.resource)}: replicas ${w.replicas} is outside this environment's bounds [${min}, ${max}]`,
          w.resource.urn,
        );
    }
  },
};
