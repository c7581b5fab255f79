/**
 * A throw-away PgBouncer on a free loopback port, configured by a caller-rendered pgbouncer.ini,
 * with a certificate for client TLS (the platform's PgBouncer refuses plaintext clients).
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pgbouncerBinary } from "./binaries";
import { makeTlsFiles, type TlsFiles } from "./tls";
import {
  freePort,
  giveToServerUser,
  LOOPBACK,
  makeServerDir,
  serverUser,
  supervise,
  waitForPort,
} from "./process";

/** What the ini renderer is told about the place it will run in. */
export interface PgBouncerPlacement {
  /** Loopback address to listen on. */
  listenAddress: string;
  /** Free port chosen for this PgBouncer. */
  listenPort: number;
  /** Where the userlist is written. */
  authFile: string;
  /** Client TLS with the server certificate made for this PgBouncer: spread it into the settings. */
  clientTls: { sslmode: "require"; certFile: string; keyFile: string };
}

/** Options of {@link startPgBouncer}. */
export interface StartPgBouncerOptions {
  /** Renders pgbouncer.ini for the given placement (tests pass the generator under test). Required. */
  renderIni: (placement: PgBouncerPlacement) => string;
  /** Contents of userlist.txt. Required. */
  userlist: string;
  /** Open-file limit for the PgBouncer process (each client and server connection is a file). @default 16384 */
  openFiles?: number;
}

/** A running local PgBouncer. */
export interface PgBouncerServer {
  readonly host: string;
  readonly port: number;
  readonly iniFile: string;
  readonly logFile: string;
  /** The CA clients verify the server certificate against, and the certificate and key. */
  readonly tls: TlsFiles;
  readLog(): string;
  /** Stops PgBouncer and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts PgBouncer in the foreground (so it dies with its parent) with the rendered ini, and waits
 * until it listens. Raises the open-file limit first: 1,000+ clients need more than the usual 1,024.
 *
 * @throws Error with the install command when pgbouncer is missing, or its log when it fails to start.
 */
export async function startPgBouncer(options: StartPgBouncerOptions): Promise<PgBouncerServer> {
  const binary = pgbouncerBinary();
  const root = makeServerDir("pgbouncer");
  const port = await freePort();
  const authFile = path.join(root, "userlist.txt");
  const iniFile = path.join(root, "pgbouncer.ini");
  const logFile = path.join(root, "pgbouncer.log");
  writeFileSync(authFile, options.userlist, { mode: 0o600 });
  giveToServerUser(authFile);
  const tls = makeTlsFiles(root);
  writeFileSync(
    iniFile,
    options.renderIni({
      listenAddress: LOOPBACK,
      listenPort: port,
      authFile,
      clientTls: { sslmode: "require", certFile: tls.certFile, keyFile: tls.keyFile },
    }),
  );
  giveToServerUser(iniFile);
  const openFiles = options.openFiles ?? 16384;
  const log = openSync(logFile, "a");
  const child = spawn(
    "/bin/sh",
    ["-c", `ulimit -n ${openFiles} && exec "$0" "$1"`, binary, iniFile],
    {
      ...serverUser(),
      stdio: ["ignore", log, log],
    },
  );
  closeSync(log);
  const { readLog, stop } = supervise(child, root, logFile, "SIGINT");
  const server: PgBouncerServer = {
    host: LOOPBACK,
    port,
    iniFile,
    logFile,
    tls,
    readLog,
    stop,
  };
  try {
    await waitForPort(port, "pgbouncer", 15000, child, "");
  } catch (e) {
    const message = `${(e as Error).message}\n--- ${logFile} ---\n${readLog().slice(-3000)}`;
    await server.stop();
    throw new Error(
      message.includes("ulimit")
        ? `${message}\n(raise the hard open-file limit: ulimit -Hn)`
        : message,
    );
  }
  return server;
}
