import { label, num, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const nodeGroupSizeBounds: Rule = {
  name: "node-group-size-bounds",
  description:
    "Checks whether every EKS node group's minSize, desiredSize and maxSize lie within the environment's [min, max] and are ordered.",
  configSchema: schema({
    min: int(1, "Lowest minSize allowed (default 1)"),
    max: int(60, "Highest maxSize allowed (default 60, seed 003's 10x node count)", 1),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.nodeGroup) return;
    const { min, max } = args.getConfig<{ min: number; max: number }>();
    const what = label(args);
    const sizes = {
      minSize: num(args.props, "scalingConfig.minSize"),
      desiredSize: num(args.props, "scalingConfig.desiredSize"),
      maxSize: num(args.props, "scalingConfig.maxSize"),
    };
    for (const [k, v] of Object.entries(sizes)) {
      if (v === undefined) report(`${what}: scalingConfig.${k} is not set`);
      else if (v < min || v > max)
        report(`${what}: ${k} ${v} is outside this environment's bounds [${min}, ${max}]`);
    }
    const { minSize, desiredSize, maxSize } = sizes;
    if (
      minSize !== undefined &&
      maxSize !== undefined &&
      desiredSize !== undefined &&
      (minSize > desiredSize || desiredSize > maxSize)
    )
      report(
        `${what}: sizes must satisfy minSize <= desiredSize <= maxSize, got ${minSize}/${desiredSize}/${maxSize}`,
      );
  },
};
