/**
 * What route handlers share: the configuration, the store, the engine, the job runner, and the
 * checks every route repeats (who is asking, which environment, whether it is protected).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ServerResponse } from "http";
import { hasRole, Principal, Role } from "./auth";
import type { PortalConfig } from "./config";
import type { Engine } from "./engine";
import { isProtected, requireEnvironment } from "./environments";
import type { JobRunner } from "./jobs";
import type { JobStore } from "./store";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** An error with an HTTP status, sent as { statusCode, error, message }. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface Context {
  config: PortalConfig;
  store: JobStore;
  engine: Engine;
  jobs: JobRunner;
  /** Outputs served from OutputsCache (fresh for outputsTtlMs, dropped when a job on the stack ends). */
  outputs(environment: string): Promise<Record<string, unknown>>;
  /** Open SSE responses, ended at shutdown so closing the server does not wait on them. */
  streams: Set<ServerResponse>;
}

/** The request's principal, or 403 when its role is below `needed`. */
export function requireRole(req: FastifyRequest, needed: Role): Principal {
  const p = req.principal;
  if (!p) throw new HttpError(401, "a bearer token is required");
  if (!hasRole(p.role, needed)) {
    throw new HttpError(
      403,
      `role ${p.role} may not do this; it needs ${needed}`,
      "insufficient_role",
    );
  }
  return p;
}

/** An environment as routes see it. */
export interface EnvironmentInfo {
  name: string;
  /** Changes need admin and destroy is refused. */
  protected: boolean;
  /** A preview must be approved by someone other than who ran it (config twoPersonApproval, else `protected`). */
  twoPersonApproval: boolean;
}

/** The validated environment name, whether it is protected and its approval rule; 400/404 otherwise. */
export function environmentOf(ctx: Context, name: string): EnvironmentInfo {
  requireEnvironment(ctx.config.projectDir, name);
  const isProt = isProtected(
    ctx.config.projectDir,
    name,
    ctx.config.protectedEnvironments,
    ctx.config.protectedConfigKeys,
  );
  return {
    name,
    protected: isProt,
    twoPersonApproval: ctx.config.twoPersonApproval[name] ?? isProt,
  };
}

export function accepted(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.code(202).send(body);
}
