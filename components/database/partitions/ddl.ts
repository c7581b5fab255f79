import { qualify, quoteIdent, quoteLiteral } from "./identifiers";
import { PartitionedTable, partitionName } from "./spec";

/** A calendar month, `month` 1-based. */
export interface YearMonth {
  readonly year: number;
  readonly month: number;
}

/**
 * Reads a month from a `Date` (its UTC month) or a `"YYYY-MM"` string.
 * @throws Error naming `where` and the accepted forms.
 */
export function toYearMonth(value: Date | string, where = "month"): YearMonth {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new Error(`${where}: invalid Date; expected a valid Date or "YYYY-MM"`);
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1 };
  }
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a month; expected a Date or "YYYY-MM" with month 01-12`,
    );
  }
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The month `count` months after `from` (negative goes back). */
export function addMonths(from: YearMonth, count: number): YearMonth {
  const index = from.year * 12 + (from.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * The literal for the first instant of a month. The same text reads right for every allowed key
 * type: `timestamptz` takes it as UTC midnight, `timestamp` ignores the offset, `date` the time.
 * The maintenance function renders its bounds the same way, so both agree on every boundary.
 */
export function monthBoundLiteral(m: YearMonth): string {
  return quoteLiteral(
    `${String(m.year).padStart(4, "0")}-${String(m.month).padStart(2, "0")}-01 00:00:00+00`,
  );
}

/** `CREATE SCHEMA IF NOT EXISTS` for the table's schema and its archive schema. */
export function schemasSql(t: PartitionedTable): string {
  return [t.schema, t.archiveSchema]
    .map((s) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)};`)
    .join("\n");
}

/**
 * The parent table, `PARTITION BY RANGE` on the time column. Uses `IF NOT EXISTS`: an existing
 * table is left as it is (column changes need their own migration; the maintenance function
 * refuses a table that is not range-partitioned on one column).
 */
export function parentTableSql(t: PartitionedTable): string {
  const columns = t.columns.map((c) =>
    [
      `  ${quoteIdent(c.name)} ${c.type}`,
      c.nullable ? "" : " NOT NULL",
      c.default ? ` DEFAULT ${c.default}` : "",
    ].join(""),
  );
  if (t.primaryKey.length > 0) {
    columns.push(
      `  CONSTRAINT ${quoteIdent(`${t.table}_pkey`)} PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(", ")})`,
    );
  }
  return `CREATE TABLE IF NOT EXISTS ${qualify(t.schema, t.table)} (\n${columns.join(",\n")}\n) PARTITION BY RANGE (${quoteIdent(t.timeColumn)});`;
}

/** The DEFAULT partition `<table>_default`, which catches rows outside every monthly partition. */
export function defaultPartitionSql(t: PartitionedTable): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(t.schema, t.defaultPartition)} PARTITION OF ${qualify(t.schema, t.table)} DEFAULT;`;
}

/** The configured indexes, on the parent so PostgreSQL puts them on every partition; named `<table>_idx<N>`. */
export function indexesSql(t: PartitionedTable): string {
  return t.indexes
    .map(
      (cols, i) =>
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${t.table}_idx${i + 1}`)} ON ${qualify(t.schema, t.table)} (${cols.map(quoteIdent).join(", ")});`,
    )
    .join("\n");
}

/** Options of {@link partitionsForWindowSql}. */
export interface PartitionWindow {
  /** First month of the window, a Date (its UTC month) or `"YYYY-MM"`. Required. */
  from: Date | string;
  /** Number of months, 1..1200. Required. */
  months: number;
}

/**
 * Monthly partitions for a fixed window, as static `CREATE TABLE IF NOT EXISTS ... PARTITION OF`
 * statements (for preparing history before a backfill). Unlike the maintenance function these
 * fail if the default partition already holds rows of a month in the window, and they embed
 * dates: deploy-time migrations call the maintenance function instead, so rendered manifests
 * do not change from one month to the next.
 */
export function partitionsForWindowSql(t: PartitionedTable, window: PartitionWindow): string {
  if (!Number.isInteger(window.months) || window.months < 1 || window.months > 1200) {
    throw new Error(
      `partitions window for ${t.schema}.${t.table}: months ${JSON.stringify(window.months)} is not allowed; expected a whole number from 1 to 1200`,
    );
  }
  const first = toYearMonth(window.from, `partitions window for ${t.schema}.${t.table}: from`);
  const statements: string[] = [];
  for (let i = 0; i < window.months; i++) {
    const m = addMonths(first, i);
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${qualify(t.schema, partitionName(t.table, m.year, m.month))} PARTITION OF ${qualify(t.schema, t.table)} ` +
        `FOR VALUES FROM (${monthBoundLiteral(m)}) TO (${monthBoundLiteral(addMonths(m, 1))});`,
    );
  }
  return statements.join("\n");
}
