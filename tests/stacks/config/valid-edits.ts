/**
 * Edits an operator makes on purpose, with values AWS and Kubernetes accept: each must be
 * accepted (a refusal is a correct configuration refused).
 */
import fc from "fast-check";
import {
  CLOUDWATCH_RETENTION_DAYS,
  POSTGRES_VERSIONS,
  REDIS_VERSIONS,
  REGION_ZONES,
} from "../../../model/catalog";
import { flatten, type Mutation, stackConfig } from "./mutations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Settings = Record<string, any>;
interface Edit {
  touched: string[];
  description: string;
  apply(s: Settings, others: Record<string, string>): void;
}

const edit = (touched: string, description: string, apply: Edit["apply"]): Edit => ({
  touched: [touched],
  description,
  apply,
});

/** A name no part of the platform owns. */
const freeName = fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/).map((n) => `team-${n}`);

const EDITS: fc.Arbitrary<Edit>[] = [
  fc.constantFrom(...Object.keys(REGION_ZONES)).map((region) =>
    edit("platform:aws.region", `region ${region}`, (s) => {
      s.aws.region = region;
      // Within what the region offers, and DR copies elsewhere.
      s.network.zones = Math.min(s.network.zones ?? 3, REGION_ZONES[region].length);
      if (s.aws.backupRegion === region)
        s.aws.backupRegion = region === "us-east-1" ? "us-west-2" : "us-east-1";
    }),
  ),
  fc
    .oneof(
      fc.nat(255).map((b) => `10.${b}.0.0/16`),
      fc.integer({ min: 16, max: 31 }).map((b) => `172.${b}.0.0/16`),
      fc.constant("192.168.0.0/16"),
      fc.nat(63).map((b) => `100.${64 + b}.0.0/16`),
    )
    .map((cidr) => edit("platform:network.cidr", `VPC ${cidr}`, (s) => (s.network.cidr = cidr))),
  fc
    .constantFrom(...CLOUDWATCH_RETENTION_DAYS)
    .map((d) =>
      edit(
        "platform:network.flowLogRetentionDays",
        `flow logs ${d} days`,
        (s) => (s.network.flowLogRetentionDays = d),
      ),
    ),
  fc
    .constantFrom(...CLOUDWATCH_RETENTION_DAYS)
    .map((d) =>
      edit(
        "platform:cluster.logRetentionDays",
        `control-plane logs ${d} days`,
        (s) => (s.cluster.logRetentionDays = d),
      ),
    ),
  fc
    .constantFrom(...POSTGRES_VERSIONS.map((v) => v.version))
    .map((v) =>
      edit(
        "platform:database.engineVersion",
        `PostgreSQL ${v}`,
        (s) => (s.database.engineVersion = v),
      ),
    ),
  fc
    .constantFrom(...REDIS_VERSIONS.map((v) => v.version))
    .map((v) =>
      edit("platform:cache.engineVersion", `Redis ${v}`, (s) => (s.cache.engineVersion = v)),
    ),
  fc.constantFrom("mq.m7g.large", "mq.m7g.xlarge").map((t) =>
    edit("platform:queue.engineVersion", `RabbitMQ 4.2 on ${t}`, (s) => {
      s.queue.engineVersion = "4.2";
      s.queue.instanceType = t;
    }),
  ),
  fc
    .oneof(
      fc.tuple(fc.nat(59), fc.nat(23)).map(([m, h]) => `${m} ${h} * * *`),
      fc.constantFrom("@daily", "@hourly", "0 3 * * 1-5", "*/30 2 * * SUN", "15 1 1,15 * *"),
    )
    .map((cron) =>
      edit(
        "platform:database.maintenanceSchedule",
        `schedule ${cron}`,
        (s) => (s.database.maintenanceSchedule = cron),
      ),
    ),
  fc.tuple(fc.integer({ min: 6, max: 4096 }), fc.integer({ min: 0, max: 4096 })).map(([mi, more]) =>
    edit(
      "platform:workers.agent-worker.resources",
      `worker memory ${mi}Mi, limit ${mi + more}Mi`,
      (s) =>
        (s.workers["agent-worker"].resources = {
          requests: { cpu: "100m", memory: `${mi}Mi` },
          limits: { memory: `${mi + more}Mi` },
        }),
    ),
  ),
  fc
    .dictionary(
      fc
        .stringMatching(/^[a-z][a-z0-9_.:/=+@-]{0,30}$/)
        .filter((k) => !/^(aws:|eks:|k8s\.io\/|kubernetes\.io\/|platform\.io\/)/i.test(k)),
      fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,40}$/),
      { maxKeys: 10 },
    )
    .map((extra) =>
      edit(
        "platform:tags.extra",
        `${Object.keys(extra).length} extra tags`,
        (s) => (s.tags.extra = extra),
      ),
    ),
  fc
    .uniqueArray(
      fc.tuple(
        fc.integer({ min: 11, max: 99 }),
        fc.nat(255),
        fc.nat(255),
        fc.integer({ min: 24, max: 32 }),
      ),
      { maxLength: 5, selector: ([a, b, c]) => `${a}.${b}.${c}` },
    )
    .map((ranges) => ranges.map(([a, b, c, p]) => `${a}.${b}.${c}.0/${p}`))
    .map((cidrs) =>
      edit(
        "platform:cluster.publicAccessCidrs",
        `API open to ${cidrs.join(", ") || "nobody"}`,
        (s) => (s.cluster.publicAccessCidrs = cidrs),
      ),
    ),
  freeName.map((ns) =>
    edit(
      "platform:namespaces",
      `namespace ${ns} added`,
      (s) => (s.namespaces = [...s.namespaces, ns]),
    ),
  ),
  fc
    .stringMatching(/^[a-z][a-z0-9]{2,12}$/)
    .map((q) =>
      edit(
        "platform:queue.queues",
        `queue jobs-${q} added`,
        (s) => (s.queue.queues = [...s.queue.queues, `jobs-${q}`]),
      ),
    ),
  fc
    .integer({ min: 1024, max: 262144 })
    .map((kb) =>
      edit(
        "platform:database.parameters",
        `work_mem ${kb}`,
        (s) => (s.database.parameters = { work_mem: kb }),
      ),
    ),
  fc.constant(
    edit("platform:alertWebhookUrl", "webhook set with pulumi config set --secret", (s) => {
      s.alertWebhookUrl = { secure: "v1:AAAAAAAAAAAAAAAA:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0" };
      s.monitoring.routes = { critical: ["sns", "webhook"], warning: ["webhook"] };
    }),
  ),
  fc.constant(
    edit("pulumi:disable-default-providers", "engine setting", (_s, others) => {
      others["pulumi:disable-default-providers"] = '["*"]';
    }),
  ),
];

/** A valid edit of `environment`, drawn by fast-check. */
export const validEdit = fc.oneof(...EDITS);

/** Applies a valid edit to an environment's stack file. */
export function applyValid(environment: string, e: Edit): Mutation {
  const c = stackConfig(environment);
  const s = JSON.parse(JSON.stringify(c.settings)) as Settings;
  e.apply(s, c.others);
  return {
    environment,
    kind: "valid",
    config: flatten({ settings: s, others: c.others }),
    touched: e.touched,
    expect: "accept",
    description: e.description,
  };
}
