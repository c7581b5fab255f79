/**
 * Which registered resource types cost nothing by themselves, and why. The estimate classifies
 * every resource a stack registers as priced (a mapper or a usage line prices it), free (listed
 * here with the reason) or not modelled (everything else, reported by type and count), so a new
 * resource type can never be left out of the estimate silently: until someone prices it or
 * argues here that it is free, it shows up in `notModelled`.
 */
import { get, ResourceLike } from "./props";

/** Exact types that are free, with the reason a reader can check. */
export const FREE_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  "aws:acm/certificate:Certificate": "public ACM certificates have no charge",
  "aws:acm/certificateValidation:CertificateValidation": "a wait, not a resource AWS bills",
  "aws:autoscaling/schedule:Schedule": "scheduled actions have no charge",
  "aws:backup/plan:Plan": "plans have no charge; what they store is priced as backup storage",
  "aws:backup/selection:Selection": "selections have no charge; storage is priced with the vault",
  "aws:budgets/budget:Budget": "budgets without Budgets actions have no charge",
  "aws:cloudwatch/eventRule:EventRule":
    "rules on the default bus matching AWS service events have no charge",
  "aws:cloudwatch/eventTarget:EventTarget": "targets have no charge (their deliveries are)",
  "aws:codebuild/webhook:Webhook": "webhooks have no charge (builds are, with the project)",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "security groups have no charge",
  "aws:ec2/flowLog:FlowLog":
    "its delivery is billed as CloudWatch Logs ingestion, priced from platform:usage.logGbPerMonth",
  "aws:ec2/internetGateway:InternetGateway": "internet gateways have no charge (transfer does)",
  "aws:ec2/launchTemplate:LaunchTemplate": "priced through the node groups that launch from it",
  "aws:ec2/routeTable:RouteTable": "route tables have no charge",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "associations have no charge",
  "aws:ec2/securityGroup:SecurityGroup": "security groups have no charge",
  "aws:ec2/subnet:Subnet": "subnets have no charge",
  "aws:ec2/vpc:Vpc": "a VPC has no charge",
  "aws:eks/addon:Addon": "EKS add-ons have no charge (their pods run on priced nodes)",
  "aws:elasticache/parameterGroup:ParameterGroup": "parameter groups have no charge",
  "aws:elasticache/subnetGroup:SubnetGroup": "subnet groups have no charge",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "IAM has no charge",
  "aws:iam/role:Role": "IAM has no charge",
  "aws:iam/rolePolicy:RolePolicy": "IAM has no charge",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM has no charge",
  "aws:iam/policy:Policy": "IAM has no charge",
  "aws:kms/alias:Alias": "aliases have no charge (the key is priced)",
  "aws:lambda/function:Function":
    "the budget shutdown (a few runs a month) and the database sleep (every 15 minutes: 2,920 runs a month) stay inside Lambda's free 1M requests and 400,000 GB-seconds",
  "aws:lambda/permission:Permission": "permissions have no charge",
  "aws:rds/parameterGroup:ParameterGroup": "parameter groups have no charge",
  "aws:rds/subnetGroup:SubnetGroup": "subnet groups have no charge",
  "aws:scheduler/schedule:Schedule":
    "the database sleep's schedule fires 2,920 times a month, inside EventBridge Scheduler's free 14M invocations",
  "aws:secretsmanager/secretVersion:SecretVersion":
    "versions have no charge (the secret is priced, API calls from platform:usage)",
  "aws:sns/topic:Topic":
    "alert and budget notices stay inside SNS's free 1M publishes and 1,000 e-mails a month",
  "aws:sns/topicPolicy:TopicPolicy": "policies have no charge",
  "aws:sns/topicSubscription:TopicSubscription": "subscriptions have no charge",
  "aws:sqs/queue:Queue":
    "the interruption queue carries EC2 events, far inside SQS's free 1M requests a month",
  "aws:sqs/queuePolicy:QueuePolicy": "policies have no charge",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "rules have no charge",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "rules have no charge",
  "kubernetes:helm.sh/v3:Release":
    "its pods run on priced nodes; the volumes it claims (Prometheus) are priced from platform:monitoring",
  "kubernetes-cert-manager:index:CertManager":
    "a component: its pods run on priced nodes and its children are classified one by one",
};

/** Type-token prefixes that are free as a family, with the reason. */
const FREE_PREFIXES: ReadonlyArray<[string, string]> = [
  ["pulumi:providers:", "providers are not cloud resources"],
  ["platform:", "the platform's component resources group children that are classified one by one"],
  ["random:", "generated values, not cloud resources"],
];

/** Kubernetes objects that can cost money: volume claims (EBS) and LoadBalancer Services (an NLB). */
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const SERVICE = "kubernetes:core/v1:Service";

/**
 * Why `r` costs nothing by itself, or undefined when it may cost money. Kubernetes objects are
 * free (their pods run on priced nodes) except volume claims and LoadBalancer Services.
 */
export function freeReason(r: ResourceLike): string | undefined {
  if (Object.hasOwn(FREE_RESOURCE_TYPES, r.type)) return FREE_RESOURCE_TYPES[r.type];
  for (const [prefix, reason] of FREE_PREFIXES) if (r.type.startsWith(prefix)) return reason;
  if (r.type.startsWith("kubernetes:")) {
    if (r.type === PVC) return undefined;
    if (r.type === SERVICE && get(r.props, "spec.type") === "LoadBalancer") return undefined;
    return "Kubernetes objects run on priced nodes";
  }
  return undefined;
}

/** The inputs {@link freeReason} reads, per type (for a program that records only what it needs). */
export const FREE_CHECK_INPUTS: Readonly<Record<string, readonly string[]>> = {
  [SERVICE]: ["spec.type"],
};
