import { defaultPartitionSql, indexesSql, parentTableSql, schemasSql } from "./ddl";
import { quoteIdent } from "./identifiers";
import {
  maintenanceCallSql,
  maintenanceFunctionSql,
  PartitionMaintenanceOptions,
  resolveMaintenanceOptions,
} from "./maintenance";
import { PartitionedTableArgs } from "./spec";
import { resolvePartitionedTables } from "./validate";

/** Options of {@link partitionMigrationSql} and {@link partitionMaintenanceSql}. */
export interface PartitionScriptOptions extends PartitionMaintenanceOptions {
  /** Reference time for the maintenance calls (tests drive time with it). @default the server's now() */
  reference?: Date;
}

/**
 * The whole migration a deploy-time Job runs, as one SQL script in one transaction: the
 * maintenance function, then for each table its schemas, parent table, default partition and
 * indexes, then one maintenance call per table to create the current and upcoming months.
 * Every statement is idempotent, so the Job can run on every deploy. The script contains no
 * dates unless `reference` is given, so the rendered Job does not change with the calendar.
 *
 * Validates every table first and throws (naming table, field, value and what is allowed)
 * before returning any SQL: hostile or malformed configuration never reaches a server.
 *
 * @param tables the configured partitioned tables. @default none: an empty list installs only the function.
 * @param options function schema, lock timeout and reference time, see {@link PartitionScriptOptions}.
 */
export function partitionMigrationSql(
  tables: readonly PartitionedTableArgs[],
  options: PartitionScriptOptions = {},
): string {
  const resolved = resolvePartitionedTables(tables);
  const o = resolveMaintenanceOptions(options);
  const parts: string[] = [
    "BEGIN;",
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(o.schema)};`,
    maintenanceFunctionSql(o),
  ];
  for (const t of resolved) {
    parts.push(
      `-- ${t.schema}.${t.table}: monthly partitions on ${t.timeColumn}`,
      schemasSql(t),
      parentTableSql(t),
      defaultPartitionSql(t),
    );
    if (t.indexes.length > 0) parts.push(indexesSql(t));
  }
  for (const t of resolved)
    parts.push(maintenanceCallSql(t, { schema: o.schema, reference: options.reference }));
  parts.push("COMMIT;");
  return parts.join("\n") + "\n";
}

/**
 * What the maintenance CronJob runs: one `SELECT * FROM <schema>.maintain_monthly_partitions(...)`
 * per table, one line each. Run with `psql -v ON_ERROR_STOP=1 -c "<script>"` (one transaction) or
 * statement by statement. Validates like {@link partitionMigrationSql}.
 *
 * @param tables the configured partitioned tables.
 * @param options function schema and reference time. @default schema "partition_maintenance", reference now()
 */
export function partitionMaintenanceSql(
  tables: readonly PartitionedTableArgs[],
  options: PartitionScriptOptions = {},
): string {
  const resolved = resolvePartitionedTables(tables);
  const o = resolveMaintenanceOptions(options);
  return resolved
    .map((t) => maintenanceCallSql(t, { schema: o.schema, reference: options.reference }))
    .join("\n");
}
