/** Jobs: list, status, approval of a preview, cancel, and live events over Server-Sent Events. */
import type { FastifyInstance } from "fastify";
import { roleFor } from "../auth";
import { accepted, Context, environmentOf, HttpError, requireRole } from "../context";
import type { JobSignal } from "../jobs";
import * as s from "../schemas";
import type { Job, StoredEvent } from "../store";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

export function jobRoutes(app: FastifyInstance, ctx: Context): void {
  const find = (id: string): Job => {
    const job = ctx.store.get(id);
    if (!job) throw new HttpError(404, `no job ${id}`);
    return job;
  };

  app.get<{ Querystring: { environment?: string; limit: number } }>(
    "/jobs",
    {
      schema: {
        summary: "Jobs, newest first",
        querystring: s.jobListQuery,
        response: {
          200: { type: "object", properties: { jobs: { type: "array", items: s.jobSchema } } },
          ...s.errors,
        },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      return {
        jobs: ctx.store.list({ environment: req.query.environment, limit: req.query.limit }),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id",
    {
      schema: {
        summary: "A job's status and result",
        params: s.jobParams,
        response: { 200: s.jobSchema, ...s.errors },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      return find(req.params.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    "/jobs/:id/approve",
    {
      schema: {
        summary:
          "Approve a succeeded preview so its plan may be applied (by someone else than its author where two-person approval applies)",
        params: s.jobParams,
        body: s.emptyBody,
        response: { 200: s.jobSchema, ...s.errors },
      },
    },
    async (req) => {
      const job = find(req.params.id);
      const env = environmentOf(ctx, job.environment);
      const who = requireRole(req, roleFor("change", env.protected));
      if (job.kind !== "preview")
        throw new HttpError(409, `job ${job.id} is a ${job.kind}, not a preview`, "not_a_preview");
      if (job.status !== "succeeded")
        throw new HttpError(
          409,
          `preview ${job.id} is ${job.status}; only a succeeded preview can be approved`,
          "not_succeeded",
        );
      const mandatory = job.violations.filter((v) => v.enforcementLevel === "mandatory");
      if (mandatory.length)
        throw new HttpError(
          409,
          `preview ${job.id} has mandatory policy violations: ${mandatory.map((v) => v.policy).join(", ")}`,
          "policy_violations",
        );
      if (env.twoPersonApproval && who.name === job.requestedBy)
        throw new HttpError(
          403,
          `environment "${env.name}" requires two-person approval: preview ${job.id} was run by ${job.requestedBy}, so someone else must approve it`,
          "same_person_approval",
        );
      if (job.appliedBy)
        throw new HttpError(
          409,
          `preview ${job.id} was already applied by job ${job.appliedBy}`,
          "already_applied",
        );
      const unusable = ctx.jobs.plans.unusable(job);
      if (unusable) throw new HttpError(409, unusable.message, unusable.code);
      // An approval by its author (given before the rule applied) is replaced by a real one.
      const selfApproved = job.approvedBy !== null && job.approvedBy === job.requestedBy;
      if (!job.approvedBy || (env.twoPersonApproval && selfApproved))
        ctx.store.approve(job.id, who.name);
      return find(job.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    "/jobs/:id/cancel",
    {
      schema: {
        summary: "Cancel a queued or running job",
        params: s.jobParams,
        body: s.emptyBody,
        response: { 202: s.jobSchema, ...s.errors },
      },
    },
    async (req, reply) => {
      const job = find(req.params.id);
      const env = environmentOf(ctx, job.environment);
      requireRole(req, roleFor(job.kind === "preview" ? "preview" : "change", env.protected));
      if (TERMINAL.has(job.status))
        throw new HttpError(409, `job ${job.id} already ${job.status}`, "finished");
      return accepted(reply, ctx.jobs.cancel(job.id));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { after?: number } }>(
    "/jobs/:id/events",
    {
      schema: {
        summary:
          "Engine events of a job as Server-Sent Events, in order; resumes after Last-Event-ID",
        params: s.jobParams,
        querystring: {
          type: "object",
          properties: { after: { type: "integer", minimum: 0 } },
          additionalProperties: false,
        },
        headers: {
          type: "object",
          properties: { "last-event-id": { type: "string", pattern: "^[0-9]{1,12}$" } },
        },
        response: { 200: { description: "text/event-stream", type: "string" }, ...s.errors },
      },
    },
    async (req, reply) => {
      requireRole(req, "viewer");
      const job = find(req.params.id);
      const header = req.headers["last-event-id"];
      let last = Number(typeof header === "string" ? header : (req.query.after ?? 0));
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      const send = (e: StoredEvent) => {
        if (e.seq <= last) return;
        last = e.seq;
        raw.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
      };
      const end = (j: Job) => {
        if (raw.writableEnded) return;
        raw.write(`event: end\ndata: ${JSON.stringify({ id: j.id, status: j.status })}\n\n`);
        raw.end();
      };
      // Subscribe first and buffer, then replay the stored events, so nothing falls in between.
      const buffered: JobSignal[] = [];
      let replaying = true;
      const handle = (sig: JobSignal) => {
        if (sig.kind === "event") send(sig.event);
        else {
          for (const e of ctx.store.events(job.id, last)) send(e);
          stop();
          end(sig.job);
        }
      };
      const unsubscribe = ctx.jobs.subscribe(job.id, (sig) =>
        replaying ? buffered.push(sig) : handle(sig),
      );
      const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), 15_000);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      ctx.streams.add(raw);
      raw.on("close", () => {
        ctx.streams.delete(raw);
        stop();
      });
      for (const e of ctx.store.events(job.id, last)) send(e);
      for (const sig of buffered.splice(0)) handle(sig);
      replaying = false;
      const now = ctx.store.get(job.id)!;
      if (TERMINAL.has(now.status) && !raw.writableEnded) {
        for (const e of ctx.store.events(job.id, last)) send(e);
        stop();
        end(now);
      }
    },
  );
}
