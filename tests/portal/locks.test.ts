import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  isPortalLock,
  lockDirs,
  Ownership,
  readLocks,
  removeLock,
  StackLock,
  StackLocks,
} from "../../portal/locks";
import { jobIdOf, killJobProcesses, portalProcesses } from "../../portal/processes";
import type { LockRecord } from "../../portal/store";

/** A process that stands in for a CLI: `sleep`, with PORTAL_JOB_ID in its environment or not. */
function sleeper(jobId?: string): ChildProcess {
  const env = { ...process.env };
  delete env.PORTAL_JOB_ID;
  if (jobId) env.PORTAL_JOB_ID = jobId;
  return spawn("sleep", ["60"], { env, stdio: "ignore" });
}

/** A pid that is certainly not running: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn("true", [], { stdio: "ignore" });
  await new Promise((r) => child.once("exit", r));
  return child.pid!;
}

describe("portal: stack lock ownership (only the portal's own locks are ever removed)", () => {
  const me = { hostname: os.hostname(), username: os.userInfo().username };
  let dir: string;
  let lockDir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-locks-"));
    lockDir = lockDirs(dir, "proj", "alpha")[0];
    fs.mkdirSync(lockDir, { recursive: true });
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes a lock file as the CLI does (`<id>.json` with pid, username, hostname, timestamp). */
  const writeLock = (
    file: string,
    content: { pid: number; hostname?: string; username?: string; timestamp?: string },
  ): StackLock => {
    const full = path.join(lockDir, file);
    fs.writeFileSync(
      full,
      JSON.stringify({
        pid: content.pid,
        username: content.username ?? me.username,
        hostname: content.hostname ?? me.hostname,
        timestamp: content.timestamp ?? "2026-12-01T10:00:00.123456789Z",
      }),
    );
    return readLocks([lockDir]).find((l) => l.path === full)!;
  };
  const recordOf = (l: StackLock): LockRecord => ({
    file: l.file,
    pid: l.pid,
    hostname: l.hostname,
    username: l.username,
    timestamp: l.timestamp,
  });
  const ownership = (jobs: string[], records: LockRecord[] = []): Ownership => ({
    jobs: new Set(jobs),
    processes: portalProcesses(),
    records,
  });
  const started = async (c: ChildProcess) => {
    children.push(c);
    await new Promise((r) => c.once("spawn", r));
    return c.pid!;
  };

  it("a lock whose pid is a live process carrying the job's PORTAL_JOB_ID is the portal's", async () => {
    const pid = await started(sleeper("job-a"));
    expect(jobIdOf(pid)).to.equal("job-a");
    const lock = writeLock("a.json", { pid });
    expect(isPortalLock(lock, ownership(["job-a"]))).to.equal(true);
  });

  it("a lock of a live process without the marker (a CLI run by hand), never recorded, is not the portal's", async () => {
    const pid = await started(sleeper());
    const lock = writeLock("cli.json", { pid });
    expect(isPortalLock(lock, ownership(["job-a"]))).to.equal(false);
  });

  it("a live process of another portal job (not being cleaned up) does not make the lock ours", async () => {
    const pid = await started(sleeper("job-b"));
    const lock = writeLock("b.json", { pid });
    expect(isPortalLock(lock, ownership(["job-a"], [recordOf(lock)]))).to.equal(false);
  });

  it("a lock written on another host or by another user is never the portal's, recorded or not", async () => {
    const pid = await started(sleeper("job-a"));
    const elsewhere = writeLock("h.json", { pid, hostname: `${me.hostname}-other` });
    const someoneElse = writeLock("u.json", { pid, username: `${me.username}-other` });
    const own = ownership(["job-a"], [recordOf(elsewhere), recordOf(someoneElse)]);
    expect(isPortalLock(elsewhere, own)).to.equal(false);
    expect(isPortalLock(someoneElse, own)).to.equal(false);
  });

  it("a lock of a dead process is the portal's only if it recorded exactly that lock for the job", async () => {
    const pid = await deadPid();
    const lock = writeLock("dead.json", { pid });
    expect(isPortalLock(lock, ownership(["job-a"])), "not recorded").to.equal(false);
    expect(isPortalLock(lock, ownership(["job-a"], [recordOf(lock)])), "recorded").to.equal(true);
    // Same file and pid but another time: a different lock than the one recorded.
    const other = { ...recordOf(lock), timestamp: "2026-12-01T09:00:00Z" };
    expect(isPortalLock(lock, ownership(["job-a"], [other])), "other time").to.equal(false);
    expect(
      isPortalLock(lock, ownership(["job-a"], [{ ...recordOf(lock), file: "x.json" }])),
      "other file",
    ).to.equal(false);
  });

  it("an unreadable (half-written) lock file is never the portal's and is reported as held", async () => {
    fs.writeFileSync(path.join(lockDir, "half.json"), '{"pid": 12');
    const [lock] = readLocks([lockDir]);
    expect(lock.readable).to.equal(false);
    expect(isPortalLock(lock, ownership(["job-a"]))).to.equal(false);
  });

  it("removeOwn removes the portal's lock and its .attrs sidecar, and keeps the CLI's", async () => {
    const ours = await started(sleeper("job-a"));
    const theirs = await started(sleeper());
    const own = writeLock("own.json", { pid: ours });
    fs.writeFileSync(`${own.path}.attrs`, "{}");
    writeLock("cli.json", { pid: theirs });
    const locks = new StackLocks(dir, fixtureProject());
    const snapshot = ownership(["job-a"]);
    await killJobProcesses("job-a", snapshot.processes);
    const r = locks.removeOwn("alpha", snapshot);
    expect(r.removed.map((l) => l.file)).to.deep.equal(["own.json"]);
    expect(r.kept.map((l) => l.file)).to.deep.equal(["cli.json"]);
    expect(fs.readdirSync(lockDir).sort()).to.deep.equal(["cli.json"]);
    expect(jobIdOf(ours), "the job's process was killed").to.equal(undefined);
  });

  it("removeLock keeps a lock rewritten since it was judged", async () => {
    const pid = await deadPid();
    const judged = writeLock("r.json", { pid });
    writeLock("r.json", { pid, timestamp: "2026-12-01T11:00:00Z" });
    expect(removeLock(judged)).to.equal(false);
    expect(fs.existsSync(judged.path)).to.equal(true);
  });

  it("foreign() reports every lock not held by the job's own live process", async () => {
    const ours = await started(sleeper("job-a"));
    const theirs = await started(sleeper());
    writeLock("own.json", { pid: ours });
    writeLock("cli.json", { pid: theirs });
    const locks = new StackLocks(dir, fixtureProject());
    expect(locks.foreign("alpha", "job-a").map((l) => l.file)).to.deep.equal(["cli.json"]);
    expect(
      locks
        .foreign("alpha", "job-b")
        .map((l) => l.file)
        .sort(),
    ).to.deep.equal(["cli.json", "own.json"]);
  });

  /** A folder with a Pulumi.yaml naming the project "proj". */
  function fixtureProject(): string {
    const p = path.join(dir, "project");
    fs.mkdirSync(p, { recursive: true });
    fs.writeFileSync(path.join(p, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
    return p;
  }
});
