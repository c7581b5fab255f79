/**
 * Finding what a job left running. Every CLI process of a job carries PORTAL_JOB_ID in its
 * environment, inherited by the language host and the program it starts, so after a crash the
 * restarted portal can tell its own processes (and the stack locks they hold) from anyone else's,
 * and stop them. Reads /proc; elsewhere than Linux no process is ever found to be the portal's.
 */
import * as fs from "fs";

const MARKER = "PORTAL_JOB_ID=";

/** The PORTAL_JOB_ID in a live process's environment, or undefined (none, gone, or not readable). */
export function jobIdOf(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let environ: Buffer;
  try {
    environ = fs.readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  for (const entry of environ.toString("utf8").split("\0")) {
    if (entry.startsWith(MARKER)) return entry.slice(MARKER.length);
  }
  return undefined;
}

/** Every live process that carries a PORTAL_JOB_ID, with that id, by pid. */
export function portalProcesses(): Map<number, string> {
  const found = new Map<number, string>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    const job = jobIdOf(pid);
    if (job !== undefined) found.set(pid, job);
  }
  return found;
}

/**
 * Kills every process whose environment carries PORTAL_JOB_ID=<jobId> (the CLI, its language
 * host and the program) and waits up to `waitMs` for them to be gone; returns their pids.
 * @param known a snapshot from portalProcesses(); default: read /proc now.
 */
export async function killJobProcesses(
  jobId: string,
  known: ReadonlyMap<number, string> = portalProcesses(),
  waitMs = 5_000,
): Promise<number[]> {
  const pids = [...known].filter(([, job]) => job === jobId).map(([pid]) => pid);
  for (const pid of pids) {
    // The pid must still be the job's: between the snapshot and now it may have been reused.
    if (jobIdOf(pid) !== jobId) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }
  const deadline = Date.now() + waitMs;
  while (pids.some((p) => jobIdOf(p) === jobId) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids;
}
