/**
 * Alertmanager configuration built from data: severity routes to receivers (SNS topics and
 * webhooks), critical inhibiting warning for the same alert, grouping and timings.
 *
 * Webhook URLs are secrets (they usually embed a token). The config never contains them: each
 * webhook reads its URL from a file (`url_file`, Alertmanager >= 0.26) that the Prometheus
 * Operator mounts from a Kubernetes Secret listed in `alertmanagerSpec.secrets`
 * (at `/etc/alertmanager/secrets/<secret>/<key>`). The rendered config is therefore safe to
 * keep in Helm values, Pulumi state and preview diffs. {@link inlineWebhookUrls} exists for the
 * other route (a whole config kept in a Secret, or an older Alertmanager).
 */
import YAML from "yaml";
import type { Problem } from "../../../model/problems";
import { MonitoringInputError } from "../errors";
import { SEVERITIES, type Severity, TARGET_LABELS, parsePromDuration } from "../rules";

/** Where the Prometheus Operator mounts the Secrets listed in `alertmanagerSpec.secrets`. */
export const OPERATOR_SECRETS_DIR = "/etc/alertmanager/secrets";

/** Publishes to an SNS topic; Alertmanager signs with SigV4 using its pod's IRSA role. */
export interface SnsReceiverInput {
  /** `arn:aws:sns:<region>:<account>:<topic>`. */
  topicArn: string;
  /** Region of the topic; must match the ARN. */
  region: string;
}

/** Posts to an HTTP endpoint whose URL lives in a Kubernetes Secret. */
export interface WebhookReceiverInput {
  /** Secret in Alertmanager's namespace holding the URL; must be listed in `alertmanagerSpec.secrets`. */
  secretName: string;
  /** Key of the Secret whose value is the URL. */
  secretKey: string;
  /** Also notify when alerts resolve. @default true */
  sendResolved?: boolean;
}

/** A named receiver with one or more integrations. */
export interface ReceiverInput {
  /** Receiver name, lowercase letters, digits and '-'; `null` is reserved. */
  name: string;
  sns?: SnsReceiverInput[];
  webhooks?: WebhookReceiverInput[];
}

/** Input of {@link buildAlertmanagerConfig}. */
export interface AlertmanagerInput {
  /** Environment name, for error messages and the SNS subject. */
  environment: string;
  receivers: ReceiverInput[];
  /** Receivers each severity goes to, every one of them in turn. `critical` must have at least one. */
  routes: Record<Severity, string[]>;
  /** Receiver for alerts no severity route matches. @default the first warning receiver */
  defaultReceiver?: string;
  /** Labels alerts are grouped by into one notification. @default ["alertname", "environment", "namespace", "service"] */
  groupBy?: string[];
  /** Wait before the first notification of a new group. @default "30s" */
  groupWait?: string;
  /** Wait before notifying about alerts added to a group. @default "5m" */
  groupInterval?: string;
  /** Wait before repeating a notification per severity. @default { critical: "1h", warning: "4h", info: "12h" } */
  repeatInterval?: Partial<Record<Severity, string>>;
}

/** An Alertmanager route as the config file spells it. */
export interface AlertmanagerRoute {
  receiver: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  routes?: AlertmanagerRoute[];
}

/** The Alertmanager configuration file (alertmanager.yaml) as a plain object. */
export interface AlertmanagerConfig {
  route: AlertmanagerRoute;
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
  receivers: {
    name: string;
    sns_configs?: Record<string, unknown>[];
    webhook_configs?: Record<string, unknown>[];
  }[];
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const SNS_ARN =
  /^arn:aws(?:-[a-z]+)*:sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const REPEAT_DEFAULTS: Record<Severity, string> = { critical: "1h", warning: "4h", info: "12h" };

/** The file path Alertmanager reads a webhook's URL from. */
export function webhookUrlFile(w: WebhookReceiverInput): string {
  return `${OPERATOR_SECRETS_DIR}/${w.secretName}/${w.secretKey}`;
}

/** Secret names to list in the Helm values' `alertmanager.alertmanagerSpec.secrets`. */
export function alertmanagerSecretNames(input: AlertmanagerInput): string[] {
  return [
    ...new Set(input.receivers.flatMap((r) => (r.webhooks ?? []).map((w) => w.secretName))),
  ].sort();
}

function validate(input: AlertmanagerInput): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, value: unknown, message: string) =>
    problems.push({ key, value, message });
  const names = new Set<string>();
  input.receivers.forEach((r, i) => {
    const key = `receivers[${i}]`;
    if (!NAME.test(r.name) || r.name === "null")
      add(
        `${key}.name`,
        r.name,
        "must be lowercase letters, digits and '-' (and not 'null', which is reserved)",
      );
    if (names.has(r.name)) add(`${key}.name`, r.name, "is defined twice");
    names.add(r.name);
    if ((r.sns ?? []).length + (r.webhooks ?? []).length === 0)
      add(key, r.name, "has no SNS topic and no webhook, so it would notify nobody");
    (r.sns ?? []).forEach((s, j) => {
      const m = SNS_ARN.exec(s.topicArn);
      if (!m)
        add(
          `${key}.sns[${j}].topicArn`,
          s.topicArn,
          "must be an SNS topic ARN like arn:aws:sns:eu-west-1:123456789012:alerts",
        );
      else if (m[1] !== s.region)
        add(`${key}.sns[${j}].region`, s.region, `must be the topic's region ${m[1]}`);
    });
    (r.webhooks ?? []).forEach((w, j) => {
      if (!SECRET_NAME.test(w.secretName))
        add(`${key}.webhooks[${j}].secretName`, w.secretName, "must be a Kubernetes Secret name");
      if (!SECRET_KEY.test(w.secretKey))
        add(
          `${key}.webhooks[${j}].secretKey`,
          w.secretKey,
          "must be a Secret key (letters, digits, '-', '_', '.')",
        );
    });
  });
  for (const sev of SEVERITIES) {
    (input.routes[sev] ?? []).forEach((name, j) => {
      if (!names.has(name))
        add(
          `routes.${sev}[${j}]`,
          name,
          `is not a receiver; known receivers: ${[...names].join(", ") || "none"}`,
        );
    });
  }
  if ((input.routes.critical ?? []).length === 0)
    add(
      "routes.critical",
      [],
      "must name at least one receiver; critical alerts must reach someone",
    );
  if (input.defaultReceiver !== undefined && !names.has(input.defaultReceiver))
    add("defaultReceiver", input.defaultReceiver, "is not a receiver");
  (input.groupBy ?? []).forEach((l, j) => {
    if (!LABEL.test(l)) add(`groupBy[${j}]`, l, "is not a Prometheus label name");
  });
  const durations: [string, string | undefined][] = [
    ["groupWait", input.groupWait],
    ["groupInterval", input.groupInterval],
    ...SEVERITIES.map((s): [string, string | undefined] => [
      `repeatInterval.${s}`,
      input.repeatInterval?.[s],
    ]),
  ];
  for (const [key, value] of durations) {
    if (value !== undefined && !parsePromDuration(value))
      add(key, value, "must be a non-zero duration like 30s, 5m or 4h");
  }
  return problems;
}

/**
 * Builds the Alertmanager configuration. Throws a {@link MonitoringInputError} listing every problem
 * (unknown receivers in routes, malformed ARNs, region mismatches, bad durations).
 */
export function buildAlertmanagerConfig(input: AlertmanagerInput): AlertmanagerConfig {
  const problems = validate(input);
  if (problems.length > 0)
    throw new MonitoringInputError(input.environment, "alertmanager", problems);
  const severityRoutes = SEVERITIES.flatMap((sev) => {
    const targets = input.routes[sev] ?? [];
    // `continue` on all but the last, so an alert reaches every listed receiver and then stops.
    return targets.map((receiver, i) => ({
      receiver,
      matchers: [`severity="${sev}"`],
      repeat_interval: input.repeatInterval?.[sev] ?? REPEAT_DEFAULTS[sev],
      ...(i < targets.length - 1 ? { continue: true } : {}),
    }));
  });
  return {
    route: {
      receiver: input.defaultReceiver ?? input.routes.warning?.[0] ?? input.routes.critical[0],
      group_by: input.groupBy ?? ["alertname", "environment", "namespace", "service"],
      group_wait: input.groupWait ?? "30s",
      group_interval: input.groupInterval ?? "5m",
      repeat_interval: REPEAT_DEFAULTS.warning,
      routes: [
        // kube-prometheus-stack's Watchdog always fires (a dead man's switch) and InfoInhibitor
        // only exists to mute info alerts; neither should page anyone.
        { receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
        ...severityRoutes,
      ],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: [...TARGET_LABELS],
      },
    ],
    receivers: [
      { name: "null" },
      ...input.receivers.map((r) => ({
        name: r.name,
        ...(r.sns?.length
          ? {
              sns_configs: r.sns.map((s) => ({
                topic_arn: s.topicArn,
                sigv4: { region: s.region },
                subject: `[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }} (${input.environment})`,
                send_resolved: true,
              })),
            }
          : {}),
        ...(r.webhooks?.length
          ? {
              webhook_configs: r.webhooks.map((w) => ({
                url_file: webhookUrlFile(w),
                send_resolved: w.sendResolved ?? true,
              })),
            }
          : {}),
      })),
    ],
  };
}

/** The configuration as alertmanager.yaml text. */
export function renderAlertmanagerConfig(config: AlertmanagerConfig): string {
  return YAML.stringify(config, { lineWidth: 0 });
}

/**
 * A copy of `config` with each webhook's `url_file` replaced by the URL itself, for a config
 * that will be stored whole in a Kubernetes Secret. `urls` is keyed `<secretName>/<secretKey>`;
 * a webhook without a URL is an error. The result holds secrets: never log or export it.
 */
export function inlineWebhookUrls(
  config: AlertmanagerConfig,
  urls: Readonly<Record<string, string>>,
): AlertmanagerConfig {
  const prefix = `${OPERATOR_SECRETS_DIR}/`;
  return {
    ...config,
    receivers: config.receivers.map((r) => ({
      ...r,
      ...(r.webhook_configs
        ? {
            webhook_configs: r.webhook_configs.map(({ url_file, ...rest }) => {
              const key = String(url_file).slice(prefix.length);
              const url = urls[key];
              if (!url)
                throw new Error(`no URL given for webhook secret ${key} of receiver ${r.name}`);
              if (!/^https?:\/\//.test(url))
                throw new Error(
                  `the URL for webhook secret ${key} of receiver ${r.name} must start with http:// or https://`,
                );
              return { url, ...rest };
            }),
          }
        : {}),
    })),
  };
}
