/**
 * Finding what a job left running. Every CLI process of a job carries PORTAL_JOB_ID in its
 * environment, inherited by the language host and the program it starts, so after a crash the
 * restarted portal can stop them all before it unlocks the stack.
 */
import * as fs from "fs";

/**
 * Kills every process whose environment carries PORTAL_JOB_ID=<jobId> (the CLI, its language
 * host and the program), reading /proc; returns how many. Elsewhere than Linux, finds none.
 */
export function killJobProcesses(jobId: string): number {
  const marker = Buffer.from(`PORTAL_JOB_ID=${jobId}\0`);
  let killed = 0;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`).includes(marker)) {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      }
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return killed;
}
