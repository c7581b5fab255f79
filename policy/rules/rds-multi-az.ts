import { at, bool, label, T } from "../lib/read";
import { flag, Rule, schema } from "../lib/types";

export const rdsMultiAz: Rule = {
  name: "rds-multi-az",
  description:
    "Checks whether every RDS primary instance runs Multi-AZ where the environment requires it (prod).",
  configSchema: schema({
    required: flag(false, "Require Multi-AZ primaries (default false; prod true)"),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.rds || at(args.props, "replicateSourceDb") !== undefined) return;
    if (!args.getConfig<{ required: boolean }>().required) return;
    if (bool(args.props, "multiAz") !== true)
      report(
        `${label(args)}: the primary is Single-AZ; this environment requires Multi-AZ so losing a zone loses no data`,
      );
  },
};
