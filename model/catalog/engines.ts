/**
 * Engine versions the managed data services offer for new resources, as of 2026-12-01: the one
 * place the schema takes them from, so a version AWS no longer (or never) offered fails
 * validation offline instead of failing `pulumi up`. Update from the sources below; Kubernetes
 * versions are kept with the cluster settings, not here.
 */

/** A version offered by a managed service. */
export interface EngineVersion {
  /** The version as the service's API takes it, e.g. `17`, `7.1`, `3.13`. */
  version: string;
  /** Instance families it runs on, when the service restricts them. Default: every family. */
  instanceFamilies?: readonly string[];
}

/**
 * RDS for PostgreSQL major versions (RDS applies the minors). 13 left standard support on
 * 2026-02-28; 14 stays until 2027-02-28.
 * Source: https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 */
export const POSTGRES_VERSIONS: readonly EngineVersion[] = [
  { version: "14" },
  { version: "15" },
  { version: "16" },
  { version: "17" },
  { version: "18" },
];

/**
 * ElastiCache for Redis OSS versions of the `redis7` parameter-group family the cache component
 * configures (4.0 and 5.0 left standard support on 2026-01-31; 6.x uses another family).
 * Source: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 */
export const REDIS_VERSIONS: readonly EngineVersion[] = [{ version: "7.0" }, { version: "7.1" }];

/**
 * Amazon MQ for RabbitMQ versions: 3.13 on mq.t3, mq.m5 and mq.m7g; 4.2 only on mq.m7g. 3.12 and
 * older reached end of support in 2025.
 * Source: https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html
 */
export const RABBITMQ_VERSIONS: readonly EngineVersion[] = [
  { version: "3.13", instanceFamilies: ["t3", "m5", "m7g"] },
  { version: "4.2", instanceFamilies: ["m7g"] },
];

/**
 * Amazon MQ instance sizes that run a single broker only: mq.t3.micro cannot form a cluster.
 * Source: https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-broker-instance-types.html
 */
export const MQ_SINGLE_INSTANCE_ONLY: readonly string[] = ["mq.t3.micro"];

/** Why `version` is not offered (naming the offered ones), or undefined when it is. */
export function engineVersionProblem(
  offered: readonly EngineVersion[],
  version: string,
  service: string,
): string | undefined {
  if (offered.some((v) => v.version === version)) return undefined;
  return `is not a version ${service} offers; offered: ${offered.map((v) => v.version).join(", ")}`;
}
