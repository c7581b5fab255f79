/**
 * AWS resource types whose physical name the program may set, the input that holds it and how
 * far the name must be unique: the account (`global`: IAM, Budgets), the region, or a parent
 * (`within`: node groups per cluster, security groups per VPC). A name left to Pulumi's
 * auto-naming gets a random suffix and never collides, so only names set explicitly are claims.
 */
export interface AwsNameRule {
  /** The input holding the name. */
  key: string;
  /** Unique per account instead of per region. */
  global?: boolean;
  /** Unique only within the resource this input names. */
  within?: string;
}

/** By resource type token. */
export const AWS_NAME_RULES: Readonly<Record<string, AwsNameRule>> = Object.freeze({
  "aws:eks/cluster:Cluster": { key: "name" },
  "aws:eks/nodeGroup:NodeGroup": { key: "nodeGroupName", within: "clusterName" },
  "aws:eks/addon:Addon": { key: "addonName", within: "clusterName" },
  "aws:cloudwatch/logGroup:LogGroup": { key: "name" },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { key: "name" },
  "aws:cloudwatch/eventRule:EventRule": { key: "name", within: "eventBusName" },
  "aws:kms/alias:Alias": { key: "name" },
  "aws:rds/instance:Instance": { key: "identifier" },
  "aws:rds/parameterGroup:ParameterGroup": { key: "name" },
  "aws:rds/subnetGroup:SubnetGroup": { key: "name" },
  "aws:backup/vault:Vault": { key: "name" },
  "aws:backup/plan:Plan": { key: "name" },
  "aws:backup/selection:Selection": { key: "name", within: "planId" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { key: "replicationGroupId" },
  "aws:elasticache/parameterGroup:ParameterGroup": { key: "name" },
  "aws:elasticache/subnetGroup:SubnetGroup": { key: "name" },
  "aws:mq/broker:Broker": { key: "brokerName" },
  "aws:budgets/budget:Budget": { key: "name", global: true },
  "aws:sqs/queue:Queue": { key: "name" },
  "aws:sns/topic:Topic": { key: "name" },
  "aws:secretsmanager/secret:Secret": { key: "name" },
  "aws:iam/role:Role": { key: "name", global: true },
  "aws:iam/policy:Policy": { key: "name", global: true },
  "aws:iam/instanceProfile:InstanceProfile": { key: "name", global: true },
  "aws:ec2/launchTemplate:LaunchTemplate": { key: "name" },
  "aws:ec2/securityGroup:SecurityGroup": { key: "name", within: "vpcId" },
  "aws:codebuild/project:Project": { key: "name" },
});
