import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Client, ClientConfig } from "pg";
import {
  PgBouncerArgs,
  renderPgBouncerIni,
  renderUserlist,
  resolvePgBouncerConfig,
} from "../../components/database/pgbouncer";
import { quoteLiteral } from "../../components/database/partitions";
import {
  PgBouncerServer,
  PostgresServer,
  startPgBouncer,
  startPostgres,
  startStandby,
} from "../../scripts/servers";

const CLIENTS = 1000;
const QUERIES_PER_CLIENT = 2;

describe("generated PgBouncer configuration in front of a real PostgreSQL primary and replica", function () {
  this.timeout(180000);
  let primary: PostgresServer;
  let standby: PostgresServer;
  let bouncer: PgBouncerServer;
  let settings: PgBouncerArgs;
  const appPassword = randomBytes(18).toString("base64url") + `"'\\`;
  const statsPassword = randomBytes(18).toString("base64url");

  // Over TLS, verifying PgBouncer's certificate against the CA that signed it, as the pods may.
  const via = (database: string, user = "app", password = appPassword): ClientConfig => ({
    host: bouncer.host,
    port: bouncer.port,
    user,
    password,
    database,
    ssl: { ca: readFileSync(bouncer.tls.caFile, "utf8") },
  });

  async function one<T>(config: ClientConfig, sql: string): Promise<T[]> {
    const c = new Client(config);
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  }

  before(async () => {
    primary = await startPostgres({ maxConnections: 150 });
    const admin = new Client(primary.connection());
    await admin.connect();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD ${quoteLiteral(appPassword)}`);
    await admin.query("CREATE DATABASE app OWNER app");
    await admin.end();
    standby = await startStandby(primary);
    settings = {
      writer: { host: primary.host, port: primary.port },
      readers: { hosts: [standby.host], port: standby.port },
      database: "app",
      appUser: "app",
      serverTls: { sslmode: "disable" },
    };
    bouncer = await startPgBouncer({
      renderIni: (place) => renderPgBouncerIni({ ...settings, ...place }),
      userlist: renderUserlist([
        { user: "app", password: appPassword },
        { user: "pgbouncer_stats", password: statsPassword },
      ]),
    });
  });

  after(async () => {
    await bouncer?.stop();
    await standby?.stop();
    await primary?.stop();
  });

  it("sends the writer pool to the primary and the reader pool to the replica", async () => {
    const [w] = await one<{ recovery: boolean; port: number }>(
      via("app"),
      "SELECT pg_is_in_recovery() AS recovery, inet_server_port() AS port",
    );
    const [r] = await one<{ recovery: boolean; port: number }>(
      via("app_ro"),
      "SELECT pg_is_in_recovery() AS recovery, inet_server_port() AS port",
    );
    expect(w).to.deep.equal({ recovery: false, port: primary.port });
    expect(r).to.deep.equal({ recovery: true, port: standby.port });
  });

  it("serves rows written through the writer pool from the reader pool, which refuses writes", async () => {
    await one(
      via("app"),
      "CREATE TABLE notes (id int PRIMARY KEY); INSERT INTO notes VALUES (1), (2)",
    );
    const deadline = Date.now() + 10000;
    let seen = 0;
    while (seen !== 2 && Date.now() < deadline) {
      seen = Number(
        (
          await one<{ n: string }>(
            via("app_ro"),
            "SELECT count(*) AS n FROM notes WHERE to_regclass('notes') IS NOT NULL",
          ).catch(() => [{ n: "0" }])
        )[0].n,
      );
    }
    expect(seen).to.equal(2);
    let refusal = "";
    await one(via("app_ro"), "INSERT INTO notes VALUES (3)").catch(
      (e: Error) => (refusal = e.message),
    );
    expect(refusal).to.match(/read-only transaction/);
  });

  it("rejects a wrong password", async () => {
    let message = "";
    await one(via("app", "app", "wrong"), "SELECT 1").catch((e: Error) => (message = e.message));
    expect(message).to.match(/password authentication failed|SASL authentication failed/);
  });

  it("lets the exporter's stats user read pool statistics but not administer PgBouncer", async () => {
    const pools = await one<{ database: string }>(
      via("pgbouncer", "pgbouncer_stats", statsPassword),
      "SHOW POOLS",
    );
    expect(pools.map((p) => p.database)).to.include("app");
    let refusal = "";
    await one(via("pgbouncer", "pgbouncer_stats", statsPassword), "PAUSE app").catch(
      (e: Error) => (refusal = e.message),
    );
    expect(refusal).to.match(/admin access needed/);
  });

  it(`keeps ${CLIENTS} concurrent clients on at most default_pool_size + reserve_pool_size server connections`, async () => {
    const config = resolvePgBouncerConfig({ ...settings });
    const limit = config.defaultPoolSize + config.reservePoolSize;
    const monitor = new Client(primary.connection("app"));
    const stats = new Client(via("pgbouncer", "pgbouncer_stats", statsPassword));
    await monitor.connect();
    await stats.connect();
    const clients = Array.from({ length: CLIENTS }, () => new Client(via("app")));
    const serverSamples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'app' AND datname = 'app' AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        );
        serverSamples.push(rows[0].n);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const pools = (await stats.query("SHOW POOLS")).rows.filter(
        (p) => p.database === "app" && p.user === "app",
      );
      const connected = pools.reduce(
        (sum, p) => sum + Number(p.cl_active) + Number(p.cl_waiting),
        0,
      );
      expect(connected, "clients connected to PgBouncer at once").to.equal(CLIENTS);

      const started = Date.now();
      const results = await Promise.allSettled(
        clients.map(async (c) => {
          for (let i = 0; i < QUERIES_PER_CLIENT; i++) await c.query("SELECT pg_sleep(0.1)");
        }),
      );
      const failures = results.filter((r) => r.status === "rejected");
      expect(
        failures.length,
        failures.length ? String((failures[0] as PromiseRejectedResult).reason) : "",
      ).to.equal(0);
      const elapsed = Date.now() - started;
      sampling = false;
      await sampler;
      const peak = Math.max(...serverSamples);
      console.log(
        `      ${CLIENTS} clients × ${QUERIES_PER_CLIENT} queries in ${elapsed} ms; peak server connections ${peak} (limit ${limit}) over ${serverSamples.length} samples`,
      );
      expect(serverSamples.length, "samples taken during the run").to.be.greaterThan(10);
      expect(peak, `peak server connections (run took ${elapsed} ms)`).to.be.at.most(limit);
      // Each client waits longer than reserve_pool_timeout (1,000 clients × 0.1 s / 25 connections
      // = 4 s a round), so the reserve pool opens too, and still nothing goes past the limit.
      expect(peak, "the reserve pool was opened under load").to.be.greaterThan(
        config.defaultPoolSize,
      );
    } finally {
      sampling = false;
      await sampler.catch(() => undefined);
      await Promise.allSettled(clients.map((c) => c.end()));
      await stats.end();
      await monitor.end();
    }
  });
});
