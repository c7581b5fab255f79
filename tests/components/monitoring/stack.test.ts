import { expect } from "chai";
import { serviceMonitors, stackValues } from "../../../components/monitoring";
import { monitoringSchema, webhookUrlSchema } from "../../../stacks/schema/monitoring";

const values = stackValues({
  retention: "15d",
  storageGiB: 100,
  storageClass: "gp3",
  grafanaAdminSecret: "grafana-admin",
  alertmanagerConfigSecret: "alertmanager-platform",
  alertmanagerSecrets: ["alertmanager-webhook"],
  alertmanagerRoleArn: "arn:aws:iam::123456789012:role/am",
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const v = values as Record<string, any>;

describe("kube-prometheus-stack values", function () {
  it("keep samples for the configured time and cap retention by size below the volume", function () {
    expect(v.prometheus.prometheusSpec).to.include({ retention: "15d", retentionSize: "96GB" });
    expect(
      v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
    ).to.equal("100Gi");
  });

  it("select every ServiceMonitor and PrometheusRule, not only those with the release label", function () {
    expect(v.prometheus.prometheusSpec).to.include({
      serviceMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
    });
  });

  it("refer to Secrets for the Grafana password and Alertmanager config instead of holding them", function () {
    expect(v.grafana.admin).to.deep.equal({
      existingSecret: "grafana-admin",
      userKey: "admin-user",
      passwordKey: "admin-password",
    });
    expect(v.alertmanager.alertmanagerSpec).to.include({
      useExistingSecret: true,
      configSecret: "alertmanager-platform",
    });
    expect(v.alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-webhook"]);
    expect(JSON.stringify(values)).to.not.match(/adminPassword|"config":/);
  });

  it("keep the chart's default Alertmanager config when no receiver exists", function () {
    const bare = stackValues({
      retention: "7d",
      storageGiB: 20,
      storageClass: "gp3",
      grafanaAdminSecret: "g",
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(bare.alertmanager.alertmanagerSpec).to.not.have.property("useExistingSecret");
    expect(bare.alertmanager.serviceAccount).to.not.have.property("annotations");
  });

  it("run node-exporter on every node, tainted ones included, and the rest on system nodes", function () {
    expect(v["prometheus-node-exporter"].tolerations).to.deep.equal([{ operator: "Exists" }]);
    expect(v.prometheus.prometheusSpec.nodeSelector).to.deep.equal({
      "platform.io/role": "system",
    });
  });
});

describe("service monitors", function () {
  const target = {
    name: "svc-api",
    namespace: "apps",
    selector: { "app.kubernetes.io/name": "api" },
    port: "http",
  };

  it("select Services in the target namespace by label and scrape the named port every 30 s", function () {
    const [sm] = serviceMonitors("monitoring", [target]) as {
      metadata: { namespace: string };
      spec: Record<string, unknown>;
    }[];
    expect(sm.metadata.namespace).to.equal("monitoring");
    expect(sm.spec).to.deep.equal({
      namespaceSelector: { matchNames: ["apps"] },
      selector: { matchLabels: { "app.kubernetes.io/name": "api" } },
      endpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    });
  });

  it("refuse duplicate names and empty selectors, naming the target", function () {
    expect(() => serviceMonitors("monitoring", [target, target])).to.throw(
      'scrape target "svc-api" is defined twice',
    );
    expect(() => serviceMonitors("monitoring", [{ ...target, selector: {} }])).to.throw(
      "has an empty selector",
    );
  });
});

describe("monitoring settings schema", function () {
  const minimal = {
    alerting: { runbookBaseUrl: "https://runbooks.example.org" },
    receivers: { emails: ["oncall@example.org"] },
  };

  it("defaults to the pinned chart, 15 days on 50 GiB gp3, every severity to SNS, and the seed alarm levels", function () {
    const m = monitoringSchema.parse(minimal);
    expect(m.chart).to.deep.equal({
      repository: "https://prometheus-community.github.io/helm-charts",
      name: "kube-prometheus-stack",
      version: "88.5.3",
    });
    expect(m.prometheus).to.deep.equal({
      retention: "15d",
      storageGiB: 50,
      storageClass: "gp3",
      replicas: 1,
    });
    expect(m.routes).to.deep.equal({ critical: ["sns"], warning: ["sns"], info: ["sns"] });
    expect(m.alarms).to.deep.equal({
      freeStoragePercent: 20,
      connectionsPercent: 90,
      cacheEvictionsPerMinute: 100,
      queueDepthMessages: 1000,
    });
    expect(m.alerting.thresholds.nodeCpu).to.deep.equal({
      warningPercent: 85,
      criticalPercent: 95,
      for: "5m",
    });
  });

  it("refuses a retention that is not a duration, a receiver listed twice and an empty critical route", function () {
    const r = monitoringSchema.safeParse({
      ...minimal,
      prometheus: { retention: "two weeks" },
      routes: { critical: [], warning: ["sns", "sns"] },
    });
    expect(r.success).to.equal(false);
    const issues = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues).to.include("prometheus.retention: must be a duration like 36h, 15d, 8w or 1y");
    expect(issues).to.include("routes.warning: lists a receiver twice");
    expect(issues).to.include(
      "routes.critical: must name at least one receiver (sns or webhook); critical alerts must reach someone",
    );
  });

  it("requires the runbook base URL", function () {
    const r = monitoringSchema.safeParse({ receivers: minimal.receivers });
    expect(r.error!.issues.map((i) => i.path.join("."))).to.include("alerting");
  });

  it("keeps only the fact that the webhook URL is set, never its value", function () {
    const parsed = webhookUrlSchema.parse("https://hooks.example.org/T/B/token");
    expect(parsed).to.deep.equal({ configKey: "alertWebhookUrl", secret: true });
    expect(webhookUrlSchema.parse({ secure: "v1:abc" })).to.deep.equal({
      configKey: "alertWebhookUrl",
      secret: true,
    });
    expect(webhookUrlSchema.parse(undefined)).to.equal(undefined);
  });
});
