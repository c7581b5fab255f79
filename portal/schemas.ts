/**
 * JSON schemas of every route: Fastify validates requests with them (a bad one is a 400 before
 * any handler runs), serializes responses through them, and @fastify/swagger publishes them.
 */
import { ENVIRONMENT_NAME } from "./environments";
import { JOB_KINDS, JOB_STATUSES, PLAN_STATUSES } from "./store";

const nullableString = { type: ["string", "null"] } as const;

export const errorSchema = {
  type: "object",
  properties: {
    statusCode: { type: "integer" },
    error: { type: "string" },
    message: { type: "string" },
  },
  required: ["statusCode", "error", "message"],
} as const;

export const environmentParams = {
  type: "object",
  properties: { environment: { type: "string", pattern: ENVIRONMENT_NAME, maxLength: 63 } },
  required: ["environment"],
  additionalProperties: false,
} as const;

export const jobParams = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" } },
  required: ["id"],
  additionalProperties: false,
} as const;

export const violationSchema = {
  type: "object",
  properties: {
    policyPack: { type: "string" },
    policy: { type: "string" },
    enforcementLevel: { type: "string" },
    message: { type: "string" },
    urn: { type: "string" },
  },
  required: ["policyPack", "policy", "enforcementLevel", "message"],
} as const;

export const jobSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    environment: { type: "string" },
    kind: { type: "string", enum: JOB_KINDS },
    status: { type: "string", enum: JOB_STATUSES },
    requestedBy: { type: "string" },
    createdAt: { type: "string" },
    startedAt: nullableString,
    finishedAt: nullableString,
    previewJobId: nullableString,
    changeSummary: { type: ["object", "null"], additionalProperties: { type: "integer" } },
    violations: { type: "array", items: violationSchema },
    approvedBy: nullableString,
    approvedAt: nullableString,
    appliedBy: nullableString,
    planStatus: { type: ["string", "null"], enum: [...PLAN_STATUSES, null] },
    waitingFor: nullableString,
    error: nullableString,
  },
  required: ["id", "environment", "kind", "status", "requestedBy", "createdAt", "violations"],
} as const;

const lastUpdateSchema = {
  type: ["object", "null"],
  properties: {
    time: nullableString,
    inProgress: { type: "boolean" },
    resourceCount: { type: ["integer", "null"] },
  },
} as const;

export const environmentSchema = {
  type: "object",
  properties: {
    name: { type: "string" },
    protected: { type: "boolean" },
    lastUpdate: lastUpdateSchema,
    lastJob: { anyOf: [jobSchema, { type: "null" }] },
  },
  required: ["name", "protected", "lastUpdate"],
} as const;

export const historyEntrySchema = {
  type: "object",
  properties: {
    version: { type: "integer" },
    kind: { type: "string" },
    result: { type: "string" },
    startTime: { type: "string" },
    endTime: nullableString,
    message: { type: "string" },
    resourceChanges: { type: "object", additionalProperties: { type: "integer" } },
  },
} as const;

/** Body of preview, refresh and destroy: nothing is required; unknown fields are refused. */
export const emptyBody = {
  type: "object",
  properties: {},
  additionalProperties: false,
} as const;

export const updateBody = {
  type: "object",
  properties: { previewJobId: { type: "string", format: "uuid" } },
  required: ["previewJobId"],
  additionalProperties: false,
} as const;

export const jobListQuery = {
  type: "object",
  properties: {
    environment: { type: "string", pattern: ENVIRONMENT_NAME },
    limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
  },
  additionalProperties: false,
} as const;

export const historyQuery = {
  type: "object",
  properties: {
    pageSize: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    page: { type: "integer", minimum: 1, maximum: 10_000, default: 1 },
  },
  additionalProperties: false,
} as const;

/** Standard error responses, so the OpenAPI document lists them. */
export const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

/** Responses of routes that queue a job: also 429 when a queue cap is reached. */
export const queueErrors = { ...errors, 429: errorSchema } as const;
