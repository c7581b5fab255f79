// Public surface of the alert-rule builders (pure; no Pulumi imports).
export { KNOWN_METRICS, isKnownMetric, knownExporters } from "./metrics";
export {
  formatPromDuration,
  inspectPromQL,
  parsePromDuration,
  type PromQLInspection,
} from "./promql";
export {
  SEVERITIES,
  alertingConfigSchema,
  customRuleSchema,
  promDuration,
  thresholdsSchema,
  type AlertThresholds,
  type AlertingConfig,
  type AlertingConfigInput,
  type CustomRule,
  type Severity,
} from "./schema";
export {
  scaledObjectOf,
  validateTargets,
  workerCapacity,
  type MonitoredEndpoint,
  type MonitoredService,
  type MonitoredWorker,
  type MonitoringTargets,
} from "./targets";
export {
  RATE_WINDOW,
  planAlerts,
  runbookSlug,
  runbookUrl,
  type AlertKind,
  type PlannedAlert,
  type TemplateValues,
} from "./alerts";
export {
  TARGET_LABELS,
  buildAlertRules,
  promTemplates,
  renderRulesFile,
  type AlertRules,
  type AlertRulesInput,
  type AlertingRule,
  type PrometheusRuleSpec,
  type RuleGroup,
} from "./render";
export {
  KSM_METRIC_LABELS_ALLOWLIST,
  NODE_CAPACITY_TYPE_LABEL,
  CLOUDFRONT_METRICS_REGION,
  YACE_CDN_METRICS,
  YACE_EDGE_METRICS,
  YACE_METRICS,
  YACE_PERIOD_SECONDS,
  buildYaceConfig,
  yaceTagLabel,
  type YaceConfigInput,
} from "./exporters";
