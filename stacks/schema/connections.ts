import { rdsDefaultMaxConnections, RDS_RESERVED_CONNECTIONS } from "../../model/catalog";

type Issue = { path: (string | number)[]; message: string };

interface ConnectionInput {
  database: {
    instanceClass: string;
    readReplicas: number;
    parameters: Record<string, string | number>;
  };
  pgbouncer: { replicas: number; defaultPoolSize: number; reservePoolSize: number };
}

/**
 * The pooler's worst case fits in PostgreSQL: every PgBouncer pod may fill its pool and its reserve
 * to the writer (twice when there is no read replica, since reads then go to the writer too), as
 * `maxServerConnectionsPerHost` counts. More than `max_connections` less the superuser reserve and
 * the pods get "too many connections" under load. `max_connections` is the parameter when set to a
 * number, otherwise RDS's default for the class (skipped for a class the catalogue does not know).
 */
export function connectionIssues(env: ConnectionInput): Issue[] {
  const { database: db, pgbouncer: pb } = env;
  const set = Number(db.parameters.max_connections);
  const max = Number.isFinite(set) && set > 0 ? set : rdsDefaultMaxConnections(db.instanceClass);
  if (max === undefined) return [];
  const perPod = (pb.defaultPoolSize + pb.reservePoolSize) * (db.readReplicas === 0 ? 2 : 1);
  const worst = pb.replicas * perPod;
  const budget = max - RDS_RESERVED_CONNECTIONS;
  if (worst <= budget) return [];
  const source =
    Number.isFinite(set) && set > 0
      ? "platform:database.parameters.max_connections"
      : `the default for platform:database.instanceClass ${db.instanceClass}`;
  return [
    {
      path: ["pgbouncer", "replicas"],
      message:
        `${pb.replicas} PgBouncer pods may open ${worst} connections to the writer ` +
        `(platform:pgbouncer.defaultPoolSize + reservePoolSize per pod${db.readReplicas === 0 ? ", twice with platform:database.readReplicas 0" : ""}), ` +
        `more than the ${budget} PostgreSQL allows (max_connections ${max}, ${source}, less ${RDS_RESERVED_CONNECTIONS} reserved); ` +
        `lower the replicas or pool sizes, or use a larger instance class`,
    },
  ];
}
