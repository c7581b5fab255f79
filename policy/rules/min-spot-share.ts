import { nodePools } from "../lib/nodes";
import { int, Rule, schema } from "../lib/types";

export const minSpotShare: Rule = {
  name: "min-spot-share",
  description:
    "Checks whether spot instances provide at least the environment's minimum share of application vCPU capacity at maximum scale.",
  configSchema: schema({
    minSpotPercent: int(
      0,
      "Least share (%) of application vCPU at maxSize that must be spot (default 0: no minimum)",
    ),
  }),
  validateStack: (args, report) => {
    const { minSpotPercent } = args.getConfig<{ minSpotPercent: number }>();
    if (minSpotPercent === 0) return;
    const app = nodePools(args.resources).filter((p) => p.role === "application");
    const vcpu = (ps: typeof app) => ps.reduce((s, p) => s + p.max * (p.node?.vcpu ?? 0), 0);
    const total = vcpu(app);
    const spot = vcpu(app.filter((p) => p.capacity === "spot"));
    const share = total === 0 ? 0 : (100 * spot) / total;
    if (share < minSpotPercent)
      report(
        `spot provides ${share.toFixed(1)} % of application vCPU at maxSize (${spot} of ${total} vCPU); this environment asks for at least ${minSpotPercent} %`,
      );
  },
};
