import { expect } from "chai";
import {
  DISABLED_COLLECTORS,
  dsnKey,
  postgresExporterDsn,
  postgresExporterPodSpec,
} from "../../../components/database/exporter/manifests";
import {
  MONITOR_ROLE,
  monitorPassword,
  monitorRoleSql,
  scramSha256Verifier,
} from "../../../components/database/roles";
import { isKnownMetric } from "../../../components/monitoring/rules";

describe("postgres_exporter specs (pure)", () => {
  it("a DSN escapes user, password and database, requires TLS and fails a connect within 5 s", () => {
    const dsn = postgresExporterDsn(
      { host: "db.internal", port: 5432, database: "app", user: MONITOR_ROLE },
      "p@ss/w:rd",
    );
    const u = new URL(dsn);
    expect(u.protocol).to.equal("postgresql:");
    expect(decodeURIComponent(u.password)).to.equal("p@ss/w:rd");
    expect(u.host).to.equal("db.internal:5432");
    expect(u.searchParams.get("sslmode")).to.equal("require");
    expect(u.searchParams.get("connect_timeout")).to.equal("5");
  });

  it("the pod takes its DSN from the Secret key of its own instance and turns off the unread collectors", () => {
    const spec = postgresExporterPodSpec({
      image: "exp:1",
      secretName: "dsns",
      instance: "replica-2",
      labels: { "db-instance": "replica-2" },
      cpu: "25m",
      memory: "64Mi",
    });
    const c = spec.containers[0];
    expect(c.env).to.deep.equal([
      {
        name: "DATA_SOURCE_NAME",
        valueFrom: { secretKeyRef: { name: "dsns", key: dsnKey("replica-2") } },
      },
    ]);
    expect(c.args).to.include("--web.listen-address=:9187");
    for (const collector of DISABLED_COLLECTORS)
      expect(c.args).to.include(`--no-collector.${collector}`);
    expect(c.args.some((a) => a.includes("stat_activity") || a.includes("replication"))).to.equal(
      false,
    );
    expect(c.resources).to.deep.equal({
      requests: { cpu: "25m", memory: "64Mi" },
      limits: { memory: "64Mi" },
    });
  });

  it("the series the database alerts read are known metrics of the platform's exporters", () => {
    for (const name of [
      "pg_replication_lag_seconds",
      "pg_stat_activity_max_tx_duration",
      "pgbouncer_pools_server_active_connections",
      "pgbouncer_pools_client_waiting_connections",
      "pgbouncer_databases_pool_size",
    ])
      expect(isKnownMetric(name), name).to.equal(true);
  });

  it("the monitor role gets pg_monitor and CONNECT, with a verifier and never a password", () => {
    const password = monitorPassword("master-secret");
    expect(password).to.match(/^[0-9a-f]{64}$/);
    expect(password).to.not.equal(monitorPassword("another-master"));
    const verifier = scramSha256Verifier(password, `${MONITOR_ROLE}@app`);
    const sql = monitorRoleSql({ database: "app", verifier });
    expect(sql).to.include(`GRANT pg_monitor TO "${MONITOR_ROLE}";`);
    expect(sql).to.include('GRANT CONNECT ON DATABASE "app"');
    expect(sql).to.include("WITH LOGIN NOCREATEDB NOCREATEROLE CONNECTION LIMIT 5");
    expect(sql).to.not.include(password);
    expect(() => monitorRoleSql({ database: "app", verifier: password })).to.throw(
      /^verifier: expected a SCRAM-SHA-256 verifier/,
    );
    expect(() => monitorRoleSql({ database: 'app"; DROP', verifier })).to.throw(/databaseName/);
  });
});
