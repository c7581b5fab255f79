import { redisTopology } from "../../components/cache/redis-parameters";
import {
  DECLARED_DATASET_TAG,
  DECLARED_QPS_TAG,
  parseDatasetTag,
  parseQpsTag,
  planDatabase,
} from "../../model/capacity";
import { at, label, num, ofType, Res, T } from "../lib/read";
import { int, Rule, schema } from "../lib/types";

/**
 * The seed's sizing rules over the load the stack file declares (carried as tags): a read replica
 * per reads:writes above 4:1 (at most `maxReadReplicas`), and a Redis shape that holds the dataset
 * at the planning horizon (one node under 5 GB, at most 30 GB per shard). Each finding names the
 * setting to change and its suggested value.
 */
/** A tag's value (tag keys hold dots, so not by dotted path). */
const tag = (r: Res, key: string): unknown => {
  const tags = r.props.tags;
  return tags && typeof tags === "object" ? (tags as Record<string, unknown>)[key] : undefined;
};

export const declaredLoadFitsShape: Rule = {
  name: "declared-load-fits-shape",
  description:
    "Checks whether the configured read replicas and Redis shards carry the load the stack file declares (platform:load).",
  configSchema: schema({
    // RDS allows 15 read replicas per primary, and the planner refuses more.
    maxReadReplicas: {
      ...int(3, "Most read replicas the read:write rule may suggest (default 3, at most 15)"),
      maximum: 15,
    },
  }),
  validateStack: (args, report) => {
    const { maxReadReplicas } = args.getConfig<{ maxReadReplicas: number }>();
    const dbs = ofType(args.resources, T.rds);
    for (const p of dbs.filter((d) => at(d.props, "replicateSourceDb") === undefined)) {
      const load = parseQpsTag(tag(p, DECLARED_QPS_TAG));
      if (load === undefined) continue;
      const refs = [p.props.identifier, p.props.arn, p.name].filter((x) => x !== undefined);
      const replicas = dbs.filter(
        (d) =>
          d !== p &&
          (refs.includes(at(d.props, "replicateSourceDb")) ||
            (d.propertyDependencies?.replicateSourceDb ?? []).some((x) => x.urn === p.urn)),
      ).length;
      const plan = planDatabase(
        { ...load, readReplicas: Math.min(replicas, maxReadReplicas), maxReadReplicas },
        [],
      );
      if (plan?.needsAnotherReplica || plan?.atMaximum)
        report(
          `${label(p)}: declared load ${load.readQps} reads/s : ${load.writeQps} writes/s — ${plan.reason}; ` +
            (plan.needsAnotherReplica
              ? `suggested platform:database.readReplicas: ${plan.recommendedReadReplicas}`
              : "suggested: a larger platform:database.instanceClass"),
          p.urn,
        );
    }
    for (const g of ofType(args.resources, T.redis)) {
      const datasetGb = parseDatasetTag(tag(g, DECLARED_DATASET_TAG));
      if (datasetGb === undefined) continue;
      const clustered = num(g.props, "numNodeGroups") !== undefined;
      const shards = clustered ? num(g.props, "numNodeGroups")! : 1;
      const needed = redisTopology({ datasetGb }, "declared dataset");
      if (needed.clusterMode && (!clustered || shards < needed.shards))
        report(
          `${label(g)}: the declared dataset reaches ${datasetGb} GB at the planning horizon, over ` +
            `${clustered ? `${shards} shard(s) of at most 30 GB` : "one node's 5 GB"}; suggested ` +
            `platform:cache.clusterMode: true, shards: ${needed.shards}`,
          g.urn,
        );
    }
  },
};
