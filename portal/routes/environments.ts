/** Environments: list, one, outputs, history, and the operations that start jobs. */
import { randomUUID } from "crypto";
import type { FastifyInstance } from "fastify";
import { roleFor } from "../auth";
import { accepted, Context, environmentOf, HttpError, requireRole } from "../context";
import { environments } from "../environments";
import * as s from "../schemas";

export function environmentRoutes(app: FastifyInstance, ctx: Context): void {
  const describe = async (
    name: string,
    protectedFlag: boolean,
    updates?: Awaited<ReturnType<typeof ctx.engine.lastUpdates>>,
  ) => {
    const last = (updates ?? (await ctx.engine.lastUpdates())).get(name) ?? null;
    return {
      name,
      protected: protectedFlag,
      lastUpdate: last,
      lastJob: ctx.store.list({ environment: name, limit: 1 })[0] ?? null,
    };
  };

  app.get(
    "/environments",
    {
      schema: {
        summary: "Environments (Pulumi.<env>.yaml files) with their last update",
        response: {
          200: {
            type: "object",
            properties: { environments: { type: "array", items: s.environmentSchema } },
          },
          ...s.errors,
        },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      const updates = await ctx.engine.lastUpdates();
      const list = await Promise.all(
        environments(ctx.config.projectDir).map((n) =>
          describe(n, environmentOf(ctx, n).protected, updates),
        ),
      );
      return { environments: list };
    },
  );

  app.get<{ Params: { environment: string } }>(
    "/environments/:environment",
    {
      schema: {
        summary: "One environment",
        params: s.environmentParams,
        response: { 200: s.environmentSchema, ...s.errors },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      const env = environmentOf(ctx, req.params.environment);
      return describe(env.name, env.protected);
    },
  );

  app.get<{ Params: { environment: string } }>(
    "/environments/:environment/outputs",
    {
      schema: {
        summary: 'Stack outputs; secret values are returned as "[secret]"',
        params: s.environmentParams,
        response: {
          200: {
            type: "object",
            properties: {
              environment: { type: "string" },
              outputs: { type: "object", additionalProperties: true },
            },
          },
          ...s.errors,
        },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      const env = environmentOf(ctx, req.params.environment);
      return { environment: env.name, outputs: await ctx.outputs(env.name) };
    },
  );

  app.get<{ Params: { environment: string }; Querystring: { pageSize: number; page: number } }>(
    "/environments/:environment/history",
    {
      schema: {
        summary: "Engine update history and the portal's jobs for the environment",
        params: s.environmentParams,
        querystring: s.historyQuery,
        response: {
          200: {
            type: "object",
            properties: {
              environment: { type: "string" },
              updates: { type: "array", items: s.historyEntrySchema },
              jobs: { type: "array", items: s.jobSchema },
            },
          },
          ...s.errors,
        },
      },
    },
    async (req) => {
      requireRole(req, "viewer");
      const env = environmentOf(ctx, req.params.environment);
      const updates = await ctx.engine.history(env.name, req.query.pageSize, req.query.page);
      return {
        environment: env.name,
        updates,
        jobs: ctx.store.list({ environment: env.name, limit: req.query.pageSize }),
      };
    },
  );

  const start = (kind: "preview" | "refresh" | "destroy", summary: string) =>
    app.post<{ Params: { environment: string } }>(
      `/environments/:environment/${kind === "refresh" ? "refreshes" : `${kind}s`}`,
      {
        schema: {
          summary,
          params: s.environmentParams,
          body: s.emptyBody,
          response: { 202: s.jobSchema, ...s.queueErrors },
        },
      },
      async (req, reply) => {
        const env = environmentOf(ctx, req.params.environment);
        if (kind === "destroy" && env.protected) {
          requireRole(req, "viewer");
          throw new HttpError(
            403,
            `environment "${env.name}" is protected; destroy is refused`,
            "protected_environment",
          );
        }
        const who = requireRole(
          req,
          roleFor(kind === "preview" ? "preview" : "change", env.protected || kind === "destroy"),
        );
        return accepted(
          reply,
          ctx.jobs.submit({ environment: env.name, kind, requestedBy: who.name }),
        );
      },
    );
  start("preview", "Preview with the policy packs; saves an update plan for approval");
  start("refresh", "Refresh the stack's state from the real resources");
  start("destroy", "Destroy the stack's resources (admin; refused for protected environments)");

  app.post<{ Params: { environment: string }; Body: { previewJobId: string } }>(
    "/environments/:environment/updates",
    {
      schema: {
        summary: "Apply an approved preview's plan: what was reviewed is what is applied",
        params: s.environmentParams,
        body: s.updateBody,
        response: { 202: s.jobSchema, ...s.queueErrors },
      },
    },
    async (req, reply) => {
      const env = environmentOf(ctx, req.params.environment);
      const who = requireRole(req, roleFor("change", env.protected));
      const preview = ctx.store.get(req.body.previewJobId);
      if (!preview || preview.kind !== "preview" || preview.environment !== env.name) {
        throw new HttpError(
          404,
          `no preview ${req.body.previewJobId} of environment "${env.name}"`,
        );
      }
      if (!preview.approvedBy)
        throw new HttpError(409, `preview ${preview.id} is not approved`, "not_approved");
      if (preview.appliedBy)
        throw new HttpError(
          409,
          `preview ${preview.id} was already applied by job ${preview.appliedBy}`,
          "already_applied",
        );
      // Approved before the rule was switched on, or by its own author: not a second pair of eyes.
      if (env.twoPersonApproval && preview.approvedBy === preview.requestedBy)
        throw new HttpError(
          403,
          `environment "${env.name}" requires two-person approval, and preview ${preview.id} was approved by ${preview.approvedBy}, who ran it; someone else must approve it`,
          "same_person_approval",
        );
      const unusable = ctx.jobs.plans.unusable(preview);
      if (unusable) throw new HttpError(409, unusable.message, unusable.code);
      // Checked before the claim, and nothing awaits in between, so the job is never refused
      // after its preview was claimed.
      ctx.jobs.checkCapacity(who.name);
      // Claimed before the job exists, so two racing requests cannot both apply one plan.
      const id = randomUUID();
      if (!ctx.store.claimPreview(preview.id, id)) {
        throw new HttpError(409, `preview ${preview.id} was already applied`, "already_applied");
      }
      return accepted(
        reply,
        ctx.jobs.submit({
          id,
          environment: env.name,
          kind: "update",
          requestedBy: who.name,
          previewJobId: preview.id,
        }),
      );
    },
  );
}
