import { expect } from "chai";
import { Client } from "pg";
import { PostgresServer, startPostgres } from "../../scripts/servers";
import { one, runStack } from "../helpers/program";

/**
 * postgres_exporter's login on a real PostgreSQL: the prod program's migration and monitor-role
 * SQL, run as a master user that (as RDS's through `rds_superuser`) may create roles and hand out
 * `pg_monitor`, then the password from the exporter's DSN Secret logs in. The role sees what the
 * alerts read (other sessions' transaction start, recovery state) and no table rows.
 */
describe("the exporter's monitor role on a real PostgreSQL", function () {
  this.timeout(180000);
  let pg: PostgresServer;
  let owner: Client;
  let monitor: Client;
  let app: Client;
  let monitorSql: string;
  let dsn: URL;
  const ownerPassword = "OwnerPassword1";
  const as = async (user: string, password: string) => {
    const c = new Client({ ...pg.connection("app"), user, password });
    await c.connect();
    return c;
  };

  before(async () => {
    const r = await runStack("prod");
    const sql = one(r, "kubernetes:core/v1:ConfigMap", "partitions-sql").inputs.data;
    const roles = one(r, "kubernetes:core/v1:Secret", "partitions-app-role").inputs.stringData;
    monitorSql = roles["monitor-role.sql"];
    dsn = new URL(
      one(r, "kubernetes:core/v1:Secret", "postgres-exporter-dsn").inputs.stringData["dsn-primary"],
    );
    pg = await startPostgres();
    const su = new Client(pg.connection());
    await su.connect();
    await su.query(
      `CREATE ROLE platform_admin LOGIN CREATEROLE CREATEDB PASSWORD '${ownerPassword}'`,
    );
    await su.query("GRANT pg_monitor TO platform_admin WITH ADMIN OPTION");
    await su.query("CREATE DATABASE app OWNER platform_admin");
    await su.query("CREATE ROLE someone_else LOGIN PASSWORD 'Else12345'");
    await su.end();
    owner = await as("platform_admin", ownerPassword);
    await owner.query(sql["migration.sql"]);
    await owner.query(roles["app-role.sql"]);
    await owner.query(monitorSql);
    monitor = await as(decodeURIComponent(dsn.username), decodeURIComponent(dsn.password));
  });

  after(async () => {
    await app?.end();
    await monitor?.end();
    await owner?.end();
    await pg?.stop();
  });

  it("the SQL holds a SCRAM verifier, never the DSN's password", () => {
    expect(monitorSql).to.match(/PASSWORD 'SCRAM-SHA-256\$4096:/);
    expect(monitorSql).to.not.include(decodeURIComponent(dsn.password));
  });

  it("the DSN's user logs in and holds pg_monitor", async () => {
    const { rows } = await monitor.query(
      "SELECT current_user AS u, pg_has_role(current_user, 'pg_monitor', 'USAGE') AS m",
    );
    expect(rows).to.deep.equal([{ u: "platform_monitor", m: true }]);
  });

  it("sees another role's running transaction start (what the slow-statement alert reads)", async () => {
    app = await as("someone_else", "Else12345");
    await app.query("BEGIN");
    await app.query("SELECT 1");
    const { rows } = await monitor.query(
      "SELECT xact_start IS NOT NULL AS seen FROM pg_stat_activity WHERE usename = 'someone_else'",
    );
    expect(rows).to.deep.equal([{ seen: true }]);
    await app.query("COMMIT");
  });

  it("reads the recovery state and replay position functions the lag collector calls", async () => {
    const { rows } = await monitor.query(
      "SELECT pg_is_in_recovery() AS r, pg_last_wal_receive_lsn() IS NULL AS no_receive",
    );
    expect(rows).to.deep.equal([{ r: false, no_receive: true }]);
  });

  it("may not read rows or create anything", async () => {
    for (const statement of [
      "SELECT * FROM public.audit_log",
      "CREATE TABLE public.rogue (id int)",
      "CREATE ROLE rogue",
    ]) {
      const err = await monitor.query(statement).catch((e: Error) => e);
      expect(err, statement).to.be.instanceOf(Error);
      expect((err as Error).message, statement).to.match(/permission denied/);
    }
  });

  it("running the SQL again is harmless", async () => {
    await owner.query(monitorSql);
    const { rows } = await owner.query(
      "SELECT rolconnlimit, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = 'platform_monitor'",
    );
    expect(rows).to.deep.equal([{ rolconnlimit: 5, rolsuper: false, rolcreaterole: false }]);
  });
});
