import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ChartRef, releaseChart } from "../shared/helm";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";
import {
  CONTROLLER_NAMESPACE,
  CONTROLLER_SERVICE_ACCOUNT,
  controllerPolicy,
  controllerValues,
} from "./controller";

/** Arguments of {@link LoadBalancerController}. */
export interface LoadBalancerControllerArgs {
  /** The cluster's name as text: the IAM policy is scoped to resources tagged with it. */
  clusterName: string;
  region: string;
  vpcId: pulumi.Input<string>;
  oidc: OidcIdentity;
  /** The pinned chart (`platform:charts.loadBalancerController`). */
  chart: ChartRef;
  provider: k8s.Provider;
}

/**
 * The AWS Load Balancer Controller: turns each public Ingress into an ALB with IP targets, and
 * injects pod readiness gates in labelled namespaces. Its IAM role is bound to its service account
 * through IRSA and limited to this cluster's load balancers.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
  /** The Helm release; Ingresses and gated pods wait for it (its webhook must exist first). */
  readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: LoadBalancerControllerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("platform:edge:LoadBalancerController", name, {}, opts);
    const role = createIrsaRole(
      `${name}-irsa`,
      {
        oidc: args.oidc,
        namespace: CONTROLLER_NAMESPACE,
        serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
        policy: controllerPolicy(args.clusterName),
      },
      { parent: this },
    );
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        ...releaseChart(args.chart),
        name: "aws-load-balancer-controller",
        namespace: CONTROLLER_NAMESPACE,
        values: controllerValues({
          clusterName: args.clusterName,
          region: args.region,
          vpcId: args.vpcId,
          roleArn: role.arn,
        }),
      },
      { parent: this, provider: args.provider },
    );
    this.registerOutputs({});
  }
}
