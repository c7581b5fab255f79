import { expect } from "chai";
import { Client } from "pg";
import {
  partitionsForWindowSql,
  resolvePartitionedTable,
} from "../../components/database/partitions";
import { POSTGRES_MAJOR, PostgresServer, startPostgres } from "../../scripts/servers";
import {
  attachedPartitions,
  auditTable,
  catalogState,
  maintain,
  migrate,
  rowPlacement,
  totalRows,
} from "./partition-helpers";

describe("monthly partitions on a real PostgreSQL", function () {
  this.timeout(120000);
  let pg: PostgresServer;
  let client: Client;

  before(async () => {
    pg = await startPostgres();
    client = new Client(pg.connection());
    await client.connect();
  });

  after(async () => {
    await client?.end();
    await pg?.stop();
  });

  it(`runs on PostgreSQL ${POSTGRES_MAJOR}, the RDS engine major`, async () => {
    const { rows } = await client.query(
      "SELECT current_setting('server_version_num')::int / 10000 AS major",
    );
    expect(rows[0].major).to.equal(POSTGRES_MAJOR);
  });

  it("puts rows inserted across several months into the partition of their UTC month", async () => {
    const t = auditTable("placed", { premakeMonths: 3 });
    await migrate(client, [t], "2024-03-15T12:00:00Z");
    expect(await attachedPartitions(client, "placed")).to.deep.equal([
      "placed_default",
      "placed_p202403",
      "placed_p202404",
      "placed_p202405",
      "placed_p202406",
    ]);
    await client.query(`INSERT INTO placed (id, created_at)
      SELECT g, m + (g % 27) * interval '1 day' FROM (VALUES ('2024-03-01'::timestamptz, 10), ('2024-04-01', 20), ('2024-05-01', 30), ('2024-06-01', 40)) AS v(m, n),
      LATERAL generate_series(1, n) AS g`);
    // Month boundaries are UTC, whatever the inserting session's time zone.
    await client.query("SET TimeZone = 'America/New_York'");
    await client.query(`INSERT INTO placed (id, created_at) VALUES
      (1001, '2024-03-31 23:59:59.999999+00'), (1002, '2024-04-01 00:00:00+00'), (1003, '2024-04-30 21:00:00-04')`);
    await client.query("RESET TimeZone");
    expect(await rowPlacement(client, "placed")).to.deep.equal([
      { partition: "placed_p202403", month: "202403", n: 11 },
      { partition: "placed_p202404", month: "202404", n: 21 },
      { partition: "placed_p202405", month: "202405", n: 31 },
      { partition: "placed_p202406", month: "202406", n: 40 },
    ]);
  });

  it("splits date and timestamp partition keys at the same month boundaries", async () => {
    for (const type of ["date", "timestamp"]) {
      const name = `keyed_${type}`;
      const t = auditTable(name, {
        columns: [
          { name: "id", type: "bigint" },
          { name: "created_at", type },
        ],
        premakeMonths: 1,
      });
      await migrate(client, [t], "2024-03-15T00:00:00Z");
      await client.query(
        `INSERT INTO ${name} VALUES (1, '2024-03-31 23:59:59'), (2, '2024-04-01 00:00:00')`,
      );
      const { rows } = await client.query(
        `SELECT id::int, tableoid::regclass::text AS p FROM ${name} ORDER BY id`,
      );
      expect(rows, type).to.deep.equal([
        { id: 1, p: `${name}_p202403` },
        { id: 2, p: `${name}_p202404` },
      ]);
    }
  });

  it("running maintenance twice changes nothing", async () => {
    const t = auditTable("twice", { premakeMonths: 2, retainMonths: 3 });
    await migrate(client, [t], "2024-01-10T00:00:00Z");
    await client.query(
      `INSERT INTO twice (id, created_at) SELECT g, '2023-11-01'::timestamptz + g * interval '1 day' FROM generate_series(1, 150) g`,
    );
    const first = await maintain(client, t, "2024-04-02T00:00:00Z");
    expect(first.length, "the first run has work to do").to.be.greaterThan(0);
    const before = await catalogState(client, "twice");
    expect(await maintain(client, t, "2024-04-02T00:00:00Z")).to.deep.equal([]);
    expect(await catalogState(client, "twice")).to.deep.equal(before);
    await migrate(client, [t], "2024-04-02T00:00:00Z");
    expect(
      await catalogState(client, "twice"),
      "re-running the whole migration changes nothing either",
    ).to.deep.equal(before);
  });

  it("puts out-of-range rows in the default partition and moves them when their partition is created", async () => {
    const t = auditTable("late", { premakeMonths: 1, retainMonths: 12 });
    await migrate(client, [t], "2024-01-10T00:00:00Z");
    await client.query(
      `INSERT INTO late (id, created_at) SELECT g, '2024-05-03'::timestamptz + g * interval '1 hour' FROM generate_series(1, 10) g`,
    );
    await client.query(
      `INSERT INTO late (id, created_at) SELECT 100 + g, '2023-12-20'::timestamptz + g * interval '1 hour' FROM generate_series(1, 4) g`,
    );
    expect(await rowPlacement(client, "late")).to.deep.equal([
      { partition: "late_default", month: "202312", n: 4 },
      { partition: "late_default", month: "202405", n: 10 },
    ]);
    const changes = await maintain(client, t, "2024-04-05T00:00:00Z");
    expect(changes).to.deep.equal([
      { action: "created_from_default", partition_name: "public.late_p202312", moved_rows: "4" },
      { action: "created", partition_name: "public.late_p202404", moved_rows: "0" },
      { action: "created_from_default", partition_name: "public.late_p202405", moved_rows: "10" },
    ]);
    expect(await rowPlacement(client, "late")).to.deep.equal([
      { partition: "late_p202312", month: "202312", n: 4 },
      { partition: "late_p202405", month: "202405", n: 10 },
    ]);
    const { rows } = await client.query(
      "SELECT indexrelid::regclass::text AS i FROM pg_index WHERE indrelid = 'late_p202405'::regclass ORDER BY 1",
    );
    expect(
      rows.length,
      "a partition built from default rows gets the parent's indexes when attached",
    ).to.equal(2);
  });

  it("retention moves old partitions to the archive schema and keeps every row", async () => {
    const t = auditTable("kept", { premakeMonths: 1, retainMonths: 3 });
    await migrate(client, [t], "2024-01-15T00:00:00Z");
    await client.query(
      partitionsForWindowSql(resolvePartitionedTable(t), { from: "2023-09", months: 4 }),
    );
    await client.query(`INSERT INTO kept (id, created_at)
      SELECT g, m + (g % 28) * interval '1 day' FROM generate_series(0, 5) AS k,
      LATERAL (SELECT '2023-09-01'::timestamptz + k * interval '1 month' AS m) AS mm, LATERAL generate_series(1, 100 * (k + 1)) AS g`);
    const before = await rowPlacement(client, "kept");
    const totalBefore = await totalRows(client, "kept");
    expect(totalBefore).to.equal(2100);

    const changes = await maintain(client, t, "2024-03-10T00:00:00Z");
    expect(
      changes.filter((c) => c.action === "archived").map((c) => c.partition_name),
    ).to.deep.equal([
      "archive.kept_p202309",
      "archive.kept_p202310",
      "archive.kept_p202311",
      "archive.kept_p202312",
    ]);
    expect(await attachedPartitions(client, "kept")).to.deep.equal([
      "kept_default",
      "kept_p202401",
      "kept_p202402",
      "kept_p202403",
      "kept_p202404",
    ]);
    expect(await totalRows(client, "kept")).to.equal(totalBefore);
    for (const { partition, n } of before.filter((b) => b.month < "202401")) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM archive.${partition}`);
      expect(rows[0].n, partition).to.equal(n);
    }
  });

  it("appends late rows for an archived month to its archive table", async () => {
    const t = auditTable("merged", { premakeMonths: 1, retainMonths: 2 });
    await migrate(client, [t], "2024-01-15T00:00:00Z");
    await client.query(
      `INSERT INTO merged (id, created_at) SELECT g, '2024-01-02'::timestamptz + g * interval '1 hour' FROM generate_series(1, 30) g`,
    );
    expect((await maintain(client, t, "2024-04-01T00:00:00Z")).map((c) => c.action)).to.include(
      "archived",
    );
    await client.query(
      "INSERT INTO merged (id, created_at) VALUES (999, '2024-01-31 10:00:00+00')",
    );
    expect(await maintain(client, t, "2024-04-01T00:00:00Z")).to.deep.equal([
      { action: "created_from_default", partition_name: "public.merged_p202401", moved_rows: "1" },
      { action: "archived_merged", partition_name: "archive.merged_p202401", moved_rows: "1" },
    ]);
    expect(
      (await client.query("SELECT count(*)::int AS n FROM archive.merged_p202401")).rows[0].n,
    ).to.equal(31);
    expect(await totalRows(client, "merged")).to.equal(31);
  });

  it("refuses to maintain a table that is not range-partitioned", async () => {
    await client.query("CREATE TABLE plain (id bigint, created_at timestamptz NOT NULL)");
    let message = "";
    try {
      await maintain(client, auditTable("plain"), "2024-01-01T00:00:00Z");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(/plain is not partitioned by RANGE on a single column/);
  });
});
