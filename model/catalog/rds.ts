/**
 * RDS instance classes: memory, which sets PostgreSQL's default `max_connections`.
 * Source: https://aws.amazon.com/rds/instance-types/ and
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */

/** GiB of memory per vCPU of the memory-optimised (r) and general-purpose (m) families. */
const GIB_PER_VCPU: Readonly<Record<string, number>> = {
  r5: 8,
  r6g: 8,
  r6i: 8,
  r7g: 8,
  r7i: 8,
  r8g: 8,
  m5: 4,
  m6g: 4,
  m6i: 4,
  m7g: 4,
  m7i: 4,
  m8g: 4,
};

/**
 * vCPUs by size, from large up, of the non-burstable classes (memory is a fixed number of GiB
 * per vCPU in each family). The one table of it: the CloudWatch alarms size classes from it too.
 */
export const RDS_VCPUS_BY_SIZE: Readonly<Record<string, number>> = {
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "12xlarge": 48,
  "16xlarge": 64,
  "24xlarge": 96,
  "32xlarge": 128,
};

/** Burstable classes (t3, t4g): memory by size; they do not follow a per-vCPU ratio. */
export const RDS_BURSTABLE_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  "2xlarge": 32,
};

/** Memory of an RDS instance class in GiB, or undefined for a class not in this catalogue. */
export function rdsMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, size] = m;
  if (family === "t3" || family === "t4g") return RDS_BURSTABLE_GIB[size];
  const perVcpu = GIB_PER_VCPU[family];
  const vcpus = RDS_VCPUS_BY_SIZE[size];
  return perVcpu === undefined || vcpus === undefined ? undefined : perVcpu * vcpus;
}

/**
 * PostgreSQL's default `max_connections` on RDS: LEAST(DBInstanceClassMemory / 9531392, 5000).
 * DBInstanceClassMemory is a little below the class's nominal memory, so this is an upper bound.
 */
export function rdsDefaultMaxConnections(instanceClass: string): number | undefined {
  const gib = rdsMemoryGiB(instanceClass);
  return gib === undefined ? undefined : Math.min(Math.floor((gib * 2 ** 30) / 9531392), 5000);
}

/** Connections PostgreSQL and RDS keep for superusers and rdsadmin (3 + 2 by default). */
export const RDS_RESERVED_CONNECTIONS = 5;
