import { createHash } from "node:crypto";
import { quoteIdent, quoteLiteral, validateIdentifier } from "../partitions/identifiers";

/**
 * The role postgres_exporter logs in as: `pg_monitor` (read every statistics view, including
 * other roles' `xact_start` in `pg_stat_activity`), no table access, a few connections at most.
 */
export const MONITOR_ROLE = "platform_monitor";

/** Connections the monitor role may hold: one exporter per instance needs one, plus a rollout's. */
export const MONITOR_CONNECTION_LIMIT = 5;

/**
 * The monitor role's password, derived from the master password so no generator is needed (the
 * render-only target has no `random` provider) and it changes when the master password does. A
 * SHA-256 digest does not reveal the password it came from. Secret: call it inside an `apply`.
 */
export function monitorPassword(masterPassword: string): string {
  return createHash("sha256").update(`${MONITOR_ROLE}\0${masterPassword}`).digest("hex");
}

/** What {@link monitorRoleSql} needs. */
export interface MonitorRoleArgs {
  /** Database the role may connect to. Required. */
  database: string;
  /** The role's SCRAM-SHA-256 verifier, never the password. Required. */
  verifier: string;
}

/**
 * SQL that creates or updates the monitor role, in one transaction, idempotent: a login role
 * with `pg_monitor` and CONNECT on the database, nothing else (no CREATE, no table privileges).
 * Run it as the owner (RDS's master user holds `pg_monitor` WITH ADMIN through `rds_superuser`).
 * It names no SUPERUSER attribute: only a superuser may set either value, and a role created by
 * a non-superuser cannot be one.
 * Replicas receive the role through replication. Secret: it carries the verifier.
 *
 * @throws Error naming the field for an invalid database name or a value that is not a verifier.
 */
export function monitorRoleSql(args: MonitorRoleArgs): string {
  const database = validateIdentifier(args.database, "databaseName");
  if (
    !/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(args.verifier)
  ) {
    throw new Error("verifier: expected a SCRAM-SHA-256 verifier, not a password");
  }
  const r = quoteIdent(MONITOR_ROLE);
  return (
    [
      "BEGIN;",
      "DO $role$",
      "BEGIN",
      `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(MONITOR_ROLE)}) THEN`,
      `    CREATE ROLE ${r};`,
      "  END IF;",
      "END",
      "$role$;",
      `ALTER ROLE ${r} WITH LOGIN NOCREATEDB NOCREATEROLE CONNECTION LIMIT ${MONITOR_CONNECTION_LIMIT} PASSWORD ${quoteLiteral(args.verifier)};`,
      `GRANT pg_monitor TO ${r};`,
      `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${r};`,
      "COMMIT;",
    ].join("\n") + "\n"
  );
}
