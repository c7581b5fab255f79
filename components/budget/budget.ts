import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DeclaredUsage,
  encodeUsage,
  RESERVED_DISCOUNT_TAG,
  SPOT_DISCOUNT_TAG,
  USAGE_TAG,
} from "../../model/cost";
import { budgetNotifications, SHUTDOWN_HANDLER_PATH } from "./notifications";

/** An application node group the shutdown may scale down. */
export interface ShutdownGroup {
  /** Auto Scaling group behind the EKS node group. */
  asgName: pulumi.Input<string>;
  /** Size it is pinned to (its off-hours size). */
  size: number;
}

/** Arguments of {@link CostBudget}. */
export interface CostBudgetArgs {
  /** Budget name; also the Environment cost-allocation tag value the budget is filtered on. */
  environment: string;
  /** Monthly limit in USD (whole dollars or cents). */
  limitUsd: pulumi.Input<number>;
  /** Actual spend (% of the limit) that warns. */
  actualAlertPercent: number;
  /** Forecasted spend (% of the limit) that warns. */
  forecastAlertPercent: number;
  /** E-mail subscribers. Default: none (then `alertTopicArn` is required). */
  emails?: string[];
  /** The monitoring SNS topic warnings go to. Default: none (e-mail only). */
  alertTopicArn?: pulumi.Input<string>;
  /**
   * Discounts the cost model applied, recorded as tags (`platform.io/spot-discount`,
   * `platform.io/reserved-discount`) so the policy pack prices the stack the same way. Default: none.
   */
  discounts?: pulumi.Input<{ spot: number; reserved: number }>;
  /**
   * Usage the cost model priced (declared traffic, claimed volumes), recorded as the
   * `platform.io/usage` tag for the same reason. Default: none.
   */
  usage?: DeclaredUsage;
  /** Scale-down at a % of actual spend. Default: none (warn only, as production does). */
  shutdown?: { atPercent: number; clusterName: string; groups: ShutdownGroup[] };
}

/**
 * A monthly AWS cost budget for one environment, filtered on its `Environment` tag, notifying the
 * monitoring topic. With `shutdown`, crossing `atPercent` publishes to a dedicated topic whose
 * Lambda subscriber pins the application node groups to their off-hours size: AWS Budgets actions
 * can only apply IAM/SCP policies or stop EC2/RDS instances by id, which cannot resize an EKS node
 * group, so an SNS-triggered function it is.
 */
export class CostBudget extends pulumi.ComponentResource {
  readonly budgetName: pulumi.Output<string>;
  readonly limitUsd: pulumi.Output<number>;
  /** The function the shutdown notification runs; undefined without `shutdown`. */
  readonly shutdownFunctionArn?: pulumi.Output<string>;

  constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:budget:CostBudget", name, {}, opts);
    const parent = { parent: this };
    const pipeline = args.shutdown ? this.shutdownPipeline(name, args.shutdown) : undefined;
    const shutdownTopic = pipeline?.topic;
    this.shutdownFunctionArn = pipeline?.functionArn;

    const budget = new aws.budgets.Budget(
      `${name}-budget`,
      {
        name: `platform-${args.environment}-monthly`,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitUnit: "USD",
        limitAmount: pulumi.output(args.limitUsd).apply((v) => v.toFixed(2)),
        costFilters: [{ name: "TagKeyValue", values: [`user:Environment$${args.environment}`] }],
        tags: args.discounts
          ? pulumi.output(args.discounts).apply((d) => ({
              [SPOT_DISCOUNT_TAG]: String(d.spot),
              [RESERVED_DISCOUNT_TAG]: String(d.reserved),
              ...(args.usage ? { [USAGE_TAG]: encodeUsage(args.usage) } : {}),
            }))
          : undefined,
        notifications: pulumi
          .all([args.alertTopicArn, shutdownTopic?.arn])
          .apply(([alertTopicArn, shutdownTopicArn]) =>
            budgetNotifications({
              actualAlertPercent: args.actualAlertPercent,
              forecastAlertPercent: args.forecastAlertPercent,
              shutdownAtPercent: args.shutdown?.atPercent,
              emails: args.emails ?? [],
              alertTopicArn,
              shutdownTopicArn,
            }),
          ),
      },
      parent,
    );
    this.budgetName = budget.name;
    this.limitUsd = pulumi.output(args.limitUsd);
    this.registerOutputs({
      budgetName: this.budgetName,
      limitUsd: this.limitUsd,
      shutdownFunctionArn: this.shutdownFunctionArn,
    });
  }

  private shutdownPipeline(
    name: string,
    s: NonNullable<CostBudgetArgs["shutdown"]>,
  ): { topic: aws.sns.Topic; functionArn: pulumi.Output<string> } {
    const parent = { parent: this };
    const topic = new aws.sns.Topic(`${name}-shutdown-topic`, {}, parent);
    new aws.sns.TopicPolicy(
      `${name}-shutdown-topic-policy`,
      {
        arn: topic.arn,
        policy: topic.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AwsBudgetsPublish",
                Effect: "Allow",
                Principal: { Service: "budgets.amazonaws.com" },
                Action: "SNS:Publish",
                Resource: arn,
              },
            ],
          }),
        ),
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-shutdown-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-shutdown-logs`,
      {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-shutdown-scale`,
      {
        role: role.name,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["autoscaling:UpdateAutoScalingGroup", "autoscaling:SuspendProcesses"],
              Resource: "*",
              // Only the Auto Scaling groups EKS created for this environment's cluster.
              Condition: { StringEquals: { "aws:ResourceTag/eks:cluster-name": s.clusterName } },
            },
          ],
        }),
      },
      parent,
    );
    const fn = new aws.lambda.Function(
      `${name}-shutdown`,
      {
        runtime: "nodejs20.x",
        handler: "index.handler",
        role: role.arn,
        timeout: 60,
        code: new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.FileAsset(SHUTDOWN_HANDLER_PATH),
        }),
        environment: {
          variables: {
            NODE_GROUPS: pulumi
              .all(
                s.groups.map((g) =>
                  pulumi.output(g.asgName).apply((asg) => ({ asg, size: g.size })),
                ),
              )
              .apply((g) => JSON.stringify(g)),
          },
        },
      },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-shutdown-invoke`,
      {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "sns.amazonaws.com",
        sourceArn: topic.arn,
      },
      parent,
    );
    new aws.sns.TopicSubscription(
      `${name}-shutdown-subscription`,
      { topic: topic.arn, protocol: "lambda", endpoint: fn.arn },
      parent,
    );
    return { topic, functionArn: fn.arn };
  }
}
