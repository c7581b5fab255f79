import { z } from "zod";
import { intAtLeast } from "./common";

/** Where rendered manifests may go: under `rendered/`, which `.gitignore` keeps out of git. */
export const RENDER_ROOT = "rendered";

const hostName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, "must be a DNS host name like postgres.local");
const port = intAtLeast(1).max(65535, "must be at most 65535");

/**
 * A folder under `rendered/`. The provider writes Secrets there in plain text, so the folder must
 * stay where `.gitignore` already excludes it; `..` segments and absolute paths are refused.
 */
const renderDirectory = z
  .string()
  .refine(
    (d) =>
      !d.startsWith("/") &&
      !d.split("/").includes("..") &&
      (d === RENDER_ROOT || d.startsWith(`${RENDER_ROOT}/`)),
    `must be ${RENDER_ROOT} or a folder under ${RENDER_ROOT}/ (relative to the project; it holds plaintext Secrets and ${RENDER_ROOT}/ is ignored by git)`,
  );

/** A Kubernetes provider plugin version to ask the engine for. Default: the SDK's own. */
export const providerVersionSchema = z
  .string()
  .regex(
    /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/,
    "must be a plugin version like 4.34.2 or 4.0.0-20260115033456-f47bc2d6f199",
  )
  .optional()
  .describe("Kubernetes provider plugin version (default: the SDK's)");

/**
 * The data services the in-cluster parts connect to when no AWS data tier is built: in render
 * mode RDS, ElastiCache and Amazon MQ do not exist, so their endpoints are given here.
 */
export const endpointsSchema = z.strictObject({
  /** PostgreSQL writer and reader. Default reader: the writer's host. */
  database: z
    .strictObject({
      /** Writer host. Required. */
      host: hostName.describe("PostgreSQL writer host"),
      /** Reader host. Default: the writer's host. */
      readerHost: hostName.optional().describe("PostgreSQL reader host (default: the writer's)"),
      /** Default: 5432. */
      port: port.default(5432).describe("PostgreSQL port"),
    })
    .describe("PostgreSQL endpoints"),
  /** Redis. */
  cache: z
    .strictObject({
      /** Host. Required. */
      host: hostName.describe("Redis host"),
      /** Default: 6379. */
      port: port.default(6379).describe("Redis port"),
    })
    .describe("Redis endpoint"),
  /** RabbitMQ (AMQP over TLS). */
  queue: z
    .strictObject({
      /** Host. Required. */
      host: hostName.describe("RabbitMQ host"),
      /** Default: 5671 (AMQPS). */
      port: port.default(5671).describe("RabbitMQ AMQPS port"),
    })
    .describe("RabbitMQ endpoint"),
});

/**
 * `platform:render`: render the Kubernetes layer to YAML instead of building AWS. When set, no AWS
 * (and no `random`) resource is registered; the in-cluster areas write their manifests through
 * a Kubernetes provider with `renderYamlToDirectory`. Passwords are not here: they are Pulumi
 * secret config under the `render:` namespace (`render:databasePassword`,
 * `render:databaseAppPassword`, `render:cachePassword`, `render:queuePassword`,
 * `render:grafanaPassword`), so they stay encrypted in the stack file.
 * Default: unset (build AWS).
 */
export const renderSchema = z
  .strictObject({
    /** Output folder, relative to the project. Default: `rendered`. */
    directory: renderDirectory
      .default(RENDER_ROOT)
      .describe("Folder the manifests are written to (under rendered/)"),
    /**
     * Version of the Kubernetes provider plugin the rendering provider asks the engine for.
     * Default: unset, the @pulumi/kubernetes SDK's own version. Set it when the engine has the
     * provider only at another version (scripts/engine/ensure.sh prints which).
     */
    kubernetesProviderVersion: providerVersionSchema,
    /** Data-service endpoints the in-cluster parts connect to. Required. */
    endpoints: endpointsSchema.describe(
      "PostgreSQL, Redis and RabbitMQ endpoints the in-cluster parts connect to",
    ),
  })
  .optional()
  .describe(
    "Render the Kubernetes layer to YAML instead of building AWS (docs/engine.md); passwords are secret config render:databasePassword, databaseAppPassword, cachePassword, queuePassword, grafanaPassword",
  );

/** The render settings with defaults applied. */
export type RenderSettings = NonNullable<z.output<typeof renderSchema>>;
