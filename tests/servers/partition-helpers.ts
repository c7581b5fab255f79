/**
 * Shared steps of the real-PostgreSQL partition tests: migrate, maintain, and read back where
 * rows live and what the catalogue holds.
 */
import { Client } from "pg";
import {
  maintenanceCallSql,
  partitionMigrationSql,
  PartitionedTableArgs,
  resolvePartitionedTable,
} from "../../components/database/partitions";

/** A small audit-log-like table; tests give each its own name so they do not share state. */
export function auditTable(
  table: string,
  patch: Partial<PartitionedTableArgs> = {},
): PartitionedTableArgs {
  return {
    table,
    timeColumn: "created_at",
    columns: [
      { name: "id", type: "bigint" },
      { name: "created_at", type: "timestamptz", default: "now()" },
      { name: "payload", type: "text" },
    ],
    primaryKey: ["id", "created_at"],
    ...patch,
  };
}

/** Runs the generated migration script at a reference time. */
export async function migrate(
  client: Client,
  tables: PartitionedTableArgs[],
  reference: string,
): Promise<void> {
  await client.query(partitionMigrationSql(tables, { reference: new Date(reference) }));
}

/** One change reported by the maintenance function. */
export interface MaintenanceChange {
  action: string;
  partition_name: string;
  moved_rows: string | null;
}

/** Runs the generated maintenance call for one table at a reference time and returns its changes. */
export async function maintain(
  client: Client,
  table: PartitionedTableArgs,
  reference: string,
): Promise<MaintenanceChange[]> {
  const result = await client.query(
    maintenanceCallSql(resolvePartitionedTable(table), { reference: new Date(reference) }),
  );
  return result.rows as MaintenanceChange[];
}

/** Where each row of a table lives, grouped by partition and UTC month of its time column. */
export async function rowPlacement(
  client: Client,
  table: string,
): Promise<{ partition: string; month: string; n: number }[]> {
  const { rows } = await client.query(
    `SELECT tableoid::regclass::text AS partition, to_char(created_at AT TIME ZONE 'UTC', 'YYYYMM') AS month, count(*)::int AS n
       FROM public.${table} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows;
}

/** Rows in a table and everything archived from it. */
export async function totalRows(client: Client, table: string): Promise<number> {
  const { rows: archived } = await client.query(
    "SELECT c.oid::regclass::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'archive' AND c.relkind = 'r' AND c.relname LIKE $1",
    [`${table}\\_p%`],
  );
  let total = Number((await client.query(`SELECT count(*) AS n FROM public.${table}`)).rows[0].n);
  for (const { t } of archived)
    total += Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  return total;
}

/**
 * The catalogue state of a table, its partitions, indexes and archived partitions: identity
 * (oid), kind, schema, parent, partition bound and row count of every relation.
 */
export async function catalogState(client: Client, table: string): Promise<unknown[]> {
  const { rows } = await client.query(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
            coalesce(pg_get_expr(c.relpartbound, c.oid), '') AS bound,
            coalesce((SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid), '') AS parent
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'archive') AND c.relname LIKE $1
      ORDER BY 2, 3`,
    [`${table}%`],
  );
  for (const r of rows) {
    r.rows =
      r.kind === "r"
        ? Number(
            (await client.query(`SELECT count(*) AS n FROM "${r.schema}"."${r.name}"`)).rows[0].n,
          )
        : null;
  }
  return rows;
}

/** Names of a table's attached partitions, sorted. */
export async function attachedPartitions(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query(
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1",
    [`public.${table}`],
  );
  return rows.map((r) => r.relname);
}
