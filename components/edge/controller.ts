/**
 * The AWS Load Balancer Controller's IAM policy and Helm values as plain data. The policy follows
 * the controller's published one, narrowed: every create must tag the resource with this
 * cluster's name and every change or delete needs that tag, so the controller of one cluster
 * cannot touch another cluster's load balancers, target groups or security groups. Shield and
 * WAF Classic are off (not used), so their permissions are left out.
 */
import { addonResources } from "../../model/capacity/addons";
import type { PolicyDocument } from "../shared/iam";
import { systemPodPlacement } from "../nodegroups/placement";
import { INGRESS_CLASS } from "./ingress";

/** Service account and namespace of the controller. */
export const CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
export const CONTROLLER_NAMESPACE = "kube-system";
/** Controller replicas: one leads, the other keeps the readiness-gate webhook answering through a drain. */
export const CONTROLLER_REPLICAS = 2;
/** Tag the controller puts on everything it creates, valued with the cluster name. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** The controller's least-privilege policy for one cluster. */
export function controllerPolicy(clusterName: string): PolicyDocument {
  const ownTag = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: clusterName } };
  const createTag = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ServiceLinkedRole",
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: "*",
        Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
      },
      {
        Sid: "Read",
        Effect: "Allow",
        Action: [
          "ec2:DescribeAccountAttributes",
          "ec2:DescribeAddresses",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeInternetGateways",
          "ec2:DescribeVpcs",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeTags",
          "ec2:DescribeRouteTables",
          "ec2:GetSecurityGroupsForVpc",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerAttributes",
          "elasticloadbalancing:DescribeListenerCertificates",
          "elasticloadbalancing:DescribeSSLPolicies",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTrustStores",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
        ],
        Resource: "*",
      },
      {
        Sid: "CreateOwnSecurityGroups",
        Effect: "Allow",
        Action: "ec2:CreateSecurityGroup",
        Resource: "*",
      },
      {
        Sid: "TagOnCreate",
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: "arn:aws:ec2:*:*:security-group/*",
        Condition: {
          StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", ...createTag.StringEquals },
        },
      },
      {
        Sid: "ManageOwnSecurityGroups",
        Effect: "Allow",
        Action: [
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:DeleteSecurityGroup",
        ],
        Resource: "*",
        Condition: ownTag,
      },
      {
        // Node security groups are not the controller's: it opens them to its ALBs' groups.
        Sid: "OpenNodeGroupsToOwnLoadBalancers",
        Effect: "Allow",
        Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: "owned" },
        },
      },
      {
        Sid: "CreateTaggedLoadBalancers",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:CreateLoadBalancer",
          "elasticloadbalancing:CreateTargetGroup",
        ],
        Resource: "*",
        Condition: createTag,
      },
      {
        Sid: "TagOnCreateLoadBalancers",
        Effect: "Allow",
        Action: "elasticloadbalancing:AddTags",
        Resource: [
          "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
          "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
        ],
        Condition: {
          StringEquals: {
            "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"],
            ...createTag.StringEquals,
          },
        },
      },
      {
        Sid: "ManageOwnLoadBalancers",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:AddTags",
          "elasticloadbalancing:RemoveTags",
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:SetIpAddressType",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:RegisterTargets",
          "elasticloadbalancing:DeregisterTargets",
          "elasticloadbalancing:SetWebAcl",
        ],
        Resource: "*",
        Condition: ownTag,
      },
      {
        // Listeners and rules carry no tags of their own until created; they live on own ALBs.
        Sid: "ListenersAndRules",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:AddListenerCertificates",
          "elasticloadbalancing:RemoveListenerCertificates",
          "elasticloadbalancing:CreateRule",
          "elasticloadbalancing:DeleteRule",
          "elasticloadbalancing:ModifyRule",
          "elasticloadbalancing:SetRulePriorities",
        ],
        Resource: [
          "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
          "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*/*",
        ],
      },
      {
        Sid: "AttachWebAcls",
        Effect: "Allow",
        Action: ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"],
        Resource: "*",
      },
    ],
  };
}

/** Helm values of the controller's chart. */
export function controllerValues<I>(a: {
  clusterName: string;
  region: string;
  vpcId: I;
  roleArn: I;
}) {
  return {
    clusterName: a.clusterName,
    region: a.region,
    vpcId: a.vpcId,
    replicaCount: CONTROLLER_REPLICAS,
    resources: addonResources("aws-load-balancer-controller"),
    serviceAccount: {
      create: true,
      name: CONTROLLER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": a.roleArn },
    },
    ingressClass: INGRESS_CLASS,
    createIngressClassResource: true,
    defaultTargetType: "ip",
    enableShield: false,
    enableWaf: false,
    enableWafv2: true,
    podDisruptionBudget: { maxUnavailable: 1 },
    priorityClassName: "system-cluster-critical",
    ...systemPodPlacement(),
  };
}
