import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addonResources } from "../../model/capacity/addons";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";
import { systemPodPlacement } from "../nodegroups/placement";
import { ChartRef, IRSA_ANNOTATION, releaseChart } from "../shared/helm";
import {
  handlerPolicy,
  INTERRUPTION_EVENT_PATTERNS,
  NTH_MANAGED_TAG,
  NTH_SERVICE_ACCOUNT,
  queuePolicy,
} from "./events";

/** Arguments of {@link SpotInterruptionHandler}. */
export interface SpotInterruptionHandlerArgs {
  clusterName: string;
  region: string;
  oidc: OidcIdentity;
  chart: ChartRef;
  provider: k8s.Provider;
}

/**
 * AWS Node Termination Handler in queue mode: EventBridge forwards interruption, rebalance,
 * state-change and maintenance events to an encrypted SQS queue, and the handler cordons and
 * drains the affected node before the instance goes away.
 */
export class SpotInterruptionHandler extends pulumi.ComponentResource {
  readonly queueUrl: pulumi.Output<string>;

  constructor(
    name: string,
    args: SpotInterruptionHandlerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("platform:interruption:SpotInterruptionHandler", name, {}, opts);
    const parent = { parent: this };

    // Events older than five minutes describe nodes that are already gone.
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      { messageRetentionSeconds: 300, sqsManagedSseEnabled: true },
      parent,
    );
    new aws.sqs.QueuePolicy(
      `${name}-queue-policy`,
      { queueUrl: queue.url, policy: queue.arn.apply((arn) => JSON.stringify(queuePolicy(arn))) },
      parent,
    );

    for (const [kind, pattern] of Object.entries(INTERRUPTION_EVENT_PATTERNS)) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${kind}`,
        { eventPattern: JSON.stringify(pattern) },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${kind}-target`,
        { rule: rule.name, arn: queue.arn },
        parent,
      );
    }

    const role = createIrsaRole(
      `${name}-irsa`,
      {
        oidc: args.oidc,
        namespace: "kube-system",
        serviceAccount: NTH_SERVICE_ACCOUNT,
        policy: queue.arn.apply((arn) => handlerPolicy(arn, args.clusterName)),
      },
      parent,
    );

    new k8s.helm.v3.Release(
      `${name}-release`,
      {
        ...releaseChart(args.chart),
        name: "aws-node-termination-handler",
        namespace: "kube-system",
        values: pulumi.all([queue.url, role.arn]).apply(([queueURL, roleArn]) => ({
          enableSqsTerminationDraining: true,
          queueURL,
          awsRegion: args.region,
          checkTagBeforeDraining: true,
          managedTag: NTH_MANAGED_TAG,
          serviceAccount: {
            name: NTH_SERVICE_ACCOUNT,
            annotations: { [IRSA_ANNOTATION]: roleArn },
          },
          priorityClassName: "system-cluster-critical",
          // Queue mode runs one Deployment pod (no DaemonSet); the system tier's plan counts it.
          replicas: 1,
          resources: addonResources("node-termination-handler"),
          ...systemPodPlacement(),
        })),
      },
      { parent: this, provider: args.provider },
    );

    this.queueUrl = queue.url;
    this.registerOutputs({ queueUrl: this.queueUrl });
  }
}
