import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAutoscaler } from "../components/autoscaler";
import { Cluster, ClusterAddons } from "../components/cluster";
import { NTH_MANAGED_TAG, SpotInterruptionHandler } from "../components/interruption";
import { Network } from "../components/network";
import { NodeGroups } from "../components/nodegroups";
import { Tls } from "../components/tls";
import type { Environment } from "./schema";
import { clusterNameOf, environmentTags } from "./tags";

/**
 * Composes the platform for one environment. Everything environment-specific arrives in `env`;
 * nothing here asks which environment it is building.
 */
export function buildPlatform(env: Environment) {
  const tags = environmentTags(env);
  const clusterName = clusterNameOf(env);
  const awsProvider = new aws.Provider("aws", { region: env.aws.region as aws.Region, defaultTags: { tags } });
  const opts: pulumi.ComponentResourceOptions = { providers: { aws: awsProvider } };

  const network = new Network(
    "network",
    {
      cidr: env.network.cidr,
      zones: env.zones,
      subnetPrefixLength: env.network.subnetPrefixLength,
      natGateways: env.network.natGateways,
      clusterName,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      region: env.aws.region,
    },
    opts,
  );

  const cluster = new Cluster(
    "cluster",
    {
      clusterName,
      version: env.cluster.version,
      region: env.aws.region,
      subnetIds: network.privateSubnetIds,
      publicAccessCidrs: env.cluster.publicAccessCidrs,
      logTypes: env.cluster.logTypes,
      logRetentionDays: env.cluster.logRetentionDays,
      kmsDeletionWindowDays: env.cluster.kmsDeletionWindowDays,
      adminRoleArns: env.cluster.adminRoleArns,
      deletionProtection: env.cluster.deletionProtection,
      addonVersions: env.cluster.addonVersions,
    },
    opts,
  );

  const nodes = new NodeGroups(
    "nodes",
    {
      clusterName: cluster.name,
      clusterNameText: clusterName,
      subnetIds: network.privateSubnetIds,
      zones: env.zones,
      groups: env.nodeGroups,
      officeHours: env.offHours,
      instanceTags: { ...tags, [NTH_MANAGED_TAG]: "true" },
      dependsOn: cluster.networkingAddons,
    },
    opts,
  );

  // In-cluster add-ons need schedulable nodes before they can report healthy.
  const inCluster: pulumi.ComponentResourceOptions = { ...opts, dependsOn: [nodes] };
  const addons = new ClusterAddons(
    "addons",
    {
      clusterName: cluster.name,
      oidc: cluster.oidc,
      versions: env.cluster.addonVersions,
      corednsReplicas: Math.max(2, env.zones.length),
      provider: cluster.provider,
    },
    inCluster,
  );
  const afterAddons: pulumi.ComponentResourceOptions = { ...opts, dependsOn: [nodes, addons] };

  new ClusterAutoscaler(
    "autoscaler",
    {
      clusterName,
      region: env.aws.region,
      oidc: cluster.oidc,
      nodeGroups: nodes.groups.map((g) => ({ eksName: g.eksName, capacityType: g.spec.capacityType, arn: g.nodeGroup.arn })),
      chart: env.charts.clusterAutoscaler,
      settings: env.autoscaler,
      provider: cluster.provider,
    },
    afterAddons,
  );

  const interruption = new SpotInterruptionHandler(
    "interruption",
    { clusterName, region: env.aws.region, oidc: cluster.oidc, chart: env.charts.nodeTerminationHandler, provider: cluster.provider },
    afterAddons,
  );

  const tls = new Tls(
    "tls",
    { issuer: env.tls.issuer, region: env.aws.region, oidc: cluster.oidc, chart: env.charts.certManager, provider: cluster.provider },
    afterAddons,
  );

  return {
    environment: env.name,
    region: env.aws.region,
    zones: env.zones,
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
    dataSubnetIds: network.dataSubnetIds,
    clusterName: cluster.name,
    clusterEndpoint: cluster.endpoint,
    kubeconfig: cluster.kubeconfig,
    oidcProviderArn: cluster.oidc.providerArn,
    nodeGroups: nodes.groups.map((g) => g.nodeGroup.nodeGroupName),
    interruptionQueueUrl: interruption.queueUrl,
    clusterIssuer: tls.issuerName,
  };
}
