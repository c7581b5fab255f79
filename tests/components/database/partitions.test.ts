import { expect } from "chai";
import fc from "fast-check";
import {
  maintenanceCallSql,
  parentTableSql,
  partitionMaintenanceSql,
  partitionMigrationSql,
  PartitionedTableArgs,
  partitionsForWindowSql,
  quoteIdent,
  quoteLiteral,
  resolvePartitionedTable,
  resolvePartitionedTables,
} from "../../../components/database/partitions";

import { AUDIT_LOG as auditLog } from "./fixtures";

function withTable(patch: Partial<PartitionedTableArgs>): PartitionedTableArgs {
  return { ...auditLog, ...patch };
}

describe("partitioned table configuration", () => {
  it("applies the documented defaults", () => {
    const t = resolvePartitionedTable(auditLog);
    expect(t).to.include({
      schema: "public",
      interval: "month",
      premakeMonths: 3,
      retainMonths: 12,
      archiveSchema: "archive",
      defaultPartition: "audit_log_default",
      timeColumnType: "timestamptz",
    });
    expect(t.indexes).to.deep.equal([["created_at"]]);
  });

  it("makes the time column and primary-key columns NOT NULL", () => {
    const t = resolvePartitionedTable(auditLog);
    expect(t.columns.filter((c) => !c.nullable).map((c) => c.name)).to.deep.equal([
      "id",
      "created_at",
    ]);
  });

  const hostileNames = [
    'audit_log"; DROP TABLE users; --',
    "audit_log; DROP TABLE users",
    "Audit_Log",
    "1audit",
    "audit-log",
    "audit log",
    "",
    "a".repeat(56),
    "select",
    "audit_log\u0000",
  ];
  for (const name of hostileNames) {
    it(`refuses the table name ${JSON.stringify(name)} naming the field and the allowed shape`, () => {
      expect(() => resolvePartitionedTable(withTable({ table: name }))).to.throw(
        /\.table: .*allowed: lower-case letters/,
      );
    });
  }

  it("refuses a non-string table name", () => {
    expect(() => resolvePartitionedTable(withTable({ table: 42 as unknown as string }))).to.throw(
      /table: expected an identifier string, got 42/,
    );
  });

  it("refuses hostile schema, column and archive names", () => {
    expect(() => resolvePartitionedTable(withTable({ schema: 'x"; --' }))).to.throw(
      /\.schema: invalid identifier/,
    );
    expect(() => resolvePartitionedTable(withTable({ schema: "pg_temp" }))).to.throw(
      /system schema/,
    );
    expect(() => resolvePartitionedTable(withTable({ archive: { schema: "public" } }))).to.throw(
      /archive\.schema: "public" is the table's own schema/,
    );
    expect(() =>
      resolvePartitionedTable(
        withTable({ columns: [...auditLog.columns, { name: "x)--", type: "text" }] }),
      ),
    ).to.throw(/columns\[4\]\.name/);
  });

  for (const interval of ["week", "day", "year", "Month", "", 1]) {
    it(`refuses the interval ${JSON.stringify(interval)} and lists the supported ones`, () => {
      expect(() => resolvePartitionedTable(withTable({ interval: interval as "month" }))).to.throw(
        /\.interval: .* is not supported; allowed: month/,
      );
    });
  }

  for (const type of [
    "text; DROP TABLE x",
    "integer DEFAULT 1",
    "serial",
    "varchar(0)",
    "numeric(5,6)",
    'text COLLATE "C"',
    "int[][]",
    "mytype",
  ]) {
    it(`refuses the column type ${JSON.stringify(type)}`, () => {
      expect(() =>
        resolvePartitionedTable(
          withTable({ columns: [...auditLog.columns, { name: "extra", type }] }),
        ),
      ).to.throw(/columns\[4\]\.type: column type .* is not in the allowed grammar/);
    });
  }

  it("normalises accepted column types", () => {
    const t = resolvePartitionedTable(
      withTable({
        columns: [
          ...auditLog.columns,
          { name: "a", type: " VarChar ( 20 ) " },
          { name: "b", type: "Double   Precision" },
          { name: "c", type: "numeric(12, 2)[]" },
        ],
      }),
    );
    expect(t.columns.slice(4).map((c) => c.type)).to.deep.equal([
      "varchar(20)",
      "double precision",
      "numeric(12,2)[]",
    ]);
  });

  it("requires a time column of a timestamp or date type that is one of the columns", () => {
    expect(() => resolvePartitionedTable(withTable({ timeColumn: "missing" }))).to.throw(
      /timeColumn: "missing" is not one of the columns/,
    );
    expect(() => resolvePartitionedTable(withTable({ timeColumn: "actor" }))).to.throw(
      /has type "text"; a partition key must be one of/,
    );
    const nullable = auditLog.columns.map((c) =>
      c.name === "created_at" ? { ...c, nullable: true } : c,
    );
    expect(() => resolvePartitionedTable(withTable({ columns: nullable }))).to.throw(
      /marked nullable; it must be NOT NULL/,
    );
  });

  it("requires the primary key to contain the time column", () => {
    expect(() => resolvePartitionedTable(withTable({ primaryKey: ["id"] }))).to.throw(
      /primaryKey: \[id\] must include the time column "created_at"/,
    );
    expect(() => resolvePartitionedTable(withTable({ primaryKey: ["id", "nope"] }))).to.throw(
      /primaryKey\[1\]: "nope" is not a column/,
    );
  });

  for (const [field, value] of [
    ["premakeMonths", 0],
    ["premakeMonths", 37],
    ["premakeMonths", 1.5],
    ["retainMonths", 0],
    ["retainMonths", -3],
    ["retainMonths", Number.NaN],
  ] as const) {
    it(`refuses ${field} = ${value} with the allowed range`, () => {
      expect(() => resolvePartitionedTable(withTable({ [field]: value }))).to.throw(
        new RegExp(`${field}: .* expected a whole number from`),
      );
    });
  }

  it("refuses an index listed twice: a second identical index costs every write and helps no query", () => {
    expect(() =>
      resolvePartitionedTable(withTable({ indexes: [["created_at"], ["actor"], ["created_at"]] })),
    ).to.throw(/indexes\[2\]: \[created_at\] repeats indexes\[0\]; remove the repeat/);
    expect(
      resolvePartitionedTable(
        withTable({
          indexes: [
            ["actor", "created_at"],
            ["created_at", "actor"],
          ],
        }),
      ).indexes,
    ).to.have.length(2);
  });

  it("refuses the same table twice and names that collide with another table's partitions", () => {
    expect(() => resolvePartitionedTables([auditLog, auditLog])).to.throw(
      /partitionedTables\[1\]\.table: public\.audit_log is already configured as partitionedTables\[0\]/,
    );
    expect(() =>
      resolvePartitionedTables([auditLog, withTable({ table: "audit_log_default" })]),
    ).to.throw(/collides with the partitions/);
    expect(() =>
      resolvePartitionedTables([auditLog, withTable({ table: "audit_log_p202401" })]),
    ).to.throw(/collides with the partitions/);
    expect(resolvePartitionedTables([auditLog, withTable({ schema: "other" })])).to.have.length(2);
  });
});

describe("partition SQL generation", () => {
  it("quotes every identifier in the parent table DDL and partitions by range on the time column", () => {
    const sql = parentTableSql(resolvePartitionedTable(auditLog));
    expect(sql).to.match(/^CREATE TABLE IF NOT EXISTS "public"\."audit_log" \(/);
    expect(sql).to.contain('"created_at" timestamptz NOT NULL DEFAULT now()');
    expect(sql).to.contain('CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "created_at")');
    expect(sql).to.match(/\) PARTITION BY RANGE \("created_at"\);$/);
  });

  it("names window partitions by month and bounds them at UTC month starts across a year end", () => {
    const sql = partitionsForWindowSql(resolvePartitionedTable(auditLog), {
      from: "2024-11",
      months: 3,
    });
    expect(sql.split("\n")).to.deep.equal([
      `CREATE TABLE IF NOT EXISTS "public"."audit_log_p202411" PARTITION OF "public"."audit_log" FOR VALUES FROM ('2024-11-01 00:00:00+00') TO ('2024-12-01 00:00:00+00');`,
      `CREATE TABLE IF NOT EXISTS "public"."audit_log_p202412" PARTITION OF "public"."audit_log" FOR VALUES FROM ('2024-12-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');`,
      `CREATE TABLE IF NOT EXISTS "public"."audit_log_p202501" PARTITION OF "public"."audit_log" FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00');`,
    ]);
    expect(() =>
      partitionsForWindowSql(resolvePartitionedTable(auditLog), { from: "2024-13", months: 1 }),
    ).to.throw(/not a month/);
  });

  it("passes the configured window to the maintenance call and the reference time when given", () => {
    const t = resolvePartitionedTable(withTable({ premakeMonths: 2, retainMonths: 24 }));
    expect(maintenanceCallSql(t)).to.equal(
      `SELECT * FROM "partition_maintenance"."maintain_monthly_partitions"('"public"."audit_log"'::regclass, 2, 24, 'archive');`,
    );
    expect(maintenanceCallSql(t, { reference: new Date("2024-05-01T00:00:00Z") })).to.contain(
      `'archive', '2024-05-01T00:00:00.000Z'::timestamptz);`,
    );
  });

  it("renders a migration script that is one transaction and contains no dates unless a reference is given", () => {
    const sql = partitionMigrationSql([auditLog]);
    expect(sql.startsWith("BEGIN;\n")).to.equal(true);
    expect(sql.trimEnd().endsWith("COMMIT;")).to.equal(true);
    expect(sql).to.not.match(/\d{4}-\d{2}-\d{2}/);
    expect(
      partitionMigrationSql([auditLog], { reference: new Date("2030-01-01T00:00:00Z") }),
    ).to.match(/2030-01-01/);
  });

  it("throws on hostile configuration instead of returning any SQL", () => {
    const hostile = withTable({ table: 'x"; DROP SCHEMA public CASCADE; --' });
    expect(() => partitionMigrationSql([auditLog, hostile])).to.throw(
      /partitionedTables\[1\]\.table/,
    );
    expect(() => partitionMaintenanceSql([hostile])).to.throw(/partitionedTables\[0\]\.table/);
    expect(() => partitionMigrationSql([auditLog], { schema: "Bad-Schema" })).to.throw(
      /partitionMaintenance\.schema/,
    );
    expect(() => partitionMigrationSql([auditLog], { lockTimeoutMs: 0 })).to.throw(/lockTimeoutMs/);
  });

  it("quotes any identifier as one double-quoted token", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes("\u0000")),
        (s) => {
          const q = quoteIdent(s);
          expect(q.startsWith('"') && q.endsWith('"')).to.equal(true);
          expect(q.slice(1, -1).replace(/""/g, "")).to.not.contain('"');
        },
      ),
    );
  });

  it("quotes any literal as one token whose quotes are all doubled", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("\u0000")),
        (s) => {
          const q = quoteLiteral(s).trim();
          const body = q.startsWith("E'") ? q.slice(2, -1) : q.slice(1, -1);
          expect(body.replace(/''/g, "")).to.not.contain("'");
        },
      ),
    );
  });
});
