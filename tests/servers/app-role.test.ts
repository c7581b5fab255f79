import { expect } from "chai";
import { Client } from "pg";
import {
  maintenanceCallSql,
  partitionName,
  resolvePartitionedTable,
} from "../../components/database/partitions";
import { appRoleSql, scramSha256Verifier } from "../../components/database/roles";
import { DATA_SECRET_KEYS, DATA_SECRET_NAME } from "../../components/shared/handoff";
import { PostgresServer, startPostgres } from "../../scripts/servers";
import { one, runStack } from "../helpers/program";
import type { ProgramRun } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";

/** The user and password of the workloads' DSN, as the hand-off Secret carries it. */
function workloadLogin(r: ProgramRun): { user: string; password: string } {
  const handoff = r.resources.find(
    (x) =>
      x.type === "kubernetes:core/v1:Secret" &&
      x.inputs.metadata?.name === DATA_SECRET_NAME &&
      x.inputs.metadata?.namespace === "apps",
  )!;
  const url = new URL(handoff.inputs.stringData[DATA_SECRET_KEYS.writerUrl]);
  return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/**
 * The prod program's migration Job as it runs in the cluster: its migration SQL and then the
 * application role's SQL, as the master user, which (as on RDS) is not a superuser but may
 * create roles. Then the DSN workloads receive logs in, directly to the server.
 */
describe("the workloads' database role on a real PostgreSQL", function () {
  this.timeout(180000);
  let pg: PostgresServer;
  let owner: Client;
  let app: Client;
  let login: { user: string; password: string };
  let roleSql: string;
  const ownerPassword = "OwnerPassword1";
  const asRole = async (user: string, password: string) => {
    const c = new Client({ ...pg.connection("app"), user, password });
    await c.connect();
    return c;
  };

  before(async () => {
    const r = await runStack("prod");
    const sql = one(r, "kubernetes:core/v1:ConfigMap", "partitions-sql").inputs.data;
    roleSql = one(r, "kubernetes:core/v1:Secret", "partitions-app-role").inputs.stringData[
      "app-role.sql"
    ];
    login = workloadLogin(r);
    pg = await startPostgres();
    const su = new Client(pg.connection());
    await su.connect();
    await su.query(
      `CREATE ROLE platform_admin LOGIN CREATEROLE CREATEDB PASSWORD '${ownerPassword}'`,
    );
    await su.query("CREATE DATABASE app OWNER platform_admin");
    await su.end();
    owner = await asRole("platform_admin", ownerPassword);
    await owner.query(sql["migration.sql"]);
    await owner.query(roleSql);
    app = await asRole(login.user, login.password);
  });

  after(async () => {
    await app?.end();
    await owner?.end();
    await pg?.stop();
  });

  it("workloads log in as app_runtime, not as the master user", () => {
    expect(login.user).to.equal("app_runtime");
  });

  it("the role's SQL holds a SCRAM verifier, never the password", () => {
    expect(roleSql).to.match(/PASSWORD 'SCRAM-SHA-256\$4096:/);
    expect(roleSql).to.not.include(login.password);
  });

  it("the role reads and writes rows of the partitioned table", async () => {
    await app.query("INSERT INTO public.audit_log (actor, action) VALUES ('svc', 'login')");
    await app.query("UPDATE public.audit_log SET action = 'logout' WHERE actor = 'svc'");
    const { rows } = await app.query("SELECT action FROM public.audit_log WHERE actor = 'svc'");
    expect(rows).to.deep.equal([{ action: "logout" }]);
    await app.query("DELETE FROM public.audit_log WHERE actor = 'svc'");
  });

  it("the role may not create, alter, truncate or drop anything", async () => {
    for (const statement of [
      "CREATE TABLE public.rogue (id int)",
      "ALTER TABLE public.audit_log ADD COLUMN rogue int",
      "TRUNCATE public.audit_log",
      "DROP TABLE public.audit_log",
      "CREATE SCHEMA rogue",
      "CREATE ROLE rogue",
    ]) {
      const err = await app.query(statement).catch((e: Error) => e);
      expect(err, statement).to.be.instanceOf(Error);
      expect((err as Error).message, statement).to.match(/permission denied|must be owner/);
    }
  });

  it("a partition the maintenance creates later is readable by the role (default privileges)", async () => {
    const env = loadEnvironment("prod");
    const table = resolvePartitionedTable(env.database.partitionedTables[0]);
    const later = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 5, 15));
    await owner.query(maintenanceCallSql(table, { reference: later }));
    const name = partitionName("audit_log", later.getUTCFullYear(), 6);
    const { rows } = await app.query(`SELECT count(*)::int AS n FROM public.${name}`);
    expect(rows).to.deep.equal([{ n: 0 }]);
  });

  it("running the role's SQL again is harmless; a new password replaces the old one", async () => {
    await owner.query(roleSql);
    const next = appRoleSql({
      role: login.user,
      owner: "platform_admin",
      database: "app",
      schemas: ["public"],
      verifier: scramSha256Verifier("RotatedPassword2", `${login.user}@app`),
    });
    await owner.query(next);
    const rotated = await asRole(login.user, "RotatedPassword2");
    await rotated.end();
    const stale = await asRole(login.user, login.password).catch((e: Error) => e);
    expect(String(stale)).to.match(/password authentication failed/);
  });
});
