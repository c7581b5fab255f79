// Public surface of the Alertmanager configuration builder (pure; no Pulumi imports).
export {
  OPERATOR_SECRETS_DIR,
  alertmanagerSecretNames,
  buildAlertmanagerConfig,
  inlineWebhookUrls,
  renderAlertmanagerConfig,
  webhookUrlFile,
  type AlertmanagerConfig,
  type AlertmanagerInput,
  type AlertmanagerRoute,
  type ReceiverInput,
  type SnsReceiverInput,
  type WebhookReceiverInput,
} from "./config";
