/**
 * Helm values of kube-prometheus-stack, as a pure function of the environment's settings.
 * Everything that must not be in Helm values (which Pulumi stores and diffs in plain text) is
 * passed by reference: the Grafana admin password and the Alertmanager configuration live in
 * Secrets this program creates, and the chart is told their names.
 */
import YAML from "yaml";
import { addonResources } from "../../../model/capacity/addons";
import { systemPodPlacement } from "../../nodegroups/placement";
import { KSM_METRIC_LABELS_ALLOWLIST } from "../rules";
import { GRAFANA_DASHBOARD_LABEL } from "../dashboards";

/** Release name and `fullnameOverride`: gives `kube-prometheus-stack-prometheus.<ns>.svc`, the URL the autoscaling area queries. */
export const STACK_RELEASE = "kube-prometheus-stack";
/** Keys of the Grafana admin Secret. */
export const GRAFANA_ADMIN_KEYS = { user: "admin-user", password: "admin-password" } as const;
/** Secret holding the Grafana admin credentials. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Secret holding the Alertmanager configuration. */
export const ALERTMANAGER_CONFIG_SECRET = "alertmanager-platform";
/** Key the Prometheus Operator reads Alertmanager's configuration from. */
export const ALERTMANAGER_CONFIG_KEY = "alertmanager.yaml";
/** Service account of Alertmanager, bound to the SNS publishing role through IRSA. */
export const ALERTMANAGER_SERVICE_ACCOUNT = "kube-prometheus-stack-alertmanager";
/** Scrape and rule evaluation interval; the rules' 5m rate windows span 10 samples of it. */
export const SCRAPE_INTERVAL = "30s";

/** Release name of the CloudWatch exporter, also its service account. */
export const CLOUDWATCH_EXPORTER = "cloudwatch-exporter";

/**
 * Values of the YACE chart: the discovery config from `buildYaceConfig`, the IRSA role, and a
 * Service with a ServiceMonitor so Prometheus scrapes it.
 */
export function cloudwatchExporterValues(
  config: Record<string, unknown>,
  roleArn: string,
): Record<string, unknown> {
  const placement = systemPodPlacement();
  return {
    fullnameOverride: CLOUDWATCH_EXPORTER,
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    serviceAccount: {
      create: true,
      name: CLOUDWATCH_EXPORTER,
      annotations: { "eks.amazonaws.com/role-arn": roleArn },
    },
    resources: addonResources("cloudwatch-exporter"),
    service: { enabled: true },
    serviceMonitor: { enabled: true, interval: "60s" },
    config: YAML.stringify(config, { lineWidth: 0 }),
  };
}

/** Input of {@link stackValues}. */
export interface StackValuesInput {
  /** Prometheus sample retention, e.g. `15d`. */
  retention: string;
  /** Size of each Prometheus volume in GiB; retention by size is capped at 90 % of it. */
  storageGiB: number;
  /** StorageClass of the Prometheus volumes. */
  storageClass: string;
  /** Prometheus replicas. @default 1 */
  prometheusReplicas?: number;
  /** Alertmanager replicas. @default 1 */
  alertmanagerReplicas?: number;
  /** Secret holding the Grafana admin user and password under {@link GRAFANA_ADMIN_KEYS}. */
  grafanaAdminSecret: string;
  /** Secret holding `alertmanager.yaml`; when undefined the chart's default (silent) config is kept. */
  alertmanagerConfigSecret?: string;
  /** Secrets mounted into Alertmanager under /etc/alertmanager/secrets/<name> (webhook URLs). @default [] */
  alertmanagerSecrets?: string[];
  /** IAM role Alertmanager assumes to publish to SNS. @default none (no SNS receiver) */
  alertmanagerRoleArn?: string;
}

/** The chart values. Pure: the same input gives the same object. */
export function stackValues(input: StackValuesInput): Record<string, unknown> {
  const placement = systemPodPlacement();
  const onSystemNodes = {
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
  };
  const retentionSizeGB = Math.floor(input.storageGiB * 0.9 * (2 ** 30 / 1e9));
  return {
    fullnameOverride: STACK_RELEASE,
    crds: { enabled: true },
    prometheusOperator: {
      ...onSystemNodes,
      resources: addonResources("prometheus-operator"),
      // The reloader sidecar of every Prometheus and Alertmanager pod.
      prometheusConfigReloader: { resources: addonResources("config-reloader") },
    },
    prometheus: {
      prometheusSpec: {
        ...onSystemNodes,
        replicas: input.prometheusReplicas ?? 1,
        resources: addonResources("prometheus"),
        retention: input.retention,
        // The in-cluster load tests push their figures here (a Job's pod is gone before a scrape);
        // only pods the NetworkPolicies admit reach the port (components/loadtest/results.ts).
        enableOTLPReceiver: true,
        // Size-based retention below the volume size, so a busy week never fills the disk.
        retentionSize: `${retentionSizeGB}GB`,
        scrapeInterval: SCRAPE_INTERVAL,
        evaluationInterval: SCRAPE_INTERVAL,
        // Select every ServiceMonitor and PrometheusRule, not only those carrying the release label.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: input.storageClass,
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: `${input.storageGiB}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      serviceAccount: {
        name: ALERTMANAGER_SERVICE_ACCOUNT,
        ...(input.alertmanagerRoleArn
          ? { annotations: { "eks.amazonaws.com/role-arn": input.alertmanagerRoleArn } }
          : {}),
      },
      alertmanagerSpec: {
        ...onSystemNodes,
        replicas: input.alertmanagerReplicas ?? 1,
        resources: addonResources("alertmanager"),
        ...(input.alertmanagerConfigSecret
          ? { useExistingSecret: true, configSecret: input.alertmanagerConfigSecret }
          : {}),
        secrets: input.alertmanagerSecrets ?? [],
      },
    },
    grafana: {
      ...onSystemNodes,
      replicas: 1,
      resources: addonResources("grafana"),
      admin: {
        existingSecret: input.grafanaAdminSecret,
        userKey: GRAFANA_ADMIN_KEYS.user,
        passwordKey: GRAFANA_ADMIN_KEYS.password,
      },
      sidecar: {
        resources: addonResources("grafana-sidecar"),
        dashboards: {
          enabled: true,
          label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0],
          labelValue: Object.values(GRAFANA_DASHBOARD_LABEL)[0],
          searchNamespace: "ALL",
        },
      },
    },
    "kube-state-metrics": {
      ...onSystemNodes,
      replicas: 1,
      resources: addonResources("kube-state-metrics"),
      metricLabelsAllowlist: [...KSM_METRIC_LABELS_ALLOWLIST],
    },
    // node-exporter must run on every node, tainted spot and system nodes included.
    "prometheus-node-exporter": {
      tolerations: [{ operator: "Exists" }],
      resources: addonResources("node-exporter"),
    },
  };
}
