/**
 * Pure builders for the AWS Budget: its notifications, and the source of the function that the
 * shutdown notification triggers. Kept apart from the component so tests and the policy pack's
 * documentation can reason about them without Pulumi.
 */

/** One budget notification as `aws.budgets.Budget` takes it. */
export interface BudgetNotification {
  comparisonOperator: "GREATER_THAN";
  notificationType: "ACTUAL" | "FORECASTED";
  threshold: number;
  thresholdType: "PERCENTAGE";
  subscriberEmailAddresses?: string[];
  subscriberSnsTopicArns?: string[];
}

/** What the notifications go to. */
export interface NotificationTargets {
  /** Actual spend (% of limit) that warns. */
  actualAlertPercent: number;
  /** Forecasted spend (% of limit) that warns. */
  forecastAlertPercent: number;
  /** Actual spend (% of limit) that triggers the shutdown; undefined means none. */
  shutdownAtPercent?: number;
  /** E-mail subscribers of every notification. */
  emails: string[];
  /** The monitoring SNS topic (warnings); undefined means e-mail only. */
  alertTopicArn?: string;
  /** The shutdown topic; required when `shutdownAtPercent` is set. */
  shutdownTopicArn?: string;
}

/**
 * Notifications of the environment's budget: a warning on actual and one on forecasted spend, and
 * the shutdown trigger. AWS allows one SNS topic per notification, so warnings go to the monitoring
 * topic and the trigger to its own topic; e-mail subscribers get all three.
 * @throws Error when a notification would have no subscriber, or the shutdown lacks its topic.
 */
export function budgetNotifications(t: NotificationTargets): BudgetNotification[] {
  const to = (topic?: string) => ({
    ...(t.emails.length > 0 ? { subscriberEmailAddresses: [...t.emails] } : {}),
    ...(topic ? { subscriberSnsTopicArns: [topic] } : {}),
  });
  if (t.emails.length === 0 && !t.alertTopicArn) {
    throw new Error(
      "budget notifications need a subscriber: set platform:budget.emails or provide the monitoring SNS topic",
    );
  }
  const out: BudgetNotification[] = [
    {
      comparisonOperator: "GREATER_THAN",
      notificationType: "ACTUAL",
      threshold: t.actualAlertPercent,
      thresholdType: "PERCENTAGE",
      ...to(t.alertTopicArn),
    },
    {
      comparisonOperator: "GREATER_THAN",
      notificationType: "FORECASTED",
      threshold: t.forecastAlertPercent,
      thresholdType: "PERCENTAGE",
      ...to(t.alertTopicArn),
    },
  ];
  if (t.shutdownAtPercent !== undefined) {
    if (!t.shutdownTopicArn)
      throw new Error("shutdownAtPercent is set but there is no shutdown topic to notify");
    out.push({
      comparisonOperator: "GREATER_THAN",
      notificationType: "ACTUAL",
      threshold: t.shutdownAtPercent,
      thresholdType: "PERCENTAGE",
      ...to(t.shutdownTopicArn),
    });
  }
  return out;
}

/**
 * Source of the Lambda function (Node.js 20, AWS SDK v3 as the runtime ships it) that the shutdown
 * notification triggers. For each Auto Scaling group in `NODE_GROUPS` (JSON `[{asg, size}]`) it
 * suspends scheduled actions, so the office-hours start cannot undo it, and pins min, max and
 * desired to the off-hours size, so the cluster autoscaler cannot either. A person undoes it with
 * `aws autoscaling resume-processes` and `pulumi up`.
 */
export function shutdownHandlerSource(): string {
  return `import { AutoScalingClient, SuspendProcessesCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
const client = new AutoScalingClient({});
const groups = JSON.parse(process.env.NODE_GROUPS ?? "[]");
export const handler = async (event) => {
  const applied = [];
  for (const { asg, size } of groups) {
    await client.send(new SuspendProcessesCommand({ AutoScalingGroupName: asg, ScalingProcesses: ["ScheduledActions"] }));
    await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: asg, MinSize: size, MaxSize: size, DesiredCapacity: size }));
    applied.push({ asg, size });
  }
  console.log(JSON.stringify({ event: "budget-shutdown", applied, records: (event.Records ?? []).length }));
  return applied;
};
`;
}
