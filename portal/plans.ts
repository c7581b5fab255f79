/**
 * The update plans that previews save (`<stateDir>/plans/<preview job>.json`) and when they stop
 * being usable: once applied, once the stack changed after them (superseded), or once older than
 * planTtlMs (expired). A plan nobody can use any more is deleted, so the folder holds only plans
 * that may still be approved and applied, plus those of jobs still running.
 */
import * as fs from "fs";
import * as path from "path";
import type { FastifyBaseLogger } from "fastify";
import { ACTIVE_STATUSES, Job, JobStatus, JobStore } from "./store";

const PLAN_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;
const isActive = (status: JobStatus) => (ACTIVE_STATUSES as readonly string[]).includes(status);

/** Why a preview's plan cannot be approved or applied, as an HTTP 409 says it. */
export interface Unusable {
  code: "plan_superseded" | "plan_expired" | "plan_missing";
  message: string;
}

export class Plans {
  /**
   * @param dir the plans folder (Engine.planDir()).
   * @param ttlMs how long after its preview ended a plan may be approved and applied.
   */
  constructor(
    private readonly store: JobStore,
    private readonly dir: string,
    private readonly ttlMs: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  file(previewId: string): string {
    return path.join(this.dir, `${previewId}.json`);
  }

  private expired(job: Job, now: number): boolean {
    return job.finishedAt !== null && Date.parse(job.finishedAt) + this.ttlMs <= now;
  }

  /** Marks a saved plan expired and deletes its file. */
  private expire(job: Job): void {
    if (this.store.setPlanStatus(job.id, "expired")) {
      fs.rmSync(this.file(job.id), { force: true });
      this.log.info({ job: job.id, environment: job.environment }, "preview plan expired");
    }
  }

  /**
   * Why a succeeded, not yet applied preview cannot be approved or applied now, or undefined
   * when it can. A plan found past its TTL is expired on the spot.
   */
  unusable(job: Job, now = Date.now()): Unusable | undefined {
    const ttl = `${Math.round(this.ttlMs / 60_000)} min`;
    if (job.planStatus === "saved" && this.expired(job, now)) this.expire(job);
    const status = this.store.get(job.id)?.planStatus ?? job.planStatus;
    if (status === "superseded")
      return {
        code: "plan_superseded",
        message: `preview ${job.id} is superseded: the stack changed after it (an update, refresh or destroy with changes); run a new preview`,
      };
    if (status === "expired")
      return {
        code: "plan_expired",
        message: `preview ${job.id} has expired: plans can be approved and applied for ${ttl} (planTtlMs) after the preview; run a new preview`,
      };
    if (status === "saved" && !fs.existsSync(this.file(job.id)))
      return {
        code: "plan_missing",
        message: `the plan of preview ${job.id} is missing from ${this.dir}; run a new preview`,
      };
    return undefined;
  }

  /**
   * After `job` changed the stack: the saved plans of the environment's previews that were made
   * before it started are superseded and deleted. Returns their preview ids.
   */
  supersede(job: Job): string[] {
    if (!job.startedAt) return [];
    const ids: string[] = [];
    for (const preview of this.store.savedPreviews(job.environment, job.startedAt)) {
      if (!this.store.setPlanStatus(preview.id, "superseded")) continue;
      fs.rmSync(this.file(preview.id), { force: true });
      ids.push(preview.id);
    }
    if (ids.length)
      this.log.info(
        { job: job.id, environment: job.environment, previews: ids },
        "preview plans superseded",
      );
    return ids;
  }

  /**
   * Deletes every plan file no preview can use any more: expired, superseded, applied and done,
   * of a failed or cancelled preview, or of no known preview. Keeps those of jobs still active.
   * Returns how many it deleted.
   */
  sweep(now = Date.now()): number {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return 0;
    }
    let deleted = 0;
    for (const name of names) {
      const id = PLAN_FILE.exec(name)?.[1];
      if (!id) continue;
      const job = this.store.get(id);
      if (job && isActive(job.status)) continue;
      if (job?.kind === "preview" && job.planStatus === "saved") {
        if (!this.expired(job, now)) continue;
        this.expire(job);
        deleted++;
        continue;
      }
      const update = job?.appliedBy ? this.store.get(job.appliedBy) : undefined;
      if (job?.planStatus === "applied" && update && isActive(update.status)) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      deleted++;
    }
    return deleted;
  }
}
