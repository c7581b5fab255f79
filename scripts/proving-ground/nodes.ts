/**
 * kwok nodes standing in for an environment's node groups: the labels and taints the node groups
 * give their nodes (the same builders the EKS node groups use), the zone, instance type and EKS
 * capacity type labels a kubelet and EKS would add, and the capacity and allocatable resources of
 * the instance type from the catalogue. Pure: the manifests are data, registered by kwok.ts.
 */
import {
  EKS_CAPACITY_TYPE_LABEL,
  eksCapacityType,
  nodeLabels,
  nodeTaints,
} from "../../components/nodegroups/placement";
import { HOST_LABEL, ZONE_LABEL } from "../../components/workloads/placement";
import { instanceType } from "../../model/catalog";
import { nodeAllocatable } from "../../model/capacity/nodes";
import type { Environment, NodeGroupConfig } from "../../stacks/schema";
import type { KubeObject } from "./kube";

/** Node label with the EC2 instance type (set by the kubelet from the cloud provider). */
export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
/** Node label with the AWS region. */
export const REGION_LABEL = "topology.kubernetes.io/region";
/** The annotation kwok manages nodes by (`--manage-nodes-with-annotation-selector`). */
export const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
/** Where metrics-server finds a kwok node's resource metrics on kwok's server. */
export const RESOURCE_METRICS_PATH_ANNOTATION = "metrics.k8s.io/resource-metrics-path";

/** Options of {@link kwokNodes}. */
export interface KwokNodeOptions {
  /**
   * How many nodes a group gets. @default the group's desiredSize (its minSize unless set), the
   * size EKS creates it with
   */
  count?: (group: string, config: NodeGroupConfig) => number;
  /** The kubelet version nodes report (kwok reports its own otherwise). @default kwok's version */
  kubeletVersion?: string;
}

const KI_PER_GIB = 1024 * 1024;

/**
 * Node manifests for every node group of `env`: node `i` of a group sits in zone
 * `zones[i % zones]` (EKS balances a managed group over its subnets' zones) and is of instance type
 * `instanceTypes[i % types]`. Allocatable is what the capacity planner assumes pods get
 * ({@link nodeAllocatable}: capacity less kube-reserved, eviction threshold, VM overhead and the
 * DaemonSet allowance, because no DaemonSet pods run on kwok nodes to take it).
 */
export function kwokNodes(env: Environment, options: KwokNodeOptions = {}): KubeObject[] {
  const nodes: KubeObject[] = [];
  for (const [group, config] of Object.entries(env.nodeGroups)) {
    const count = options.count?.(group, config) ?? config.desiredSize;
    const placement = { ...config, name: group };
    for (let i = 0; i < count; i++) {
      const zone = env.zones[i % env.zones.length];
      const type = config.instanceTypes[i % config.instanceTypes.length];
      const spec = instanceType(type);
      const alloc = nodeAllocatable(type);
      const name = `${group}-${zone}-${i}`;
      nodes.push({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: {
            ...nodeLabels(placement),
            [ZONE_LABEL]: zone,
            [REGION_LABEL]: env.aws.region,
            [INSTANCE_TYPE_LABEL]: type,
            [EKS_CAPACITY_TYPE_LABEL]: eksCapacityType(config.capacityType),
            [HOST_LABEL]: name,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": spec.arch === "arm64" ? "arm64" : "amd64",
            type: "kwok",
          },
          annotations: {
            [KWOK_NODE_ANNOTATION]: "fake",
            [RESOURCE_METRICS_PATH_ANNOTATION]: `/metrics/nodes/${name}/metrics/resource`,
          },
        },
        spec: { taints: nodeTaints(placement) },
        status: {
          capacity: {
            cpu: String(spec.vcpu),
            memory: `${spec.memoryGiB * KI_PER_GIB}Ki`,
            pods: String(spec.maxPods),
            "ephemeral-storage": `${config.diskGiB}Gi`,
          },
          allocatable: {
            cpu: `${Math.floor(alloc.cpu * 1000)}m`,
            memory: `${Math.floor(alloc.memoryGiB * KI_PER_GIB)}Ki`,
            pods: String(alloc.pods),
            "ephemeral-storage": `${config.diskGiB}Gi`,
          },
          nodeInfo: {
            architecture: spec.arch === "arm64" ? "arm64" : "amd64",
            operatingSystem: "linux",
            ...(options.kubeletVersion ? { kubeletVersion: options.kubeletVersion } : {}),
          },
        },
      });
    }
  }
  return nodes;
}
