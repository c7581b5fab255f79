/**
 * Inputs shared by the PgBouncer and partition tests (worked examples and rule-by-rule checks).
 * Frozen, so a test that changed one in place would fail instead of changing another file's input.
 */
import type { PgBouncerArgs } from "../../../components/database/pgbouncer";
import type { PartitionedTableArgs } from "../../../components/database/partitions";

const deepFreeze = <T>(o: T): T => {
  for (const v of Object.values(o as object))
    if (typeof v === "object" && v !== null) deepFreeze(v);
  return Object.freeze(o);
};

/** A writer and two read replicas in one region, database and user `app`. */
export const PGBOUNCER_ARGS: PgBouncerArgs = deepFreeze({
  writer: { host: "db-primary.abc.eu-west-1.rds.amazonaws.com" },
  readers: {
    hosts: [
      "db-replica-1.abc.eu-west-1.rds.amazonaws.com",
      "db-replica-2.abc.eu-west-1.rds.amazonaws.com",
    ],
  },
  database: "app",
  appUser: "app",
});

/** The audit log of seed 002: monthly partitions on `created_at`, key `(id, created_at)`. */
export const AUDIT_LOG: PartitionedTableArgs = deepFreeze({
  table: "audit_log",
  timeColumn: "created_at",
  columns: [
    { name: "id", type: "uuid", default: "gen_random_uuid()" },
    { name: "created_at", type: "timestamptz", default: "now()" },
    { name: "actor", type: "text" },
    { name: "payload", type: "jsonb" },
  ],
  primaryKey: ["id", "created_at"],
});
