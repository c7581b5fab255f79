/**
 * The fixed corpus: the mistakes issue 11 found operators making in the stack files, each with
 * the key its refusal must name, and correct settings that must be accepted.
 */
import { flatten, type Mutation, stackConfig } from "./mutations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Settings = Record<string, any>;

/** A corpus case: an edit of a shipped stack file and the key (or keys) the outcome is about. */
export interface CorpusCase {
  name: string;
  environment: string;
  edit(s: Settings, others: Record<string, string>): void;
  /** Keys every one of which a refusal must name. */
  keys: string[];
  /** Text the message of the first key's problem must contain. */
  says?: RegExp;
  /** Text no message may contain. */
  never?: RegExp;
}

/** Bad configurations: each must be refused, naming every key listed. */
export const BAD: CorpusCase[] = [
  {
    name: "a misspelt top-level namespace (platfrom:database) does not fall back to defaults",
    environment: "prod",
    edit: (_s, o) => (o["platfrom:database"] = JSON.stringify({ backupRetentionDays: 14 })),
    keys: ["platfrom:database"],
    says: /did you mean platform:database\?/,
  },
  {
    name: "a misspelt setting gets the closest known key",
    environment: "prod",
    edit: (s) => (s.database.backupRetentionDay = 14),
    keys: ["platform:database.backupRetentionDay"],
    says: /did you mean platform:database\.backupRetentionDays\?/,
  },
  {
    name: "a provider key the program never reads (aws:region)",
    environment: "dev",
    edit: (_s, o) => (o["aws:region"] = "eu-west-1"),
    keys: ["aws:region"],
    says: /platform:aws\.region/,
  },
  {
    name: "a VPC CIDR outside /16-/28",
    environment: "prod",
    edit: (s) => (s.network.cidr = "10.0.0.0/12"),
    keys: ["platform:network.cidr"],
    says: /between \/16 and \/28/,
  },
  {
    name: "a VPC CIDR outside the private ranges",
    environment: "dev",
    edit: (s) => (s.network.cidr = "52.10.0.0/16"),
    keys: ["platform:network.cidr"],
    says: /private range/,
  },
  {
    name: "a flow-log retention CloudWatch does not offer",
    environment: "staging",
    edit: (s) => (s.network.flowLogRetentionDays = 10),
    keys: ["platform:network.flowLogRetentionDays"],
    says: /CloudWatch's retention periods/,
  },
  {
    name: "a tag key with the reserved aws: prefix",
    environment: "prod",
    edit: (s) => (s.tags.extra = { "aws:team": "payments" }),
    keys: ["platform:tags.extra.aws:team"],
    says: /aws: prefix is reserved/,
  },
  {
    name: "a tag that overrides one the program sets",
    environment: "dev",
    edit: (s) => (s.tags.extra = { Owner: "someone-else" }),
    keys: ["platform:tags.extra.Owner"],
    says: /set by the program/,
  },
  {
    name: "more tags than AWS allows on a resource",
    environment: "dev",
    edit: (s) =>
      (s.tags.extra = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`team${i}`, "x"]))),
    keys: ["platform:tags.extra"],
    says: /AWS allows 50/,
  },
  {
    name: "a Redis engine version ElastiCache does not offer",
    environment: "prod",
    edit: (s) => (s.cache.engineVersion = "7.5"),
    keys: ["platform:cache.engineVersion"],
    says: /offered: 7\.0, 7\.1/,
  },
  {
    name: "a RabbitMQ version Amazon MQ no longer offers",
    environment: "staging",
    edit: (s) => (s.queue.engineVersion = "3.8"),
    keys: ["platform:queue.engineVersion"],
    says: /offered: 3\.13, 4\.2/,
  },
  {
    name: "RabbitMQ 4.2 on an instance family that cannot run it",
    environment: "prod",
    edit: (s) => (s.queue.engineVersion = "4.2"),
    keys: ["platform:queue.engineVersion"],
    says: /mq\.m7g only/,
  },
  {
    name: "a cluster broker on a single-broker size",
    environment: "prod",
    edit: (s) => (s.queue.instanceType = "mq.t3.micro"),
    keys: ["platform:queue.deploymentMode"],
    says: /single broker only/,
  },
  {
    name: "a PostgreSQL major version RDS does not offer",
    environment: "dev",
    edit: (s) => (s.database.engineVersion = "12"),
    keys: ["platform:database.engineVersion"],
    says: /offered: 14, 15, 16, 17, 18/,
  },
  {
    name: "a cron schedule with minute 75",
    environment: "prod",
    edit: (s) => (s.database.maintenanceSchedule = "75 1 * * *"),
    keys: ["platform:database.maintenanceSchedule"],
    says: /minute 75 is out of range/,
  },
  {
    name: "a cron schedule with seconds (six fields)",
    environment: "dev",
    edit: (s) => (s.database.maintenanceSchedule = "0 15 1 * * *"),
    keys: ["platform:database.maintenanceSchedule"],
    says: /takes five/,
  },
  {
    name: "private subnets too small for the nodes' pods",
    environment: "prod",
    edit: (s) => (s.network.subnetPrefixLength = { private: 24 }),
    keys: ["platform:network.subnetPrefixLength.private"],
    says: /VPC address per pod.*use \/21/,
  },
  {
    name: "data subnets too small for the data services",
    environment: "prod",
    edit: (s) => {
      s.network.subnetPrefixLength = { data: 28 };
      s.cache.shards = 10;
      s.cache.replicasPerShard = 2;
    },
    keys: ["platform:network.subnetPrefixLength.data"],
    says: /data subnet holds 11 usable addresses/,
  },
  {
    name: "a memory quantity in millibytes (192m)",
    environment: "prod",
    edit: (s) => (s.workers["agent-worker"].resources.requests.memory = "192m"),
    keys: ["platform:workers.agent-worker.resources.requests.memory"],
    says: /did you mean 192Mi\?/,
  },
  {
    name: "a limit below its request",
    environment: "staging",
    edit: (s) =>
      (s.workers["agent-worker"].resources = {
        requests: { cpu: "500m", memory: "512Mi" },
        limits: { cpu: "250m", memory: "256Mi" },
      }),
    keys: [
      "platform:workers.agent-worker.resources.limits.cpu",
      "platform:workers.agent-worker.resources.limits.memory",
    ],
    says: /below the request/,
  },
  {
    name: "a PgBouncer memory quantity that is not one",
    environment: "dev",
    edit: (s) => (s.pgbouncer.memory = "256MB"),
    keys: ["platform:pgbouncer.memory"],
    says: /memory quantity/,
  },
  {
    name: "a namespace listed twice",
    environment: "prod",
    edit: (s) => (s.namespaces = ["apps", "agents", "apps"]),
    keys: ["platform:namespaces.2"],
    says: /twice/,
  },
  {
    name: "an application namespace the platform owns (monitoring)",
    environment: "prod",
    edit: (s) => (s.namespaces = ["apps", "agents", "monitoring"]),
    keys: ["platform:namespaces.2"],
    says: /platform:monitoring\.namespace/,
  },
  {
    name: "an application namespace Kubernetes owns (kube-system)",
    environment: "dev",
    edit: (s) => (s.namespaces = ["apps", "agents", "kube-system"]),
    keys: ["platform:namespaces.2"],
    says: /Kubernetes' own/,
  },
  {
    name: "the data tier's namespace moved onto monitoring's",
    environment: "staging",
    edit: (s) => (s.monitoring.namespace = "data"),
    keys: ["platform:monitoring.namespace"],
    says: /data tier's namespace/,
  },
  {
    name: "a queue listed twice talks about queues, not alarms",
    environment: "prod",
    edit: (s) => (s.queue.queues = ["agent-tasks", "agent-results", "agent-tasks"]),
    keys: ["platform:queue.queues.2"],
    says: /lists the queue "agent-tasks" twice/,
  },
  {
    name: "two queues whose alarm names collide",
    environment: "dev",
    edit: (s) => (s.queue.queues = ["agent-tasks", "agent-results", "agent.tasks"]),
    keys: ["platform:queue.queues.2"],
    says: /differ only in/,
  },
  {
    name: "RDS parameters that disable rds.force_ssl in prod",
    environment: "prod",
    edit: (s) => (s.database.parameters = { "rds.force_ssl": 0 }),
    keys: ["platform:database.parameters.rds.force_ssl"],
    says: /without TLS.*platform:safetyOptOuts/,
  },
  {
    name: "deletion protection of the prod database switched off",
    environment: "prod",
    edit: (s) => (s.database.protect = false),
    keys: ["platform:database.protect"],
    says: /protected environment/,
  },
  {
    name: "Pulumi protect of the prod cache and broker switched off",
    environment: "prod",
    edit: (s) => {
      s.cache.protect = false;
      s.queue.protect = false;
    },
    keys: ["platform:cache.protect", "platform:queue.protect"],
  },
  {
    name: "the API endpoint opened to the whole Internet without 0.0.0.0/0",
    environment: "prod",
    edit: (s) => (s.cluster.publicAccessCidrs = ["0.0.0.0/1", "128.0.0.0/1"]),
    keys: ["platform:cluster.publicAccessCidrs"],
    says: /whole Internet/,
  },
  {
    name: "the API endpoint opened to a large part of the Internet",
    environment: "dev",
    edit: (s) => (s.cluster.publicAccessCidrs = ["64.0.0.0/4"]),
    keys: ["platform:cluster.publicAccessCidrs"],
    says: /more than a \/8/,
  },
  {
    name: "a private range on the public API allow-list (never a source the endpoint sees)",
    environment: "staging",
    edit: (s) => (s.cluster.publicAccessCidrs = ["203.0.113.0/24", "10.20.0.0/16"]),
    keys: ["platform:cluster.publicAccessCidrs.1"],
    says: /includes 10\.0\.0\.0\/8, addresses that never reach the public endpoint/,
  },
  {
    name: "a partitioned table's index listed twice",
    environment: "prod",
    edit: (s) =>
      (s.database.partitionedTables[0].indexes = [
        ["occurred_at"],
        ["actor", "occurred_at"],
        ["occurred_at"],
      ]),
    keys: ["platform:database.partitionedTables.0.indexes.2"],
    says: /repeats indexes\[0\]/,
  },
  {
    name: "more PgBouncer pods than PostgreSQL has connections for",
    environment: "prod",
    edit: (s) => (s.pgbouncer.replicas = 300),
    keys: ["platform:pgbouncer.replicas"],
    says: /300 PgBouncer pods may open 10500 connections to the writer.*max_connections 3604/,
  },
  {
    name: "prod without its TLS or monitoring section",
    environment: "prod",
    edit: (s) => {
      delete s.tls;
      delete s.monitoring;
    },
    keys: ["platform:tls", "platform:monitoring"],
    says: /is missing/,
  },
  {
    name: "prod on a self-signed issuer",
    environment: "prod",
    edit: (s) => (s.tls = { issuer: { kind: "selfSigned" } }),
    keys: ["platform:tls"],
    says: /self-signed/,
  },
  {
    name: "an opt-out without a reason",
    environment: "prod",
    edit: (s) => {
      s.database.protect = false;
      s.safetyOptOuts = { "database.protect": "yes" };
    },
    keys: ["platform:safetyOptOuts.database.protect"],
    says: /give the reason/,
  },
  {
    name: "an opt-out that is not needed",
    environment: "prod",
    edit: (s) => (s.safetyOptOuts = { "cache.protect": "CHG-1234: cache rebuilt on 2026-12-05" }),
    keys: ["platform:safetyOptOuts.cache.protect"],
    says: /not needed/,
  },
  {
    name: "a region typo reports its key and does not hide the file's other errors",
    environment: "prod",
    edit: (s) => {
      s.aws.region = "us-east-l";
      s.network.flowLogRetentionDays = 10;
      s.nodeGroups.system.minSize = 0;
      s.namespaces = ["apps", "agents", "monitoring"];
    },
    keys: [
      "platform:aws.region",
      "platform:network.flowLogRetentionDays",
      "platform:nodeGroups.system.minSize",
      "platform:namespaces.2",
    ],
    says: /did you mean us-east-1\?/,
  },
  {
    name: "the alert webhook stored in plain text",
    environment: "prod",
    edit: (s) => {
      s.alertWebhookUrl = "https://hooks.example.org/services/T0/B0/plaintext-token";
      s.monitoring.routes = { critical: ["sns", "webhook"] };
    },
    keys: ["platform:alertWebhookUrl"],
    says: /pulumi config set --secret platform:alertWebhookUrl/,
    never: /plaintext-token/,
  },
  {
    name: "a secret under a key that is not a secret setting",
    environment: "dev",
    edit: (s) => (s.budget = { secure: "v1:AAAAAAAAAAAAAAAA:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0" }),
    keys: ["platform:budget"],
    says: /not a secret setting/,
  },
  {
    name: "a render secret in an environment that does not render",
    environment: "dev",
    edit: (_s, o) => (o["render:cachePassword"] = JSON.stringify({ secure: "v1:AAAA:AAAA" })),
    keys: ["render:cachePassword"],
    says: /only when platform:render is set/,
  },
];

/** Correct configurations: each must be accepted. */
export const GOOD: CorpusCase[] = [
  {
    name: "the alert webhook set as the docs say (pulumi config set --secret writes secure: v1:...)",
    environment: "prod",
    edit: (s) => {
      s.alertWebhookUrl = { secure: "v1:AAAAAAAAAAAAAAAA:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0" };
      s.monitoring.routes = { critical: ["sns", "webhook"], warning: ["webhook"] };
    },
    keys: ["platform:alertWebhookUrl"],
  },
  {
    name: "a named opt-out with its reason",
    environment: "prod",
    edit: (s) => {
      s.database.protect = false;
      s.safetyOptOuts = { "database.protect": "CHG-1234: rebuilt from the 2026-12-05 snapshot" };
    },
    keys: ["platform:safetyOptOuts"],
  },
  {
    name: "one RDS parameter set in prod keeps rds.force_ssl from the defaults",
    environment: "prod",
    edit: (s) => (s.database.parameters = { work_mem: 65536 }),
    keys: ["platform:database.parameters"],
  },
  {
    name: "office and VPN ranges on the API allow-list",
    environment: "prod",
    edit: (s) => (s.cluster.publicAccessCidrs = ["203.0.113.0/24", "198.51.100.10/32"]),
    keys: ["platform:cluster.publicAccessCidrs"],
  },
  {
    name: "schedules Kubernetes runs: a descriptor, weekdays, names",
    environment: "dev",
    edit: (s) => (s.database.maintenanceSchedule = "*/30 2 * * MON-FRI"),
    keys: ["platform:database.maintenanceSchedule"],
  },
  {
    name: "quantities in the other forms Kubernetes accepts",
    environment: "staging",
    edit: (s) =>
      (s.workers["agent-worker"].resources = {
        requests: { cpu: "0.25", memory: "1.5Gi" },
        limits: { cpu: "1500m", memory: "2G" },
      }),
    keys: ["platform:workers.agent-worker.resources"],
  },
  {
    name: "RabbitMQ 4.2 on mq.m7g",
    environment: "prod",
    edit: (s) => {
      s.queue.engineVersion = "4.2";
      s.queue.instanceType = "mq.m7g.large";
    },
    keys: ["platform:queue.engineVersion"],
  },
  {
    name: "another region with enough zones, and a 172.16/12 VPC",
    environment: "staging",
    edit: (s) => {
      s.aws.region = "eu-west-1";
      s.network.cidr = "172.20.0.0/16";
    },
    keys: ["platform:aws.region"],
  },
  {
    name: "more PgBouncer pods once max_connections is raised to hold them",
    environment: "prod",
    edit: (s) => {
      s.pgbouncer.replicas = 120;
      s.database.parameters = { max_connections: 4500 };
    },
    keys: ["platform:pgbouncer.replicas"],
  },
  {
    name: "the engine's own setting pulumi:disable-default-providers",
    environment: "dev",
    edit: (_s, o) => (o["pulumi:disable-default-providers"] = '["*"]'),
    keys: ["pulumi:disable-default-providers"],
  },
  {
    name: "extra tags with the characters AWS allows",
    environment: "dev",
    edit: (s) =>
      (s.tags.extra = {
        team: "payments",
        "cost:project": "agents/2026",
        "data-class": "internal @ eu",
      }),
    keys: ["platform:tags.extra"],
  },
];

/** A corpus case as a mutation of its stack file. */
export function corpusMutation(c: CorpusCase, expect: "refuse" | "accept"): Mutation {
  const sc = stackConfig(c.environment);
  c.edit(sc.settings, sc.others);
  return {
    environment: c.environment,
    kind: "corpus",
    config: flatten(sc),
    touched: c.keys,
    expect,
    description: c.name,
  };
}
