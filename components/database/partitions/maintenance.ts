import { describe, qualify, quoteLiteral, validateSchemaName } from "./identifiers";
import { PartitionedTable } from "./spec";

/** Name of the installed maintenance function. */
export const MAINTENANCE_FUNCTION = "maintain_monthly_partitions";

/** Where and how the maintenance function is installed. */
export interface PartitionMaintenanceOptions {
  /** Schema that holds the maintenance function. @default "partition_maintenance" */
  schema?: string;
  /**
   * `lock_timeout` while maintaining, in ms (1..600000). Creating or detaching a partition
   * briefly locks the parent; a short timeout makes a run fail (and the CronJob retry) rather
   * than queue every query behind a long transaction. @default 10000
   */
  lockTimeoutMs?: number;
}

/** Defaults of {@link PartitionMaintenanceOptions}. */
export const MAINTENANCE_DEFAULTS = Object.freeze({
  schema: "partition_maintenance",
  lockTimeoutMs: 10000,
});

/** Validated {@link PartitionMaintenanceOptions}, defaults applied. */
export function resolveMaintenanceOptions(
  options: PartitionMaintenanceOptions = {},
): Required<PartitionMaintenanceOptions> {
  const schema = validateSchemaName(
    options.schema ?? MAINTENANCE_DEFAULTS.schema,
    "partitionMaintenance.schema",
  );
  const lockTimeoutMs = options.lockTimeoutMs ?? MAINTENANCE_DEFAULTS.lockTimeoutMs;
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1 || lockTimeoutMs > 600000) {
    throw new Error(
      `partitionMaintenance.lockTimeoutMs: ${describe(options.lockTimeoutMs)} is not allowed; expected a whole number of milliseconds from 1 to 600000`,
    );
  }
  return { schema, lockTimeoutMs };
}

/**
 * The maintenance function, installed once per database (`CREATE OR REPLACE`, so re-running the
 * migration upgrades it). Call it as
 * `SELECT * FROM <schema>.maintain_monthly_partitions(parent, premake_months, retain_months, archive_schema[, reference])`.
 * One call, in one transaction, serialised per table by an advisory lock:
 *  1. For every month from the reference month to `premake_months` ahead, and every month below
 *     that horizon that has rows waiting in the DEFAULT partition, creates the `<table>_pYYYYMM`
 *     partition if missing. When the default partition holds rows of that month (creating the
 *     partition directly would fail), the partition is built as a plain table, the rows are moved
 *     into it, and it is attached.
 *  2. Detaches every partition whose upper bound is at or before the first retained month
 *     (`retain_months` counting the reference month) and moves it to `archive_schema`. If the
 *     archive already has a table of that name (late rows for an archived month), the rows are
 *     appended to it and the emptied detached table is removed: no row is ever lost.
 * Returns one row per change (`created`, `created_from_default`, `archived`, `archived_merged`),
 * so a second run at the same reference time returns nothing. Months are calendar months in UTC.
 */
export function maintenanceFunctionSql(options: PartitionMaintenanceOptions = {}): string {
  const o = resolveMaintenanceOptions(options);
  return `CREATE OR REPLACE FUNCTION ${qualify(o.schema, MAINTENANCE_FUNCTION)}(
  parent regclass,
  premake_months integer,
  retain_months integer,
  archive_schema name,
  reference timestamptz DEFAULT now()
) RETURNS TABLE (action text, partition_name text, moved_rows bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET "TimeZone" = 'UTC'
SET "DateStyle" = 'ISO, YMD'
SET lock_timeout = ${quoteLiteral(`${o.lockTimeoutMs}ms`)}
AS $maintain$
#variable_conflict use_column
DECLARE
  parent_schema name;
  parent_table name;
  key_column name;
  default_table name;
  column_list text;
  current_month date;
  first_kept date;
  horizon date;
  months date[];
  default_months date[];
  m date;
  part text;
  lo text;
  hi text;
  n bigint;
  r record;
BEGIN
  IF premake_months IS NULL OR premake_months < 1 OR retain_months IS NULL OR retain_months < 1 THEN
    RAISE EXCEPTION 'partition maintenance of %: premake_months (%) and retain_months (%) must be at least 1', parent, premake_months, retain_months;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('partition_maintenance'), hashtext(parent::oid::text));

  SELECT ns.nspname, c.relname INTO parent_schema, parent_table
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = parent;
  SELECT a.attname INTO key_column
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent AND p.partstrat = 'r' AND p.partnatts = 1;
  IF key_column IS NULL THEN
    RAISE EXCEPTION 'partition maintenance: % is not partitioned by RANGE on a single column', parent;
  END IF;
  IF archive_schema IS NULL OR archive_schema = parent_schema OR NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = archive_schema) THEN
    RAISE EXCEPTION 'partition maintenance of %: archive schema % must exist and differ from the table''s schema', parent, quote_ident(archive_schema);
  END IF;
  IF length(parent_table) > 55 THEN
    RAISE EXCEPTION 'partition maintenance of %: table name longer than 55 characters leaves no room for partition names', parent;
  END IF;
  SELECT c.relname INTO default_table
    FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partdefid WHERE p.partrelid = parent;
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO column_list
    FROM pg_attribute a WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped;

  current_month := date_trunc('month', reference)::date;
  first_kept := (current_month - make_interval(months => retain_months - 1))::date;
  horizon := (current_month + make_interval(months => premake_months + 1))::date;
  months := ARRAY(SELECT d::date FROM generate_series(current_month::timestamp, (horizon - 1)::timestamp, interval '1 month') AS d);
  default_months := '{}';
  IF default_table IS NOT NULL THEN
    EXECUTE format('SELECT coalesce(array_agg(DISTINCT date_trunc(''month'', %I)::date), ''{}'') FROM %I.%I WHERE %I < %L',
                   key_column, parent_schema, default_table, key_column, to_char(horizon, 'YYYY-MM-DD') || ' 00:00:00+00')
      INTO default_months;
  END IF;

  FOR m IN SELECT DISTINCT x FROM unnest(months || default_months) AS x ORDER BY x LOOP
    part := parent_table || '_p' || to_char(m, 'YYYYMM');
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                           WHERE i.inhparent = parent AND c.relname = part);
    lo := to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00';
    hi := to_char((m + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00';
    IF m = ANY (default_months) THEN
      -- Rows of this month sit in the default partition, so PARTITION OF would be refused: build
      -- the partition beside the parent, move the rows, then attach it.
      EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)',
                     parent_schema, part, parent_schema, parent_table);
      EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE %I >= %L AND %I < %L RETURNING %s) INSERT INTO %I.%I (%s) SELECT %s FROM moved',
                     parent_schema, default_table, key_column, lo, key_column, hi, column_list,
                     parent_schema, part, column_list, column_list);
      GET DIAGNOSTICS n = ROW_COUNT;
      EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                     parent_schema, parent_table, parent_schema, part, lo, hi);
      action := 'created_from_default';
      moved_rows := n;
    ELSE
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                     parent_schema, part, parent_schema, parent_table, lo, hi);
      action := 'created';
      moved_rows := 0;
    END IF;
    partition_name := format('%I.%I', parent_schema, part);
    RETURN NEXT;
  END LOOP;

  FOR r IN SELECT c.relname AS relname, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = parent ORDER BY c.relname LOOP
    hi := substring(r.bound FROM 'TO [(]''([^'']*)''[)]');
    CONTINUE WHEN hi IS NULL OR hi::timestamp > first_kept::timestamp;
    EXECUTE format('ALTER TABLE %I.%I DETACH PARTITION %I.%I', parent_schema, parent_table, parent_schema, r.relname);
    IF to_regclass(format('%I.%I', archive_schema, r.relname)) IS NULL THEN
      EXECUTE format('ALTER TABLE %I.%I SET SCHEMA %I', parent_schema, r.relname, archive_schema);
      action := 'archived';
      moved_rows := NULL;
    ELSE
      -- Same transaction: the rows are copied before the emptied table goes, or nothing happens.
      EXECUTE format('INSERT INTO %I.%I (%s) SELECT %s FROM %I.%I', archive_schema, r.relname, column_list, column_list, parent_schema, r.relname);
      GET DIAGNOSTICS n = ROW_COUNT;
      EXECUTE format('DROP TABLE %I.%I', parent_schema, r.relname);
      action := 'archived_merged';
      moved_rows := n;
    END IF;
    partition_name := format('%I.%I', archive_schema, r.relname);
    RETURN NEXT;
  END LOOP;
END
$maintain$;`;
}

/** Options of {@link maintenanceCallSql}. */
export interface MaintenanceCallOptions {
  /** Schema holding the maintenance function. @default "partition_maintenance" */
  schema?: string;
  /** Reference time; months are taken in UTC. @default the server's now() */
  reference?: Date;
}

/** The `SELECT` that maintains one table: what the CronJob runs (one per configured table). */
export function maintenanceCallSql(
  t: PartitionedTable,
  options: MaintenanceCallOptions = {},
): string {
  const schema = validateSchemaName(
    options.schema ?? MAINTENANCE_DEFAULTS.schema,
    "partitionMaintenance.schema",
  );
  let reference = "";
  if (options.reference !== undefined) {
    if (!(options.reference instanceof Date) || Number.isNaN(options.reference.getTime())) {
      throw new Error(
        `maintenance of ${t.schema}.${t.table}: reference ${describe(options.reference)} is not a valid Date`,
      );
    }
    reference = `, ${quoteLiteral(options.reference.toISOString())}::timestamptz`;
  }
  return (
    `SELECT * FROM ${qualify(schema, MAINTENANCE_FUNCTION)}(${quoteLiteral(qualify(t.schema, t.table))}::regclass, ` +
    `${t.premakeMonths}, ${t.retainMonths}, ${quoteLiteral(t.archiveSchema)}${reference});`
  );
}
