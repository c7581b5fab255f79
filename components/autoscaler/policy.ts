import { PolicyDocument } from "../shared/iam";

/**
 * IAM permissions of the cluster autoscaler. Describe calls cannot be scoped by resource, so
 * they stay read-only on `*`; the two calls that change capacity are limited to Auto Scaling
 * groups tagged as owned by this cluster (EKS tags its managed node groups' ASGs that way), and
 * node group lookups to this cluster's node groups.
 */
export function clusterAutoscalerPolicy(
  clusterName: string,
  nodeGroupArns: string[],
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Describe",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
        ],
        Resource: "*",
      },
      {
        Sid: "ScaleOwnNodeGroups",
        Effect: "Allow",
        Action: [
          "autoscaling:SetDesiredCapacity",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
        ],
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
      {
        Sid: "DescribeOwnNodeGroups",
        Effect: "Allow",
        Action: "eks:DescribeNodegroup",
        Resource: nodeGroupArns,
      },
    ],
  };
}
