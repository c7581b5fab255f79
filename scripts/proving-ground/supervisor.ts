/**
 * Starts the proving ground's processes one by one and stops every one of them, by its own PID,
 * at the end: also when a later piece fails, when the caller forgets, or when the Node process
 * exits. Each piece runs in its own process group (so helpers it forks, like Erlang's, go with it),
 * logs to `<run>/logs/<piece>.log`, and is ready only when its own probe says so; every failure
 * names the piece and its log.
 */
import { ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { cleanupOnExit, LOOPBACK } from "../servers/process";

/** A failure of one piece: its name and log are in the message and on the error. */
export class PieceError extends Error {
  constructor(
    readonly piece: string,
    readonly logFile: string,
    what: string,
  ) {
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2500).trimEnd() : "";
    super(
      `${piece}: ${what} (log: ${logFile})${tail ? `\n--- last lines of ${logFile} ---\n${tail}` : ""}`,
    );
    this.name = "PieceError";
  }
}

/** How to run one piece. */
export interface PieceSpec {
  /** Name in errors, logs and status (`kube-apiserver`). */
  name: string;
  /** Executable path. */
  binary: string;
  args: string[];
  /** Extra environment on top of this process's. @default {} */
  env?: Record<string, string>;
  /** Loopback ports the piece will listen on, by role; each must be free before it starts. */
  ports: Record<string, number>;
  /** Resolves true once the piece serves; polled until it does or the timeout passes. */
  ready: () => Promise<boolean>;
  /** How long to wait for `ready`. */
  readyTimeoutMs: number;
}

/** A started piece, as `status` and `down` see it. */
export interface RunningPiece {
  name: string;
  pid: number;
  /**
   * When the process started (`/proc/<pid>/stat` field 22, clock ticks since boot): unchanged by
   * exec, so a PID reused by another process is never mistaken for the piece.
   */
  startTime: string;
  logFile: string;
  ports: Record<string, number>;
}

/** Fails with a {@link PieceError} when `port` on the loopback address is taken. */
async function assertPortFree(piece: string, logFile: string, role: string, port: number) {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new PieceError(
          piece,
          logFile,
          e.code === "EADDRINUSE"
            ? `port ${LOOPBACK}:${port} (${role}) is already in use`
            : `cannot listen on ${LOOPBACK}:${port} (${role}): ${e.message}`,
        ),
      ),
    );
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
  });
}

/** State and start time of a process from `/proc/<pid>/stat`, or undefined when there is none. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a live (not zombie) process that started at `startTime` (when given). */
export function isAlive(pid: number, startTime?: string): boolean {
  const s = procStat(pid);
  if (!s || s.state === "Z" || s.state === "X") return false;
  return startTime === undefined || s.startTime === startTime;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Stops one piece's process group: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopPiece(p: RunningPiece, graceMs = 10000): Promise<void> {
  if (!isAlive(p.pid, p.startTime)) return;
  signalGroup(p.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(p.pid, p.startTime) && Date.now() < deadline) await sleep(100);
  signalGroup(p.pid, "SIGKILL");
  while (isAlive(p.pid, p.startTime)) await sleep(50);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Environment variable every piece of a run carries, set to the run's folder. */
export const RUN_MARKER = "PROVING_GROUND_RUN";

/** PIDs of every live process carrying the run's marker: a piece or anything it started. */
export function processesOfRun(runDir: string): number[] {
  const needle = Buffer.from(`\0${RUN_MARKER}=${runDir}\0`);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`)]);
      if (environ.includes(needle) && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Kill functions of the supervisors whose pieces must not outlive this process. */
const onInterrupt = new Set<() => void>();

/**
 * Ctrl-C or a SIGTERM of the test run ends Node without its exit hooks: the pieces are killed
 * first, then the process exits as the signal would have made it, unless someone else (a test
 * runner) handles the signal too.
 */
function interrupted(signal: NodeJS.Signals): void {
  for (const kill of onInterrupt) kill();
  if (process.listenerCount(signal) === 1) process.exit(128 + (os.constants.signals[signal] ?? 0));
}

/** Starts pieces in order and stops them in reverse. */
export class Supervisor {
  readonly pieces: RunningPiece[] = [];
  private readonly unregister: () => void;
  private stopping: Promise<void> | undefined;

  /**
   * @param runDir the run's folder; each piece logs to `logs/<piece>.log` in it
   * @param keepRunning leave the processes running when this Node process exits (`up` from the
   *   command line); otherwise they are killed on exit, Ctrl-C or SIGTERM. @default false
   * @param onChange called after each piece is spawned (to record PIDs as soon as they exist)
   */
  constructor(
    readonly runDir: string,
    keepRunning = false,
    private readonly onChange: (pieces: readonly RunningPiece[]) => void = () => undefined,
  ) {
    if (keepRunning) {
      this.unregister = () => undefined;
      return;
    }
    const kill = () => {
      for (const p of this.pieces) signalGroup(p.pid, "SIGKILL");
    };
    const unregisterExit = cleanupOnExit(kill);
    if (onInterrupt.size === 0) {
      process.on("SIGINT", interrupted);
      process.on("SIGTERM", interrupted);
    }
    onInterrupt.add(kill);
    this.unregister = () => {
      unregisterExit();
      onInterrupt.delete(kill);
      if (onInterrupt.size === 0) {
        process.off("SIGINT", interrupted);
        process.off("SIGTERM", interrupted);
      }
    };
  }

  logFile(piece: string): string {
    return path.join(this.runDir, "logs", `${piece}.log`);
  }

  /**
   * Starts a piece and waits until it is ready. A piece that fails stays in {@link pieces}, so
   * {@link stopAll} still stops it.
   */
  async start(spec: PieceSpec): Promise<RunningPiece> {
    const logFile = this.logFile(spec.name);
    for (const [role, port] of Object.entries(spec.ports))
      await assertPortFree(spec.name, logFile, role, port);
    const fd = openSync(logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn(spec.binary, spec.args, {
        // The marker is inherited by whatever the piece forks: processesOfRun() finds them all.
        env: { ...process.env, ...spec.env, [RUN_MARKER]: this.runDir },
        stdio: ["ignore", fd, fd],
        // Its own process group (and session): the whole group is signalled at stop.
        detached: true,
      });
    } finally {
      closeSync(fd);
    }
    const spawned = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid as number));
      child.once("error", (e) =>
        reject(new PieceError(spec.name, logFile, `cannot start ${spec.binary}: ${e.message}`)),
      );
    });
    child.unref();
    const piece: RunningPiece = {
      name: spec.name,
      pid: spawned,
      startTime: procStat(spawned)?.startTime ?? "",
      logFile,
      ports: spec.ports,
    };
    this.pieces.push(piece);
    this.onChange(this.pieces);
    const deadline = Date.now() + spec.readyTimeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new PieceError(
          spec.name,
          logFile,
          `exited (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}) before it was ready`,
        );
      }
      if (await spec.ready().catch(() => false)) break;
      if (Date.now() > deadline) {
        throw new PieceError(spec.name, logFile, `not ready within ${spec.readyTimeoutMs} ms`);
      }
      await sleep(250);
    }
    return piece;
  }

  /** Stops every started piece, newest first. Safe to call twice. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const p of [...this.pieces].reverse()) await stopPiece(p);
      this.unregister();
    })();
    return this.stopping;
  }
}
