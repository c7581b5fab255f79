import { at, label, ofType, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

export const rdsReadReplicaBounds: Rule = {
  name: "rds-read-replica-bounds",
  description:
    "Checks whether every RDS primary has a number of read replicas within the environment's [min, max].",
  configSchema: schema({
    min: int(0, "Fewest read replicas per primary (default 0)"),
    max: int(3, "Most read replicas per primary (default 3, the design's ceiling)"),
  }),
  validateStack: (args, report) => {
    const { min, max } = args.getConfig<{ min: number; max: number }>();
    const dbs = ofType(args.resources, T.rds);
    const primaries = dbs.filter((d) => at(d.props, "replicateSourceDb") === undefined);
    for (const p of primaries) {
      const refs = [p.props.identifier, p.props.arn, p.name].filter((x) => x !== undefined);
      const replicas = dbs.filter(
        (d) =>
          d !== p &&
          (refs.includes(at(d.props, "replicateSourceDb")) ||
            (d.propertyDependencies?.replicateSourceDb ?? []).some((x) => x.urn === p.urn)),
      );
      if (replicas.length < min || replicas.length > max)
        report(
          `${label(p)}: ${replicas.length} read replica(s) is outside this environment's bounds [${min}, ${max}]`,
          p.urn,
        );
    }
  },
};
