/**
 * The contract between the data tier and the workloads: every application namespace gets one
 * Secret with these keys. Workloads read it through `envFrom`; KEDA authenticates from it.
 */
export const DATA_SECRET_NAME = "platform-data";

/** Keys of {@link DATA_SECRET_NAME}. */
export const DATA_SECRET_KEYS = {
  /** PostgreSQL writer DSN through PgBouncer's writer pool. */
  writerUrl: "DATABASE_URL",
  /** PostgreSQL reader DSN through PgBouncer's reader pool. */
  readerUrl: "DATABASE_READ_URL",
  /** `rediss://` URL of the cache (configuration endpoint in cluster mode). */
  redisUrl: "REDIS_URL",
  /** `amqps://` URL of the broker. */
  amqpUrl: "AMQP_URL",
} as const;
