/**
 * Turns the planned alerts and custom rules into Prometheus rule groups: the `spec` of a
 * PrometheusRule custom resource, and the same content as a rules-file YAML string for promtool.
 */
import YAML from "yaml";
import type { z } from "zod";
import type { Problem } from "../../../model/problems";
import { MonitoringInputError } from "../errors";
import { type PlannedAlert, type TemplateValues, planAlerts, runbookUrl } from "./alerts";
import { type AlertingConfig, type AlertingConfigInput, alertingConfigSchema } from "./schema";
import { type MonitoringTargets, validateTargets } from "./targets";

/** One alerting rule as Prometheus reads it. */
export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

/** A named group of rules, evaluated together. */
export interface RuleGroup {
  name: string;
  rules: AlertingRule[];
}

/** The `spec` of a `monitoring.coreos.com/v1` PrometheusRule, and the shape of a rules file. */
export interface PrometheusRuleSpec {
  groups: RuleGroup[];
}

/** Input of {@link buildAlertRules}: what is monitored plus the alerting configuration. */
export interface AlertRulesInput extends MonitoringTargets {
  /** Alerting configuration as written in the stack file; defaults are applied here. */
  alerting: AlertingConfigInput;
  /** Where the alerting config lives in the stack file, for error messages. @default "platform:monitoring.alerting" */
  configKey?: string;
}

/** The result of {@link buildAlertRules}. */
export interface AlertRules {
  /** The configuration with every default applied. */
  config: AlertingConfig;
  /** Every built-in alert, as data (the promtool tests are generated from these). */
  planned: PlannedAlert[];
  /** The PrometheusRule `spec`. */
  spec: PrometheusRuleSpec;
}

/**
 * Prometheus template text for an alert's wording. `$labels` only holds the labels of the
 * expression's result, not the rule's own labels, so labels the rule sets are written literally.
 */
export function promTemplates(
  decimals: number,
  ruleLabels: Readonly<Record<string, string>> = {},
): TemplateValues {
  return {
    label: (name) => ruleLabels[name] ?? `{{ $labels.${name} }}`,
    value: `{{ printf "%.${decimals}f" $value }}`,
  };
}

function zodProblems(error: z.ZodError, raw: unknown, configKey: string): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("");
    let value: unknown = raw;
    for (const seg of issue.path)
      value =
        value !== null && typeof value === "object"
          ? (value as Record<PropertyKey, unknown>)[seg as string]
          : undefined;
    // Long values (a whole custom rule's expression) are named by the key; the message says what is wrong.
    const shown =
      typeof value === "number" || (typeof value === "string" && value.length <= 40)
        ? { value }
        : {};
    return { key: `${configKey}${path}`, message: issue.message, ...shown };
  });
}

/**
 * Validates the alerting configuration and targets, then plans and renders every rule.
 * Throws a {@link MonitoringInputError} naming each bad field (`platform:monitoring.alerting.thresholds.nodeCpu.for`)
 * and what is allowed.
 */
export function buildAlertRules(input: AlertRulesInput): AlertRules {
  const configKey = input.configKey ?? "platform:monitoring.alerting";
  validateTargets(input);
  const parsed = alertingConfigSchema.safeParse(input.alerting);
  if (!parsed.success)
    throw new MonitoringInputError(
      input.environment,
      "alert rules",
      zodProblems(parsed.error, input.alerting, configKey),
    );
  const config = parsed.data;
  const planned = planAlerts(input, config);

  const groups = new Map<string, AlertingRule[]>();
  const push = (group: string, rule: AlertingRule) =>
    groups.set(group, [...(groups.get(group) ?? []), rule]);
  for (const a of planned) {
    const t = promTemplates(a.valueDecimals, a.targetLabels);
    push(a.group, {
      alert: a.alert,
      expr: a.expr,
      for: a.for,
      labels: { severity: a.severity, environment: input.environment, ...a.targetLabels },
      annotations: {
        summary: a.summary(t),
        description: a.description(t),
        runbook_url: a.runbookUrl,
      },
    });
  }
  for (const r of config.customRules) {
    push("platform.custom", {
      alert: r.alert,
      expr: r.expr,
      for: r.for,
      labels: { ...r.labels, severity: r.severity, environment: input.environment },
      annotations: {
        summary: r.summary,
        description: r.description,
        runbook_url: runbookUrl(config.runbookBaseUrl, r.alert),
      },
    });
  }
  return {
    config,
    planned,
    spec: { groups: [...groups].map(([name, rules]) => ({ name, rules })) },
  };
}

/** The rule groups as a Prometheus rules file (what `promtool check rules` and `rule_files` read). */
export function renderRulesFile(spec: PrometheusRuleSpec): string {
  // lineWidth 0: long PromQL stays on one line instead of being folded.
  return YAML.stringify(spec, { lineWidth: 0 });
}

/**
 * Labels that identify what an alert is about. Alertmanager inhibits a warning by a critical
 * alert only when these are equal, so a critical CPU alert on one node never hides a warning
 * on another.
 */
export const TARGET_LABELS = [
  "alertname",
  "environment",
  "instance",
  "mountpoint",
  "namespace",
  "service",
  "worker",
  "pod",
  "horizontalpodautoscaler",
  "dimension_DBInstanceIdentifier",
] as const;
