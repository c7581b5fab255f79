import { describe, validateIdentifier, validateSchemaName } from "./identifiers";
import {
  COLUMN_DEFAULTS,
  PARTITION_DEFAULTS,
  PARTITION_INTERVALS,
  PARTITION_LIMITS,
  PartitionColumn,
  PartitionColumnArgs,
  PartitionedTable,
  PartitionedTableArgs,
  TimeColumnType,
} from "./spec";

// prettier-ignore
const SIMPLE_TYPES = new Set([
  "smallint", "integer", "int", "bigint", "int2", "int4", "int8", "boolean", "bool", "text",
  "uuid", "json", "jsonb", "bytea", "date", "real", "float4", "float8", "double precision", "inet",
  "cidr", "macaddr", "interval", "numeric", "decimal", "timestamptz", "timestamp",
  "timestamp with time zone", "timestamp without time zone", "time", "timetz",
  "time with time zone", "time without time zone",
]);
const SIZED_TYPE = /^(varchar|character varying|char|character)\((\d{1,8})\)$/;
const NUMERIC_TYPE = /^(numeric|decimal)\((\d{1,4})(?:,(\d{1,4}))?\)$/;
const TYPE_GRAMMAR =
  "integer types, boolean, text, varchar(n), char(n), numeric[(p[,s])], real, double precision, date, time[tz], " +
  "timestamp[tz], interval, uuid, json, jsonb, bytea, inet, cidr, macaddr, each optionally followed by []";

const TIME_TYPES: Readonly<Record<string, TimeColumnType>> = {
  timestamptz: "timestamptz",
  "timestamp with time zone": "timestamptz",
  timestamp: "timestamp",
  "timestamp without time zone": "timestamp",
  date: "date",
};

/**
 * Normalises a column type and checks it against the safe grammar.
 * @returns the normalised type text, e.g. `"VarChar( 20 )"` becomes `"varchar(20)"`.
 * @throws Error naming `where`, the bad value and the grammar.
 */
export function validateColumnType(value: unknown, where: string): string {
  if (typeof value !== "string")
    throw new Error(
      `${where}: expected a type string, got ${describe(value)}; allowed: ${TYPE_GRAMMAR}`,
    );
  const normal = value
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\s*([(),]|\[\])\s*/g, "$1");
  const isArray = normal.endsWith("[]");
  const base = isArray ? normal.slice(0, -2) : normal;
  const sized = SIZED_TYPE.exec(base);
  const numeric = NUMERIC_TYPE.exec(base);
  let ok = SIMPLE_TYPES.has(base);
  if (sized) ok = Number(sized[2]) >= 1 && Number(sized[2]) <= 10485760;
  if (numeric) {
    const precision = Number(numeric[2]);
    const scale = numeric[3] === undefined ? 0 : Number(numeric[3]);
    ok = precision >= 1 && precision <= 1000 && scale <= precision;
  }
  if (!ok)
    throw new Error(
      `${where}: column type ${JSON.stringify(value)} is not in the allowed grammar; allowed: ${TYPE_GRAMMAR}`,
    );
  return normal;
}

function integerIn(
  value: unknown,
  fallback: number,
  limits: { min: number; max: number },
  where: string,
): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < limits.min || v > limits.max) {
    throw new Error(
      `${where}: ${describe(value)} is not allowed; expected a whole number from ${limits.min} to ${limits.max}`,
    );
  }
  return v;
}

function validateColumn(input: PartitionColumnArgs, where: string): PartitionColumn {
  if (typeof input !== "object" || input === null)
    throw new Error(`${where}: expected a column object {name, type}, got ${describe(input)}`);
  const name = validateIdentifier(input.name, `${where}.name`);
  const type = validateColumnType(input.type, `${where}.type`);
  if (input.nullable !== undefined && typeof input.nullable !== "boolean") {
    throw new Error(`${where}.nullable: expected true or false, got ${describe(input.nullable)}`);
  }
  if (
    input.default !== undefined &&
    !(COLUMN_DEFAULTS as readonly unknown[]).includes(input.default)
  ) {
    throw new Error(
      `${where}.default: ${describe(input.default)} is not allowed; allowed: ${COLUMN_DEFAULTS.join(", ")}`,
    );
  }
  return {
    name,
    type,
    nullable: input.nullable ?? true,
    ...(input.default ? { default: input.default } : {}),
  };
}

function validateColumnList(value: unknown, known: ReadonlySet<string>, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`${where}: expected a non-empty list of column names, got ${describe(value)}`);
  const seen = new Set<string>();
  return value.map((c, i) => {
    const name = validateIdentifier(c, `${where}[${i}]`);
    if (!known.has(name))
      throw new Error(
        `${where}[${i}]: ${JSON.stringify(name)} is not a column of the table; columns: ${[...known].join(", ")}`,
      );
    if (seen.has(name))
      throw new Error(`${where}[${i}]: column ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
    return name;
  });
}

/**
 * Validates one partitioned table and applies the defaults of {@link PARTITION_DEFAULTS}.
 *
 * @param input the table as configured.
 * @param where prefix naming the table in errors. @default `partitionedTables["<table>"]`
 * @throws Error naming the table and field, the bad value and what is allowed.
 */
export function resolvePartitionedTable(
  input: PartitionedTableArgs,
  where?: string,
): PartitionedTable {
  if (typeof input !== "object" || input === null)
    throw new Error(
      `${where ?? "partitionedTables[]"}: expected a table object, got ${describe(input)}`,
    );
  const at = where ?? `partitionedTables[${describe(input.table)}]`;
  const table = validateIdentifier(input.table, `${at}.table`, PARTITION_LIMITS.tableNameLength);
  const schema = validateSchemaName(input.schema ?? PARTITION_DEFAULTS.schema, `${at}.schema`);
  const archiveSchema = validateSchemaName(
    input.archive?.schema ?? PARTITION_DEFAULTS.archiveSchema,
    `${at}.archive.schema`,
  );
  if (archiveSchema === schema) {
    throw new Error(
      `${at}.archive.schema: ${JSON.stringify(archiveSchema)} is the table's own schema; archived partitions need a different schema`,
    );
  }
  const interval = input.interval ?? PARTITION_DEFAULTS.interval;
  if (!(PARTITION_INTERVALS as readonly unknown[]).includes(interval)) {
    throw new Error(
      `${at}.interval: ${describe(input.interval)} is not supported; allowed: ${PARTITION_INTERVALS.join(", ")}`,
    );
  }
  const premakeMonths = integerIn(
    input.premakeMonths,
    PARTITION_DEFAULTS.premakeMonths,
    PARTITION_LIMITS.premakeMonths,
    `${at}.premakeMonths`,
  );
  const retainMonths = integerIn(
    input.retainMonths,
    PARTITION_DEFAULTS.retainMonths,
    PARTITION_LIMITS.retainMonths,
    `${at}.retainMonths`,
  );

  if (!Array.isArray(input.columns) || input.columns.length === 0) {
    throw new Error(
      `${at}.columns: expected a non-empty list of columns, got ${describe(input.columns)}`,
    );
  }
  const rawColumns = input.columns.map((c, i) => validateColumn(c, `${at}.columns[${i}]`));
  const names = new Set<string>();
  rawColumns.forEach((c, i) => {
    if (names.has(c.name))
      throw new Error(
        `${at}.columns[${i}].name: column ${JSON.stringify(c.name)} is defined twice`,
      );
    names.add(c.name);
  });

  const timeColumn = validateIdentifier(input.timeColumn, `${at}.timeColumn`);
  const timeDef = rawColumns.find((c) => c.name === timeColumn);
  if (!timeDef)
    throw new Error(
      `${at}.timeColumn: ${JSON.stringify(timeColumn)} is not one of the columns (${[...names].join(", ")})`,
    );
  const timeColumnType = TIME_TYPES[timeDef.type];
  if (!timeColumnType) {
    throw new Error(
      `${at}.timeColumn: column ${JSON.stringify(timeColumn)} has type ${JSON.stringify(timeDef.type)}; a partition key must be one of ${Object.keys(TIME_TYPES).join(", ")}`,
    );
  }
  if (input.columns.find((c) => c.name === timeColumn)?.nullable === true) {
    throw new Error(
      `${at}.columns: the time column ${JSON.stringify(timeColumn)} is marked nullable; it must be NOT NULL so every row has a month`,
    );
  }

  const primaryKey =
    input.primaryKey === undefined
      ? []
      : validateColumnList(input.primaryKey, names, `${at}.primaryKey`);
  if (primaryKey.length > 0 && !primaryKey.includes(timeColumn)) {
    throw new Error(
      `${at}.primaryKey: [${primaryKey.join(", ")}] must include the time column ${JSON.stringify(timeColumn)} (PostgreSQL requires unique keys of a partitioned table to contain the partition key)`,
    );
  }
  const notNull = new Set([timeColumn, ...primaryKey]);
  const columns = rawColumns.map((c) => (notNull.has(c.name) ? { ...c, nullable: false } : c));

  const indexInput = input.indexes ?? [[timeColumn]];
  if (!Array.isArray(indexInput) || indexInput.length > PARTITION_LIMITS.indexesPerTable) {
    throw new Error(
      `${at}.indexes: expected a list of at most ${PARTITION_LIMITS.indexesPerTable} column lists, got ${describe(input.indexes)}`,
    );
  }
  const indexes = indexInput.map((cols, i) =>
    validateColumnList(cols, names, `${at}.indexes[${i}]`),
  );
  // The same column list twice is a second identical index: every write pays for it, no query gains.
  indexes.forEach((cols, i) => {
    const first = indexes.findIndex((other) => other.join(",") === cols.join(","));
    if (first !== i)
      throw new Error(
        `${at}.indexes[${i}]: [${cols.join(", ")}] repeats indexes[${first}]; remove the repeat`,
      );
  });

  return {
    schema,
    table,
    timeColumn,
    timeColumnType,
    columns,
    primaryKey,
    indexes,
    interval,
    premakeMonths,
    retainMonths,
    archiveSchema,
    defaultPartition: `${table}_default`,
  };
}

/**
 * Validates a list of partitioned tables: each one, then the list as a whole (no table twice,
 * no table whose name would collide with another's partitions).
 *
 * @param inputs the tables as configured. @default none: an empty list is valid and generates nothing.
 * @param where prefix for errors. @default "partitionedTables"
 */
export function resolvePartitionedTables(
  inputs: readonly PartitionedTableArgs[],
  where = "partitionedTables",
): PartitionedTable[] {
  if (!Array.isArray(inputs))
    throw new Error(`${where}: expected a list of tables, got ${describe(inputs)}`);
  const tables = inputs.map((t, i) => resolvePartitionedTable(t, `${where}[${i}]`));
  const owned = new Map<string, string>();
  tables.forEach((t, i) => {
    const key = `${t.schema}.${t.table}`;
    if (owned.has(key)) throw new Error(`${where}[${i}].table: ${key} is ${owned.get(key)}`);
    owned.set(key, `already configured as ${where}[${i}]`);
  });
  tables.forEach((t, i) => {
    tables.forEach((other, j) => {
      if (i === j || other.schema !== t.schema) return;
      const rest = t.table.startsWith(`${other.table}_`)
        ? t.table.slice(other.table.length + 1)
        : undefined;
      if (rest === "default" || (rest !== undefined && /^p\d{6}$/.test(rest))) {
        throw new Error(
          `${where}[${i}].table: ${JSON.stringify(t.table)} collides with the partitions of ${where}[${j}] (${JSON.stringify(other.table)}); choose another name`,
        );
      }
    });
  });
  return tables;
}
