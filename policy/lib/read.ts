/**
 * Reading resources the way the engine hands them to a policy: plain JSON in which values not
 * known yet (a preview) are absent. Helpers never guess: an absent value is reported as such.
 */
import type { PolicyResource } from "@pulumi/policy";

/** The smallest resource view rules need; `PolicyResource` and resource-validation args fit it. */
export interface Res {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

/** Reads a nested property by dotted path. */
export function at(props: unknown, path: string): unknown {
  let v: unknown = props;
  for (const k of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A number at `path` (numbers may arrive as strings), or undefined. */
export function num(props: unknown, path: string): number | undefined {
  const v = at(props, path);
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** A boolean at `path` (booleans may arrive as strings), or undefined. */
export function bool(props: unknown, path: string): boolean | undefined {
  const v = at(props, path);
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  return undefined;
}

/** Resources of one type. */
export function ofType<T extends Res>(resources: T[], type: string): T[] {
  return resources.filter((r) => r.type === type);
}

/** Names a resource in messages: Kubernetes objects by namespace/name, others by logical name. */
export function label(r: Res): string {
  const meta = r.props.metadata as { name?: string; namespace?: string } | undefined;
  if (r.type.startsWith("kubernetes:"))
    return `${r.type.split(":")[2]} ${meta?.namespace ?? "default"}/${meta?.name ?? r.name}`;
  return `${r.type.split(":")[2]} ${r.name}`;
}

/** Type tokens rules refer to. */
export const T = {
  deployment: "kubernetes:apps/v1:Deployment",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  priorityClass: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
  configMap: "kubernetes:core/v1:ConfigMap",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  subnet: "aws:ec2/subnet:Subnet",
  eksCluster: "aws:eks/cluster:Cluster",
  rds: "aws:rds/instance:Instance",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  mq: "aws:mq/broker:Broker",
  budget: "aws:budgets/budget:Budget",
  ebsVolume: "aws:ebs/volume:Volume",
  ec2Instance: "aws:ec2/instance:Instance",
} as const;

export type { PolicyResource };
