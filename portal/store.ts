/**
 * Job history and engine events in an embedded SQLite database (better-sqlite3, WAL), so a
 * restart loses nothing. Writes are synchronous and small; the engine, not SQLite, is the
 * slow part of every job.
 */
import Database from "better-sqlite3";
import * as fs from "fs";
import * as path from "path";

export const JOB_KINDS = ["preview", "update", "refresh", "destroy"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
/**
 * `waiting`: the job has its turn but the stack's lock is held by someone outside the portal (a
 * CLI run); it starts nothing until the lock is free. `running`: its engine operation holds the lock.
 */
export const JOB_STATUSES = [
  "queued",
  "waiting",
  "running",
  "succeeded",
  "failed",
  "cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** Statuses of jobs that have not finished. */
export const ACTIVE_STATUSES = ["queued", "waiting", "running"] as const;
/** Statuses of jobs that wait for their turn or for a lock: what the queue caps count. */
export const PENDING_STATUSES = ["queued", "waiting"] as const;

/**
 * What became of a preview's saved plan: `saved` (can be approved and applied), `applied`
 * (claimed by an update), `superseded` (an update, refresh or destroy changed the stack after it),
 * `expired` (older than planTtlMs), or null (not a preview, or it did not succeed).
 */
export const PLAN_STATUSES = ["saved", "applied", "superseded", "expired"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** A lock file of the file backend, as the portal recorded it for one of its jobs. */
export interface LockRecord {
  /** The lock file's name (`<lock id>.json`), unique per CLI process. */
  file: string;
  pid: number;
  hostname: string;
  username: string;
  /** The `timestamp` written in the lock file, as written. */
  timestamp: string;
}

/** A policy violation reported by the engine during a preview or update. */
export interface Violation {
  policyPack: string;
  policy: string;
  enforcementLevel: string;
  message: string;
  urn?: string;
}

/** One operation on one stack, as the API returns it. */
export interface Job {
  id: string;
  environment: string;
  kind: JobKind;
  status: JobStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** For an update: the approved preview whose plan it applies. */
  previewJobId: string | null;
  /** Resource changes by operation, e.g. { create: 3 }. */
  changeSummary: Record<string, number> | null;
  violations: Violation[];
  approvedBy: string | null;
  approvedAt: string | null;
  /** For a preview: the update job that applied it. */
  appliedBy: string | null;
  /** For a preview: what became of its plan (see PLAN_STATUSES). */
  planStatus: PlanStatus | null;
  /** While `waiting`: who holds the stack's lock, e.g. "alice@ci-7 (pid 4242) since …". */
  waitingFor: string | null;
  error: string | null;
}

/** One engine event of a job; `seq` is its SSE id, increasing from 1 per job. */
export interface StoredEvent {
  seq: number;
  type: string;
  data: unknown;
}

interface Row {
  id: string;
  environment: string;
  kind: JobKind;
  status: JobStatus;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  preview_job_id: string | null;
  change_summary: string | null;
  violations: string;
  approved_by: string | null;
  approved_at: string | null;
  applied_by: string | null;
  plan_status: PlanStatus | null;
  waiting_for: string | null;
  error: string | null;
}

const toJob = (r: Row): Job => ({
  id: r.id,
  environment: r.environment,
  kind: r.kind,
  status: r.status,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  previewJobId: r.preview_job_id,
  changeSummary: r.change_summary ? JSON.parse(r.change_summary) : null,
  violations: JSON.parse(r.violations),
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  appliedBy: r.applied_by,
  planStatus: r.plan_status,
  waitingFor: r.waiting_for,
  error: r.error,
});

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");
const ACTIVE = sqlList(ACTIVE_STATUSES);
const PENDING = sqlList(PENDING_STATUSES);

/** Columns added after the first release, created on an older database when it is opened. */
const ADDED_COLUMNS: Record<string, string> = {
  plan_status: "TEXT",
  waiting_for: "TEXT",
};

const now = () => new Date().toISOString();

export class JobStore {
  private readonly db: Database.Database;

  /** Opens (creating) the database at `file`; ":memory:" for a throwaway one. */
  constructor(file: string) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY, environment TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
        requested_by TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
        preview_job_id TEXT, change_summary TEXT, violations TEXT NOT NULL DEFAULT '[]',
        approved_by TEXT, approved_at TEXT, applied_by TEXT, error TEXT);
      CREATE INDEX IF NOT EXISTS jobs_env ON jobs (environment, created_at);
      CREATE TABLE IF NOT EXISTS events (
        job_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (job_id, seq));
      CREATE TABLE IF NOT EXISTS job_locks (
        job_id TEXT NOT NULL, file TEXT NOT NULL, pid INTEGER NOT NULL, hostname TEXT NOT NULL,
        username TEXT NOT NULL, timestamp TEXT NOT NULL, PRIMARY KEY (job_id, file));`);
    const have = new Set(
      (this.db.prepare(`PRAGMA table_info(jobs)`).all() as { name: string }[]).map((c) => c.name),
    );
    for (const [column, type] of Object.entries(ADDED_COLUMNS)) {
      if (!have.has(column)) this.db.exec(`ALTER TABLE jobs ADD COLUMN ${column} ${type}`);
    }
    if (!have.has("plan_status")) {
      // Previews from before plans had a status: applied or still saved (the sweep expires them).
      this.db.exec(`UPDATE jobs SET plan_status = CASE WHEN applied_by IS NULL THEN 'saved'
        ELSE 'applied' END WHERE kind = 'preview' AND status = 'succeeded'`);
    }
  }

  create(job: Pick<Job, "id" | "environment" | "kind" | "requestedBy" | "previewJobId">): Job {
    this.db
      .prepare(
        `INSERT INTO jobs (id, environment, kind, status, requested_by, created_at, preview_job_id)
         VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(job.id, job.environment, job.kind, job.requestedBy, now(), job.previewJobId);
    return this.get(job.id)!;
  }

  get(id: string): Job | undefined {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(id) as Row | undefined;
    return row && toJob(row);
  }

  /** Newest first; optionally of one environment. */
  list(opts: { environment?: string; limit: number }): Job[] {
    const rows = opts.environment
      ? this.db
          .prepare(
            `SELECT * FROM jobs WHERE environment = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
          )
          .all(opts.environment, opts.limit)
      : this.db
          .prepare(`SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`)
          .all(opts.limit);
    return (rows as Row[]).map(toJob);
  }

  /** Jobs in any of `statuses`, oldest first (the order they were submitted in). */
  withStatus(...statuses: JobStatus[]): Job[] {
    return (
      this.db
        .prepare(`SELECT * FROM jobs WHERE status IN (${sqlList(statuses)}) ORDER BY rowid`)
        .all() as Row[]
    ).map(toJob);
  }

  /** Jobs waiting for their turn or for a lock, over all requesters or of one. */
  pendingCount(requestedBy?: string): number {
    const row = (
      requestedBy === undefined
        ? this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status IN (${PENDING})`).get()
        : this.db
            .prepare(
              `SELECT COUNT(*) AS n FROM jobs WHERE status IN (${PENDING}) AND requested_by = ?`,
            )
            .get(requestedBy)
    ) as { n: number };
    return row.n;
  }

  /** How long the last `limit` jobs that ran took, in ms, newest first. */
  recentDurations(limit: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT started_at, finished_at FROM jobs
         WHERE started_at IS NOT NULL AND finished_at IS NOT NULL
         ORDER BY finished_at DESC LIMIT ?`,
      )
      .all(limit) as { started_at: string; finished_at: string }[];
    return rows.map((r) => Date.parse(r.finished_at) - Date.parse(r.started_at));
  }

  /** A job that got its turn: `running`, or `waiting` for a lock held outside the portal. */
  started(id: string, status: "running" | "waiting" = "running", waitingFor?: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, started_at = COALESCE(started_at, ?), waiting_for = ?
         WHERE id = ? AND status IN (${ACTIVE})`,
      )
      .run(status, now(), status === "waiting" ? (waitingFor ?? null) : null, id);
  }

  /** Puts a job that had not changed anything back in the queue (after a restart or a stop). */
  requeue(id: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = 'queued', started_at = NULL, waiting_for = NULL
         WHERE id = ? AND status IN (${ACTIVE})`,
      )
      .run(id);
  }

  /** Records the end of a job; only a job not already finished is changed. */
  finished(
    id: string,
    status: JobStatus,
    result: {
      changeSummary?: Record<string, number> | null;
      violations?: Violation[];
      error?: string | null;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, finished_at = ?, change_summary = ?, violations = ?, error = ?,
           waiting_for = NULL,
           plan_status = CASE WHEN kind = 'preview' AND ? = 'succeeded' THEN 'saved' ELSE NULL END
         WHERE id = ? AND status IN (${ACTIVE})`,
      )
      .run(
        status,
        now(),
        result.changeSummary ? JSON.stringify(result.changeSummary) : null,
        JSON.stringify(result.violations ?? []),
        result.error ?? null,
        status,
        id,
      );
  }

  /** Sets what became of a preview's plan; `from` guards against overwriting a newer fate. */
  setPlanStatus(id: string, status: PlanStatus, from: PlanStatus = "saved"): boolean {
    return (
      this.db
        .prepare(`UPDATE jobs SET plan_status = ? WHERE id = ? AND plan_status = ?`)
        .run(status, id, from).changes === 1
    );
  }

  /** Previews of an environment whose plan is still `saved` and that were created before `before`. */
  savedPreviews(environment: string, before: string): Job[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM jobs WHERE environment = ? AND kind = 'preview' AND plan_status = 'saved'
           AND created_at < ? ORDER BY rowid`,
        )
        .all(environment, before) as Row[]
    ).map(toJob);
  }

  /** Remembers a lock file that a CLI process of the job created (the job's own lock). */
  recordLock(jobId: string, lock: LockRecord): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO job_locks (job_id, file, pid, hostname, username, timestamp)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(jobId, lock.file, lock.pid, lock.hostname, lock.username, lock.timestamp);
  }

  /** The lock files recorded for a job. */
  locksOf(jobId: string): LockRecord[] {
    return this.db
      .prepare(
        `SELECT file, pid, hostname, username, timestamp FROM job_locks WHERE job_id = ? ORDER BY rowid`,
      )
      .all(jobId) as LockRecord[];
  }

  approve(id: string, by: string): void {
    this.db
      .prepare(`UPDATE jobs SET approved_by = ?, approved_at = ? WHERE id = ?`)
      .run(by, now(), id);
  }

  /**
   * Marks a preview as consumed by an update; false when another update claimed it first or its
   * plan is no longer `saved` (superseded or expired in the meantime).
   */
  claimPreview(previewId: string, updateId: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET applied_by = ?, plan_status = 'applied'
           WHERE id = ? AND applied_by IS NULL AND plan_status = 'saved'`,
        )
        .run(updateId, previewId).changes === 1
    );
  }

  appendEvent(jobId: string, seq: number, type: string, data: unknown): void {
    this.db
      .prepare(`INSERT INTO events (job_id, seq, type, data) VALUES (?, ?, ?, ?)`)
      .run(jobId, seq, type, JSON.stringify(data));
  }

  /** Events of a job after `afterSeq`, in order. */
  events(jobId: string, afterSeq = 0): StoredEvent[] {
    const rows = this.db
      .prepare(`SELECT seq, type, data FROM events WHERE job_id = ? AND seq > ? ORDER BY seq`)
      .all(jobId, afterSeq) as { seq: number; type: string; data: string }[];
    return rows.map((r) => ({ seq: r.seq, type: r.type, data: JSON.parse(r.data) }));
  }

  lastSeq(jobId: string): number {
    const row = this.db
      .prepare(`SELECT MAX(seq) AS seq FROM events WHERE job_id = ?`)
      .get(jobId) as { seq: number | null };
    return row.seq ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
