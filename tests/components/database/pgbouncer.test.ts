import { expect } from "chai";
import {
  maxServerConnectionsPerHost,
  pgbouncerConnectionStrings,
  pgbouncerExporterDsn,
  renderPgBouncerIni,
  renderUserlist,
  resolvePgBouncerConfig,
} from "../../../components/database/pgbouncer";

import { PGBOUNCER_ARGS as base } from "./fixtures";

function iniValue(ini: string, key: string): string | undefined {
  return new RegExp(`^${key} = ?(.*)$`, "m").exec(ini)?.[1];
}

describe("pgbouncer.ini", () => {
  it("uses the seed pool settings by default", () => {
    const ini = renderPgBouncerIni(base);
    expect({
      pool_mode: iniValue(ini, "pool_mode"),
      max_client_conn: iniValue(ini, "max_client_conn"),
      default_pool_size: iniValue(ini, "default_pool_size"),
      reserve_pool_size: iniValue(ini, "reserve_pool_size"),
      reserve_pool_timeout: iniValue(ini, "reserve_pool_timeout"),
      server_idle_timeout: iniValue(ini, "server_idle_timeout"),
      server_lifetime: iniValue(ini, "server_lifetime"),
    }).to.deep.equal({
      pool_mode: "transaction",
      max_client_conn: "10000",
      default_pool_size: "25",
      reserve_pool_size: "10",
      reserve_pool_timeout: "3",
      server_idle_timeout: "600",
      server_lifetime: "3600",
    });
  });

  it("points the writer pool at the primary and the reader pool at the replicas under two names", () => {
    const ini = renderPgBouncerIni(base);
    expect(iniValue(ini, "app")).to.equal(
      "host=db-primary.abc.eu-west-1.rds.amazonaws.com port=5432 dbname=app",
    );
    expect(iniValue(ini, "app_ro")).to.equal(
      "host=db-replica-1.abc.eu-west-1.rds.amazonaws.com,db-replica-2.abc.eu-west-1.rds.amazonaws.com port=5432 dbname=app",
    );
  });

  it("points the reader pool at the writer when there are no replicas", () => {
    const ini = renderPgBouncerIni({
      ...base,
      readers: undefined,
      writer: { host: "10.0.3.4", port: 5433 },
    });
    expect(iniValue(ini, "app_ro")).to.equal("host=10.0.3.4 port=5433 dbname=app");
  });

  it("declares the exporter's stats user, SCRAM auth from the mounted userlist and TLS to the server", () => {
    const ini = renderPgBouncerIni(base);
    expect(iniValue(ini, "stats_users")).to.equal("pgbouncer_stats");
    expect(iniValue(ini, "auth_type")).to.equal("scram-sha-256");
    expect(iniValue(ini, "auth_file")).to.equal("/etc/pgbouncer/userlist.txt");
    expect(iniValue(ini, "server_tls_sslmode")).to.equal("require");
    const verified = renderPgBouncerIni({
      ...base,
      serverTls: { sslmode: "verify-full", caFile: "/etc/pgbouncer/tls/rds-ca.pem" },
    });
    expect(iniValue(verified, "server_tls_ca_file")).to.equal("/etc/pgbouncer/tls/rds-ca.pem");
  });

  it("refuses pool sizes that are not positive whole numbers", () => {
    expect(() => renderPgBouncerIni({ ...base, defaultPoolSize: 0 })).to.throw(
      /pgbouncer\.defaultPoolSize: 0 is not allowed; expected a whole number from 1/,
    );
    expect(() => renderPgBouncerIni({ ...base, reservePoolSize: -1 })).to.throw(
      /pgbouncer\.reservePoolSize/,
    );
    expect(() => renderPgBouncerIni({ ...base, serverLifetimeSeconds: 2.5 })).to.throw(
      /pgbouncer\.serverLifetimeSeconds/,
    );
  });

  it("refuses max_client_conn below what the pools can hold", () => {
    expect(() => renderPgBouncerIni({ ...base, maxClientConn: 69 })).to.throw(
      /maxClientConn: 69 is below 2 pools × \(defaultPoolSize 25 \+ reservePoolSize 10\) = 70/,
    );
    expect(renderPgBouncerIni({ ...base, maxClientConn: 70 })).to.contain("max_client_conn = 70");
  });

  it("refuses host names and paths that could inject lines into the ini", () => {
    expect(() => renderPgBouncerIni({ ...base, writer: { host: "db\nauth_type = any" } })).to.throw(
      /writer\.host: .* is not a host name/,
    );
    expect(() => renderPgBouncerIni({ ...base, readers: { hosts: ["a b"] } })).to.throw(
      /readers\.hosts\[0\]/,
    );
    expect(() => renderPgBouncerIni({ ...base, authFile: "/etc/x\nadmin_users = app" })).to.throw(
      /authFile/,
    );
    expect(() => renderPgBouncerIni({ ...base, database: "app dbname=postgres" })).to.throw(
      /pgbouncer\.database/,
    );
  });

  it("refuses verified server TLS without a CA bundle", () => {
    expect(() => renderPgBouncerIni({ ...base, serverTls: { sslmode: "verify-full" } })).to.throw(
      /serverTls\.caFile: required when sslmode is verify-full/,
    );
  });

  it("requires TLS from every client, with the cert-manager certificate mounted under /etc/pgbouncer/tls", () => {
    const ini = renderPgBouncerIni(base);
    expect(iniValue(ini, "client_tls_sslmode")).to.equal("require");
    expect(iniValue(ini, "client_tls_cert_file")).to.equal("/etc/pgbouncer/tls/tls.crt");
    expect(iniValue(ini, "client_tls_key_file")).to.equal("/etc/pgbouncer/tls/tls.key");
  });

  it("refuses client TLS modes that would accept plaintext, and client-certificate modes without a CA", () => {
    for (const mode of ["disable", "allow", "prefer"])
      expect(() =>
        renderPgBouncerIni({ ...base, clientTls: { sslmode: mode as "require" } }),
      ).to.throw(/clientTls\.sslmode: .* would accept clients in clear text/);
    expect(() => renderPgBouncerIni({ ...base, clientTls: { sslmode: "verify-full" } })).to.throw(
      /clientTls\.caFile: required when sslmode is verify-full/,
    );
  });

  it("refuses clashing pool names and an application role that administers PgBouncer", () => {
    expect(() => renderPgBouncerIni({ ...base, readerAlias: "app" })).to.throw(
      /readerAlias: "app" is also the writer alias/,
    );
    expect(() => renderPgBouncerIni({ ...base, writerAlias: "pgbouncer" })).to.throw(
      /admin console database/,
    );
    expect(() => renderPgBouncerIni({ ...base, statsUsers: ["app"] })).to.throw(
      /appUser: "app" is also a console user/,
    );
  });

  it("bounds the server connections each PostgreSQL host can receive from the PgBouncer replicas", () => {
    expect(maxServerConnectionsPerHost(resolvePgBouncerConfig(base), 3)).to.deep.equal({
      writer: 105,
      readerHost: 105,
    });
    expect(
      maxServerConnectionsPerHost(resolvePgBouncerConfig({ ...base, readers: undefined }), 3),
    ).to.deep.equal({ writer: 210, readerHost: 105 });
  });
});

describe("pgbouncer userlist and connection strings", () => {
  it("quotes users and passwords, doubling embedded quotes", () => {
    expect(
      renderUserlist([
        { user: "app", password: 'p"w d' },
        { user: "pgbouncer_stats", password: "SCRAM-SHA-256$4096:abc" },
      ]),
    ).to.equal('"app" "p""w d"\n"pgbouncer_stats" "SCRAM-SHA-256$4096:abc"\n');
  });

  it("refuses a password with a line break without revealing it", () => {
    let message = "";
    try {
      renderUserlist([{ user: "app", password: "secret-value\nx" }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(
      /userlist\[0\]\.password for "app": must be a non-empty string without control characters/,
    );
    expect(message).to.not.contain("secret-value");
  });

  it("refuses duplicate and malformed users", () => {
    expect(() =>
      renderUserlist([
        { user: "app", password: "a" },
        { user: "app", password: "b" },
      ]),
    ).to.throw(/listed twice/);
    expect(() => renderUserlist([{ user: 'app" "x', password: "a" }])).to.throw(
      /userlist\[0\]\.user/,
    );
  });

  it("builds DSNs for both pools with the password URL-encoded, requiring TLS (sslmode=require)", () => {
    const dsns = pgbouncerConnectionStrings(
      base,
      { writer: "pgbouncer-rw.data.svc", reader: "pgbouncer-ro.data.svc" },
      "p@ss/w:rd",
    );
    expect(dsns).to.deep.equal({
      writer: "postgresql://app:p%40ss%2Fw%3Ard@pgbouncer-rw.data.svc:6432/app?sslmode=require",
      reader: "postgresql://app:p%40ss%2Fw%3Ard@pgbouncer-ro.data.svc:6432/app_ro?sslmode=require",
    });
    expect(pgbouncerExporterDsn(base, "s3cret")).to.equal(
      "postgresql://pgbouncer_stats:s3cret@127.0.0.1:6432/pgbouncer?sslmode=require",
    );
    expect(() => pgbouncerExporterDsn(base, "x", "app")).to.throw(/not one of statsUsers/);
  });
});
