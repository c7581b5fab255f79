/**
 * Operations as jobs: one at a time per stack (a promise chain per environment, so the engine's
 * lock is never contended from inside the portal), stacks in parallel up to maxParallel, each
 * job cancellable, its engine events persisted and fanned out to live SSE listeners.
 */
import { randomUUID } from "crypto";
import { EventEmitter } from "events";
import * as fs from "fs";
import type { FastifyBaseLogger } from "fastify";
import { Engine, OperationError } from "./engine";
import { killJobProcesses } from "./processes";
import type { Job, JobKind, JobStore, StoredEvent } from "./store";

/** A live event or the end of a job, as listeners receive it. */
export type JobSignal = { kind: "event"; event: StoredEvent } | { kind: "end"; job: Job };

/** Refused because the portal is stopping (503). */
export class ShuttingDown extends Error {
  readonly statusCode = 503;
  constructor() {
    super("the portal is shutting down; try again shortly");
  }
}

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
  private stopping = false;

  constructor(
    private readonly store: JobStore,
    private readonly engine: Engine,
    private readonly log: FastifyBaseLogger,
    maxParallel: number,
    /** Called when a job on an environment ends, e.g. to drop cached outputs. */
    private readonly onSettled: (environment: string) => void = () => undefined,
  ) {
    this.bus.setMaxListeners(0);
    this.slots = new Semaphore(maxParallel);
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
      this.store.started(id);
      this.emitEvent(id, "portal", { message: `${queued.kind} started` });
      this.log.info({ job: id, environment: queued.environment, kind: queued.kind }, "job started");
      const planFile = queued.previewJobId ? this.engine.planFile(queued.previewJobId) : undefined;
      try {
        const result = await this.engine.run(queued.kind, queued.environment, {
          jobId: id,
          signal: controller.signal,
          planFile,
          onEvent: (type, data) => this.emitEvent(id, type, data),
        });
        this.store.finished(id, "succeeded", result);
      } catch (err) {
        const status = controller.signal.aborted ? "cancelled" : "failed";
        const violations = err instanceof OperationError ? err.violations : [];
        this.store.finished(id, status, { violations, error: (err as Error).message });
      }
      if (planFile && queued.kind === "update") fs.rmSync(planFile, { force: true });
    } finally {
      this.running.delete(id);
      this.slots.release();
      finish();
      this.settle(id);
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

  /** Listens to a job's live events and end; returns the unsubscribe function. */
  subscribe(id: string, listener: (s: JobSignal) => void): () => void {
    this.bus.on(id, listener);
    return () => this.bus.off(id, listener);
  }

  /** Cancels a queued job at once, or asks the engine to stop a running one (SIGINT to the CLI). */
  cancel(id: string): Job | undefined {
    const job = this.store.get(id);
    if (!job) return undefined;
    if (job.status === "queued") {
      this.store.finished(id, "cancelled", { error: "cancelled before it started" });
      this.settle(id);
    } else if (job.status === "running") {
      this.running.get(id)?.controller.abort();
    }
    return this.store.get(id);
  }

  /**
   * After a crash: jobs recorded as running are failed, whatever they left running is killed and
   * their stacks unlocked; queued jobs are scheduled again in their original order.
   */
  async recover(): Promise<void> {
    for (const job of this.store.withStatus("running")) {
      const killed = killJobProcesses(job.id);
      this.store.finished(job.id, "failed", {
        error: "interrupted: the portal stopped while this job was running",
      });
      try {
        await this.engine.unlock(job.environment);
        this.emitEvent(job.id, "portal", {
          message: "marked failed after a restart; stack unlocked",
          killed,
        });
      } catch (err) {
        this.log.error(
          { job: job.id, environment: job.environment, err: (err as Error).message },
          "could not unlock stack",
        );
      }
      this.log.warn(
        { job: job.id, environment: job.environment, killed },
        "interrupted job marked failed",
      );
    }
    for (const job of this.store.withStatus("queued")) this.schedule(job);
  }

  /**
   * Graceful stop: no new jobs, queued ones stay queued for the next start, running ones are
   * cancelled through the engine; after graceMs what is still running is killed and unlocked.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    const running = [...this.running.entries()];
    for (const [, r] of running) r.controller.abort();
    const all = Promise.all(running.map(([, r]) => r.done));
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
    ]);
    if (!timedOut) return;
    for (const [id] of running) {
      const job = this.store.get(id);
      if (job?.status !== "running") continue;
      killJobProcesses(id);
      this.store.finished(id, "cancelled", { error: "cancelled: the portal shut down" });
      await this.engine.unlock(job.environment).catch(() => undefined);
    }
  }
}
