/**
 * What an environment runs on its system nodes, and on every node, read from the same settings
 * the areas install it from: the planner sizes the system node group from this list with the
 * add-on table's requests (`model/capacity/addons.ts`).
 */
import { AUTOSCALER_REPLICAS } from "../../components/autoscaler";
import { corednsReplicas, EBS_CSI_CONTROLLER_REPLICAS } from "../../components/cluster";
import { CONTROLLER_REPLICAS } from "../../components/edge";
import { AUTOSCALING_REPLICAS } from "../../components/workloads";
import {
  addonRequests,
  type AddonName,
  daemonSetOverhead,
  type NodeOverhead,
  type SystemAddon,
  type SystemTierInput,
} from "../../model/capacity";
import { targetKindOf } from "../kinds";
import type { Environment } from "../schema";

/**
 * The add-ons on the system nodes with their replicas. Only an AWS environment has system nodes
 * of its own (render and sandbox use someone else's cluster), so elsewhere the list is empty.
 */
export function systemAddons(env: Environment): SystemAddon[] {
  if (!targetKindOf(env).aws) return [];
  const list: [AddonName, number, AddonName[]?][] = [
    // The foundation: EKS add-ons, the node autoscaler, the interruption handler, cert-manager.
    ["coredns", corednsReplicas(env.zones.length)],
    ["ebs-csi-controller", EBS_CSI_CONTROLLER_REPLICAS],
    ["cluster-autoscaler", AUTOSCALER_REPLICAS],
    ["node-termination-handler", 1],
    ["cert-manager", 1],
    ["cert-manager-webhook", 1],
    ["cert-manager-cainjector", 1],
    // The workloads area's autoscaling add-ons (every live cluster runs them).
    ...(Object.entries(AUTOSCALING_REPLICAS) as [AddonName, number][]),
  ];
  if (Object.keys(env.edge.services).length > 0)
    list.push(["aws-load-balancer-controller", CONTROLLER_REPLICAS]);
  const m = env.monitoring;
  if (m !== undefined) {
    list.push(
      ["prometheus", m.prometheus.replicas, ["config-reloader"]],
      ["alertmanager", m.alertmanagerReplicas, ["config-reloader"]],
      ["grafana", 1, ["grafana-sidecar"]],
      ["kube-state-metrics", 1],
      ["prometheus-operator", 1],
      // On AWS the monitoring area always installs YACE for the CloudWatch series.
      ["cloudwatch-exporter", 1],
    );
  }
  return list.map(([name, replicas, sidecars]) => ({
    name,
    replicas,
    ...(sidecars ? { sidecars } : {}),
  }));
}

/** The DaemonSets on every node of an AWS environment: the EKS networking and storage pods, and node-exporter with monitoring. */
export function everyNodeAddons(env: Environment): AddonName[] {
  if (!targetKindOf(env).aws) return [];
  const names: AddonName[] = ["aws-node", "kube-proxy", "ebs-csi-node"];
  if (env.monitoring !== undefined) names.push("node-exporter");
  return names;
}

/** Per-node overhead from the add-on table's DaemonSets; undefined where there are none (the planner's allowance applies). */
export function daemonSetsOverhead(env: Environment): NodeOverhead | undefined {
  const names = everyNodeAddons(env);
  return names.length === 0 ? undefined : { daemonSets: daemonSetOverhead(names) };
}

/** The planner's system-tier input: the system group's sizes and the add-ons' pods. Undefined off AWS. */
export function systemTierInput(
  env: Environment,
): Omit<SystemTierInput, "headroom" | "zones"> | undefined {
  const addons = systemAddons(env);
  const entry = Object.entries(env.nodeGroups).find(([, g]) => g.role === "system");
  if (addons.length === 0 || entry === undefined) return undefined;
  const [group, g] = entry;
  const overhead = daemonSetsOverhead(env);
  return {
    group,
    instanceTypes: g.instanceTypes,
    minSize: g.minSize,
    maxSize: g.maxSize,
    ...(g.desiredSize !== undefined ? { desiredSize: g.desiredSize } : {}),
    ...(env.offHours !== undefined && g.offHoursSize !== undefined
      ? { offHoursSize: g.offHoursSize }
      : {}),
    ...(overhead ? { overhead } : {}),
    pods: addons.map((a) => ({
      name: a.name,
      replicas: a.replicas,
      requests: addonRequests(a.name, ...(a.sidecars ?? [])),
    })),
  };
}
