/**
 * IAM documents of the alert topic as plain data: who may use the KMS key, who may publish to
 * the topic, and what Alertmanager's role may do.
 */
import type { PolicyDocument } from "../../shared/iam";

/** AWS services that publish to the topic: CloudWatch alarms and AWS Budgets notifications. */
export const PUBLISHING_SERVICES = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] as const;

/**
 * Key policy of the topic's KMS key: the account administers it; CloudWatch and Budgets may
 * encrypt messages for it (an SNS topic with a customer key rejects services that cannot).
 */
export function topicKeyPolicy(accountId: string, partition = "aws"): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Account",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "PublishingServices",
        Effect: "Allow",
        Principal: { Service: [...PUBLISHING_SERVICES] },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** Topic policy: the publishing services may publish, from this account only. */
export function topicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PublishingServices",
        Effect: "Allow",
        Principal: { Service: [...PUBLISHING_SERVICES] },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** Alertmanager's IRSA policy: publish to this topic, encrypting with its key. */
export function alertmanagerPublishPolicy(topicArn: string, keyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
      {
        Sid: "Encrypt",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: keyArn,
      },
    ],
  };
}

/**
 * The CloudWatch exporter's IRSA policy: read metrics and find resources by tag. These APIs take
 * no resource ARNs, so `*` is the narrowest scope; YACE filters by the environment tag itself.
 */
export function cloudwatchExporterPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "tag:GetResources"],
        Resource: "*",
      },
    ],
  };
}
