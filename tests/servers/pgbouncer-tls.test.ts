import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import {
  PgBouncerArgs,
  pgbouncerConnectionStrings,
  pgbouncerSecretData,
} from "../../components/database/pgbouncer";
import { quoteLiteral } from "../../components/database/partitions";
import {
  PgBouncerServer,
  PostgresServer,
  psqlBinary,
  startPgBouncer,
  startPostgres,
} from "../../scripts/servers";

/**
 * Client TLS on a real PgBouncer, configured by the component's own Secret data: psql (libpq)
 * is refused in clear text, connects with the DSN handed to workloads (sslmode=require), and can
 * verify the certificate fully against the CA that signed it.
 */
describe("PgBouncer refuses plaintext clients (real PgBouncer, psql)", function () {
  this.timeout(120000);
  let pg: PostgresServer;
  let bouncer: PgBouncerServer;
  const appPassword = randomBytes(24).toString("base64url");
  let settings: PgBouncerArgs;

  function psql(conninfo: string, command = "SELECT current_user"): { ok: boolean; out: string } {
    const r = spawnSync(psqlBinary(), ["-X", "-A", "-t", "-c", command, conninfo], {
      encoding: "utf8",
      env: { ...process.env, PGCONNECT_TIMEOUT: "10" },
    });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  }

  before(async () => {
    pg = await startPostgres();
    const admin = new Client(pg.connection());
    await admin.connect();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD ${quoteLiteral(appPassword)}`);
    await admin.query("CREATE DATABASE app OWNER app");
    await admin.end();
    settings = {
      writer: { host: pg.host, port: pg.port },
      database: "app",
      appUser: "app",
      serverTls: { sslmode: "disable" },
    };
    bouncer = await startPgBouncer({
      renderIni: (place) =>
        pgbouncerSecretData({ ...settings, ...place }, appPassword)["pgbouncer.ini"],
      userlist: pgbouncerSecretData(settings, appPassword)["userlist.txt"],
    });
  });

  after(async () => {
    await bouncer?.stop();
    await pg?.stop();
  });

  const dsn = () =>
    pgbouncerConnectionStrings(
      { ...settings, listenPort: bouncer.port },
      { writer: bouncer.host, reader: bouncer.host },
      appPassword,
    );

  it("refuses a psql client that will not use TLS (sslmode=disable)", () => {
    const r = psql(dsn().writer.replace("sslmode=require", "sslmode=disable"));
    expect(r.ok, r.out).to.equal(false);
    expect(r.out).to.match(/SSL required/);
  });

  it("serves the writer and reader DSNs handed to workloads, which carry sslmode=require, over TLS", () => {
    for (const url of [dsn().writer, dsn().reader]) {
      expect(url).to.match(/\?sslmode=require$/);
      const r = psql(url, "\\conninfo");
      expect(r.ok, r.out).to.equal(true);
      expect(r.out).to.match(/SSL connection \(protocol: TLSv1\.[23]/);
    }
  });

  it("lets a client verify PgBouncer's certificate against the CA that issued it (verify-full)", () => {
    const url = `${dsn().writer.replace("sslmode=require", "sslmode=verify-full")}&sslrootcert=${encodeURIComponent(bouncer.tls.caFile)}`;
    const r = psql(url);
    expect(r.ok, r.out).to.equal(true);
    expect(r.out.trim()).to.equal("app");
  });

  it("refuses a node-postgres client without TLS too", async () => {
    const c = new Client({
      host: bouncer.host,
      port: bouncer.port,
      user: "app",
      password: appPassword,
      database: "app",
      ssl: false,
    });
    let refusal = "";
    await c.connect().catch((e: Error) => (refusal = e.message));
    await c.end().catch(() => undefined);
    expect(refusal).to.match(/SSL required/);
  });
});
