import { expect } from "chai";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import {
  partitionMigrationSql,
  PartitionedTableArgs,
  quoteIdent,
  quoteLiteral,
} from "../../components/database/partitions";
import { PostgresServer, startPostgres } from "../../scripts/servers";
import { auditTable } from "./partition-helpers";

describe("partition SQL safety on a real PostgreSQL", function () {
  this.timeout(120000);
  let pg: PostgresServer;
  let client: Client;

  before(async () => {
    // Every statement the server receives is logged, so the test can show what never arrived.
    pg = await startPostgres({ settings: { log_statement: "all" } });
    client = new Client(pg.connection());
    await client.connect();
  });

  after(async () => {
    await client?.end();
    await pg?.stop();
  });

  it("refuses hostile or malformed table names and intervals before any SQL reaches the server", async () => {
    const marker = `zz${randomBytes(6).toString("hex")}`;
    const hostile: PartitionedTableArgs[] = [
      auditTable(`${marker}"; DROP TABLE pg_class; --`),
      auditTable(`${marker}; DROP SCHEMA public CASCADE`),
      auditTable(`${marker.toUpperCase()}`),
      auditTable(`${marker}-audit`),
      auditTable(`${marker}_ok`, { interval: "week" as "month" }),
      auditTable(`${marker}_ok`, { interval: "month'); DROP TABLE x; --" as "month" }),
      auditTable(`${marker}_ok`, { schema: `public"; DROP TABLE ${marker}; --` }),
      auditTable(`${marker}_ok`, {
        columns: [
          { name: "id", type: `bigint); DROP TABLE ${marker}; --` },
          { name: "created_at", type: "timestamptz" },
        ],
        primaryKey: undefined,
      }),
    ];
    const sent: string[] = [];
    const send = (sql: string) => {
      sent.push(sql);
      return client.query(sql);
    };
    for (const table of hostile) {
      expect(() => send(partitionMigrationSql([table])), JSON.stringify(table.table)).to.throw(
        /partitionedTables\[0\]\.(table|interval|schema|columns)/,
      );
    }
    expect(sent).to.deep.equal([]);
    expect(pg.readLog()).to.not.contain(marker);

    // Control: a valid table goes through the same path and does show up in the log.
    await send(partitionMigrationSql([auditTable(`${marker}_control`)]));
    expect(pg.readLog()).to.contain(`${marker}_control`);
  });

  it("reads back any quoted literal unchanged, with standard_conforming_strings on or off", async () => {
    for (const conforming of ["on", "off"]) {
      await client.query(`SET standard_conforming_strings = ${conforming}`);
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\u0000")),
          async (s) => {
            const { rows } = await client.query(`SELECT ${quoteLiteral(s)}::text AS v`);
            expect(rows[0].v).to.equal(s);
          },
        ),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("a\\b", "\\'; SELECT 1; --", "x\\", "'\\''"),
          async (s) => {
            const { rows } = await client.query(`SELECT ${quoteLiteral(s)}::text AS v`);
            expect(rows[0].v).to.equal(s);
          },
        ),
      );
    }
    await client.query("RESET standard_conforming_strings");
  });

  it("reads back any quoted identifier unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
          .filter((s) => !s.includes("\u0000") && Buffer.byteLength(s) <= 63),
        async (s) => {
          const result = await client.query(`SELECT 1 AS ${quoteIdent(s)}`);
          expect(result.fields[0].name).to.equal(s);
        },
      ),
      { numRuns: 150 },
    );
  });
});
