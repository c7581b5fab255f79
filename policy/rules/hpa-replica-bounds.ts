import { label, num, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const hpaReplicaBounds: Rule = {
  name: "hpa-replica-bounds",
  description:
    "Checks whether every HorizontalPodAutoscaler's minReplicas and maxReplicas lie within the environment's [min, max].",
  configSchema: schema({
    min: int(1, "Lowest minReplicas allowed (default 1)"),
    max: int(50, "Highest maxReplicas allowed (default 50)", 1),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.hpa) return;
    const { min, max } = args.getConfig<{ min: number; max: number }>();
    const lo = num(args.props, "spec.minReplicas") ?? 1;
    const hi = num(args.props, "spec.maxReplicas");
    const what = label(args);
    if (hi === undefined) return report(`${what}: spec.maxReplicas is not set`);
    if (lo < min)
      report(`${what}: minReplicas ${lo} is below this environment's minimum of ${min}`);
    if (hi > max)
      report(`${what}: maxReplicas ${hi} is above this environment's maximum of ${max}`);
    if (lo > hi) report(`${what}: minReplicas ${lo} is greater than maxReplicas ${hi}`);
  },
};
