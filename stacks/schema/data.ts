import { z } from "zod";
import {
  COLUMN_DEFAULTS,
  PARTITION_INTERVALS,
  resolvePartitionedTables,
} from "../../components/database/partitions";
import { MAXMEMORY_POLICIES } from "../../components/cache/redis-parameters";
import { QUEUE_TYPES } from "../../components/queue/declare";
import { resolvePgBouncerConfig } from "../../components/database/pgbouncer/validate";
import { MONITOR_ROLE } from "../../components/database/roles/monitor-role";
import { ADDON_RESOURCES } from "../../model/capacity/addons";
import {
  engineVersionProblem,
  type EngineVersion,
  MQ_SINGLE_INSTANCE_ONLY,
  POSTGRES_VERSIONS,
  RABBITMQ_VERSIONS,
  REDIS_VERSIONS,
} from "../../model/catalog";
import { cpu, cronSchedule, image, intAtLeast, memory, shortName, uniqueList } from "./common";

/** postgres_exporter's figures in the one add-on table. */
const EXPORTER = ADDON_RESOURCES["postgres-exporter"];

/** An engine version the managed service offers (model/catalog/engines.ts). */
const engineVersion = (offered: readonly EngineVersion[], service: string) =>
  z.string().superRefine((v, ctx) => {
    const message = engineVersionProblem(offered, v, service);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  });

/**
 * Parameter group settings every environment gets unless its own `parameters` override them:
 * slow-query and connection logging, and TLS required of every client (`rds.force_ssl`).
 */
export const DEFAULT_DB_PARAMETERS: Readonly<Record<string, string | number>> = {
  log_min_duration_statement: 2000,
  log_connections: 1,
  log_disconnections: 1,
  "rds.force_ssl": 1,
};

const rdsClass = z
  .string()
  .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class like db.r6g.xlarge");

/**
 * One time-partitioned table. Shapes only: identifiers, types, bounds and the relations between
 * fields are checked by `resolvePartitionedTables` (the same function the SQL generator calls),
 * so a hostile name is refused with the same message wherever it comes from.
 */
const partitionedTableSchema = z.strictObject({
  /** Schema of the parent table. Default: `public`. */
  schema: z.string().optional().describe("Schema of the parent table (default public)"),
  /** Parent table name (lower-case identifier, at most 55 characters). Required. */
  table: z.string().describe("Parent table name"),
  /** Partition key column (timestamptz, timestamp or date). Required. */
  timeColumn: z.string().describe("Partition key column"),
  /** Columns in order, including `timeColumn`. Required. */
  columns: z
    .array(
      z.strictObject({
        name: z.string().describe("Column name"),
        type: z.string().describe("SQL type, e.g. bigint, text, jsonb, timestamptz"),
        nullable: z.boolean().optional().describe("NULL allowed (default true)"),
        default: z
          .enum(COLUMN_DEFAULTS, { error: `must be one of ${COLUMN_DEFAULTS.join(", ")}` })
          .optional()
          .describe("Column default"),
      }),
    )
    .describe("Columns of the table"),
  /** Primary key columns; must include `timeColumn`. Default: none. */
  primaryKey: z
    .array(z.string())
    .optional()
    .describe("Primary key columns (must include timeColumn)"),
  /** Index column lists. Default: `[[timeColumn]]`. */
  indexes: z
    .array(z.array(z.string()))
    .optional()
    .describe("Indexes, each a column list (default [[timeColumn]])"),
  /** Partition interval. Default: `month`. */
  interval: z
    .enum(PARTITION_INTERVALS, { error: `must be one of ${PARTITION_INTERVALS.join(", ")}` })
    .optional()
    .describe("Partition interval"),
  /** Months created ahead of the current one (1-36). Default: 3. */
  premakeMonths: z.number().optional().describe("Months created ahead (1-36, default 3)"),
  /** Months kept attached, counting the current one (1-1200); older ones are archived, never dropped. Default: 12. */
  retainMonths: z
    .number()
    .optional()
    .describe("Months kept attached (default 12); older partitions move to the archive schema"),
  /** Where detached partitions go. Default: schema `archive`. */
  archive: z
    .strictObject({ schema: z.string().optional().describe("Archive schema (default archive)") })
    .optional(),
});

/** `platform:database`: RDS PostgreSQL primary and read replicas. */
export const databaseSchema = z
  .strictObject({
    /** PostgreSQL major version; RDS applies minor upgrades. Default: `17`. */
    engineVersion: engineVersion(POSTGRES_VERSIONS, "RDS for PostgreSQL")
      .default("17")
      .describe("PostgreSQL major version"),
    /** Primary instance class (seed: r-class xlarge -> 2xlarge -> 8xlarge). Default: `db.r6g.xlarge`. */
    instanceClass: rdsClass
      .default("db.r6g.xlarge")
      .describe("Primary instance class (seed: xlarge -> 2xlarge -> 8xlarge)"),
    /** Replica instance class. Default: the primary's. */
    replicaInstanceClass: rdsClass
      .optional()
      .describe("Read replica instance class (default: the primary's)"),
    /** Synchronous standby in a second zone. Default: true. */
    multiAz: z.boolean().default(true).describe("Multi-AZ primary with a synchronous standby"),
    /** Read replicas (seed: 2; add one when reads exceed writes 4:1; at most 3). Default: 2. */
    readReplicas: intAtLeast(0)
      .max(3, "at most 3 read replicas per primary (seed 001)")
      .default(2)
      .describe("Read replicas (0-3)"),
    /** Initial storage (GiB, gp3). Default: 500. */
    allocatedStorageGiB: intAtLeast(20)
      .max(65536, "must be at most 65536")
      .default(500)
      .describe("Initial gp3 storage in GiB"),
    /** Storage autoscaling ceiling (GiB). Default: 2000. */
    maxAllocatedStorageGiB: intAtLeast(20)
      .max(65536, "must be at most 65536")
      .default(2000)
      .describe("Storage autoscaling ceiling in GiB"),
    /** Days of automated backups and point-in-time recovery. Default: 7. */
    backupRetentionDays: intAtLeast(1)
      .max(35, "must be at most 35")
      .default(7)
      .describe("Automated backup / PITR retention in days"),
    /** Refuse deletion, keep a final snapshot and protect the instance in Pulumi. Default: true. */
    protect: z
      .boolean()
      .default(true)
      .describe("Deletion protection, final snapshot and Pulumi protect"),
    /** Days to keep the hourly cross-region backup copies (needs `platform:aws.backupRegion`). Default: 7. */
    backupCopyRetentionDays: intAtLeast(1)
      .default(7)
      .describe("Days to keep hourly cross-region backup copies"),
    /** Days of Performance Insights history (7 is free). Default: 7. */
    performanceInsightsRetentionDays: z
      .union([z.literal(7), z.literal(731)], { error: "must be 7 or 731" })
      .default(7)
      .describe("Performance Insights retention (7 or 731 days)"),
    /** Database created on the primary. Default: `app`. */
    databaseName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a lower-case identifier")
      .default("app")
      .describe("Database name"),
    /** Master user name. Default: `platform_admin`. */
    masterUsername: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,15}$/, "must be a lower-case identifier of at most 16 characters")
      .default("platform_admin")
      .describe("Master user name"),
    /** Login role of workloads (PgBouncer, the hand-off Secret): rows only, no DDL. Default: `app_runtime`. */
    appUsername: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,15}$/, "must be a lower-case identifier of at most 16 characters")
      .default("app_runtime")
      .describe("Workloads' login role (reads and writes rows, no DDL)"),
    /**
     * Parameter group settings, merged over the defaults (slow-query log above 2 s, connection
     * logging, `rds.force_ssl` 1), so setting one parameter never drops another. Default: the defaults.
     */
    parameters: z
      .record(
        z.string().regex(/^[a-z_.]+$/, "is not a PostgreSQL parameter name"),
        z.union([z.string(), z.number()], { error: "must be a string or a number" }),
      )
      .default({})
      .transform((p) => ({ ...DEFAULT_DB_PARAMETERS, ...p }))
      .describe(
        "DB parameter group settings, merged over the defaults (slow-query and connection logging, rds.force_ssl 1)",
      ),
    /** Time-partitioned tables kept by the migration Job and the daily maintenance CronJob. Default: none. */
    partitionedTables: z
      .array(partitionedTableSchema)
      .default([])
      .describe("Time-partitioned tables (monthly)"),
    /** Image with `psql` for the migration Job and the maintenance CronJob. Default: the pinned `postgres:<engineVersion>.x-alpine` of `model/catalog/support.ts`. */
    clientImage: image
      .optional()
      .describe(
        "Image with psql for partition jobs (default: the pinned postgres image of engineVersion)",
      ),
    /**
     * postgres_exporter, one pod per instance (primary and each replica), logging in as the
     * `pg_monitor` role the migration creates. Default: the pinned image and the `postgres-exporter` row of model/capacity/addons.ts (25m CPU, 64Mi memory).
     */
    exporter: z
      .strictObject({
        /** Exporter pods per instance (2 where every Deployment must survive a node loss). Default: 1. */
        replicas: intAtLeast(1)
          .max(3, "must be at most 3")
          .default(1)
          .describe("postgres_exporter pods per PostgreSQL instance"),
        /** Image. Default: `prometheuscommunity/postgres-exporter:v0.20.1` (model/catalog/support.ts). */
        image: image
          .default("prometheuscommunity/postgres-exporter:v0.20.1")
          .describe("postgres_exporter image"),
        /** CPU request per exporter pod. Default: `25m`. */
        cpu: cpu.default(EXPORTER.requests.cpu).describe("CPU request per postgres_exporter pod"),
        /** Memory request and limit per exporter pod. Default: `64Mi`. */
        memory: memory
          .default(EXPORTER.requests.memory)
          .describe("Memory request and limit per exporter pod"),
      })
      .prefault({})
      .describe("postgres_exporter per PostgreSQL instance (replication lag, slow queries)"),
    /** Cron schedule (UTC) of the partition maintenance CronJob. Default: daily at 01:15. */
    maintenanceSchedule: cronSchedule
      .default("15 1 * * *")
      .describe("Cron schedule (UTC) of the daily partition maintenance"),
  })
  .superRefine((d, ctx) => {
    for (const key of ["masterUsername", "appUsername"] as const) {
      if (d[key] === MONITOR_ROLE)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${MONITOR_ROLE} is postgres_exporter's monitoring role; choose another name`,
        });
    }
    if (d.appUsername === d.masterUsername) {
      ctx.addIssue({
        code: "custom",
        path: ["appUsername"],
        message: `appUsername (${d.appUsername}) must differ from masterUsername, so workloads do not run as the owner`,
      });
    }
    if (d.maxAllocatedStorageGiB < d.allocatedStorageGiB) {
      ctx.addIssue({
        code: "custom",
        path: ["maxAllocatedStorageGiB"],
        message: `maxAllocatedStorageGiB (${d.maxAllocatedStorageGiB}) must be at least allocatedStorageGiB (${d.allocatedStorageGiB})`,
      });
    }
    try {
      resolvePartitionedTables(d.partitionedTables, "partitionedTables");
    } catch (err) {
      // "partitionedTables[0].columns[4].type: ..." becomes the path of the offending field.
      const message = (err as Error).message;
      const m = /^partitionedTables((?:\[\d+\]|\.\w+)*): ([\s\S]*)$/.exec(message);
      const path = m
        ? [...m[1].matchAll(/\[(\d+)\]|\.(\w+)/g)].map((x) =>
            x[1] === undefined ? x[2] : Number(x[1]),
          )
        : [];
      ctx.addIssue({
        code: "custom",
        path: ["partitionedTables", ...path],
        message: m ? m[2] : message,
      });
    }
  });

/** `platform:cache`: ElastiCache for Redis. */
export const cacheSchema = z
  .strictObject({
    /** Redis engine version. Default: `7.1`. */
    engineVersion: engineVersion(REDIS_VERSIONS, "ElastiCache for Redis OSS")
      .default("7.1")
      .describe("Redis engine version"),
    /** Node type (seed: 4 GB initial data, at most 30 GB per node). Default: `cache.r7g.large` (13 GiB). */
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be a node type like cache.r7g.large")
      .default("cache.r7g.large")
      .describe("Cache node type"),
    /** Cluster mode (sharding); seed: above a 5 GB dataset. Default: false. */
    clusterMode: z.boolean().default(false).describe("Redis Cluster (sharded) mode"),
    /** Shards in cluster mode. Default: 1. */
    shards: intAtLeast(1)
      .max(500, "must be at most 500")
      .default(1)
      .describe("Shards (cluster mode)"),
    /** Replicas per shard; at least 1 gives automatic failover. Default: 0. */
    replicasPerShard: intAtLeast(0)
      .max(5, "must be at most 5")
      .default(0)
      .describe("Replicas per shard (>= 1 enables automatic failover)"),
    /** Days of daily snapshots. Default: 1. */
    snapshotRetentionDays: intAtLeast(0)
      .max(35, "must be at most 35")
      .default(1)
      .describe("Days of daily snapshots"),
    /** Eviction policy of the parameter group. Default: `allkeys-lru` (a cache evicts rather than refusing writes). */
    /** Pulumi `protect` on the replication group (a cold cache after a replacement hurts the database). Default: true. */
    protect: z.boolean().default(true).describe("Pulumi protect on the replication group"),
    maxmemoryPolicy: z
      .enum(MAXMEMORY_POLICIES, { error: `must be one of ${MAXMEMORY_POLICIES.join(", ")}` })
      .default("allkeys-lru")
      .describe("maxmemory-policy"),
  })
  .superRefine((c, ctx) => {
    if (!c.clusterMode && c.shards !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["shards"],
        message: "more than one shard needs clusterMode: true",
      });
    }
  });

/** `platform:queue`: Amazon MQ for RabbitMQ. */
export const queueSchema = z.strictObject({
  /** RabbitMQ version Amazon MQ offers (4.2 runs on mq.m7g only). Default: `3.13`. */
  engineVersion: engineVersion(RABBITMQ_VERSIONS, "Amazon MQ for RabbitMQ")
    .default("3.13")
    .describe("RabbitMQ engine version"),
  /** Broker instance type. Default: `mq.m5.large`. */
  instanceType: z
    .string()
    .regex(/^mq\.[a-z0-9]+\.[a-z0-9]+$/, "must be an Amazon MQ type like mq.m5.large")
    .default("mq.m5.large")
    .describe("Broker instance type"),
  /** `CLUSTER_MULTI_AZ` (3 nodes, quorum queues) or `SINGLE_INSTANCE`. Default: `CLUSTER_MULTI_AZ`. */
  deploymentMode: z
    .enum(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], {
      error: "must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ",
    })
    .default("CLUSTER_MULTI_AZ")
    .describe("SINGLE_INSTANCE or CLUSTER_MULTI_AZ (3 nodes)"),
  /** Type every queue is declared with; quorum queues replicate over a cluster's nodes. Default: `quorum`. */
  queueType: z
    .enum(QUEUE_TYPES, { error: `must be one of ${QUEUE_TYPES.join(", ")}` })
    .default("quorum")
    .describe("Queue type the setup Job declares (quorum or classic)"),
  /** Image with `sh` and `curl` for the queue setup Job. Default: `curlimages/curl:8.21.0`. */
  setupImage: image
    .default("curlimages/curl:8.21.0")
    .describe("Image of the queue setup Job (sh + curl)"),
  /** Queues the workloads consume; workers must name one of these. Default: none. */
  /** Pulumi `protect` on the broker: it holds messages not yet consumed. Default: true. */
  protect: z.boolean().default(true).describe("Pulumi protect on the broker"),
  queues: uniqueList(
    z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, "must be a queue name like agent-tasks"),
    "queue",
  )
    .superRefine((queues, ctx) => {
      // Alarms and metrics name a queue with '.' and '_' as '-', so those must not collide either.
      const byName = new Map<string, string>();
      queues.forEach((q, i) => {
        const key = q.replace(/[._]/g, "-");
        const other = byName.get(key);
        if (other !== undefined && other !== q)
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `queue ${q} and queue ${other} differ only in '.', '_' or '-', which their alarms and metrics cannot tell apart; rename one`,
          });
        byName.set(key, q);
      });
    })
    .default([])
    .describe("Queue names workers may consume"),
});

/**
 * Cross-checks of the broker settings: the version runs on the instance family, and a cluster is
 * not asked of a size that runs a single broker. Reported against the key to change.
 */
export function queueIssues(q: z.output<typeof queueSchema>): Issue[] {
  const issues: Issue[] = [];
  const family = /^mq\.([a-z0-9]+)\./.exec(q.instanceType)?.[1];
  const offered = RABBITMQ_VERSIONS.find((v) => v.version === q.engineVersion);
  if (family && offered?.instanceFamilies && !offered.instanceFamilies.includes(family)) {
    issues.push({
      path: ["queue", "engineVersion"],
      message: `RabbitMQ ${q.engineVersion} runs on ${offered.instanceFamilies.map((f) => `mq.${f}`).join(", ")} only, not platform:queue.instanceType ${q.instanceType}`,
    });
  }
  if (q.deploymentMode === "CLUSTER_MULTI_AZ" && MQ_SINGLE_INSTANCE_ONLY.includes(q.instanceType)) {
    issues.push({
      path: ["queue", "deploymentMode"],
      message: `${q.instanceType} runs a single broker only; use SINGLE_INSTANCE or a larger platform:queue.instanceType`,
    });
  }
  return issues;
}

type Issue = { path: (string | number)[]; message: string };

/** `platform:pgbouncer`: the in-cluster connection pooler in front of PostgreSQL. */
export const pgbouncerSchema = z
  .strictObject({
    replicas: intAtLeast(1).default(3).describe("PgBouncer pods (spread over zones)"),
    poolMode: z
      .enum(["transaction", "session", "statement"], {
        error: "must be transaction, session or statement",
      })
      .default("transaction")
      .describe("Pool mode"),
    maxClientConn: intAtLeast(1).default(10000).describe("max_client_conn per pod"),
    defaultPoolSize: intAtLeast(1).default(25).describe("default_pool_size"),
    reservePoolSize: intAtLeast(0).default(10).describe("reserve_pool_size"),
    reservePoolTimeoutSeconds: intAtLeast(0).default(3).describe("reserve_pool_timeout (s)"),
    serverIdleTimeoutSeconds: intAtLeast(0).default(600).describe("server_idle_timeout (s)"),
    serverLifetimeSeconds: intAtLeast(0).default(3600).describe("server_lifetime (s)"),
    namespace: shortName.default("data").describe("Namespace of PgBouncer and the partition jobs"),
    cpu: cpu.default("250m").describe("CPU request per PgBouncer pod"),
    memory: memory.default("256Mi").describe("Memory request and limit per PgBouncer pod"),
    /** PgBouncer image: CloudNativePG's, Debian with PGDG's pgbouncer at /usr/bin (user 998). */
    image: image
      .default("ghcr.io/cloudnative-pg/pgbouncer:1.25.2")
      .describe("PgBouncer container image (pgbouncer on PATH)"),
    exporterImage: image
      .default("prometheuscommunity/pgbouncer-exporter:v0.12.1")
      .describe("Prometheus exporter image"),
  })
  .superRefine((b, ctx) => {
    // The pooler's own validator, so the limits between settings live in one place; the hosts are
    // known only at deploy time, so a stand-in host is checked here.
    try {
      resolvePgBouncerConfig(
        { ...b, writer: { host: "primary.invalid" }, database: "app", appUser: "app" },
        "pgbouncer",
      );
    } catch (err) {
      const message = (err as Error).message;
      const field = /^pgbouncer\.(\w+)/.exec(message)?.[1];
      ctx.addIssue({
        code: "custom",
        path: field && field in b ? [field] : [],
        message: message.replace(/^pgbouncer\.\w+: /, ""),
      });
    }
  })
  .prefault({})
  .describe("PgBouncer pooling settings (seed values by default)");

/** `platform:namespaces`: application namespaces; each gets the data tier's connection Secret. */
export const namespacesSchema = uniqueList(shortName, "namespace")
  .min(1, "list at least one application namespace")
  .default(["apps"])
  .describe("Application namespaces");
