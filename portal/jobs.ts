/**
 * Operations as jobs: one at a time per stack (a promise chain per environment, so the engine's
 * lock is never contended from inside the portal), stacks in parallel up to maxParallel, each
 * job cancellable, its engine events persisted and fanned out to live SSE listeners. A job that
 * has its turn while someone outside the portal holds the stack's lock is `waiting`, not
 * `running`; after a crash, only locks provably the portal's are removed (locks.ts).
 */
import { randomUUID } from "crypto";
import { EventEmitter } from "events";
import * as fs from "fs";
import type { FastifyBaseLogger } from "fastify";
import { Engine, OperationError } from "./engine";
import { describeLock, Ownership, UnlockResult } from "./locks";
import type { Plans } from "./plans";
import { killJobProcesses, portalProcesses } from "./processes";
import type { Job, JobKind, JobStatus, JobStore, StoredEvent } from "./store";

/** A live event or the end of a job, as listeners receive it. */
export type JobSignal = { kind: "event"; event: StoredEvent } | { kind: "end"; job: Job };

/** Refused because the portal is stopping (503). */
export class ShuttingDown extends Error {
  readonly statusCode = 503;
  constructor() {
    super("the portal is shutting down; try again shortly");
  }
}

/** Refused because a queue cap is reached (429, with Retry-After). */
export class QueueFull extends Error {
  readonly statusCode = 429;
  readonly code = "queue_full";
  constructor(
    message: string,
    /** A fair wait before trying again: the median duration of recent jobs. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Settings of the runner. */
export interface JobRunnerOptions {
  /** Operations running (or waiting for a lock) at once over all stacks. */
  maxParallel: number;
  /** Jobs one requester may have queued or waiting at once. */
  maxQueuedPerToken: number;
  /** Jobs queued or waiting at once over all requesters. */
  maxQueued: number;
  /** The previews' saved plans: superseded after changes, swept when stale. */
  plans: Plans;
  /** How often stale plans are swept, ms. */
  sweepEveryMs: number;
}

const TERMINAL: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

/** Whether a finished job changed resources (any operation other than "same"). */
const changedSomething = (job: Job) =>
  Object.entries(job.changeSummary ?? {}).some(([op, n]) => op !== "same" && n > 0);

class Semaphore {
  private free: number;
  private waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

export class JobRunner {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly running = new Map<string, Running>();
  private readonly seqs = new Map<string, number>();
  private readonly bus = new EventEmitter();
  private readonly slots: Semaphore;
  private readonly sweeper: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly store: JobStore,
    private readonly engine: Engine,
    private readonly log: FastifyBaseLogger,
    private readonly opts: JobRunnerOptions,
    /** Called when a job on an environment ends, e.g. to drop cached outputs. */
    private readonly onSettled: (environment: string) => void = () => undefined,
  ) {
    this.bus.setMaxListeners(0);
    this.slots = new Semaphore(opts.maxParallel);
    this.sweeper = setInterval(() => this.sweepPlans(), opts.sweepEveryMs);
    this.sweeper.unref();
  }

  get plans(): Plans {
    return this.opts.plans;
  }

  private sweepPlans(): void {
    try {
      const n = this.opts.plans.sweep();
      if (n) this.log.info({ deleted: n }, "stale plan files deleted");
    } catch (err) {
      this.log.error({ err: (err as Error).message }, "plan sweep failed");
    }
  }

  /** Seconds a refused requester should wait: the median duration of recent jobs, 5 s to 10 min. */
  private retryAfterSeconds(): number {
    const d = this.store.recentDurations(20).sort((a, b) => a - b);
    if (!d.length) return 30;
    return Math.min(600, Math.max(5, Math.ceil(d[Math.floor(d.length / 2)] / 1000)));
  }

  /** Throws QueueFull when `requestedBy` may not queue another job now. */
  checkCapacity(requestedBy: string): void {
    const mine = this.store.pendingCount(requestedBy);
    if (mine >= this.opts.maxQueuedPerToken) {
      throw new QueueFull(
        `${requestedBy} already has ${mine} jobs queued or waiting (at most ${this.opts.maxQueuedPerToken}, maxQueuedPerToken); retry once one of them has started`,
        this.retryAfterSeconds(),
      );
    }
    const all = this.store.pendingCount();
    if (all >= this.opts.maxQueued) {
      throw new QueueFull(
        `the portal already has ${all} jobs queued or waiting (at most ${this.opts.maxQueued}, maxQueued); retry later`,
        this.retryAfterSeconds(),
      );
    }
  }

  /** Records a queued job and schedules it behind the environment's earlier jobs. */
  submit(spec: {
    id?: string;
    environment: string;
    kind: JobKind;
    requestedBy: string;
    previewJobId?: string | null;
  }): Job {
    if (this.stopping) throw new ShuttingDown();
    this.checkCapacity(spec.requestedBy);
    const job = this.store.create({ previewJobId: null, ...spec, id: spec.id ?? randomUUID() });
    this.schedule(job);
    return job;
  }

  private schedule(job: Job): void {
    const prev = this.chains.get(job.environment) ?? Promise.resolve();
    const next = prev.then(() => this.execute(job.id));
    this.chains.set(job.environment, next);
    void next.then(() => {
      if (this.chains.get(job.environment) === next) this.chains.delete(job.environment);
    });
  }

  private async execute(id: string): Promise<void> {
    const queued = this.store.get(id);
    if (!queued || queued.status !== "queued" || this.stopping) return;
    await this.slots.acquire();
    const controller = new AbortController();
    let finish!: () => void;
    this.running.set(id, { controller, done: new Promise<void>((r) => (finish = r)) });
    try {
      if (this.store.get(id)?.status !== "queued" || this.stopping) return;
      let status = "queued" as JobStatus;
      let holder: string | undefined;
      const onStatus = (next: "running" | "waiting", waitingFor?: string) => {
        if (next === status && waitingFor === holder) return;
        if (status === "queued") {
          this.emitEvent(id, "portal", { message: `${queued.kind} started` });
          this.log.info(
            { job: id, environment: queued.environment, kind: queued.kind },
            "job started",
          );
        }
        status = next;
        holder = waitingFor;
        this.store.started(id, next, waitingFor);
        this.emitStatus(id, next, waitingFor);
      };
      const planFile = queued.previewJobId ? this.plans.file(queued.previewJobId) : undefined;
      try {
        const result = await this.engine.run(queued.kind, queued.environment, {
          jobId: id,
          signal: controller.signal,
          planFile,
          onEvent: (type, data) => this.emitEvent(id, type, data),
          onStatus,
          onOwnLock: (lock) => this.store.recordLock(id, lock),
        });
        this.store.finished(id, "succeeded", result);
      } catch (err) {
        if (this.stopping && status === "waiting") {
          // Nothing ran: the job keeps its place for the next start.
          this.store.requeue(id);
          this.emitStatus(id, "queued");
        } else {
          const final = controller.signal.aborted ? "cancelled" : "failed";
          const violations = err instanceof OperationError ? err.violations : [];
          this.store.finished(id, final, { violations, error: (err as Error).message });
        }
      }
      if (planFile && queued.kind === "update") fs.rmSync(planFile, { force: true });
      const ended = this.store.get(id)!;
      if (ended.kind === "preview" && ended.status !== "succeeded")
        fs.rmSync(this.plans.file(id), { force: true });
      if (ended.kind !== "preview" && ended.status === "succeeded" && changedSomething(ended))
        this.plans.supersede(ended);
    } finally {
      this.running.delete(id);
      this.slots.release();
      finish();
      const job = this.store.get(id);
      if (job && TERMINAL.includes(job.status)) this.settle(id);
    }
  }

  private settle(id: string): void {
    const job = this.store.get(id);
    if (!job) return;
    this.log.info(
      { job: id, environment: job.environment, kind: job.kind, status: job.status },
      "job finished",
    );
    this.onSettled(job.environment);
    this.bus.emit(id, { kind: "end", job } satisfies JobSignal);
  }

  private emitEvent(id: string, type: string, data: unknown): void {
    const seq = (this.seqs.get(id) ?? this.store.lastSeq(id)) + 1;
    this.seqs.set(id, seq);
    this.store.appendEvent(id, seq, type, data);
    this.bus.emit(id, { kind: "event", event: { seq, type, data } } satisfies JobSignal);
  }

  /** A `status` event: the job's new status, when, and while waiting, who holds the lock. */
  private emitStatus(id: string, status: JobStatus, waitingFor?: string): void {
    const at = new Date().toISOString();
    this.emitEvent(id, "status", { status, at, ...(waitingFor ? { waitingFor } : {}) });
  }

  /** Listens to a job's live events and end; returns the unsubscribe function. */
  subscribe(id: string, listener: (s: JobSignal) => void): () => void {
    this.bus.on(id, listener);
    return () => this.bus.off(id, listener);
  }

  /**
   * Cancels a queued job at once; a waiting one stops waiting; a running one is asked to stop
   * through the engine (SIGINT to the CLI).
   */
  cancel(id: string): Job | undefined {
    const job = this.store.get(id);
    if (!job) return undefined;
    if (job.status === "queued") {
      this.store.finished(id, "cancelled", { error: "cancelled before it started" });
      this.settle(id);
    } else if (job.status === "running" || job.status === "waiting") {
      this.running.get(id)?.controller.abort();
    }
    return this.store.get(id);
  }

  /**
   * Stops what `jobs` left running and removes the stack locks that provably are theirs (never
   * anyone else's); returns what happened per environment. The ownership proof (which live
   * process carries which job's marker) is read before anything is killed.
   */
  private async cleanUp(jobs: Job[]): Promise<Map<string, UnlockResult & { killed: number }>> {
    const processes = portalProcesses();
    const own: Ownership = {
      jobs: new Set(jobs.map((j) => j.id)),
      processes,
      records: jobs.flatMap((j) => this.store.locksOf(j.id)),
    };
    const killed = new Map<string, number>();
    for (const job of jobs) {
      const pids = await killJobProcesses(job.id, processes);
      killed.set(job.environment, (killed.get(job.environment) ?? 0) + pids.length);
    }
    const out = new Map<string, UnlockResult & { killed: number }>();
    for (const env of new Set(jobs.map((j) => j.environment))) {
      const result = this.engine.locks.removeOwn(env, own);
      out.set(env, { ...result, killed: killed.get(env) ?? 0 });
      const log = { environment: env, removed: result.removed.map(describeLock) };
      if (result.kept.length)
        this.log.warn(
          { ...log, kept: result.kept.map(describeLock) },
          "stack locks that are not the portal's left in place",
        );
      else this.log.info(log, "portal's own stack locks removed");
    }
    return out;
  }

  /** Why a stack may still be locked after clean-up, for the job's record; "" when it is not. */
  private static leftLocked(r: UnlockResult): string {
    if (!r.verifiable)
      return "; this backend's locks cannot be inspected, so none was removed: if the stack stays locked, check that nobody runs pulumi on it, then run `pulumi cancel`";
    if (!r.kept.length) return "";
    return `; the stack is still locked by ${r.kept.map(describeLock).join(", ")}, which is not provably the portal's and was left in place`;
  }

  /**
   * After a crash: jobs recorded as `running` are failed ("interrupted"), since their operation
   * may have changed part of the stack; jobs recorded as `waiting` had changed nothing and go
   * back to the queue in their place. Whatever processes they left are killed and only their
   * own locks removed. Queued jobs are scheduled again in their original order.
   */
  async recover(): Promise<void> {
    const interrupted = this.store.withStatus("running", "waiting");
    if (interrupted.length) {
      const results = await this.cleanUp(interrupted);
      for (const job of interrupted) {
        const r = results.get(job.environment)!;
        const detail = {
          killed: r.killed,
          removedLocks: r.removed.map(describeLock),
          keptLocks: r.kept.map(describeLock),
        };
        if (job.status === "waiting") {
          this.store.requeue(job.id);
          this.emitEvent(job.id, "portal", {
            message: `the portal restarted while this job waited for ${job.waitingFor ?? "the stack's lock"}; it is queued again and waits anew`,
            ...detail,
          });
          this.emitStatus(job.id, "queued");
          this.log.warn({ job: job.id, environment: job.environment }, "waiting job re-queued");
        } else {
          const error = `interrupted: the portal stopped while this job was running${JobRunner.leftLocked(r)}`;
          this.store.finished(job.id, "failed", { error });
          this.emitEvent(job.id, "portal", { message: `marked failed after a restart`, ...detail });
          this.log.warn({ job: job.id, environment: job.environment }, "interrupted job failed");
        }
      }
    }
    for (const job of this.store.withStatus("queued")) this.schedule(job);
    this.sweepPlans();
  }

  /**
   * Graceful stop: no new jobs, queued and waiting ones stay queued for the next start, running
   * ones are cancelled through the engine; after graceMs what is still running is killed and
   * only its own locks removed.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweeper);
    const running = [...this.running.entries()];
    for (const [, r] of running) r.controller.abort();
    const all = Promise.all(running.map(([, r]) => r.done));
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
    ]);
    if (!timedOut) return;
    const stuck = running
      .map(([id]) => this.store.get(id))
      .filter((j): j is Job => j?.status === "running" || j?.status === "waiting");
    if (!stuck.length) return;
    const results = await this.cleanUp(stuck);
    for (const job of stuck) {
      this.store.finished(job.id, "cancelled", {
        error: `cancelled: the portal shut down${JobRunner.leftLocked(results.get(job.environment)!)}`,
      });
    }
  }
}
