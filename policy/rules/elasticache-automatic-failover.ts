import { bool, label, T } from "../lib/read";
import { flag, Rule, schema } from "../lib/types";

export const elasticacheAutomaticFailover: Rule = {
  name: "elasticache-automatic-failover",
  description:
    "Checks whether every ElastiCache replication group has automatic failover and Multi-AZ where the environment requires it (prod).",
  configSchema: schema({
    required: flag(false, "Require automatic failover and Multi-AZ (default false; prod true)"),
  }),
  validateResource: (args, report) => {
    if (args.type !== T.redis || !args.getConfig<{ required: boolean }>().required) return;
    if (bool(args.props, "automaticFailoverEnabled") !== true)
      report(
        `${label(args)}: automaticFailoverEnabled is not true; a failed primary would not be replaced`,
      );
    if (bool(args.props, "multiAzEnabled") !== true)
      report(`${label(args)}: multiAzEnabled is not true; replicas may share the primary's zone`);
  },
};
