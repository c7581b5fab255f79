import {
  quoteIdent,
  quoteLiteral,
  validateIdentifier,
  validateSchemaName,
} from "../partitions/identifiers";

/** Privileges of the application role on tables: rows only, never the schema. */
export const APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE";

/** What {@link appRoleSql} needs. */
export interface AppRoleArgs {
  /** The role workloads log in as (`platform:database.appUsername`). Required. */
  role: string;
  /** The master user, which owns the schema objects and runs the migrations. Required. */
  owner: string;
  /** Database the role may connect to. Required. */
  database: string;
  /** Schemas whose tables the role reads and writes. Required; duplicates are ignored. */
  schemas: readonly string[];
  /** The role's SCRAM-SHA-256 verifier ({@link scramSha256Verifier}), never the password. Required. */
  verifier: string;
}

/**
 * Checks the names {@link appRoleSql} puts into SQL, so a program can refuse them before the
 * password (and so the verifier) is known. Returns them with duplicate schemas removed.
 * @throws Error naming the field for an invalid identifier, or for a role equal to the owner.
 */
export function checkAppRoleNames(args: Omit<AppRoleArgs, "verifier">) {
  const role = validateIdentifier(args.role, "appUsername");
  const owner = validateIdentifier(args.owner, "masterUsername");
  const database = validateIdentifier(args.database, "databaseName");
  if (role === owner) {
    throw new Error(
      `appUsername: ${JSON.stringify(role)} is also the master user; choose another name, so workloads do not run as the owner`,
    );
  }
  const schemas = [...new Set(args.schemas)].map((s, i) => validateSchemaName(s, `schemas[${i}]`));
  return { role, owner, database, schemas };
}

/**
 * SQL that creates or updates the application role, in one transaction, idempotent: a login role
 * without CREATEDB or CREATEROLE that may connect to the database and read and write the rows of
 * every table in the given schemas, including tables and partitions the owner creates later
 * (default privileges), but may not create, alter or drop anything there. Migrations keep running
 * as the owner; workloads use this role.
 *
 * Run it after the partition migration, as the owner. It is secret (it carries the verifier).
 *
 * @throws Error naming the field for an invalid identifier, or for a role equal to the owner.
 */
export function appRoleSql(args: AppRoleArgs): string {
  const { role, owner, database, schemas } = checkAppRoleNames(args);
  if (
    !/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(args.verifier)
  ) {
    throw new Error("verifier: expected a SCRAM-SHA-256 verifier, not a password");
  }
  const r = quoteIdent(role);
  const o = quoteIdent(owner);
  const lines = [
    "BEGIN;",
    "DO $role$",
    "BEGIN",
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN`,
    `    CREATE ROLE ${r};`,
    "  END IF;",
    "END",
    "$role$;",
    `ALTER ROLE ${r} WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(args.verifier)};`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${r};`,
  ];
  for (const schema of schemas) {
    const s = quoteIdent(schema);
    lines.push(
      `-- ${schema}: rows of every table, now and later; no CREATE on the schema`,
      `GRANT USAGE ON SCHEMA ${s} TO ${r};`,
      `REVOKE CREATE ON SCHEMA ${s} FROM ${r};`,
      `GRANT ${APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${s} TO ${r};`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT ${APP_TABLE_PRIVILEGES} ON TABLES TO ${r};`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r};`,
    );
  }
  lines.push("COMMIT;");
  return lines.join("\n") + "\n";
}
