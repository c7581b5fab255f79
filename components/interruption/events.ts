import { PolicyDocument } from "../shared/iam";

/**
 * EventBridge patterns that tell the Node Termination Handler a node is about to go: the
 * two-minute spot warning, the earlier rebalance recommendation, instance state changes, and
 * scheduled maintenance announced through AWS Health.
 */
export const INTERRUPTION_EVENT_PATTERNS: Record<string, object> = {
  "spot-interruption": {
    source: ["aws.ec2"],
    "detail-type": ["EC2 Spot Instance Interruption Warning"],
  },
  rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
  "state-change": {
    source: ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
  },
  "scheduled-change": {
    source: ["aws.health"],
    "detail-type": ["AWS Health Event"],
    detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] },
  },
};

/** Instance tag NTH checks before draining, so it never touches nodes it was not meant to manage. */
export const NTH_MANAGED_TAG = "aws-node-termination-handler/managed";

/** The service account name the IRSA role trusts. */
export const NTH_SERVICE_ACCOUNT = "aws-node-termination-handler";

/** Lets EventBridge deliver to the queue and nothing else write to it. */
export function queuePolicy(queueArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
        Action: "sqs:SendMessage",
        Resource: queueArn,
      },
    ],
  };
}

/** What NTH may do: consume its own queue, look instances up, and finish lifecycle hooks of this cluster's groups. */
export function handlerPolicy(queueArn: string, clusterName: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Queue",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
        Resource: queueArn,
      },
      {
        Sid: "Describe",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeTags",
          "ec2:DescribeInstances",
          "ec2:DescribeTags",
        ],
        Resource: "*",
      },
      {
        Sid: "Lifecycle",
        Effect: "Allow",
        Action: "autoscaling:CompleteLifecycleAction",
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
    ],
  };
}
