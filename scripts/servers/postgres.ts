/**
 * A throw-away PostgreSQL on a free loopback port: initdb in a temp dir, pg_ctl start/stop, and a
 * hot standby made from it to stand in for an RDS read replica.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Client, ClientConfig } from "pg";
import { postgresBinaries, PostgresBinaries } from "./binaries";
import {
  cleanupOnExit,
  freePort,
  giveToServerUser,
  LOOPBACK,
  makeServerDir,
  removeDir,
  serverUser,
} from "./process";

/** A running local PostgreSQL. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** Superuser name (`postgres`). */
  readonly superuser: string;
  /** Superuser password (random per server; used over TCP with SCRAM). */
  readonly password: string;
  readonly dataDir: string;
  /** Server log (stderr of the postmaster). */
  readonly logFile: string;
  /** `postgres --version` output. */
  readonly version: string;
  /** Connection settings for `pg` as the superuser. @param database @default "postgres" */
  connection(database?: string): ClientConfig;
  /** The server log so far. */
  readLog(): string;
  /** Stops the server, keeping its data directory. */
  halt(): Promise<void>;
  /** Starts a halted server again. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Extra `postgresql.conf` settings, e.g. `{ log_statement: "all" }`. @default {} */
  settings?: Record<string, string | number | boolean>;
  /** @default 200 */
  maxConnections?: number;
}

function confValue(v: string | number | boolean): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "on" : "off";
  return `'${v.replace(/'/g, "''")}'`;
}

function confLines(settings: Record<string, string | number | boolean>): string {
  return (
    Object.entries(settings)
      .map(([k, v]) => `${k} = ${confValue(v)}`)
      .join("\n") + "\n"
  );
}

function run(file: string, args: string[], what: string): void {
  try {
    execFileSync(file, args, {
      ...serverUser(),
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${what} failed: ${err.stderr?.trim() || err.message}`);
  }
}

function launch(
  bins: PostgresBinaries,
  root: string,
  port: number,
  password: string,
): PostgresServer {
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "postgres.log");
  let removed = false;
  const unregister = cleanupOnExit(() => {
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (existsSync(pidFile))
      process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGQUIT");
    removeDir(root);
  });
  const server: PostgresServer = {
    host: LOOPBACK,
    port,
    superuser: "postgres",
    password,
    dataDir,
    logFile,
    version: bins.version,
    connection: (database = "postgres") => ({
      host: LOOPBACK,
      port,
      user: "postgres",
      password,
      database,
    }),
    readLog: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    halt: async () => {
      if (existsSync(path.join(dataDir, "postmaster.pid")))
        run(bins.pgCtl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], "pg_ctl stop");
    },
    start: async () => {
      try {
        run(bins.pgCtl, ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60"], "pg_ctl start");
      } catch (e) {
        throw new Error(
          `${(e as Error).message}\n--- ${logFile} ---\n${server.readLog().slice(-3000)}`,
        );
      }
    },
    stop: async () => {
      if (removed) return;
      removed = true;
      await server.halt();
      unregister();
      removeDir(root);
    },
  };
  return server;
}

/**
 * Creates and starts a PostgreSQL {@link POSTGRES_MAJOR} cluster on a free loopback port. TCP
 * logins use SCRAM; durability is switched off (fsync, full_page_writes) because the data is
 * thrown away, which keeps the tests and benchmark fast.
 *
 * @throws Error with the install command when the binaries are missing, or the server log when it fails to start.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bins = postgresBinaries();
  const root = makeServerDir("pg");
  const password = randomBytes(18).toString("base64url");
  const pwfile = path.join(root, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  giveToServerUser(pwfile);
  const dataDir = path.join(root, "data");
  run(
    bins.initdb,
    [
      "-D",
      dataDir,
      "-U",
      "postgres",
      `--pwfile=${pwfile}`,
      "--auth-host=scram-sha-256",
      "--auth-local=trust",
      "-E",
      "UTF8",
      "--no-locale",
      "--no-sync",
    ],
    "initdb",
  );
  const port = await freePort();
  appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    confLines({
      listen_addresses: LOOPBACK,
      port,
      unix_socket_directories: root,
      max_connections: options.maxConnections ?? 200,
      fsync: false,
      synchronous_commit: false,
      full_page_writes: false,
      log_line_prefix: "%m [%p] %u@%d ",
      ...options.settings,
    }),
  );
  const server = launch(bins, root, port, password);
  await server.start();
  return server;
}

/**
 * Makes a streaming hot standby of `primary`, as an RDS read replica would be: halts the primary,
 * copies its cleanly shut-down data directory, points the copy at the primary, starts both and
 * waits until the standby streams. The standby refuses writes (`pg_is_in_recovery()` is true).
 */
export async function startStandby(primary: PostgresServer): Promise<PostgresServer> {
  const bins = postgresBinaries();
  const root = makeServerDir("pg-standby");
  await primary.halt();
  const dataDir = path.join(root, "data");
  execFileSync("cp", ["-a", primary.dataDir, dataDir]);
  const port = await freePort();
  appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    confLines({
      port,
      unix_socket_directories: root,
      hot_standby: true,
      primary_conninfo: `host=${LOOPBACK} port=${primary.port} user=${primary.superuser} password=${primary.password} application_name=standby`,
    }),
  );
  writeFileSync(path.join(dataDir, "standby.signal"), "");
  giveToServerUser(path.join(dataDir, "standby.signal"));
  await primary.start();
  const standby = launch(bins, root, port, primary.password);
  await standby.start();
  const client = new Client(primary.connection());
  await client.connect();
  try {
    const deadline = Date.now() + 30000;
    for (;;) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_replication WHERE application_name = 'standby' AND state = 'streaming'",
      );
      if (rows[0].n === 1) break;
      if (Date.now() > deadline)
        throw new Error(
          `standby on port ${port} did not start streaming from ${primary.port} within 30 s\n${standby.readLog().slice(-3000)}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
  return standby;
}
