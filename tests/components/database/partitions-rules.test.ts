/**
 * The partition builders' rules at their limits: the exact SQL each generator writes, every
 * bound at the limit and one past it, and the exact key every refusal names. Expected SQL and
 * messages are written out by hand, never taken from the generators.
 */
import { expect } from "chai";
import {
  defaultPartitionSql,
  indexesSql,
  maintenanceCallSql,
  maintenanceFunctionSql,
  parentTableSql,
  PartitionedTableArgs,
  partitionName,
  partitionsForWindowSql,
  qualify,
  quoteIdent,
  quoteLiteral,
  resolveMaintenanceOptions,
  resolvePartitionedTable,
  resolvePartitionedTables,
  schemasSql,
  toYearMonth,
  validateColumnType,
  validateIdentifier,
  validateSchemaName,
} from "../../../components/database/partitions";
import { describe as describeValue } from "../../../components/database/partitions/identifiers";

import { AUDIT_LOG as auditLog } from "./fixtures";
import { thrownMessage as thrown } from "../../helpers/thrown";

/** The table with fields replaced, wrong types allowed (configuration arrives untyped). */
function withTable(patch: Record<string, unknown>): PartitionedTableArgs {
  return { ...auditLog, ...patch } as unknown as PartitionedTableArgs;
}

/** The table with one more column. */
function withColumn(column: unknown): PartitionedTableArgs {
  return withTable({ columns: [...auditLog.columns, column] });
}

const AT = 'partitionedTables["audit_log"]';
const IDENT_RULE =
  'allowed: lower-case letters, digits and "_", starting with a letter or "_", at most 63 characters, not an SQL reserved word';
const TYPE_GRAMMAR =
  "integer types, boolean, text, varchar(n), char(n), numeric[(p[,s])], real, double precision, date, time[tz], " +
  "timestamp[tz], interval, uuid, json, jsonb, bytea, inet, cidr, macaddr, each optionally followed by []";

describe("partition DDL, rendered in full", () => {
  const t = resolvePartitionedTable(
    withTable({ indexes: [["created_at"], ["actor", "created_at"]] }),
  );

  it("creates the table's schema and its archive schema", () => {
    expect(schemasSql(t)).to.equal(
      'CREATE SCHEMA IF NOT EXISTS "public";\nCREATE SCHEMA IF NOT EXISTS "archive";',
    );
  });

  it("writes one line per column, NOT NULL and DEFAULT only where set, then the primary key", () => {
    expect(parentTableSql(t)).to.equal(
      [
        'CREATE TABLE IF NOT EXISTS "public"."audit_log" (',
        '  "id" uuid NOT NULL DEFAULT gen_random_uuid(),',
        '  "created_at" timestamptz NOT NULL DEFAULT now(),',
        '  "actor" text,',
        '  "payload" jsonb,',
        '  CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "created_at")',
        ') PARTITION BY RANGE ("created_at");',
      ].join("\n"),
    );
  });

  it("writes no constraint for a table without a primary key, whose other columns stay nullable", () => {
    const noKey = resolvePartitionedTable(withTable({ primaryKey: undefined }));
    expect(noKey.primaryKey).to.deep.equal([]);
    expect(parentTableSql(noKey)).to.equal(
      [
        'CREATE TABLE IF NOT EXISTS "public"."audit_log" (',
        '  "id" uuid DEFAULT gen_random_uuid(),',
        '  "created_at" timestamptz NOT NULL DEFAULT now(),',
        '  "actor" text,',
        '  "payload" jsonb',
        ') PARTITION BY RANGE ("created_at");',
      ].join("\n"),
    );
  });

  it("attaches the default partition and names indexes <table>_idx1, _idx2 in order", () => {
    expect(defaultPartitionSql(t)).to.equal(
      'CREATE TABLE IF NOT EXISTS "public"."audit_log_default" PARTITION OF "public"."audit_log" DEFAULT;',
    );
    expect(indexesSql(t)).to.equal(
      [
        'CREATE INDEX IF NOT EXISTS "audit_log_idx1" ON "public"."audit_log" ("created_at");',
        'CREATE INDEX IF NOT EXISTS "audit_log_idx2" ON "public"."audit_log" ("actor", "created_at");',
      ].join("\n"),
    );
  });

  it("writes years before 1000 with four digits in partition names and bounds", () => {
    expect(partitionName("t", 999, 7)).to.equal("t_p099907");
    expect(partitionsForWindowSql(t, { from: "0999-12", months: 1 })).to.equal(
      `CREATE TABLE IF NOT EXISTS "public"."audit_log_p099912" PARTITION OF "public"."audit_log" FOR VALUES FROM ('0999-12-01 00:00:00+00') TO ('1000-01-01 00:00:00+00');`,
    );
  });
});

describe("partition windows", () => {
  const t = resolvePartitionedTable(auditLog);
  const where = "partitions window for public.audit_log";

  it("accepts 1 to 1200 months and refuses 0, 1201 and fractions", () => {
    expect(partitionsForWindowSql(t, { from: "2024-01", months: 1 }).split("\n")).to.have.length(1);
    const longest = partitionsForWindowSql(t, { from: "2024-01", months: 1200 }).split("\n");
    expect(longest).to.have.length(1200);
    // 1200 months after January 2024 ends in December 2123.
    expect(longest[1199]).to.contain('"audit_log_p212312"');
    for (const months of [0, 1201, 1.5])
      expect(thrown(() => partitionsForWindowSql(t, { from: "2024-01", months }))).to.equal(
        `${where}: months ${months} is not allowed; expected a whole number from 1 to 1200`,
      );
  });

  it("reads a Date by its UTC month", () => {
    // 23:30 on 31 December at UTC-2 is already January in UTC.
    expect(
      partitionsForWindowSql(t, { from: new Date("2024-12-31T23:30:00-02:00"), months: 1 }),
    ).to.contain('"audit_log_p202501"');
    expect(toYearMonth(new Date("2024-03-15T00:00:00Z"))).to.deep.equal({ year: 2024, month: 3 });
  });

  it("accepts months 01 to 12 and refuses 00, 13 and other shapes, naming where", () => {
    expect(toYearMonth("2024-01")).to.deep.equal({ year: 2024, month: 1 });
    expect(toYearMonth("2024-12")).to.deep.equal({ year: 2024, month: 12 });
    for (const bad of ["2024-00", "2024-13", "2024-1", "x2024-01", "2024-01x", ["2024-01"]])
      expect(thrown(() => toYearMonth(bad as string))).to.equal(
        `month: ${JSON.stringify(bad)} is not a month; expected a Date or "YYYY-MM" with month 01-12`,
      );
    expect(thrown(() => partitionsForWindowSql(t, { from: "2024-13", months: 1 }))).to.equal(
      `${where}: from: "2024-13" is not a month; expected a Date or "YYYY-MM" with month 01-12`,
    );
    expect(
      thrown(() => partitionsForWindowSql(t, { from: new Date("not a date"), months: 1 })),
    ).to.equal(`${where}: from: invalid Date; expected a valid Date or "YYYY-MM"`);
  });
});

describe("partition maintenance settings", () => {
  const t = resolvePartitionedTable(auditLog);

  it("accepts a lock timeout from 1 to 600000 ms and refuses one past either end", () => {
    expect(resolveMaintenanceOptions({ lockTimeoutMs: 1 }).lockTimeoutMs).to.equal(1);
    expect(resolveMaintenanceOptions({ lockTimeoutMs: 600000 }).lockTimeoutMs).to.equal(600000);
    for (const lockTimeoutMs of [0, 600001])
      expect(thrown(() => resolveMaintenanceOptions({ lockTimeoutMs }))).to.equal(
        `partitionMaintenance.lockTimeoutMs: ${lockTimeoutMs} is not allowed; expected a whole number of milliseconds from 1 to 600000`,
      );
  });

  it("installs the function in its schema with the lock timeout in milliseconds", () => {
    const sql = maintenanceFunctionSql({ schema: "ops", lockTimeoutMs: 2500 });
    expect(sql.split("\n")[0]).to.equal(
      'CREATE OR REPLACE FUNCTION "ops"."maintain_monthly_partitions"(',
    );
    expect(sql.split("\n")).to.include("SET lock_timeout = '2500ms'");
    expect(maintenanceFunctionSql().split("\n")).to.include("SET lock_timeout = '10000ms'");
  });

  it("refuses a system schema for the maintenance call, and a reference that is not a valid Date", () => {
    expect(thrown(() => maintenanceCallSql(t, { schema: "pg_maint" }))).to.equal(
      'partitionMaintenance.schema: "pg_maint" is a system schema name; choose a name not starting with "pg_" and not "information_schema"',
    );
    expect(thrown(() => maintenanceCallSql(t, { reference: new Date("soon") }))).to.equal(
      "maintenance of public.audit_log: reference Invalid Date is not a valid Date",
    );
    expect(
      thrown(() => maintenanceCallSql(t, { reference: "2024-05-01" as unknown as Date })),
    ).to.equal('maintenance of public.audit_log: reference "2024-05-01" is not a valid Date');
  });
});

describe("identifiers and literals", () => {
  it("accepts identifiers up to the length limit and refuses one character more", () => {
    expect(validateIdentifier("a".repeat(63), "x")).to.equal("a".repeat(63));
    expect(thrown(() => validateIdentifier("a".repeat(64), "x"))).to.equal(
      `x: invalid identifier "${"a".repeat(64)}"; ${IDENT_RULE}`,
    );
    // Table names stop at 55 so that `_pYYYYMM` and `_default` still fit in 63.
    const t = resolvePartitionedTable(withTable({ table: "t".repeat(55) }));
    expect(t.defaultPartition).to.have.length(63);
  });

  it("refuses the catalogue's own schemas", () => {
    expect(thrown(() => validateSchemaName("information_schema", "s"))).to.equal(
      's: "information_schema" is a system schema name; choose a name not starting with "pg_" and not "information_schema"',
    );
    expect(validateSchemaName("pgx", "s")).to.equal("pgx");
  });

  it("doubles quotes inside identifiers and literals, and refuses NUL characters", () => {
    expect(quoteIdent('we"ird')).to.equal('"we""ird"');
    expect(qualify("a", "b")).to.equal('"a"."b"');
    expect(quoteLiteral("it's")).to.equal("'it''s'");
    expect(thrown(() => quoteIdent("a\u0000b"))).to.equal(
      'identifier "a\\u0000b" contains a NUL character, which PostgreSQL cannot store',
    );
    expect(thrown(() => quoteLiteral("a\u0000b"))).to.equal(
      "literal contains a NUL character, which PostgreSQL text cannot store",
    );
  });

  it("writes a literal with backslashes in the E'' form, each backslash doubled", () => {
    expect(quoteLiteral("C:\\dir's")).to.equal(" E'C:\\\\dir''s'");
  });

  it("renders unexpected values in messages as JSON, or as text when JSON cannot show them", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(
      [undefined, "x", 42, { a: 1 }, null, BigInt(10), cyclic, new Date(Number.NaN)].map(
        describeValue,
      ),
    ).to.deep.equal([
      "undefined",
      '"x"',
      "42",
      '{"a":1}',
      "null",
      "10",
      "[object Object]",
      "Invalid Date",
    ]);
  });
});

describe("partitioned table settings refused, each naming its key", () => {
  const columns = "id, created_at, actor, payload";
  const cases: [string, PartitionedTableArgs, string][] = [
    [
      "a column type that is not text",
      withColumn({ name: "extra", type: 42 }),
      `${AT}.columns[4].type: expected a type string, got 42; allowed: ${TYPE_GRAMMAR}`,
    ],
    [
      "a column that is not an object",
      withColumn(null),
      `${AT}.columns[4]: expected a column object {name, type}, got null`,
    ],
    [
      "a column given as a string",
      withColumn("extra text"),
      `${AT}.columns[4]: expected a column object {name, type}, got "extra text"`,
    ],
    [
      "nullable that is not a boolean",
      withColumn({ name: "extra", type: "text", nullable: "yes" }),
      `${AT}.columns[4].nullable: expected true or false, got "yes"`,
    ],
    [
      "a default outside the allowed expressions",
      withColumn({ name: "extra", type: "text", default: "'x'" }),
      `${AT}.columns[4].default: "'x'" is not allowed; allowed: now(), gen_random_uuid(), current_date`,
    ],
    [
      "a column defined twice",
      withColumn({ name: "actor", type: "text" }),
      `${AT}.columns[4].name: column "actor" is defined twice`,
    ],
    [
      "no columns",
      withTable({ columns: [] }),
      `${AT}.columns: expected a non-empty list of columns, got []`,
    ],
    [
      "columns given as a string",
      withTable({ columns: "id uuid" }),
      `${AT}.columns: expected a non-empty list of columns, got "id uuid"`,
    ],
    [
      "a malformed archive schema",
      withTable({ archive: { schema: "Old" } }),
      `${AT}.archive.schema: invalid identifier "Old"; ${IDENT_RULE}`,
    ],
    [
      "a malformed time column",
      withTable({ timeColumn: "Created" }),
      `${AT}.timeColumn: invalid identifier "Created"; ${IDENT_RULE}`,
    ],
    [
      "a time column that is not a column",
      withTable({ timeColumn: "missing" }),
      `${AT}.timeColumn: "missing" is not one of the columns (${columns})`,
    ],
    [
      "a time column of another type",
      withTable({ timeColumn: "actor" }),
      `${AT}.timeColumn: column "actor" has type "text"; a partition key must be one of timestamptz, timestamp with time zone, timestamp, timestamp without time zone, date`,
    ],
    [
      "an empty primary key",
      withTable({ primaryKey: [] }),
      `${AT}.primaryKey: expected a non-empty list of column names, got []`,
    ],
    [
      "a primary key given as a string",
      withTable({ primaryKey: "id" }),
      `${AT}.primaryKey: expected a non-empty list of column names, got "id"`,
    ],
    [
      "a malformed primary-key column",
      withTable({ primaryKey: ["id", "Created"] }),
      `${AT}.primaryKey[1]: invalid identifier "Created"; ${IDENT_RULE}`,
    ],
    [
      "a primary-key column that is not a column",
      withTable({ primaryKey: ["id", "nope"] }),
      `${AT}.primaryKey[1]: "nope" is not a column of the table; columns: ${columns}`,
    ],
    [
      "a primary-key column listed twice",
      withTable({ primaryKey: ["id", "id", "created_at"] }),
      `${AT}.primaryKey[1]: column "id" is listed twice`,
    ],
    [
      "a primary key without the time column",
      withTable({ primaryKey: ["id", "actor"] }),
      `${AT}.primaryKey: [id, actor] must include the time column "created_at" (PostgreSQL requires unique keys of a partitioned table to contain the partition key)`,
    ],
    [
      "indexes given as a string",
      withTable({ indexes: "created_at" }),
      `${AT}.indexes: expected a list of at most 32 column lists, got "created_at"`,
    ],
    [
      "an index on an unknown column",
      withTable({ indexes: [["created_at"], ["nope"]] }),
      `${AT}.indexes[1][0]: "nope" is not a column of the table; columns: ${columns}`,
    ],
    [
      "a repeated index of several columns",
      withTable({
        indexes: [
          ["actor", "created_at"],
          ["actor", "created_at"],
        ],
      }),
      `${AT}.indexes[1]: [actor, created_at] repeats indexes[0]; remove the repeat`,
    ],
  ];
  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(thrown(() => resolvePartitionedTable(input))).to.equal(message);
    });
  }

  it("refuses a table that is not an object, naming the given prefix or the list", () => {
    expect(thrown(() => resolvePartitionedTable(null as unknown as PartitionedTableArgs))).to.equal(
      "partitionedTables[]: expected a table object, got null",
    );
    expect(
      thrown(() =>
        resolvePartitionedTable("audit_log" as unknown as PartitionedTableArgs, "tables[2]"),
      ),
    ).to.equal('tables[2]: expected a table object, got "audit_log"');
    expect(
      thrown(() => resolvePartitionedTables({} as unknown as PartitionedTableArgs[])),
    ).to.equal("partitionedTables: expected a list of tables, got {}");
  });

  it("accepts up to 32 indexes and refuses a 33rd", () => {
    const cols = Array.from({ length: 33 }, (_, i) => ({ name: `c${i + 1}`, type: "integer" }));
    const many = (n: number) =>
      withTable({
        columns: [...auditLog.columns, ...cols],
        indexes: cols.slice(0, n).map((c) => [c.name]),
      });
    expect(resolvePartitionedTable(many(32)).indexes).to.have.length(32);
    expect(thrown(() => resolvePartitionedTable(many(33)))).to.match(
      /^partitionedTables\["audit_log"\]\.indexes: expected a list of at most 32 column lists, got \[\["c1"\],/,
    );
  });

  it("accepts the month settings at their limits and refuses one past them", () => {
    const t = resolvePartitionedTable(withTable({ premakeMonths: 1, retainMonths: 1200 }));
    expect([t.premakeMonths, t.retainMonths]).to.deep.equal([1, 1200]);
    expect(resolvePartitionedTable(withTable({ premakeMonths: 36, retainMonths: 1 }))).to.include({
      premakeMonths: 36,
      retainMonths: 1,
    });
    expect(thrown(() => resolvePartitionedTable(withTable({ retainMonths: 1201 })))).to.equal(
      `${AT}.retainMonths: 1201 is not allowed; expected a whole number from 1 to 1200`,
    );
    expect(thrown(() => resolvePartitionedTable(withTable({ premakeMonths: 37 })))).to.equal(
      `${AT}.premakeMonths: 37 is not allowed; expected a whole number from 1 to 36`,
    );
  });
});

describe("column types at their limits", () => {
  for (const [type, normal] of [
    ["varchar(1)", "varchar(1)"],
    ["character varying(10485760)", "character varying(10485760)"],
    ["numeric(1)", "numeric(1)"],
    ["numeric(5)", "numeric(5)"],
    ["numeric(1000,1000)", "numeric(1000,1000)"],
    ["decimal(5,5)", "decimal(5,5)"],
  ])
    it(`accepts ${type}`, () => {
      expect(validateColumnType(type, "c")).to.equal(normal);
    });
  for (const type of ["varchar(10485761)", "numeric(0)", "numeric(1001)", "numeric(5,6)"])
    it(`refuses ${type}`, () => {
      expect(thrown(() => validateColumnType(type, "c"))).to.equal(
        `c: column type ${JSON.stringify(type)} is not in the allowed grammar; allowed: ${TYPE_GRAMMAR}`,
      );
    });
});

describe("table names across a list", () => {
  const named = (table: string, schema?: string) =>
    withTable({ table, ...(schema ? { schema } : {}) });

  it("accepts tables whose names only look like another's partitions", () => {
    for (const other of [
      "events",
      "event_log_default",
      "audit_log_archive",
      "audit_log_p2024",
      "audit_log_p2024011",
      "audit_log_xp202401",
    ])
      expect(
        resolvePartitionedTables([auditLog, named(other)]).map((t) => t.table),
        other,
      ).to.deep.equal(["audit_log", other]);
  });

  it("accepts a partition-like name in another schema, and refuses it in the same one", () => {
    expect(
      resolvePartitionedTables([auditLog, named("audit_log_default", "other")]),
    ).to.have.length(2);
    expect(thrown(() => resolvePartitionedTables([auditLog, named("audit_log_p202401")]))).to.equal(
      'partitionedTables[1].table: "audit_log_p202401" collides with the partitions of partitionedTables[0] ("audit_log"); choose another name',
    );
  });
});
