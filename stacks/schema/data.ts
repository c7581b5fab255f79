import { z } from "zod";
import { intAtLeast, shortName } from "./common";

const rdsClass = z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class like db.r6g.xlarge");

/** `platform:database`: RDS PostgreSQL primary and read replicas. */
export const databaseSchema = z
  .strictObject({
    /** PostgreSQL major version; RDS applies minor upgrades. Default: `17`. */
    engineVersion: z.string().regex(/^1[4-8]$/, "must be a PostgreSQL major version RDS offers, 14-18").default("17").describe("PostgreSQL major version"),
    /** Primary instance class (seed: r-class xlarge -> 2xlarge -> 8xlarge). Required. */
    instanceClass: rdsClass.describe("Primary instance class, e.g. db.r6g.xlarge"),
    /** Replica instance class. Default: the primary's. */
    replicaInstanceClass: rdsClass.optional().describe("Read replica instance class (default: the primary's)"),
    /** Synchronous standby in a second zone. Default: true. */
    multiAz: z.boolean().default(true).describe("Multi-AZ primary with a synchronous standby"),
    /** Read replicas (seed: 2; add one when reads exceed writes 4:1; at most 3). Default: 2. */
    readReplicas: intAtLeast(0).max(3, "at most 3 read replicas per primary (seed 001)").default(2).describe("Read replicas (0-3)"),
    /** Initial storage (GiB, gp3). Default: 500. */
    allocatedStorageGiB: intAtLeast(20).max(65536, "must be at most 65536").default(500).describe("Initial gp3 storage in GiB"),
    /** Storage autoscaling ceiling (GiB). Default: 2000. */
    maxAllocatedStorageGiB: intAtLeast(20).max(65536, "must be at most 65536").default(2000).describe("Storage autoscaling ceiling in GiB"),
    /** Days of automated backups and point-in-time recovery. Default: 7. */
    backupRetentionDays: intAtLeast(1).max(35, "must be at most 35").default(7).describe("Automated backup / PITR retention in days"),
    /** Refuse deletion, keep a final snapshot and protect the instance in Pulumi. Default: true. */
    protect: z.boolean().default(true).describe("Deletion protection, final snapshot and Pulumi protect"),
    /** Days to keep the hourly cross-region backup copies (needs `platform:aws.backupRegion`). Default: 7. */
    backupCopyRetentionDays: intAtLeast(1).default(7).describe("Days to keep hourly cross-region backup copies"),
    /** Days of Performance Insights history (7 is free). Default: 7. */
    performanceInsightsRetentionDays: z.union([z.literal(7), z.literal(731)], { error: "must be 7 or 731" }).default(7).describe("Performance Insights retention (7 or 731 days)"),
    /** Database created on the primary. Default: `app`. */
    databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a lower-case identifier").default("app").describe("Database name"),
    /** Master user name. Default: `platform_admin`. */
    masterUsername: z.string().regex(/^[a-z][a-z0-9_]{0,15}$/, "must be a lower-case identifier of at most 16 characters").default("platform_admin").describe("Master user name"),
    /** Parameter group settings. Default: slow-query log above 2 s, connection logging. */
    parameters: z
      .record(z.string().regex(/^[a-z_.]+$/, "is not a PostgreSQL parameter name"), z.union([z.string(), z.number()]))
      .default({ log_min_duration_statement: 2000, log_connections: 1, log_disconnections: 1, "rds.force_ssl": 1 })
      .describe("DB parameter group settings"),
  })
  .refine((d) => d.maxAllocatedStorageGiB >= d.allocatedStorageGiB, {
    message: "maxAllocatedStorageGiB must be at least allocatedStorageGiB",
    path: ["maxAllocatedStorageGiB"],
  });

/** `platform:cache`: ElastiCache for Redis. */
export const cacheSchema = z
  .strictObject({
    /** Redis engine version. Default: `7.1`. */
    engineVersion: z.string().regex(/^7\.\d$/, "must be a Redis 7 version like 7.1").default("7.1").describe("Redis engine version"),
    /** Node type. Required. */
    nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be a node type like cache.r7g.large").describe("Cache node type"),
    /** Cluster mode (sharding); seed: above a 5 GB dataset. Default: false. */
    clusterMode: z.boolean().default(false).describe("Redis Cluster (sharded) mode"),
    /** Shards in cluster mode. Default: 1. */
    shards: intAtLeast(1).max(500, "must be at most 500").default(1).describe("Shards (cluster mode)"),
    /** Replicas per shard; at least 1 gives automatic failover. Default: 0. */
    replicasPerShard: intAtLeast(0).max(5, "must be at most 5").default(0).describe("Replicas per shard (>= 1 enables automatic failover)"),
    /** Days of daily snapshots. Default: 1. */
    snapshotRetentionDays: intAtLeast(0).max(35, "must be at most 35").default(1).describe("Days of daily snapshots"),
  })
  .superRefine((c, ctx) => {
    if (!c.clusterMode && c.shards !== 1) {
      ctx.addIssue({ code: "custom", path: ["shards"], message: "more than one shard needs clusterMode: true" });
    }
  });

/** `platform:queue`: Amazon MQ for RabbitMQ. */
export const queueSchema = z.strictObject({
  /** RabbitMQ version. Default: `3.13`. */
  engineVersion: z.string().regex(/^3\.\d+$/, "must be a RabbitMQ version like 3.13").default("3.13").describe("RabbitMQ engine version"),
  /** Broker instance type. Required. */
  instanceType: z.string().regex(/^mq\.[a-z0-9]+\.[a-z0-9]+$/, "must be an Amazon MQ type like mq.m5.large").describe("Broker instance type"),
  /** `CLUSTER_MULTI_AZ` (3 nodes, quorum queues) or `SINGLE_INSTANCE`. Default: `CLUSTER_MULTI_AZ`. */
  deploymentMode: z
    .enum(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], { error: "must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ" })
    .default("CLUSTER_MULTI_AZ")
    .describe("SINGLE_INSTANCE or CLUSTER_MULTI_AZ (3 nodes)"),
  /** Queues the workloads consume; workers must name one of these. Default: none. */
  queues: z.array(z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, "must be a queue name like agent-tasks")).default([]).describe("Queue names workers may consume"),
});

/** `platform:pgbouncer`: the in-cluster connection pooler in front of PostgreSQL. */
export const pgbouncerSchema = z
  .strictObject({
    replicas: intAtLeast(1).default(3).describe("PgBouncer pods (spread over zones)"),
    poolMode: z.enum(["transaction", "session", "statement"], { error: "must be transaction, session or statement" }).default("transaction").describe("Pool mode"),
    maxClientConn: intAtLeast(1).default(10000).describe("max_client_conn per pod"),
    defaultPoolSize: intAtLeast(1).default(25).describe("default_pool_size"),
    reservePoolSize: intAtLeast(0).default(10).describe("reserve_pool_size"),
    reservePoolTimeoutSeconds: intAtLeast(0).default(3).describe("reserve_pool_timeout (s)"),
    serverIdleTimeoutSeconds: intAtLeast(0).default(600).describe("server_idle_timeout (s)"),
    serverLifetimeSeconds: intAtLeast(0).default(3600).describe("server_lifetime (s)"),
    image: z.string().min(1).default("bitnami/pgbouncer:1.24.1").describe("PgBouncer container image"),
    exporterImage: z.string().min(1).default("prometheuscommunity/pgbouncer-exporter:v0.10.2").describe("Prometheus exporter image"),
  })
  .prefault({})
  .describe("PgBouncer pooling settings (seed values by default)");

/** `platform:namespaces`: application namespaces; each gets the data tier's connection Secret. */
export const namespacesSchema = z.array(shortName).min(1, "list at least one application namespace").default(["apps"]).describe("Application namespaces");
