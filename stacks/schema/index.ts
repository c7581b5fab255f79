import { z } from "zod";
import { regionZones } from "../../model/catalog";
import { planSubnets } from "../../components/network/subnets";
import { awsSchema, tagsSchema } from "./aws";
import { budgetSchema } from "./budget";
import { chartsSchema } from "./charts";
import { clusterSchema } from "./cluster";
import { edgeIssues, edgeSchema } from "./edge";
import {
  cacheSchema,
  databaseSchema,
  namespacesSchema,
  pgbouncerSchema,
  queueSchema,
} from "./data";
import { monitoringIssues, monitoringSchema, webhookUrlSchema } from "./monitoring";
import { networkSchema } from "./network";
import { autoscalerSchema, nodeGroupsSchema, offHoursSchema } from "./nodegroups";
import { tlsSchema } from "./tls";
import { renderSchema } from "./render";
import { autoscalingSchema, headroomSchema, planningSchema } from "./planning";
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
  nodeGroups: nodeGroupsSchema,
  autoscaler: autoscalerSchema.prefault({}).describe("Cluster autoscaler scale-down behaviour"),
  offHours: offHoursSchema,
  tls: tlsSchema,
  edge: edgeSchema,
  charts: chartsSchema,
  budget: budgetSchema,
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
  headroom: headroomSchema,
  autoscaling: autoscalingSchema,
  render: renderSchema,
  monitoring: monitoringSchema.optional(),
  alertWebhookUrl: webhookUrlSchema,
};

export const environmentSchema = z.strictObject(environmentShape).superRefine((env, ctx) => {
  const zones = regionZones(env.aws.region);
  if (env.network.zones > zones.length) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "zones"],
      message: `${env.aws.region} offers ${zones.length} zones usable by EKS (${zones.join(", ")}); ask for at most ${zones.length}`,
    });
  } else {
    try {
      planSubnets(
        env.network.cidr,
        zones.slice(0, env.network.zones),
        env.network.subnetPrefixLength,
      );
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["network", "cidr"], message: (err as Error).message });
    }
  }
  const caMinor = env.charts.clusterAutoscaler.imageTag.replace(/^v(1\.\d+)\..*$/, "$1");
  if (caMinor !== env.cluster.version) {
    ctx.addIssue({
      code: "custom",
      path: ["charts", "clusterAutoscaler", "imageTag"],
      message: `cluster autoscaler ${env.charts.clusterAutoscaler.imageTag} must match the cluster's minor version ${env.cluster.version}`,
    });
  }
  if (env.aws.backupRegion !== undefined && env.aws.backupRegion === env.aws.region) {
    ctx.addIssue({
      code: "custom",
      path: ["aws", "backupRegion"],
      message: `is the environment's own region ${env.aws.region}; disaster-recovery copies need another region`,
    });
  }
  for (const issue of workloadIssues(env)) ctx.addIssue({ code: "custom", ...issue });
  for (const issue of monitoringIssues(env)) ctx.addIssue({ code: "custom", ...issue });
  for (const issue of edgeIssues(env)) ctx.addIssue({ code: "custom", ...issue });
  if (env.namespaces.includes(env.pgbouncer.namespace)) {
    ctx.addIssue({
      code: "custom",
      path: ["namespaces"],
      message: `must not list ${env.pgbouncer.namespace}: it is the data tier's own namespace (platform:pgbouncer.namespace)`,
    });
  }
  if (env.budget.shutdownAtPercent !== undefined && env.offHours === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["budget", "shutdownAtPercent"],
      message:
        "scales application node groups to their off-hours size, which needs platform:offHours; add a schedule or remove it",
    });
  }
  for (const [name, group] of Object.entries(env.nodeGroups)) {
    if (group.offHoursSize !== undefined && env.offHours === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["nodeGroups", name, "offHoursSize"],
        message: "has no effect without platform:offHours; add an offHours schedule or remove it",
      });
    }
  }
});

type Parsed = z.output<typeof environmentSchema>;

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
export const CONFIG_KEYS = Object.keys(environmentShape) as (keyof typeof environmentShape)[];

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
    zones: regionZones(parsed.aws.region).slice(0, parsed.network.zones),
    nodeGroups,
  };
}
