/**
 * Stack locks of the file backend, and the one rule for removing them: the portal removes a lock
 * only when it can prove the lock is its own, never "every lock of the stack" (`pulumi cancel`).
 *
 * The CLI writes a lock as `<backend>/.pulumi/locks/organization/<project>/<stack>/<id>.json`,
 * where `<id>` is a random id per CLI process and the content records the pid, user, host and
 * time. A lock is the portal's when it was written on this host by this user and either
 *  - its pid is a live process carrying the PORTAL_JOB_ID of a job being cleaned up, or
 *  - the portal recorded exactly that lock (file, pid, time) for such a job while it ran
 *    (and its pid is not a live process of some other portal job).
 * Anything else (another host or user, a live process without the marker, a dead process the
 * portal never recorded) belongs to someone else and is left in place.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { jobIdOf } from "./processes";
import type { LockRecord } from "./store";

/** A lock file present now. */
export interface StackLock extends LockRecord {
  /** Absolute path of the lock file. */
  path: string;
  /** False when the file could not be parsed (being written, or foreign): never the portal's. */
  readable: boolean;
}

/**
 * The folders where the file backend keeps a stack's locks: the project-scoped layout (the
 * default since Pulumi 3.61) and the legacy one.
 */
export function lockDirs(backendDir: string, project: string, stack: string): string[] {
  const root = path.join(backendDir, ".pulumi", "locks");
  return [path.join(root, "organization", project, stack), path.join(root, stack)];
}

/** The lock files in `dirs` now. */
export function readLocks(dirs: readonly string[]): StackLock[] {
  const out: StackLock[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith(".json"));
    } catch {
      continue;
    }
    for (const file of names) {
      const full = path.join(dir, file);
      const lock: StackLock = {
        path: full,
        file,
        pid: 0,
        hostname: "",
        username: "",
        timestamp: "",
        readable: false,
      };
      try {
        const c = JSON.parse(fs.readFileSync(full, "utf8")) as Record<string, unknown>;
        if (typeof c.pid === "number" && typeof c.hostname === "string") {
          Object.assign(lock, {
            pid: c.pid,
            hostname: c.hostname,
            username: typeof c.username === "string" ? c.username : "",
            timestamp: typeof c.timestamp === "string" ? c.timestamp : "",
            readable: true,
          });
        }
      } catch {
        // Gone since the listing, or half-written: kept as an unreadable lock.
        if (!fs.existsSync(full)) continue;
      }
      out.push(lock);
    }
  }
  return out;
}

/** Who holds a lock, for messages: "alice@ci-7 (pid 4242) since 2026-12-01T10:00:00Z". */
export function describeLock(lock: StackLock): string {
  if (!lock.readable) return `an unreadable lock file ${lock.path}`;
  return `${lock.username || "?"}@${lock.hostname} (pid ${lock.pid}) since ${lock.timestamp}`;
}

/** Whether a lock was written on this host by the user the portal runs as. */
export function writtenHere(lock: StackLock): boolean {
  return (
    lock.readable && lock.hostname === os.hostname() && lock.username === os.userInfo().username
  );
}

/** What proves ownership: which jobs are being cleaned up, the live marked processes, the records. */
export interface Ownership {
  /** Ids of the portal jobs whose locks may be removed. */
  jobs: ReadonlySet<string>;
  /** PORTAL_JOB_ID of every live marked process, by pid, read before anything was killed. */
  processes: ReadonlyMap<number, string>;
  /** Locks the portal recorded for those jobs while they ran. */
  records: readonly LockRecord[];
}

/** Whether `lock` provably belongs to one of `own.jobs` (see the module comment). */
export function isPortalLock(lock: StackLock, own: Ownership): boolean {
  if (!writtenHere(lock)) return false;
  const marker = own.processes.get(lock.pid);
  if (marker !== undefined) return own.jobs.has(marker);
  return own.records.some(
    (r) =>
      r.file === lock.file &&
      r.pid === lock.pid &&
      r.hostname === lock.hostname &&
      r.timestamp === lock.timestamp,
  );
}

/**
 * Removes a lock file (and the storage layer's `.attrs` sidecar) if it still is exactly the lock
 * that was judged; true when removed.
 */
export function removeLock(lock: StackLock): boolean {
  const now = readLocks([path.dirname(lock.path)]).find((l) => l.path === lock.path);
  if (!now || now.pid !== lock.pid || now.timestamp !== lock.timestamp) return false;
  fs.rmSync(lock.path, { force: true });
  fs.rmSync(`${lock.path}.attrs`, { force: true });
  return true;
}

/** What removing a stack's own locks did. */
export interface UnlockResult {
  removed: StackLock[];
  /** Locks left in place because they are not provably the portal's. */
  kept: StackLock[];
  /** False on a backend whose locks the portal cannot read (anything but file://). */
  verifiable: boolean;
}

/** How often a running operation looks for the lock file its CLI wrote, to record it. */
const OWN_LOCK_POLL_MS = 200;

/** The locks of one project's stacks in a file backend (or none readable, for other backends). */
export class StackLocks {
  /**
   * @param backendDir folder of the file backend; undefined for any other backend.
   * @param projectDir the project, whose Pulumi.yaml names it (the backend's paths include it).
   */
  constructor(
    private readonly backendDir: string | undefined,
    private readonly projectDir: string,
  ) {}

  private projectName(): string {
    const file = path.join(this.projectDir, "Pulumi.yaml");
    const name = (YAML.parse(fs.readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
    if (typeof name !== "string") throw new Error(`${file} has no project name`);
    return name;
  }

  /** The locks on a stack now; [] on a backend other than file://. */
  list(stack: string): StackLock[] {
    if (!this.backendDir) return [];
    return readLocks(lockDirs(this.backendDir, this.projectName(), stack));
  }

  /** Locks on a stack that are not held by a live process of job `jobId`. */
  foreign(stack: string, jobId: string): StackLock[] {
    return this.list(stack).filter((l) => !(writtenHere(l) && jobIdOf(l.pid) === jobId));
  }

  /**
   * Looks, every 200 ms until stopped, for locks written by live processes of job `jobId` and
   * reports each once, so the portal can later prove a lock was its own even if its process
   * is gone. Returns the function that stops looking.
   */
  watchOwn(stack: string, jobId: string, found: (lock: LockRecord) => void): () => void {
    if (!this.backendDir) return () => undefined;
    const seen = new Set<string>();
    const look = () => {
      for (const lock of this.list(stack)) {
        if (seen.has(lock.file) || !writtenHere(lock) || jobIdOf(lock.pid) !== jobId) continue;
        seen.add(lock.file);
        const { file, pid, hostname, username, timestamp } = lock;
        found({ file, pid, hostname, username, timestamp });
      }
    };
    const timer = setInterval(look, OWN_LOCK_POLL_MS);
    return () => clearInterval(timer);
  }

  /**
   * Removes the locks on a stack that provably belong to the jobs in `own`, never anyone
   * else's; call it once those jobs' processes are gone.
   */
  removeOwn(stack: string, own: Ownership): UnlockResult {
    if (!this.backendDir) return { removed: [], kept: [], verifiable: false };
    const removed: StackLock[] = [];
    const kept: StackLock[] = [];
    for (const lock of this.list(stack)) {
      if (isPortalLock(lock, own) && removeLock(lock)) removed.push(lock);
      else kept.push(lock);
    }
    return { removed, kept, verifiable: true };
  }
}
