import { z } from "zod";
import { regionZones, REGION_ZONES } from "../../model/catalog";
import { closest } from "../../model/problems";
import { planSubnets } from "../../components/network/subnets";
import { type ConfigProblem, problemsFromZod } from "../errors";
import { awsSchema, tagsSchema } from "./aws";
import { budgetSchema } from "./budget";
import { chartsSchema } from "./charts";
import { clusterSchema } from "./cluster";
import { deploySchema, reachabilityIssues } from "./deploy";
import { connectionIssues } from "./connections";
import { edgeIssues, edgeSchema } from "./edge";
import { loadTestIssues, loadTestsSchema } from "./loadtests";
import {
  cacheSchema,
  databaseSchema,
  namespacesSchema,
  pgbouncerSchema,
  queueIssues,
  queueSchema,
} from "./data";
import { monitoringIssues, monitoringSchema, webhookUrlSchema } from "./monitoring";
import { loadSchema } from "./load";
import { networkSchema } from "./network";
import { autoscalerSchema, nodeGroupsSchema, offHoursSchema } from "./nodegroups";
import { namespaceIssues } from "./ownership";
import { sandboxSchema } from "./sandbox";
import { autoscalingSchema, headroomSchema, planningSchema } from "./planning";
import { renderSchema } from "./render";
import { safetyIssues, safetyOptOutsSchema } from "./safety";
import { SECRET_SETTINGS, secretProblems, SecretValue } from "./secrets";
import { subnetCapacityIssues } from "./subnet-capacity";
import { tlsSchema } from "./tls";
import { usageSchema } from "./usage";
import { workloadIssues } from "./workload-checks";
import { servicesSchema, workersSchema } from "./workloads";

/**
 * The whole environment configuration. Each top-level key is one `platform:<key>` entry of
 * `Pulumi.<env>.yaml`; the schema is the single home of every default.
 */
export const environmentShape = {
  aws: awsSchema.describe("Where the environment lives"),
  tags: tagsSchema.describe("Ownership and cost allocation tags"),
  network: networkSchema.prefault({}).describe("The VPC and its subnets"),
  cluster: clusterSchema.describe("The EKS control plane"),
  deploy: deploySchema,
  nodeGroups: nodeGroupsSchema,
  autoscaler: autoscalerSchema.prefault({}).describe("Cluster autoscaler scale-down behaviour"),
  offHours: offHoursSchema,
  tls: tlsSchema,
  edge: edgeSchema,
  charts: chartsSchema,
  budget: budgetSchema,
  usage: usageSchema,
  database: databaseSchema
    .prefault({})
    .describe("RDS PostgreSQL primary, read replicas and partitioned tables"),
  cache: cacheSchema.prefault({}).describe("ElastiCache for Redis"),
  queue: queueSchema.prefault({}).describe("Amazon MQ for RabbitMQ"),
  pgbouncer: pgbouncerSchema,
  namespaces: namespacesSchema,
  services: servicesSchema,
  workers: workersSchema,
  planning: planningSchema,
  load: loadSchema,
  headroom: headroomSchema,
  autoscaling: autoscalingSchema,
  render: renderSchema,
  sandbox: sandboxSchema,
  loadTests: loadTestsSchema,
  monitoring: monitoringSchema.optional(),
  alertWebhookUrl: webhookUrlSchema,
  safetyOptOuts: safetyOptOutsSchema,
};

type Shape = typeof environmentShape;
type Key = keyof Shape;
type Parsed = { [K in Key]: z.output<Shape[K]> };
type Issue = { path: (string | number)[]; message: string };

/**
 * A check across settings. It runs only when every key it `needs` parsed cleanly, so a problem in
 * one key never crashes or hides the checks of the others, and every problem is reported at once.
 */
interface CrossCheck {
  needs: readonly Key[];
  check(env: Parsed, raw: Record<string, unknown>): Issue[];
}

const CROSS_CHECKS: readonly CrossCheck[] = [
  {
    needs: ["render", "sandbox"],
    check: (env) =>
      env.render !== undefined && env.sandbox !== undefined
        ? [
            {
              path: ["sandbox"],
              message:
                "platform:render and platform:sandbox are both set; keep one (render writes YAML, sandbox applies to a proving ground)",
            },
          ]
        : [],
  },
  {
    needs: ["aws", "network"],
    check(env) {
      const zones = regionZones(env.aws.region);
      if (env.network.zones > zones.length) {
        return [
          {
            path: ["network", "zones"],
            message: `platform:aws.region ${env.aws.region} offers ${zones.length} zones usable by EKS (${zones.join(", ")}); ask for at most ${zones.length}`,
          },
        ];
      }
      try {
        planSubnets(
          env.network.cidr,
          zones.slice(0, env.network.zones),
          env.network.subnetPrefixLength,
        );
      } catch (err) {
        return [{ path: ["network", "cidr"], message: (err as Error).message }];
      }
      return [];
    },
  },
  {
    needs: ["charts", "cluster"],
    check(env) {
      const caMinor = env.charts.clusterAutoscaler.imageTag.replace(/^v(1\.\d+)\..*$/, "$1");
      return caMinor === env.cluster.version
        ? []
        : [
            {
              path: ["charts", "clusterAutoscaler", "imageTag"],
              message: `cluster autoscaler ${env.charts.clusterAutoscaler.imageTag} must match the cluster's minor version ${env.cluster.version} (platform:cluster.version)`,
            },
          ];
    },
  },
  {
    needs: ["aws"],
    check: (env) =>
      env.aws.backupRegion !== undefined && env.aws.backupRegion === env.aws.region
        ? [
            {
              path: ["aws", "backupRegion"],
              message: `is the environment's own region ${env.aws.region}; disaster-recovery copies need another region`,
            },
          ]
        : [],
  },
  {
    needs: ["services", "workers", "headroom", "nodeGroups", "namespaces", "queue"],
    check: (env) => workloadIssues(env),
  },
  { needs: ["monitoring", "alertWebhookUrl"], check: (env) => monitoringIssues(env) },
  {
    needs: ["namespaces", "pgbouncer", "monitoring", "headroom"],
    check: (env) => namespaceIssues(env),
  },
  { needs: ["queue"], check: (env) => queueIssues(env.queue) },
  { needs: ["edge", "services"], check: (env) => edgeIssues(env) },
  { needs: ["loadTests", "services"], check: (env) => loadTestIssues(env) },
  {
    needs: ["deploy", "cluster", "render", "sandbox"],
    check: (env) =>
      reachabilityIssues(
        env.deploy,
        env.cluster.publicAccessCidrs,
        env.render === undefined && env.sandbox === undefined,
      ),
  },
  { needs: ["database", "pgbouncer"], check: (env) => connectionIssues(env) },
  {
    needs: ["budget", "offHours"],
    check: (env) =>
      env.budget.shutdownAtPercent !== undefined && env.offHours === undefined
        ? [
            {
              path: ["budget", "shutdownAtPercent"],
              message:
                "scales application node groups to their off-hours size, which needs platform:offHours; add a schedule or remove it",
            },
          ]
        : [],
  },
  {
    needs: ["offHours", "database"],
    check: (env) =>
      env.offHours?.stopDatabase === true && env.database.readReplicas > 0
        ? [
            {
              path: ["offHours", "stopDatabase"],
              message: `RDS cannot stop an instance that has read replicas (platform:database.readReplicas is ${env.database.readReplicas}); set stopDatabase: false or readReplicas: 0`,
            },
          ]
        : [],
  },
  {
    needs: ["nodeGroups", "offHours"],
    check: (env) =>
      Object.entries(env.nodeGroups).flatMap(([name, group]) =>
        group.offHoursSize !== undefined && env.offHours === undefined
          ? [
              {
                path: ["nodeGroups", name, "offHoursSize"],
                message:
                  "has no effect without platform:offHours; add an offHours schedule or remove it",
              },
            ]
          : [],
      ),
  },
  {
    needs: ["aws", "network", "nodeGroups", "database", "cache", "queue"],
    check: (env) =>
      env.network.zones > (REGION_ZONES[env.aws.region]?.length ?? 0)
        ? [] // the zone count is reported above
        : subnetCapacityIssues(env),
  },
  {
    needs: ["cluster", "database", "cache", "queue", "tls", "monitoring", "safetyOptOuts"],
    check: (env, raw) => safetyIssues(env, raw),
  },
];

const NAMESPACE = "platform";

/**
 * Validates raw settings (keys without the namespace): each key by its schema, then the checks
 * across keys whose inputs are valid. `source` names the stack file in messages. Returns the parsed settings when there is no problem, and
 * every problem found, each keyed as the stack file spells it.
 */
export function validateSettings(
  raw: Record<string, unknown>,
  source: string,
): {
  parsed?: Parsed;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const failed = new Set<string>();
  const parsed: Partial<Record<Key, unknown>> = {};
  const known = Object.keys(environmentShape);
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    problems.push({
      key: `${NAMESPACE}:${key}`,
      message: guess
        ? `is not a known setting; did you mean ${NAMESPACE}:${guess}?`
        : "is not a known setting; see docs/configuration.md",
    });
  }
  for (const key of known as Key[]) {
    const full = `${NAMESPACE}:${key}`;
    const value = raw[key];
    if (full in SECRET_SETTINGS) {
      if (value !== undefined) {
        const found = secretProblems(full, value, source);
        problems.push(...found);
        if (found.length) failed.add(key);
      }
    } else if (value instanceof SecretValue) {
      problems.push({
        key: full,
        message: `is stored as a secret, but it is not a secret setting; set it in plain text with pulumi config set ${full} ...`,
      });
      failed.add(key);
      continue;
    }
    const schema = environmentShape[key] as z.ZodType;
    const result = schema.safeParse(value);
    if (result.success) parsed[key] = result.data;
    else {
      failed.add(key);
      problems.push(...problemsFromZod(result.error, value, full, schema));
    }
  }
  for (const { needs, check } of CROSS_CHECKS) {
    if (needs.some((k) => failed.has(k))) continue;
    for (const issue of check(parsed as Parsed, raw)) {
      let value: unknown = raw;
      for (const seg of issue.path)
        value =
          value !== null && typeof value === "object"
            ? (value as Record<string, unknown>)[String(seg)]
            : undefined;
      problems.push({
        key: `${NAMESPACE}:${issue.path.map(String).join(".")}`,
        message: issue.message,
        value: value !== null && typeof value === "object" ? undefined : value,
      });
    }
  }
  return problems.length === 0 ? { parsed: parsed as Parsed, problems } : { problems };
}

/** A node group with every default resolved. */
export type NodeGroupConfig = Parsed["nodeGroups"][string] & { desiredSize: number };

/** The validated, fully defaulted environment the program is built from. */
export interface Environment extends Omit<Parsed, "nodeGroups"> {
  /** Environment name: the Pulumi stack name. */
  name: string;
  /** The availability zones used, in order. */
  zones: string[];
  nodeGroups: Record<string, NodeGroupConfig>;
}

/** Config keys, as written in `Pulumi.<env>.yaml` under the `platform:` namespace. */
export const CONFIG_KEYS = Object.keys(environmentShape) as Key[];

/** Adds what is derived rather than configured: zone names and resolved per-group defaults. */
export function resolveEnvironment(name: string, parsed: Parsed): Environment {
  const nodeGroups = Object.fromEntries(
    Object.entries(parsed.nodeGroups).map(([n, g]) => [
      n,
      {
        ...g,
        desiredSize: g.desiredSize ?? g.minSize,
        // Application groups follow the office-hours schedule unless told otherwise.
        offHoursSize:
          g.offHoursSize ?? (parsed.offHours && g.role === "application" ? 0 : undefined),
      },
    ]),
  );
  return {
    ...parsed,
    name,
    zones: [...regionZones(parsed.aws.region).slice(0, parsed.network.zones)],
    nodeGroups,
  };
}
