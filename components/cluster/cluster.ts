import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, serviceTrustPolicy } from "../shared/iam";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";
import { buildKubeconfig } from "./kubeconfig";

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** EKS cluster name (also used in subnet discovery tags, so it is fixed up front). */
  clusterName: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  version: string;
  /** AWS region, for the kubeconfig. */
  region: string;
  /** Private subnets for the control plane's network interfaces. */
  subnetIds: pulumi.Input<string>[];
  /** CIDRs allowed to reach the public endpoint; empty disables the public endpoint. */
  publicAccessCidrs: string[];
  /** Control-plane log types sent to CloudWatch. */
  logTypes: string[];
  /** Days to keep control-plane logs. */
  logRetentionDays: number;
  /** KMS key deletion window for the secrets key. */
  kmsDeletionWindowDays: number;
  /** IAM roles granted cluster-admin through access entries. */
  adminRoleArns: string[];
  /** Refuse deletion of the cluster. */
  deletionProtection: boolean;
  /** Pinned add-on versions; undefined uses EKS's default for the cluster version. */
  addonVersions: { vpcCni?: string; kubeProxy?: string };
}

/**
 * The EKS control plane: KMS envelope encryption of secrets, control-plane logs, a private API
 * endpoint with an optional public allow-list, access entries instead of the aws-auth ConfigMap,
 * the IAM OIDC provider for IRSA, the networking add-ons, and a Kubernetes provider for
 * everything that runs in the cluster.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** The security group EKS attaches to the control plane and to managed node groups. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidc: OidcIdentity & {
    providerArn: pulumi.Output<string>;
    issuerHostPath: pulumi.Output<string>;
  };
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  /** Add-ons that must exist before nodes can become Ready. */
  readonly networkingAddons: aws.eks.Addon[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:cluster:Cluster", name, {}, opts);
    const cluster = this.createControlPlane(name, args);
    this.grantAdmins(name, cluster, args.adminRoleArns);

    const issuerUrl = cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
    const oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"] },
      { parent: this },
    );
    this.oidc = {
      providerArn: oidcProvider.arn,
      issuerHostPath: issuerUrl.apply((u) => u.replace(/^https:\/\//, "")),
    };
    this.networkingAddons = this.createNetworkingAddons(name, cluster, args.addonVersions);

    this.name = cluster.name;
    this.endpoint = cluster.endpoint;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId!);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
        .apply(([n, endpoint, ca]) => buildKubeconfig(n, endpoint, ca.data!, args.region)),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    this.registerOutputs({
      name: this.name,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      oidcProviderArn: this.oidc.providerArn,
      kubeconfig: this.kubeconfig,
    });
  }

  /** The EKS cluster with what it needs first: its secrets key, its log group and its role. */
  private createControlPlane(name: string, args: ClusterArgs): aws.eks.Cluster {
    const parent = { parent: this };
    const key = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: args.kmsDeletionWindowDays,
      },
      parent,
    );
    new aws.kms.Alias(
      `${name}-secrets-key-alias`,
      { name: `alias/${args.clusterName}-secrets`, targetKeyId: key.keyId },
      parent,
    );

    // EKS writes to this exact group name; creating it first lets us own its retention.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")) },
      parent,
    );
    const rolePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-role-policy`,
      { role: role.name, policyArn: managedPolicyArn("AmazonEKSClusterPolicy") },
      parent,
    );

    return new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: args.clusterName,
        version: args.version,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: args.publicAccessCidrs.length > 0,
          publicAccessCidrs: args.publicAccessCidrs.length > 0 ? args.publicAccessCidrs : undefined,
        },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
        enabledClusterLogTypes: args.logTypes,
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        // Managed add-ons below replace the self-managed defaults.
        bootstrapSelfManagedAddons: false,
        deletionProtection: args.deletionProtection,
      },
      { parent: this, dependsOn: [logGroup, rolePolicy] },
    );
  }

  /** Cluster-admin for each role, through access entries (no aws-auth ConfigMap). */
  private grantAdmins(name: string, cluster: aws.eks.Cluster, roleArns: string[]): void {
    roleArns.forEach((principalArn, i) => {
      const entry = new aws.eks.AccessEntry(
        `${name}-admin-${i}`,
        { clusterName: cluster.name, principalArn },
        { parent: this },
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${i}-policy`,
        {
          clusterName: cluster.name,
          principalArn,
          policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          accessScope: { type: "cluster" },
        },
        { parent: this, dependsOn: [entry] },
      );
    });
  }

  /**
   * VPC CNI (with its IRSA role) and kube-proxy: what nodes need before they become Ready. The
   * VPC CNI enforces Kubernetes NetworkPolicies (its network policy agent, off by default).
   */
  private createNetworkingAddons(
    name: string,
    cluster: aws.eks.Cluster,
    versions: ClusterArgs["addonVersions"],
  ): aws.eks.Addon[] {
    const parent = { parent: this };
    const cniRole = createIrsaRole(
      `${name}-vpc-cni-irsa`,
      {
        oidc: this.oidc,
        namespace: "kube-system",
        serviceAccount: "aws-node",
        policyArns: [managedPolicyArn("AmazonEKS_CNI_Policy")],
      },
      parent,
    );
    const addon = (
      addonName: string,
      version?: string,
      serviceAccountRoleArn?: pulumi.Input<string>,
      configuration?: Record<string, unknown>,
    ) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: cluster.name,
          addonName,
          addonVersion: version,
          ...(serviceAccountRoleArn === undefined ? {} : { serviceAccountRoleArn }),
          ...(configuration === undefined
            ? {}
            : { configurationValues: JSON.stringify(configuration) }),
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        },
        parent,
      );
    return [
      addon("vpc-cni", versions.vpcCni, cniRole.arn, { enableNetworkPolicy: "true" }),
      addon("kube-proxy", versions.kubeProxy),
    ];
  }
}
