/**
 * Usage-driven charges: what the resources cannot tell (how many requests, how many bytes, how
 * much is logged), priced from the traffic an environment declares in `platform:usage`. Each
 * charge is its own component (`usage: ...`) so a plan shows it as its own line. At the minimum
 * scale there is no traffic (only the fixed volumes: NAT, logs, backups, volumes); the baseline is
 * the declared mean; the maximum is the declared mean at maximum scale.
 */
import { BomItem, fixed, Scaled } from "./bom";
import { countOr, ResourceLike } from "./props";

/** Pulumi type tokens whose charges come from usage. */
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const BACKUP_VAULT = "aws:backup/vault:Vault";

/** The traffic an environment declares (`platform:usage`); every figure is non-negative. */
export interface TrafficAssumptions {
  /** Mean requests per second over a month at baseline scale (not the peak). */
  requestsPerSecond: number;
  /** Mean requests per second over a month at maximum scale. */
  maxRequestsPerSecond: number;
  /** Mean response size in KiB. */
  responseKiB: number;
  /** KiB moved inside the VPC per request (service to PgBouncer, Redis, RabbitMQ and other services). */
  internalKiBPerRequest: number;
  /** Share (0..1) of that internal traffic crossing zones. */
  interAzShare: number;
  /** Share (0..1) of response bytes leaving through the load balancer straight to the internet (the rest goes through CloudFront, priced with the edge). */
  internetShare: number;
  /** GB a month through the NAT gateways (image pulls, package mirrors, external APIs). */
  natGbPerMonth: number;
  /** KiB of application logs per request shipped to CloudWatch Logs. */
  logKiBPerRequest: number;
  /** GB a month of logs independent of traffic (control plane, VPC flow logs, builds). */
  logGbPerMonth: number;
  /** CloudWatch custom metrics published (not alarm metrics; those are priced with the alarms). */
  customMetrics: number;
  /** Secrets Manager API calls a month (secret refreshes, rotations, pods reading credentials). */
  secretsApiCallsPerMonth: number;
  /** GB held in the AWS Backup vaults (all copies); required to price a stack that has vaults. */
  backupStorageGb?: number;
}

/** A persistent volume a chart claims (Prometheus), priced as EBS. */
export interface ClaimedVolume {
  /** Who claims it, e.g. `prometheus`. */
  name: string;
  /** GiB per volume. */
  gib: number;
  /** How many such volumes. */
  count: number;
  /** EBS volume type of its StorageClass, e.g. `gp3`. */
  volumeType: string;
}

const SECONDS_PER_MONTH = 730 * 3600;
const KIB_TO_GB = 1024 / 1e9;
/** Days in an average month (365.25 / 12), for log retention in months. */
const DAYS_PER_MONTH = 30.4375;
/** A log group that never expires accumulates without bound; the estimate counts a year of it. */
const NEVER_EXPIRES_DAYS = 365;

const perScale = (s: Scaled, f: (x: number) => number): Scaled => ({
  min: f(s.min),
  baseline: f(s.baseline),
  max: f(s.max),
});

function line(
  component: string,
  price: BomItem["price"],
  unit: BomItem["unit"],
  quantity: Scaled,
  note: string,
  resource = "platform:usage",
): BomItem {
  return { component, resource, price, capacity: "on-demand", unit, quantity, note };
}

/**
 * The longest retention (days) of the stack's log groups: storage is priced as if every log was
 * kept that long (an upper bound). A group without `retentionInDays` (or 0) never expires.
 */
export function longestLogRetentionDays(resources: ResourceLike[]): number {
  return resources
    .filter((r) => r.type === LOG_GROUP)
    .map((r) => countOr(r, "retentionInDays", 0) || NEVER_EXPIRES_DAYS)
    .reduce((a, b) => Math.max(a, b), 0);
}

/**
 * The usage lines of declared traffic over a stack's resources: NAT data processing, inter-zone
 * and internet transfer, CloudWatch Logs ingestion and storage (only when the stack has log
 * groups), custom metrics, Secrets Manager API calls, and backup storage (only when it has vaults).
 * @param t the declared traffic.
 * @param resources the stack's resources (log groups and vaults are looked for).
 * @throws Error when the stack has backup vaults and `backupStorageGb` is not declared.
 */
export function trafficItems(t: TrafficAssumptions, resources: ResourceLike[]): BomItem[] {
  const rps: Scaled = { min: 0, baseline: t.requestsPerSecond, max: t.maxRequestsPerSecond };
  const gbPerMonth = (kibPerRequest: number) =>
    perScale(rps, (x) => x * SECONDS_PER_MONTH * kibPerRequest * KIB_TO_GB);
  const items: BomItem[] = [
    line(
      "usage: NAT data",
      { kind: "nat-data" },
      "per-gb",
      fixed(t.natGbPerMonth),
      `${t.natGbPerMonth} GB/month declared`,
    ),
    line(
      "usage: inter-AZ transfer",
      { kind: "inter-az-transfer" },
      "per-gb",
      perScale(gbPerMonth(t.internalKiBPerRequest), (gb) => gb * t.interAzShare),
      `${t.internalKiBPerRequest} KiB/request inside the VPC, ${t.interAzShare * 100} % across zones`,
    ),
    line(
      "usage: internet transfer",
      { kind: "internet-transfer" },
      "per-gb",
      perScale(gbPerMonth(t.responseKiB), (gb) => gb * t.internetShare),
      `${t.responseKiB} KiB/response, ${t.internetShare * 100} % straight to the internet`,
    ),
  ];
  const retention = longestLogRetentionDays(resources);
  if (retention > 0) {
    const ingested = perScale(gbPerMonth(t.logKiBPerRequest), (gb) => gb + t.logGbPerMonth);
    items.push(
      line(
        "usage: CloudWatch Logs",
        { kind: "logs-ingestion" },
        "per-gb",
        ingested,
        `${t.logKiBPerRequest} KiB/request + ${t.logGbPerMonth} GB/month`,
      ),
      line(
        "usage: CloudWatch Logs",
        { kind: "logs-storage" },
        "per-gb-month",
        perScale(ingested, (gb) => (gb * retention) / DAYS_PER_MONTH),
        `kept ${retention} days (the longest retention of the stack's log groups)`,
      ),
    );
  }
  if (t.customMetrics > 0)
    items.push(
      line(
        "usage: CloudWatch metrics",
        { kind: "custom-metric" },
        "per-month",
        fixed(t.customMetrics),
        `${t.customMetrics} custom metrics`,
      ),
    );
  items.push(
    line(
      "usage: Secrets Manager calls",
      { kind: "secrets-api-calls" },
      "per-million",
      fixed(t.secretsApiCallsPerMonth / 1e6),
      `${t.secretsApiCallsPerMonth} calls/month`,
    ),
  );
  if (resources.some((r) => r.type === BACKUP_VAULT)) {
    if (t.backupStorageGb === undefined)
      throw new Error(
        `the stack has AWS Backup vaults (${BACKUP_VAULT}) but platform:usage.backupStorageGb is not declared, so their storage cannot be priced`,
      );
    items.push(
      line(
        "usage: backup storage",
        { kind: "snapshot-storage", source: "rds" },
        "per-gb-month",
        fixed(t.backupStorageGb),
        `${t.backupStorageGb} GB in AWS Backup vaults`,
      ),
    );
  }
  return items;
}

/** EBS lines of volumes charts claim (Prometheus). */
export function claimedVolumeItems(volumes: readonly ClaimedVolume[]): BomItem[] {
  return volumes.map((v) =>
    line(
      `usage: ${v.name} volumes`,
      { kind: "ebs-volume", volumeType: v.volumeType },
      "per-gb-month",
      fixed(v.gib * v.count),
      `${v.count} x ${v.gib} GiB ${v.volumeType}`,
      v.name,
    ),
  );
}

/**
 * Tag on the environment's AWS Budget carrying the declared traffic and claimed volumes, so the
 * policy pack (which cannot read stack configuration) prices usage the same way the program does.
 */
export const USAGE_TAG = "platform.io/usage";

/** The usage a stack is priced with, as carried by {@link USAGE_TAG}. */
export interface DeclaredUsage {
  traffic?: TrafficAssumptions;
  volumes?: ClaimedVolume[];
}

/** Order of the traffic figures in {@link USAGE_TAG}. */
const TRAFFIC_KEYS = [
  "requestsPerSecond",
  "maxRequestsPerSecond",
  "responseKiB",
  "internalKiBPerRequest",
  "interAzShare",
  "internetShare",
  "natGbPerMonth",
  "logKiBPerRequest",
  "logGbPerMonth",
  "customMetrics",
  "secretsApiCallsPerMonth",
  "backupStorageGb",
] as const satisfies readonly (keyof TrafficAssumptions)[];

/**
 * Serialises usage for {@link USAGE_TAG}: the traffic figures in a fixed order joined by `:`
 * (`-` for an undeclared one), then each volume as `name=gib=count=type`, separated by spaces.
 * AWS tag values hold at most 256 characters of letters, digits, spaces and `_.:/=+-@`.
 * @throws Error when the text would not fit a tag value.
 */
export function encodeUsage(u: DeclaredUsage): string {
  const traffic = u.traffic
    ? TRAFFIC_KEYS.map((k) => (u.traffic![k] === undefined ? "-" : String(u.traffic![k]))).join(":")
    : "-";
  const text = [
    traffic,
    ...(u.volumes ?? []).map((v) => `${v.name}=${v.gib}=${v.count}=${v.volumeType}`),
  ].join(" ");
  if (text.length > 256 || !/^[\w .:/=+\-@]*$/.test(text))
    throw new Error(
      `usage does not fit an AWS tag value (256 characters of letters, digits and _.:/=+-@): ${text}`,
    );
  return text;
}

/**
 * Reads {@link USAGE_TAG} back.
 * @throws Error quoting the value when it is not what {@link encodeUsage} writes.
 */
export function decodeUsage(text: string): DeclaredUsage {
  const bad = (why: string) =>
    new Error(
      `tag ${USAGE_TAG} ${JSON.stringify(text)} is not usage written by the program: ${why}`,
    );
  const [first, ...rest] = text.trim().split(/\s+/);
  let traffic: TrafficAssumptions | undefined;
  if (first !== "-") {
    const values = (first ?? "").split(":");
    if (values.length !== TRAFFIC_KEYS.length)
      throw bad(`expected ${TRAFFIC_KEYS.length} traffic figures, got ${values.length}`);
    const out: Record<string, number | undefined> = {};
    TRAFFIC_KEYS.forEach((k, i) => {
      if (values[i] === "-") {
        if (k === "backupStorageGb") return;
        throw bad(`${k} is not declared`);
      }
      const n = Number(values[i]);
      if (!Number.isFinite(n) || n < 0) throw bad(`${k} is ${values[i]}`);
      out[k] = n;
    });
    traffic = out as unknown as TrafficAssumptions;
  }
  const volumes = rest.map((v) => {
    const [name, gib, count, volumeType] = v.split("=");
    if (!name || !volumeType || !(Number(gib) >= 0) || !(Number(count) >= 0))
      throw bad(`volume ${v}`);
    return { name, gib: Number(gib), count: Number(count), volumeType };
  });
  return { traffic, volumes };
}
