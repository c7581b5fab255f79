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
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

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
  error: r.error,
});

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
        PRIMARY KEY (job_id, seq));`);
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

  withStatus(status: JobStatus): Job[] {
    return (
      this.db.prepare(`SELECT * FROM jobs WHERE status = ? ORDER BY rowid`).all(status) as Row[]
    ).map(toJob);
  }

  started(id: string): void {
    this.db
      .prepare(`UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?`)
      .run(now(), id);
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
        `UPDATE jobs SET status = ?, finished_at = ?, change_summary = ?, violations = ?, error = ?
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(
        status,
        now(),
        result.changeSummary ? JSON.stringify(result.changeSummary) : null,
        JSON.stringify(result.violations ?? []),
        result.error ?? null,
        id,
      );
  }

  approve(id: string, by: string): void {
    this.db
      .prepare(`UPDATE jobs SET approved_by = ?, approved_at = ? WHERE id = ?`)
      .run(by, now(), id);
  }

  /** Marks a preview as consumed by an update; false when another update claimed it first. */
  claimPreview(previewId: string, updateId: string): boolean {
    return (
      this.db
        .prepare(`UPDATE jobs SET applied_by = ? WHERE id = ? AND applied_by IS NULL`)
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
