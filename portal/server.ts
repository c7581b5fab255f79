/**
 * Builds the portal's Fastify app: logging with secrets redacted, body limit, bearer-token
 * authentication on every route but /health and /openapi.json, the OpenAPI document, errors as
 * { statusCode, error, message }, and the job runner recovering whatever a crash left behind.
 */
import fastify, { FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import { authenticate } from "./auth";
import type { PortalConfig } from "./config";
import { Context, HttpError } from "./context";
import { Engine } from "./engine";
import { EnvironmentError } from "./environments";
import { JobRunner, QueueFull } from "./jobs";
import { environmentRoutes } from "./routes/environments";
import { jobRoutes } from "./routes/jobs";
import { OutputsCache } from "./outputs-cache";
import { Plans } from "./plans";
import { JobStore } from "./store";

const PUBLIC = new Set(["/health", "/openapi.json"]);

export interface Portal {
  app: FastifyInstance;
  ctx: Context;
  /** Graceful stop: refuse new work, cancel running operations, close the database. */
  stop(): Promise<void>;
}

/** Creates the app, recovers interrupted jobs and resumes queued ones; does not listen. */
export async function buildPortal(config: PortalConfig): Promise<Portal> {
  const app = fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
    },
    bodyLimit: config.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  const store = new JobStore(config.database);
  const engine = new Engine(config);
  const cache = new OutputsCache((env) => engine.outputs(env), config.outputsTtlMs);
  const plans = new Plans(store, engine.planDir(), config.planTtlMs, app.log);
  const jobs = new JobRunner(
    store,
    engine,
    app.log,
    {
      maxParallel: config.maxParallel,
      maxQueuedPerToken: config.maxQueuedPerToken,
      maxQueued: config.maxQueued,
      plans,
      sweepEveryMs: Math.min(600_000, Math.max(1_000, Math.floor(config.planTtlMs / 2))),
    },
    (env) => cache.invalidate(env),
  );
  const ctx: Context = {
    config,
    store,
    engine,
    jobs,
    outputs: (environment) => cache.get(environment),
    streams: new Set(),
  };

  await app.register(swagger, {
    openapi: {
      info: {
        title: "platform portal",
        version: "1.0.0",
        description: "Operates the platform's environments through the Pulumi Automation API.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });

  app.addHook("onRequest", async (req) => {
    if (PUBLIC.has(req.routeOptions.url ?? "")) return;
    const principal = authenticate(req.headers.authorization, config.tokens);
    if (!principal)
      throw new HttpError(
        401,
        req.headers.authorization ? "the bearer token is not valid" : "a bearer token is required",
      );
    req.principal = principal;
  });

  // Operations without parameters may be POSTed with no body at all; it then counts as {}.
  app.addHook("preValidation", async (req) => {
    if (req.method === "POST" && req.body === undefined) req.body = {};
  });

  app.setErrorHandler(
    (err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
      const status =
        err instanceof HttpError || err instanceof EnvironmentError
          ? err.statusCode
          : (err.statusCode ?? 500);
      if (status >= 500) req.log.error({ err }, "request failed");
      else req.log.info({ status, code: err.code, reason: err.message }, "request refused");
      const message =
        status >= 500 && status !== 503 ? "internal error; see the portal's log" : err.message;
      const name =
        {
          400: "Bad Request",
          401: "Unauthorized",
          403: "Forbidden",
          404: "Not Found",
          409: "Conflict",
          413: "Payload Too Large",
          415: "Unsupported Media Type",
          429: "Too Many Requests",
          503: "Service Unavailable",
        }[status] ?? "Error";
      if (status === 401) reply.header("www-authenticate", 'Bearer realm="portal"');
      if (err instanceof QueueFull) reply.header("retry-after", String(err.retryAfterSeconds));
      return reply.code(status).send({ statusCode: status, error: name, message });
    },
  );

  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness",
        security: [],
        response: { 200: { type: "object", properties: { status: { type: "string" } } } },
      },
    },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/openapi.json",
    { schema: { summary: "This API's OpenAPI document", security: [], hide: true } },
    async () => app.swagger(),
  );
  environmentRoutes(app, ctx);
  jobRoutes(app, ctx);

  await app.ready();
  await jobs.recover();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      app.log.info("shutting down: cancelling running operations");
      const closing = app.close();
      await jobs.shutdown(config.shutdownGraceMs);
      // Streams of jobs that ended have closed themselves; the rest (queued jobs) end here, and
      // a client resumes with Last-Event-ID once the portal is back.
      for (const res of ctx.streams) res.end("event: shutdown\ndata: {}\n\n");
      await closing;
      store.close();
    })());
  return { app, ctx, stop };
}
