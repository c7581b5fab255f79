import * as pulumi from "@pulumi/pulumi";
import { PGBOUNCER_LABELS } from "../../components/database/pgbouncer/manifests";
import {
  DB_INSTANCE_LABEL,
  POSTGRES_EXPORTER_LABELS,
} from "../../components/database/exporter/manifests";
import { AUTOSCALING_NAMESPACE } from "../../components/workloads/addons";
import {
  ALERTMANAGER_SERVICE_ACCOUNT,
  alarmThresholds,
  AwsAlerting,
  cacheNodeSuffixes,
  CLOUDWATCH_EXPORTER,
  Monitoring,
  MonitoringInputError,
  rdsMaxConnections,
  type ScrapeTarget,
} from "../../components/monitoring";
import {
  type AlertmanagerInput,
  buildAlertmanagerConfig,
  type ReceiverInput,
  renderAlertmanagerConfig,
} from "../../components/monitoring/alertmanager";
import { buildDashboards, dashboardConfigMapData } from "../../components/monitoring/dashboards";
import {
  buildAlertRules,
  buildYaceConfig,
  type MonitoredEndpoint,
  type MonitoringTargets,
  SEVERITIES,
  workerCapacity,
} from "../../components/monitoring/rules";
import { endpointTagValue, ENDPOINT_TAG, loadBalancerName, wafNames } from "../../components/edge";
import { ConfigError } from "../errors";
import type { Environment } from "../schema";
import { cdnOf } from "../schema/edge";
import { type MonitoringConfig, WEBHOOK_URL_KEY } from "../schema/monitoring";
import { clusterNameOf, environmentTags } from "../tags";
import type { Area } from "./area";
import type { Data } from "./data";
import type { Foundation } from "./foundation";
import type { InClusterTarget } from "./target";
import { KEDA_NAMESPACE, workerMaxReplicas, type Workloads } from "./workloads";

/** What other areas hand to monitoring. Each part is optional: a missing part is not monitored. */
export interface MonitoringInputs {
  /** Data-tier identifiers (the data area's `monitoring` field fits as it is). */
  data?: {
    rdsPrimaryId?: pulumi.Input<string>;
    rdsReplicaIds?: pulumi.Input<string>[];
    cacheReplicationGroupId?: pulumi.Input<string>;
    brokerName?: pulumi.Input<string>;
  };
  /** Namespace of PgBouncer, whose exporter Service is scraped. @default not scraped */
  pgbouncerNamespace?: string;
  /** Namespace of the postgres_exporter pods, whose metrics Service is scraped. @default not scraped */
  postgresExporterNamespace?: string;
  /** Workers' max replicas by name, as the workloads area applied them. Required. */
  workerMaxReplicas: Record<string, number>;
  /** Namespace of the KEDA operator, whose metrics the queue alerts read. @default the autoscaling add-ons' namespace */
  kedaNamespace?: string;
}

/** `platform:monitoring`, which a caller building monitoring needs. */
export function monitoringOf(env: Environment): MonitoringConfig {
  if (env.monitoring === undefined)
    throw new Error(
      `platform:monitoring is not set in Pulumi.${env.name}.yaml; add it to monitor this environment (see docs/monitoring.md)`,
    );
  return env.monitoring;
}

/** The environment's services and workers as monitoring targets; config is the source of truth. */
export function monitoringTargets(
  env: Environment,
  workerMaxReplicas: Record<string, number>,
): MonitoringTargets {
  return {
    environment: env.name,
    services: Object.entries(env.services).map(([name, s]) => ({
      name,
      namespace: s.namespace,
      latencyObjectiveMs: s.latencyObjectiveMs,
    })),
    workers: Object.entries(env.workers).map(([name, w]) => {
      const maxReplicas = workerMaxReplicas[name];
      if (maxReplicas === undefined)
        throw new Error(
          `platform:workers.${name}: the monitoring area was given no max replicas for it`,
        );
      return {
        name,
        namespace: w.namespace,
        queue: w.queue,
        messagesPerPod: w.messagesPerPod,
        maxReplicas,
      };
    }),
    endpoints: monitoredEndpoints(env),
  };
}

/** The public services, named as the edge area builds their ALBs, web ACLs and distributions. */
function monitoredEndpoints(env: Environment): MonitoredEndpoint[] {
  return Object.entries(env.edge.services).map(([name, e]) => {
    const namespace = env.services[name].namespace;
    const lb = loadBalancerName(env.name, name);
    const waf = wafNames(lb);
    const cdn = cdnOf(e, env.cluster.deletionProtection);
    return {
      service: name,
      namespace,
      host: e.host,
      loadBalancerName: lb,
      // The rate rule sits where client IPs are real: on CloudFront's ACL when there is one.
      edgeAcl: cdn
        ? { name: waf.cdnAcl, rateLimitRule: waf.cdnRateLimitRule }
        : { name: waf.albAcl, rateLimitRule: waf.albRateLimitRule },
      ...(cdn
        ? {
            cdn: {
              originAcl: waf.albAcl,
              originRule: waf.originVerifyRule,
              distributionTag: { key: ENDPOINT_TAG, value: endpointTagValue(namespace, name) },
            },
          }
        : {}),
    };
  });
}

/**
 * The stack-file key a monitoring builder's key comes from: `services[1].latencyObjectiveMs` is
 * the second service's `platform:services.<name>.latencyObjectiveMs`, `routes.critical[0]` is
 * `platform:monitoring.routes.critical[0]`; keys already in `platform:` stay as they are.
 */
function configKeyOf(env: Environment, key: string): string {
  if (key.startsWith("platform:")) return key;
  const m = /^(services|workers)\[(\d+)\](?:\.(.*))?$/.exec(key);
  if (m) {
    const [, kind, index, field] = m;
    const name = Object.keys(kind === "services" ? env.services : env.workers)[Number(index)];
    // A worker's max replicas is its planned bound, set by platform:workers.<name>.replicas.
    const setting = field === "maxReplicas" ? "replicas" : field;
    return `platform:${kind}.${name}${setting && setting !== "name" ? `.${setting}` : ""}`;
  }
  return `platform:monitoring.${key}`;
}

/**
 * Runs a monitoring builder, reporting input it refuses as the environment's {@link ConfigError}
 * keyed as the stack file spells it (the builders throw their own {@link MonitoringInputError};
 * they do not know the stack file).
 */
function asConfigError<T>(env: Environment, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof MonitoringInputError)) throw e;
    throw new ConfigError(
      env.name,
      e.source,
      e.problems.map((p) => ({ ...p, key: configKeyOf(env, p.key) })),
    );
  }
}

/** The generated rules and dashboards for an environment (pure; the promtool tests use the same). */
export function monitoringContent(env: Environment, workerMaxReplicas: Record<string, number>) {
  return asConfigError(env, () => {
    const targets = monitoringTargets(env, workerMaxReplicas);
    const rules = buildAlertRules({ ...targets, alerting: monitoringOf(env).alerting });
    return {
      targets,
      rules,
      dashboards: dashboardConfigMapData(buildDashboards(targets, rules.config.thresholds)),
    };
  });
}

/**
 * The AWS part: the encrypted alert topic, its e-mail subscriptions, CloudWatch alarms for every
 * data-tier resource the data area hands over, and Alertmanager's publishing role.
 */
export function buildAlerting(f: Foundation, inputs: MonitoringInputs): AwsAlerting {
  const { env } = f;
  const m = monitoringOf(env);
  const data = inputs.data ?? {};
  const { targets, rules } = monitoringContent(env, inputs.workerMaxReplicas);
  const queues = env.queue?.queues ?? [];
  return new AwsAlerting(
    "alerting",
    {
      prefix: clusterNameOf(env),
      region: env.aws.region,
      emails: m.receivers.emails,
      kmsDeletionWindowDays: env.cluster.kmsDeletionWindowDays,
      alertmanager: {
        oidc: f.cluster.oidc,
        namespace: m.namespace,
        serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
      },
      cloudwatchExporter: {
        oidc: f.cluster.oidc,
        namespace: m.namespace,
        serviceAccount: CLOUDWATCH_EXPORTER,
      },
      alarms: {
        thresholds: alarmThresholds(rules.config, m.alarms),
        database:
          data.rdsPrimaryId === undefined
            ? undefined
            : {
                primary: data.rdsPrimaryId,
                replicas: data.rdsReplicaIds ?? [],
                allocatedStorageGiB: env.database.allocatedStorageGiB,
                maxConnections: rdsMaxConnections(
                  env.database.instanceClass,
                  env.database.parameters,
                ),
                replicaMaxConnections: rdsMaxConnections(
                  env.database.replicaInstanceClass ?? env.database.instanceClass,
                  env.database.parameters,
                ),
              },
        cache:
          data.cacheReplicationGroupId === undefined
            ? undefined
            : {
                nodes: cacheNodeSuffixes(env.cache).map(
                  (s) => pulumi.interpolate`${data.cacheReplicationGroupId}${s}`,
                ),
              },
        queue:
          data.brokerName === undefined
            ? undefined
            : {
                broker: data.brokerName,
                queues: queues.map((name) => {
                  const consumers = targets.workers.filter((w) => w.queue === name);
                  return {
                    name,
                    depthThreshold: consumers.length
                      ? consumers.reduce((n, w) => n + workerCapacity(w), 0)
                      : m.alarms.queueDepthMessages,
                  };
                }),
              },
      },
    },
    f.opts,
  );
}

/**
 * The webhook URL from `platform:alertWebhookUrl`, as a Pulumi secret. The loader has already
 * refused a value in plain text or not a URL, without showing it (`stacks/schema/secrets.ts`).
 */
function webhookUrl(): pulumi.Output<string> {
  return new pulumi.Config("platform").requireSecret(WEBHOOK_URL_KEY);
}

/** Where Alertmanager publishes to SNS: the topic and the role it assumes. */
export interface SnsTarget {
  topicArn: pulumi.Input<string>;
  roleArn: pulumi.Input<string>;
}

/** Secret (and key) the webhook URL is mounted from. */
const WEBHOOK_SECRET = { secretName: "alertmanager-webhook", secretKey: "url" };

/**
 * Alertmanager's receivers and severity routes: `platform:monitoring.routes`, keeping the
 * receivers that exist here (SNS only with a topic; the webhook only with its URL).
 * @param topicArn the alert topic. @default none (no SNS receiver)
 */
export function alertmanagerInput(env: Environment, topicArn?: string): AlertmanagerInput {
  const receivers: ReceiverInput[] = [
    ...(topicArn === undefined
      ? []
      : [{ name: "sns", sns: [{ topicArn, region: env.aws.region }] }]),
    ...(env.alertWebhookUrl ? [{ name: "webhook", webhooks: [WEBHOOK_SECRET] }] : []),
  ];
  const known = new Set(receivers.map((r) => r.name));
  const routes = monitoringOf(env).routes;
  return {
    environment: env.name,
    receivers,
    routes: Object.fromEntries(
      SEVERITIES.map((s) => [s, routes[s].filter((r) => known.has(r))]),
    ) as AlertmanagerInput["routes"],
  };
}

/**
 * The in-cluster part, on any target (the live cluster, or a render-only folder without AWS):
 * kube-prometheus-stack when the target installs Helm charts, the PrometheusRule, dashboards,
 * ServiceMonitors and the Alertmanager configuration with severity routes to the receivers that
 * exist here (no SNS without AWS; no webhook without its URL).
 * @param sns the alert topic and Alertmanager's role. @default none (no SNS receiver)
 * @param grafanaAdminPassword use this instead of a generated one (render-only targets have no `random` plugin). @default generated
 * @param cloudwatchExporterRoleArn installs YACE with this role, discovering resources by the Environment tag. @default not installed
 */
export function buildInClusterMonitoring(
  target: InClusterTarget,
  env: Environment,
  inputs: MonitoringInputs & {
    sns?: SnsTarget;
    grafanaAdminPassword?: pulumi.Input<string>;
    cloudwatchExporterRoleArn?: pulumi.Input<string>;
  },
): Monitoring {
  const m = monitoringOf(env);
  const { targets, rules, dashboards } = monitoringContent(env, inputs.workerMaxReplicas);
  // Which receivers exist is known now; only the topic's ARN waits for AWS.
  const routesNow = alertmanagerInput(env, inputs.sns ? "pending" : undefined).routes;
  // Without a receiver for critical alerts (a render-only target) the chart's silent default stays.
  const alertmanager =
    routesNow.critical.length === 0
      ? undefined
      : {
          config: pulumi
            .output(inputs.sns?.topicArn)
            .apply((topicArn) =>
              asConfigError(env, () =>
                renderAlertmanagerConfig(buildAlertmanagerConfig(alertmanagerInput(env, topicArn))),
              ),
            ),
          mounted: env.alertWebhookUrl
            ? { [WEBHOOK_SECRET.secretName]: { [WEBHOOK_SECRET.secretKey]: webhookUrl() } }
            : {},
          roleArn: inputs.sns?.roleArn,
        };

  const scrapeTargets: ScrapeTarget[] = [
    ...targets.services.map((s) => ({
      name: `svc-${s.name}`,
      namespace: s.namespace,
      selector: { "app.kubernetes.io/name": s.name },
      port: "http",
      // The HPA's request-rate metric comes from this scrape: its interval is part of the scaling lag.
      interval: `${env.autoscaling.scalingMetric.scrapeIntervalSeconds}s`,
    })),
    {
      name: "keda-operator",
      namespace: inputs.kedaNamespace ?? AUTOSCALING_NAMESPACE,
      selector: { "app.kubernetes.io/name": "keda-operator" },
      port: "metrics",
    },
    ...(inputs.pgbouncerNamespace
      ? [
          {
            name: "pgbouncer",
            namespace: inputs.pgbouncerNamespace,
            selector: { ...PGBOUNCER_LABELS },
            port: "metrics",
          },
        ]
      : []),
    ...(inputs.postgresExporterNamespace
      ? [
          {
            name: "postgres-exporter",
            namespace: inputs.postgresExporterNamespace,
            selector: { ...POSTGRES_EXPORTER_LABELS },
            port: "metrics",
            podTargetLabels: [DB_INSTANCE_LABEL],
          },
        ]
      : []),
  ];

  return new Monitoring(
    "monitoring",
    {
      namespace: m.namespace,
      chart: m.chart,
      helm: target.helm,
      provider: target.provider,
      prometheus: m.prometheus,
      alertmanagerReplicas: m.alertmanagerReplicas,
      rules: rules.spec,
      dashboards,
      scrapeTargets,
      alertmanager,
      grafanaAdminPassword: inputs.grafanaAdminPassword,
      cloudwatchExporter:
        inputs.cloudwatchExporterRoleArn === undefined
          ? undefined
          : {
              chart: m.cloudwatchExporterChart,
              config: buildYaceConfig({
                region: env.aws.region,
                tag: { key: "Environment", value: environmentTags(env).Environment },
                edge: targets.endpoints?.length
                  ? { cdn: targets.endpoints.some((e) => e.cdn), endpointTag: ENDPOINT_TAG }
                  : undefined,
              }),
              roleArn: inputs.cloudwatchExporterRoleArn,
            },
    },
    target.opts,
  );
}

/** What the monitoring area built. */
export interface Monitored {
  /** The AWS part; absent on a target without AWS. */
  alerting?: AwsAlerting;
  monitoring: Monitoring;
  /** The alert topic, where AWS Budgets notifications go too; absent without AWS. */
  alertTopicArn?: pulumi.Output<string>;
}

/**
 * Monitoring of what the data and workloads areas built: on AWS both parts (the alert topic and
 * CloudWatch alarms, then the in-cluster stack publishing to it); elsewhere the in-cluster part.
 * An environment without `platform:monitoring` gets none (on AWS with a warning at every deploy),
 * so a new environment can start from its network and cluster alone.
 */
export const monitoringArea: Area<{ data: Data; workloads: Workloads }, Monitored | undefined> = {
  build: ({ env, site, built }) => {
    if (env.monitoring === undefined) {
      if (site.aws !== undefined)
        pulumi.log.warn(
          `platform:monitoring is not set in Pulumi.${env.name}.yaml: nothing alerts on this environment (see docs/monitoring.md)`,
        );
      return undefined;
    }
    const inputs: MonitoringInputs = {
      data: built.data.aws?.monitoring,
      pgbouncerNamespace: built.data.dataNamespace,
      postgresExporterNamespace: built.data.dataNamespace,
      workerMaxReplicas: workerMaxReplicas(built.workloads.plan),
      kedaNamespace: KEDA_NAMESPACE,
    };
    if (site.aws === undefined) {
      const grafanaAdminPassword = site.external.grafanaAdminPassword();
      return {
        monitoring: buildInClusterMonitoring(site.target, env, { ...inputs, grafanaAdminPassword }),
      };
    }
    const alerting = buildAlerting(site.aws, inputs);
    const monitoring = buildInClusterMonitoring(site.target, env, {
      ...inputs,
      sns: { topicArn: alerting.topicArn, roleArn: alerting.alertmanagerRoleArn! },
      cloudwatchExporterRoleArn: alerting.cloudwatchExporterRoleArn,
    });
    return { alerting, monitoring, alertTopicArn: alerting.topicArn };
  },
  // The Grafana password stays out (it is in its Secret).
  outputs: (m) => {
    if (m === undefined) return {};
    return {
      ...(m.alerting === undefined
        ? {}
        : { alertTopicArn: m.alertTopicArn, alarmNames: m.alerting.alarmNames }),
      grafanaAdminSecret: m.monitoring.grafanaAdminSecret,
    };
  },
};
