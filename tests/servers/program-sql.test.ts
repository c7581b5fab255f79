import { expect } from "chai";
import { Client } from "pg";
import { partitionName } from "../../components/database/partitions";
import { PostgresServer, startPostgres } from "../../scripts/servers";
import { one, runStack } from "../helpers/program";
import { attachedPartitions, catalogState } from "./partition-helpers";

/** The UTC month `offset` months from now, as a partition name of `table`. */
function monthPartition(table: string, offset: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return partitionName(table, d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/**
 * The SQL exactly as the prod program puts it in the jobs' ConfigMap, run against a real
 * PostgreSQL 17 the way the jobs run it: the migration as one script, then the daily maintenance.
 */
describe("the prod program's partition jobs on a real PostgreSQL", function () {
  this.timeout(180000);
  let pg: PostgresServer;
  let client: Client;
  let sql: { "migration.sql": string; "maintenance.sql": string };

  before(async () => {
    sql = one(await runStack("prod"), "kubernetes:core/v1:ConfigMap", "partitions-sql").inputs.data;
    pg = await startPostgres();
    client = new Client(pg.connection());
    await client.connect();
  });

  after(async () => {
    await client?.end();
    await pg?.stop();
  });

  it("creates audit_log with its default partition, this month and the 3 premade months", async () => {
    await client.query(sql["migration.sql"]);
    const expected = [0, 1, 2, 3].map((m) => monthPartition("audit_log", m));
    expect(await attachedPartitions(client, "audit_log")).to.deep.equal(
      [...expected, "audit_log_default"].sort(),
    );
  });

  it("can run at every deploy: a second migration leaves the catalogue as it was", async () => {
    const before = await catalogState(client, "audit_log");
    await client.query(sql["migration.sql"]);
    expect(await catalogState(client, "audit_log")).to.deep.equal(before);
  });

  it("has nothing to do in the daily maintenance right after the migration", async () => {
    const result = await client.query(sql["maintenance.sql"]);
    expect(result.rows).to.deep.equal([]);
  });

  it("accepts rows with the configured defaults into the current month's partition", async () => {
    await client.query(
      "INSERT INTO public.audit_log (actor, action, payload) VALUES ('svc', 'login', '{}')",
    );
    const { rows } = await client.query(
      "SELECT tableoid::regclass::text AS p, id FROM public.audit_log",
    );
    expect(rows).to.have.length(1);
    expect(rows[0].p).to.equal(monthPartition("audit_log", 0));
    expect(rows[0].id).to.match(/^[0-9a-f-]{36}$/);
  });
});
