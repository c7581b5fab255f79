import { addonResources } from "../../model/capacity/addons";
import { NODE_GROUP_LABEL, systemPodPlacement } from "../nodegroups/placement";
import { IRSA_ANNOTATION } from "../shared/helm";

/** Scale-down behaviour of the cluster autoscaler. */
export interface AutoscalerSettings {
  /** Utilisation below which a node may be removed, 0-1. */
  scaleDownUtilizationThreshold: number;
  scaleDownUnneededTime: string;
  scaleDownDelayAfterAdd: string;
  maxNodeProvisionTime: string;
}

/** Inputs of {@link clusterAutoscalerValues}. */
export interface AutoscalerValuesInput {
  clusterName: string;
  region: string;
  roleArn: string;
  imageTag: string;
  /** Priority expander ranks, see `expanderPriorities`. */
  priorities: Record<number, string[]>;
  settings: AutoscalerSettings;
}

/** One autoscaler: it leads alone (a second replica only waits for the lease). */
export const AUTOSCALER_REPLICAS = 1;

/** The service account name the IRSA role trusts. */
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * Helm values for the cluster-autoscaler chart: auto-discovery of this cluster's node groups,
 * the priority expander (spot first), balancing across similar groups, and our scale-down settings.
 */
export function clusterAutoscalerValues(input: AutoscalerValuesInput): Record<string, unknown> {
  return {
    cloudProvider: "aws",
    awsRegion: input.region,
    autoDiscovery: { clusterName: input.clusterName },
    image: { tag: input.imageTag },
    replicaCount: AUTOSCALER_REPLICAS,
    resources: addonResources("cluster-autoscaler"),
    rbac: {
      serviceAccount: {
        create: true,
        name: AUTOSCALER_SERVICE_ACCOUNT,
        annotations: { [IRSA_ANNOTATION]: input.roleArn },
      },
    },
    expanderPriorities: input.priorities,
    extraArgs: {
      expander: "priority",
      "balance-similar-node-groups": true,
      // Groups differ only by this label; ignoring it lets the autoscaler treat them as similar.
      "balancing-ignore-label": NODE_GROUP_LABEL,
      "skip-nodes-with-system-pods": false,
      "skip-nodes-with-local-storage": false,
      "scale-down-utilization-threshold": input.settings.scaleDownUtilizationThreshold,
      "scale-down-unneeded-time": input.settings.scaleDownUnneededTime,
      "scale-down-delay-after-add": input.settings.scaleDownDelayAfterAdd,
      "max-node-provision-time": input.settings.maxNodeProvisionTime,
    },
    priorityClassName: "system-cluster-critical",
    ...systemPodPlacement(),
  };
}
