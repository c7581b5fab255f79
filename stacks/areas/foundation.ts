import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAutoscaler } from "../../components/autoscaler";
import { Cluster, ClusterAddons, corednsReplicas } from "../../components/cluster";
import { DeployRunner } from "../../components/deploy";
import { LoadBalancerController } from "../../components/edge";
import { NTH_MANAGED_TAG, SpotInterruptionHandler } from "../../components/interruption";
import { Network } from "../../components/network";
import { NodeGroups } from "../../components/nodegroups";
import { Tls } from "../../components/tls";
import { ConfigError } from "../errors";
import type { Environment } from "../schema";
import { clusterVersionWarnings } from "../schema/cluster";
import { placeholderIssues } from "../schema/edge";
import { clusterNameOf, deployRunnerProjectName, environmentTags } from "../tags";
import type { InClusterTarget } from "./target";

/** What every later area builds on. */
export interface Foundation {
  env: Environment;
  /** Options that route every AWS resource through the tagged provider. */
  opts: pulumi.ComponentResourceOptions;
  /** Options for in-cluster resources: after nodes and core add-ons exist. */
  inClusterOpts: pulumi.ComponentResourceOptions;
  clusterName: string;
  network: Network;
  cluster: Cluster;
  /** The in-VPC deploy runners, when deploys run from the VPC (`platform:deploy.from: vpc`). */
  deployRunner: DeployRunner | undefined;
  nodes: NodeGroups;
  interruption: SpotInterruptionHandler;
  tls: Tls;
  /** The AWS Load Balancer Controller; only where a service is public (`platform:edge.services`). */
  loadBalancerController?: LoadBalancerController;
  /** Where the other areas put their in-cluster resources: this cluster. */
  target: InClusterTarget;
}

/** Network, EKS, node groups, cluster add-ons, autoscaling of nodes, interruption handling, TLS. */
export function buildFoundation(env: Environment): Foundation {
  refuseShippedPlaceholders(env, isDeploying());
  const tags = environmentTags(env);
  const clusterName = clusterNameOf(env);
  const awsProvider = new aws.Provider("aws", {
    region: env.aws.region as aws.Region,
    defaultTags: { tags },
  });
  const opts: pulumi.ComponentResourceOptions = { providers: { aws: awsProvider } };

  const network = new Network(
    "network",
    { ...env.network, zones: env.zones, clusterName, region: env.aws.region },
    opts,
  );

  for (const warning of clusterVersionWarnings(env.cluster.version)) pulumi.log.warn(warning);
  const cluster = new Cluster(
    "cluster",
    { ...env.cluster, clusterName, region: env.aws.region, subnetIds: network.privateSubnetIds },
    opts,
  );

  const deployRunner =
    env.deploy?.from === "vpc"
      ? new DeployRunner(
          "deploy-runner",
          {
            ...env.deploy,
            projectName: deployRunnerProjectName(env),
            region: env.aws.region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clusterSecurityGroupId: cluster.clusterSecurityGroupId,
            logRetentionDays: env.cluster.logRetentionDays,
          },
          opts,
        )
      : undefined;

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
    },
    { ...opts, dependsOn: cluster.networkingAddons },
  );

  // In-cluster add-ons need schedulable nodes before they can report healthy.
  const addons = new ClusterAddons(
    "addons",
    {
      clusterName: cluster.name,
      oidc: cluster.oidc,
      versions: env.cluster.addonVersions,
      corednsReplicas: corednsReplicas(env.zones.length),
      provider: cluster.provider,
    },
    { ...opts, dependsOn: [nodes] },
  );
  // Before any workload: its webhook adds the readiness gates to pods of public services.
  const loadBalancerController =
    Object.keys(env.edge.services).length === 0
      ? undefined
      : new LoadBalancerController(
          "lb-controller",
          {
            clusterName,
            region: env.aws.region,
            vpcId: network.vpcId,
            oidc: cluster.oidc,
            chart: env.charts.loadBalancerController,
            provider: cluster.provider,
          },
          { ...opts, dependsOn: [nodes, addons] },
        );
  const inClusterOpts: pulumi.ComponentResourceOptions = {
    ...opts,
    dependsOn: [nodes, addons, ...(loadBalancerController ? [loadBalancerController] : [])],
  };

  new ClusterAutoscaler(
    "autoscaler",
    {
      clusterName,
      region: env.aws.region,
      oidc: cluster.oidc,
      nodeGroups: nodes.groups.map((g) => ({
        eksName: g.eksName,
        capacityType: g.spec.capacityType,
        arn: g.nodeGroup.arn,
      })),
      chart: env.charts.clusterAutoscaler,
      settings: env.autoscaler,
      provider: cluster.provider,
    },
    inClusterOpts,
  );

  const interruption = new SpotInterruptionHandler(
    "interruption",
    {
      clusterName,
      region: env.aws.region,
      oidc: cluster.oidc,
      chart: env.charts.nodeTerminationHandler,
      provider: cluster.provider,
    },
    inClusterOpts,
  );

  const tls = new Tls(
    "tls",
    {
      issuer: env.tls.issuer,
      region: env.aws.region,
      oidc: cluster.oidc,
      chart: env.charts.certManager,
      provider: cluster.provider,
    },
    inClusterOpts,
  );

  const target: InClusterTarget = {
    provider: cluster.provider,
    zones: env.zones,
    // The areas' Certificates (PgBouncer's) need cert-manager's CRDs and webhook: wait for it too.
    opts: {
      ...inClusterOpts,
      dependsOn: [...(inClusterOpts.dependsOn as pulumi.Resource[]), tls],
      providers: { aws: awsProvider, kubernetes: cluster.provider },
    },
    helm: true,
  };
  return {
    env,
    opts,
    inClusterOpts,
    clusterName,
    network,
    cluster,
    deployRunner,
    nodes,
    interruption,
    tls,
    loadBalancerController,
    target,
  };
}

/**
 * Whether this run changes real infrastructure: `pulumi up` on a real engine. A preview, and the
 * offline plan and tests under mocks (no engine), are not deploys.
 */
export function isDeploying(): boolean {
  return !pulumi.runtime.isDryRun() && pulumi.runtime.hasEngine();
}

/**
 * Refuses to deploy with the shipped example values (hosted zones) still in place, naming each
 * key; plans and previews accept them so a new user can look before configuring.
 */
export function refuseShippedPlaceholders(env: Environment, deploying: boolean): void {
  if (!deploying) return;
  const issues = placeholderIssues(env);
  if (issues.length > 0)
    throw new ConfigError(
      env.name,
      `Pulumi.${env.name}.yaml`,
      issues.map((i) => ({ key: `platform:${i.path.join(".")}`, message: i.message })),
    );
}

/** Stack outputs of the foundation. */
export function foundationOutputs(f: Foundation) {
  return {
    environment: f.env.name,
    region: f.env.aws.region,
    zones: f.env.zones,
    vpcId: f.network.vpcId,
    privateSubnetIds: f.network.privateSubnetIds,
    dataSubnetIds: f.network.dataSubnetIds,
    clusterName: f.cluster.name,
    clusterEndpoint: f.cluster.endpoint,
    kubeconfig: f.cluster.kubeconfig,
    oidcProviderArn: f.cluster.oidc.providerArn,
    nodeGroups: f.nodes.groups.map((g) => g.nodeGroup.nodeGroupName),
    interruptionQueueUrl: f.interruption.queueUrl,
    clusterIssuer: f.tls.issuerName,
    ...(f.deployRunner ? { deployRunnerProject: f.deployRunner.projectName } : {}),
  };
}
