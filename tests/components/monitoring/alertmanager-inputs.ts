// A prod-like Alertmanager input shared by the unit tests and the amtool tests.
import type { AlertmanagerInput } from "../../../components/monitoring/alertmanager";

export const prodAlertmanager: AlertmanagerInput = {
  environment: "prod",
  receivers: [
    {
      name: "oncall-sns",
      sns: [
        {
          topicArn: "arn:aws:sns:eu-west-1:123456789012:platform-prod-alerts",
          region: "eu-west-1",
        },
      ],
    },
    {
      name: "chat-webhook",
      webhooks: [{ secretName: "alertmanager-chat-webhook", secretKey: "url" }],
    },
  ],
  routes: {
    critical: ["oncall-sns", "chat-webhook"],
    warning: ["chat-webhook"],
    info: ["chat-webhook"],
  },
};
