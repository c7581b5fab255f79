import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addonResources } from "../../model/capacity/addons";
import { systemPodPlacement } from "../nodegroups/placement";
import { managedPolicyArn } from "../shared/iam";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";

/** CoreDNS replicas for `zones` zones: at least one per zone, and never fewer than two. */
export function corednsReplicas(zones: number): number {
  return Math.max(2, zones);
}

/** EBS CSI controller replicas, set explicitly (the add-on's default too). */
export const EBS_CSI_CONTROLLER_REPLICAS = 2;

/** Arguments of {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
  clusterName: pulumi.Input<string>;
  oidc: OidcIdentity;
  /** Pinned versions; undefined uses EKS's default for the cluster version. */
  versions: { coredns?: string; ebsCsi?: string };
  /** Replicas of CoreDNS; at least one per zone keeps DNS up through a zone loss. */
  corednsReplicas: number;
  provider: k8s.Provider;
}

/**
 * The add-ons that need running nodes before EKS reports them healthy (CoreDNS, the EBS CSI
 * driver), placed on the system node group, plus an encrypted gp3 default StorageClass. Created
 * after the node groups; creating them earlier leaves them degraded. metrics-server is not one
 * of them: the autoscaling add-ons install it from its pinned chart on every target kind
 * (`components/workloads`), and two installs would fight over `kube-system/metrics-server`.
 */
export class ClusterAddons extends pulumi.ComponentResource {
  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:cluster:ClusterAddons", name, {}, opts);
    const parent = { parent: this };
    const placement = systemPodPlacement();
    const common = {
      clusterName: args.clusterName,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
    };

    new aws.eks.Addon(
      `${name}-coredns`,
      {
        ...common,
        addonName: "coredns",
        addonVersion: args.versions.coredns,
        configurationValues: JSON.stringify({
          replicaCount: args.corednsReplicas,
          resources: addonResources("coredns"),
          ...placement,
        }),
      },
      parent,
    );

    const ebsRole = createIrsaRole(
      `${name}-ebs-csi-irsa`,
      {
        oidc: args.oidc,
        namespace: "kube-system",
        serviceAccount: "ebs-csi-controller-sa",
        policyArns: [managedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")],
      },
      parent,
    );
    new aws.eks.Addon(
      `${name}-ebs-csi`,
      {
        ...common,
        addonName: "aws-ebs-csi-driver",
        addonVersion: args.versions.ebsCsi,
        serviceAccountRoleArn: ebsRole.arn,
        configurationValues: JSON.stringify({
          // Resources stay the add-on's own (its sidecars are set per container); the system
          // tier's plan counts them from the add-on table's ebs-csi rows.
          controller: { ...placement, replicaCount: EBS_CSI_CONTROLLER_REPLICAS },
          node: { tolerateAllTaints: true },
        }),
      },
      parent,
    );

    new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: {
          name: "gp3",
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
      },
      { parent: this, provider: args.provider },
    );
    this.registerOutputs({});
  }
}
