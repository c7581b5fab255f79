import { bool, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

export const noPublicDatabase: Rule = {
  name: "no-public-database",
  description: "Checks whether no RDS instance or Amazon MQ broker is publicly accessible.",
  configSchema: schema({}),
  validateResource: (args, report) => {
    if (
      (args.type === T.rds || args.type === T.mq) &&
      bool(args.props, "publiclyAccessible") === true
    )
      report(
        `${label(args)}: publiclyAccessible is true; data stores must be reachable only from inside the VPC`,
      );
  },
};
