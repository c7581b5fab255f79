import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Client } from "pg";
import {
  EXPORTER_DSN_KEY,
  PgBouncerArgs,
  pgbouncerSecretData,
  STATS_USER,
} from "../../components/database/pgbouncer";
import { quoteLiteral } from "../../components/database/partitions";
import {
  PgBouncerServer,
  PostgresServer,
  startPgBouncer,
  startPostgres,
} from "../../scripts/servers";

/** The pooler's Secret exactly as the PgBouncer component builds it, served by a real PgBouncer. */
describe("the PgBouncer component's Secret on a real PgBouncer", function () {
  this.timeout(120000);
  let pg: PostgresServer;
  let bouncer: PgBouncerServer;
  let exporterDsn = "";
  const appPassword = randomBytes(24).toString("base64url");

  before(async () => {
    pg = await startPostgres();
    const admin = new Client(pg.connection());
    await admin.connect();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD ${quoteLiteral(appPassword)}`);
    await admin.query("CREATE DATABASE app OWNER app");
    await admin.end();
    const settings: PgBouncerArgs = {
      writer: { host: pg.host, port: pg.port },
      database: "app",
      appUser: "app",
      serverTls: { sslmode: "disable" },
    };
    const userlist = pgbouncerSecretData(settings, appPassword)["userlist.txt"];
    bouncer = await startPgBouncer({
      renderIni: (place) => {
        const data = pgbouncerSecretData({ ...settings, ...place }, appPassword);
        exporterDsn = data[EXPORTER_DSN_KEY];
        return data["pgbouncer.ini"];
      },
      userlist,
    });
  });

  after(async () => {
    await bouncer?.stop();
    await pg?.stop();
  });

  it("logs the application in through the writer and reader pools, over TLS", async () => {
    for (const database of ["app", "app_ro"]) {
      const c = new Client({
        host: bouncer.host,
        port: bouncer.port,
        user: "app",
        password: appPassword,
        database,
        ssl: { ca: readFileSync(bouncer.tls.caFile, "utf8") },
      });
      await c.connect();
      expect((await c.query("SELECT current_user AS u")).rows[0].u).to.equal("app");
      await c.end();
    }
  });

  it("lets the exporter read statistics with its DSN, as the derived stats user, and nothing more", async () => {
    expect(exporterDsn).to.match(
      new RegExp(
        `^postgresql://${STATS_USER}:[0-9a-f]{64}@127\\.0\\.0\\.1:${bouncer.port}/pgbouncer`,
      ),
    );
    // The exporter's Go driver reads sslmode=require as libpq does (encrypt, no CA check); node-postgres
    // does so only when told.
    const c = new Client({ connectionString: `${exporterDsn}&uselibpqcompat=true` });
    await c.connect();
    try {
      expect((await c.query("SHOW POOLS")).rows.map((r) => r.database)).to.include("app");
      let refusal = "";
      await c.query("PAUSE app").catch((e: Error) => (refusal = e.message));
      expect(refusal).to.match(/admin access needed/);
    } finally {
      await c.end();
    }
  });

  it("does not let the stats user's derived password log in to the database pools", async () => {
    const password = new URL(exporterDsn).password;
    const c = new Client({
      host: bouncer.host,
      port: bouncer.port,
      user: STATS_USER,
      password,
      database: "app",
    });
    let refusal = "";
    await c.connect().catch((e: Error) => (refusal = e.message));
    await c.end().catch(() => undefined);
    expect(refusal).to.not.equal("");
  });
});
