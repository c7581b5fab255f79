/**
 * Pure builders for the AWS Budget: its notifications, and where the function that the shutdown
 * notification triggers lives. Kept apart from the component so tests and the policy pack's
 * documentation can reason about them without Pulumi.
 */

import * as path from "path";

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
 * The file the shutdown function runs (`shutdown-handler.cjs`, shipped unchanged as `index.js`):
 * plain CommonJS next to this module, so the tests load and run the very code Lambda runs.
 */
export const SHUTDOWN_HANDLER_PATH = path.join(__dirname, "shutdown-handler.cjs");
