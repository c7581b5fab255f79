import { expect } from "chai";
import { parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";
import {
  EVALUATOR_PATH,
  LOADTEST_POD_SELECTOR,
  loadTestDashboard,
  loadTestJob,
  loadTestNetworkPolicies,
  otlpMetricsUrl,
} from "../../../components/loadtest";
import type { Panel } from "../../../components/monitoring/dashboards";
import { inspectPromQL } from "../../../components/monitoring/rules/promql";
import { stackValues } from "../../../components/monitoring/stack/values";
import { workloadLabels } from "../../../components/workloads/placement";
import { inClusterRun, runSuffix } from "../../../scripts/loadtest/in-cluster";
import { loadEnvironment } from "../../../stacks";
import { prometheusOf, resolvedScenarios } from "../../../stacks/areas/loadtests";

/** The gauge names the evaluator writes, read from the shipped script itself. */
const EVALUATOR_METRICS = [
  ...new Set(readFileSync(EVALUATOR_PATH, "utf8").match(/platform_loadtest_[a-z_0-9]+/g)),
];

describe("load test results: pushed to Prometheus, a dashboard row per scenario, and only the traffic they need", () => {
  const env = loadEnvironment("staging");
  const scenarios = resolvedScenarios(env);
  const prometheus = prometheusOf(env);

  it("pushes to the OTLP receiver of the Prometheus the platform already queries", () => {
    expect(prometheus).to.deep.equal({
      url: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090/",
      namespace: "monitoring",
      port: 9090,
    });
    expect(otlpMetricsUrl(prometheus.url)).to.equal(
      "http://kube-prometheus-stack-prometheus.monitoring.svc:9090/api/v1/otlp/v1/metrics",
    );
  });

  it("Prometheus runs with its OTLP receiver on (kube-prometheus-stack's prometheusSpec.enableOTLPReceiver)", () => {
    const values = stackValues({
      retention: "15d",
      storageGiB: 50,
      storageClass: "gp3",
      grafanaAdminSecret: "grafana-admin",
    }) as { prometheus: { prometheusSpec: Record<string, unknown> } };
    expect(values.prometheus.prometheusSpec.enableOTLPReceiver).to.equal(true);
  });

  it("the dashboard has a row per scenario with its P95 and its errors, each against the scenario's own limit", () => {
    const d = loadTestDashboard(env.name, scenarios) as { uid: string; panels: Panel[] };
    expect(d.uid).to.equal("platform-loadtests");
    const rows = d.panels.filter((p) => p.type === "row");
    expect(rows.map((r) => r.title.split(":")[0])).to.deep.equal(scenarios.map((s) => s.name));
    for (const s of scenarios) {
      const mine = d.panels.filter(
        (p) => p.type === "timeseries" && p.title.startsWith(`${s.name}:`),
      );
      expect(mine, s.name).to.have.length(2);
      const [latency, errors] = mine;
      const red = (p: Panel) =>
        (p.fieldConfig as { defaults: { thresholds: { steps: { value: number | null }[] } } })
          .defaults.thresholds.steps[1].value;
      expect(red(latency)).to.equal(s.p95Ms);
      expect(red(errors)).to.equal(s.errorRatePercent);
      for (const p of mine)
        for (const t of p.targets!) {
          const found = inspectPromQL(t.expr);
          expect(found.syntaxError, t.expr).to.equal(undefined);
          // Every series it reads is one the evaluator pushes.
          for (const m of found.metrics) expect(EVALUATOR_METRICS, t.expr).to.include(m);
          expect(t.expr).to.include(`scenario="${s.name}",service="${s.service}"`);
        }
    }
  });

  it("the test's pods may reach the service they drive (its container port) and Prometheus, nothing else", () => {
    const s = env.services["agent-api"];
    const policies = loadTestNetworkPolicies(
      [{ name: "agent-api", namespace: s.namespace, port: s.port }],
      prometheus,
    );
    expect(policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).to.deep.equal([
      `${s.namespace}/allow-loadtest`,
      "monitoring/allow-loadtest-results",
    ]);
    const [egress, ingress] = policies as [
      (typeof policies)[0] & { spec: { egress: unknown[] } },
      (typeof policies)[0] & { spec: { ingress: unknown[] } },
    ];
    expect(egress.spec.podSelector.matchLabels).to.deep.equal(LOADTEST_POD_SELECTOR);
    expect(egress.spec.egress).to.deep.equal([
      {
        to: [{ podSelector: { matchLabels: workloadLabels("agent-api", "service") } }],
        ports: [{ protocol: "TCP", port: s.port }],
      },
      {
        to: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
        ],
        ports: [{ protocol: "TCP", port: 9090 }],
      },
    ]);
    expect(ingress.spec.ingress).to.deep.equal([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": s.namespace } },
            podSelector: { matchLabels: LOADTEST_POD_SELECTOR },
          },
        ],
        ports: [{ protocol: "TCP", port: 9090 }],
      },
    ]);
    expect(
      loadTestNetworkPolicies([{ name: "agent-api", namespace: "apps", port: 8080 }], undefined),
    ).to.have.length(1);
  });

  it("the Job's pods carry the label the policies select, and the evaluator is told where to push", () => {
    const s = scenarios[0];
    const job = loadTestJob(
      s,
      { namespace: "apps", image: "i:1", evaluatorImage: "e:1", otlpUrl: "http://p:9090/x" },
      "t",
    );
    expect(job.spec.template.metadata.labels).to.include(LOADTEST_POD_SELECTOR);
    const envVars = job.spec.template.spec.containers[0].env;
    expect(envVars).to.deep.include({ name: "OTLP_URL", value: "http://p:9090/x" });
    const noPush = loadTestJob(s, { namespace: "apps", image: "i:1", evaluatorImage: "e:1" }, "t");
    expect(noPush.spec.template.spec.containers[0].env.map((e) => e.name)).to.not.include(
      "OTLP_URL",
    );
  });

  it("--in-cluster renders the evaluator, the policies and a Job named for the moment, started (not suspended), for prod too", () => {
    const prod = loadEnvironment("prod");
    const spike = resolvedScenarios(prod).find((s) => s.name === "spike")!;
    const now = new Date("2026-12-02T07:00:00Z");
    const docs = parseAllDocuments(inClusterRun(prod, spike, now)).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).to.deep.equal([
      "ConfigMap/loadtest-spike",
      "NetworkPolicy/allow-loadtest",
      "NetworkPolicy/allow-loadtest-results",
      `Job/loadtest-spike-${runSuffix(now)}`,
    ]);
    expect(runSuffix(now)).to.equal((Date.parse("2026-12-02T07:00:00Z") / 1000).toString(36));
    const job = docs[3];
    expect(job.spec.suspend).to.equal(undefined);
    expect(job.spec.template.spec.containers[0].env).to.deep.include({
      name: "OTLP_URL",
      value: otlpMetricsUrl(prometheusOf(prod).url),
    });
  });
});
