import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";
import { CapacityType, expanderPriorities } from "../nodegroups/placement";
import { ChartRef, releaseChart } from "../shared/helm";
import { clusterAutoscalerPolicy } from "./policy";
import { AUTOSCALER_SERVICE_ACCOUNT, AutoscalerSettings, clusterAutoscalerValues } from "./values";

/** Arguments of {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerArgs {
  clusterName: string;
  region: string;
  oidc: OidcIdentity;
  /** The node groups it may scale, with their capacity types for the priority expander. */
  nodeGroups: { eksName: string; capacityType: CapacityType; arn: pulumi.Input<string> }[];
  chart: ChartRef & { imageTag: string };
  settings: AutoscalerSettings;
  provider: k8s.Provider;
}

/** The Kubernetes cluster autoscaler with an IRSA role limited to this cluster's node groups. */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:autoscaler:ClusterAutoscaler", name, {}, opts);
    const role = createIrsaRole(
      `${name}-irsa`,
      {
        oidc: args.oidc,
        namespace: "kube-system",
        serviceAccount: AUTOSCALER_SERVICE_ACCOUNT,
        policy: pulumi
          .all(args.nodeGroups.map((g) => g.arn))
          .apply((arns) => clusterAutoscalerPolicy(args.clusterName, arns)),
      },
      { parent: this },
    );
    new k8s.helm.v3.Release(
      `${name}-release`,
      {
        ...releaseChart(args.chart),
        name: "cluster-autoscaler",
        namespace: "kube-system",
        values: role.arn.apply((roleArn) =>
          clusterAutoscalerValues({
            clusterName: args.clusterName,
            region: args.region,
            roleArn,
            imageTag: args.chart.imageTag,
            priorities: expanderPriorities(args.nodeGroups),
            settings: args.settings,
          }),
        ),
      },
      { parent: this, provider: args.provider },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
