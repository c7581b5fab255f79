import { label, num, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const kedaReplicaBounds: Rule = {
  name: "keda-replica-bounds",
  description:
    "Checks whether every KEDA ScaledObject's minReplicaCount and maxReplicaCount lie within the environment's [min, max].",
  configSchema: schema({
    min: int(0, "Lowest minReplicaCount allowed (default 0: scale to zero)"),
    max: int(500, "Highest maxReplicaCount allowed (default 500, the prod agent ceiling)", 1),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.scaledObject) return;
    const { min, max } = args.getConfig<{ min: number; max: number }>();
    // KEDA's documented defaults when unset.
    const lo = num(args.props, "spec.minReplicaCount") ?? 0;
    const hi = num(args.props, "spec.maxReplicaCount") ?? 100;
    const what = label(args);
    if (lo < min)
      report(`${what}: minReplicaCount ${lo} is below this environment's minimum of ${min}`);
    if (hi > max)
      report(`${what}: maxReplicaCount ${hi} is above this environment's maximum of ${max}`);
    if (lo > hi) report(`${what}: minReplicaCount ${lo} is greater than maxReplicaCount ${hi}`);
  },
};
