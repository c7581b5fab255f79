import { at, bool, label, T } from "../lib/read";
import { flag, Rule, schema } from "../lib/types";

const STATEFUL: string[] = [T.rds, T.redis, T.mq];

export const deletionProtection: Rule = {
  name: "deletion-protection",
  description:
    "Checks whether stateful resources are protected from deletion where the environment requires it (prod): RDS and EKS deletion protection, and Pulumi protect on databases, caches and brokers.",
  configSchema: schema({
    required: flag(false, "Require deletion protection (default false; prod true)"),
  }),
  validateResource: (args, report) => {
    if (!args.getConfig<{ required: boolean }>().required) return;
    const what = label(args);
    if (
      args.type === T.rds &&
      at(args.props, "replicateSourceDb") === undefined &&
      bool(args.props, "deletionProtection") !== true
    )
      report(`${what}: deletionProtection is not true`);
    if (args.type === T.eksCluster && bool(args.props, "deletionProtection") !== true)
      report(`${what}: deletionProtection is not true`);
    if (STATEFUL.includes(args.type) && !args.opts.protect)
      report(
        `${what}: holds data but is not protected (Pulumi protect), so a destroy would delete it`,
      );
  },
};
