/**
 * Configuration shape of one time-partitioned table, and its resolved (validated, defaulted) form.
 * These types depend on nothing so the stack schema, the components and the tests can share them.
 */

/** Partition intervals the generator supports. Only calendar months today. */
export const PARTITION_INTERVALS = ["month"] as const;
/** One of {@link PARTITION_INTERVALS}. */
export type PartitionInterval = (typeof PARTITION_INTERVALS)[number];

/** Column defaults the generator accepts: expressions with no configuration text in them. */
export const COLUMN_DEFAULTS = ["now()", "gen_random_uuid()", "current_date"] as const;
/** One of {@link COLUMN_DEFAULTS}. */
export type ColumnDefault = (typeof COLUMN_DEFAULTS)[number];

/** Types the partition key may have; month bounds are rendered so that each of them reads them right. */
export const TIME_COLUMN_TYPES = ["timestamptz", "timestamp", "date"] as const;
/** One of {@link TIME_COLUMN_TYPES}. */
export type TimeColumnType = (typeof TIME_COLUMN_TYPES)[number];

/** One column of a partitioned table. */
export interface PartitionColumnArgs {
  /** Column name: lower-case identifier (`[a-z_][a-z0-9_]{0,62}`), not a reserved word. Required. */
  name: string;
  /**
   * SQL type from a safe grammar: integer types, `boolean`, `text`, `varchar(n)`, `char(n)`,
   * `numeric[(p[,s])]`, `real`, `double precision`, `date`, `time[tz]`, `timestamp[tz]`,
   * `interval`, `uuid`, `json`, `jsonb`, `bytea`, `inet`, `cidr`, `macaddr`, each optionally
   * followed by `[]`. Case and spacing are normalised. Required.
   */
  type: string;
  /** Whether NULL is allowed. @default true (the time column and primary-key columns are always NOT NULL). */
  nullable?: boolean;
  /** Column default, one of {@link COLUMN_DEFAULTS}. @default none */
  default?: ColumnDefault;
}

/** One time-partitioned table as configured per environment. */
export interface PartitionedTableArgs {
  /** Schema of the parent table. @default "public" */
  schema?: string;
  /**
   * Parent table name: lower-case identifier of at most 55 characters, so that partition names
   * (`<table>_pYYYYMM`) and the default partition (`<table>_default`) fit in 63. Required.
   */
  table: string;
  /** The partition key: one of `columns`, typed `timestamptz`, `timestamp` or `date`; always NOT NULL. Required. */
  timeColumn: string;
  /** Columns in order, including `timeColumn`. Required, at least one. */
  columns: PartitionColumnArgs[];
  /** Primary key columns; PostgreSQL requires it to include `timeColumn`. @default no primary key */
  primaryKey?: string[];
  /** Extra indexes, each an ordered column list, created on the parent (so on every partition). @default [[timeColumn]] */
  indexes?: string[][];
  /** Partition interval. @default "month" */
  interval?: PartitionInterval;
  /** Months created ahead of the current one by every maintenance run (1..36). @default 3 */
  premakeMonths?: number;
  /**
   * Months kept attached, counting the current one (1..1200). Partitions wholly older than that
   * are detached and moved to the archive schema, never dropped. @default 12
   */
  retainMonths?: number;
  /** Where detached partitions go. @default { schema: "archive" } */
  archive?: {
    /** Archive schema; must differ from `schema`. @default "archive" */
    schema?: string;
  };
}

/** A column after validation. */
export interface PartitionColumn {
  readonly name: string;
  /** Normalised type text, e.g. `numeric(12,2)`. */
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
}

/** A partitioned table after validation and defaults: every field set, every identifier checked. */
export interface PartitionedTable {
  readonly schema: string;
  readonly table: string;
  readonly timeColumn: string;
  readonly timeColumnType: TimeColumnType;
  readonly columns: readonly PartitionColumn[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly (readonly string[])[];
  readonly interval: PartitionInterval;
  readonly premakeMonths: number;
  readonly retainMonths: number;
  readonly archiveSchema: string;
  /** Name of the DEFAULT partition, `<table>_default`, in `schema`. */
  readonly defaultPartition: string;
}

/** Defaults applied by {@link resolvePartitionedTable}. */
export const PARTITION_DEFAULTS = Object.freeze({
  schema: "public",
  interval: "month" as PartitionInterval,
  premakeMonths: 3,
  retainMonths: 12,
  archiveSchema: "archive",
});

/** Inclusive bounds of the numeric settings. */
export const PARTITION_LIMITS = Object.freeze({
  premakeMonths: { min: 1, max: 36 },
  retainMonths: { min: 1, max: 1200 },
  tableNameLength: 55,
  indexesPerTable: 32,
});

/** Name of the partition holding `year`-`month` (1-based month): `<table>_pYYYYMM`. */
export function partitionName(table: string, year: number, month: number): string {
  return `${table}_p${String(year).padStart(4, "0")}${String(month).padStart(2, "0")}`;
}
