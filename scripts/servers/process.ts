/**
 * Process plumbing shared by the local servers: an unprivileged user to run them as, temp dirs,
 * free loopback ports, readiness waits and clean-up if the test process dies first.
 */
import { ChildProcess, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Loopback address every local server binds to. */
export const LOOPBACK = "127.0.0.1";

/** uid/gid to spawn servers with; empty when not root (servers then run as the current user). */
export interface RunAs {
  uid?: number;
  gid?: number;
}

let cachedRunAs: RunAs | undefined;

/**
 * PostgreSQL and PgBouncer refuse to run as root, so as root the servers run as `nobody`.
 */
export function serverUser(): RunAs {
  if (cachedRunAs) return cachedRunAs;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return (cachedRunAs = {});
  const uid = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "nobody"], { encoding: "utf8" }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error(
      "running as root but the user 'nobody' does not exist; servers cannot run as root",
    );
  return (cachedRunAs = { uid, gid });
}

/** A fresh directory under the OS temp dir, owned by {@link serverUser}. */
export function makeServerDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `platform-${prefix}-`));
  const who = serverUser();
  if (who.uid !== undefined && who.gid !== undefined) chownSync(dir, who.uid, who.gid);
  return dir;
}

/** Hands `file` to the server user (after writing it as root). */
export function giveToServerUser(file: string): void {
  const who = serverUser();
  if (who.uid !== undefined && who.gid !== undefined) chownSync(file, who.uid, who.gid);
}

/** A TCP port on the loopback address that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port assigned")),
      );
    });
  });
}

/** Resolves once `port` accepts TCP connections; rejects after `timeoutMs` or when `child` exits. */
export async function waitForPort(
  port: number,
  what: string,
  timeoutMs = 15000,
  child?: ChildProcess,
  logHint = "",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(
        `${what} exited with code ${child.exitCode} before listening on ${LOOPBACK}:${port}${logHint}`,
      );
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, LOOPBACK);
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(
        `${what} did not listen on ${LOOPBACK}:${port} within ${timeoutMs} ms${logHint}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for a spawned child to exit, killing it with SIGKILL after `timeoutMs`. */
export async function waitForExit(child: ChildProcess, timeoutMs = 10000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => (clearTimeout(timer), resolve()));
  });
}

const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Registers a synchronous clean-up to run if the process exits while a server is still up
 * (a crashed test run must not leave servers or temp dirs behind). Returns an unregister function.
 */
export function cleanupOnExit(fn: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const f of exitCleanups) {
        try {
          f();
        } catch {
          // best effort while exiting
        }
      }
    });
  }
  exitCleanups.add(fn);
  return () => exitCleanups.delete(fn);
}

/** Removes a server directory. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A started server process seen from the test: its log and an idempotent graceful stop. */
export interface Supervised {
  readLog(): string;
  /** Sends `signal`, waits for the exit, removes the server's folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Ties a server process to its folder: if the test process exits first the server is killed and
 * the folder removed; `stop()` shuts it down gracefully with `signal`.
 */
export function supervise(
  child: ChildProcess,
  root: string,
  logFile: string,
  signal: NodeJS.Signals,
): Supervised {
  const unregister = cleanupOnExit(() => {
    child.kill("SIGKILL");
    removeDir(root);
  });
  let stopped = false;
  return {
    readLog: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      child.kill(signal);
      await waitForExit(child);
      unregister();
      removeDir(root);
    },
  };
}
