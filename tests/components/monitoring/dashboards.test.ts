import { expect } from "chai";
import {
  GRAFANA_DASHBOARD_LABEL,
  GRAFANA_SCHEMA_VERSION,
  type Panel,
  buildDashboards,
  dashboardConfigMapData,
} from "../../../components/monitoring/dashboards";
import {
  inspectPromQL,
  isKnownMetric,
  thresholdsSchema,
} from "../../../components/monitoring/rules";
import { devInput, prodInput } from "./inputs";

const dashboards = buildDashboards(prodInput);
const panelsOf = (file: string) =>
  (dashboards[file].panels as Panel[]).filter((p) => p.type !== "row");
const allPanels = Object.keys(dashboards).flatMap(panelsOf);
const titled = (file: string, pattern: RegExp) =>
  panelsOf(file).filter((p) => pattern.test(p.title));

describe("grafana dashboards", function () {
  it("come as three JSON files for the Grafana sidecar", function () {
    expect(Object.keys(dashboards)).to.deep.equal([
      "platform-autoscaling.json",
      "platform-services.json",
      "platform-data-tier.json",
    ]);
    expect(GRAFANA_DASHBOARD_LABEL).to.deep.equal({ grafana_dashboard: "1" });
    const data = dashboardConfigMapData(dashboards);
    expect(JSON.parse(data["platform-services.json"])).to.deep.equal(
      dashboards["platform-services.json"],
    );
  });

  it("use the current schema version, a datasource variable, and that variable in every panel and query", function () {
    for (const d of Object.values(dashboards)) {
      expect(d.schemaVersion).to.equal(GRAFANA_SCHEMA_VERSION);
      const vars = (d.templating as { list: { name: string; type: string; query: string }[] }).list;
      expect(vars[0]).to.include({ name: "datasource", type: "datasource", query: "prometheus" });
    }
    for (const p of allPanels) {
      expect(p.datasource?.uid, p.title).to.equal("${datasource}");
      for (const t of p.targets!) expect(t.datasource.uid, p.title).to.equal("${datasource}");
    }
  });

  it("show replicas against HPA min and max for every service and every worker's KEDA HPA", function () {
    const hpa = titled("platform-autoscaling.json", /replicas vs HPA bounds/);
    expect(hpa.map((p) => p.title)).to.deep.equal([
      "apps/api: replicas vs HPA bounds",
      "apps/agent-api: replicas vs HPA bounds",
      "platform/portal: replicas vs HPA bounds",
      "agents/agents: replicas vs HPA bounds",
      "agents/indexer: replicas vs HPA bounds",
    ]);
    expect(hpa[0].targets!.map((t) => t.legendFormat)).to.deep.equal([
      "current",
      "desired",
      "min",
      "max",
    ]);
    expect(hpa[4].targets![3].expr).to.include('horizontalpodautoscaler="keda-hpa-indexer-queue"');
  });

  it("count nodes by EKS capacity type from kube_node_labels", function () {
    const [nodes] = titled("platform-autoscaling.json", /Nodes by capacity type/);
    expect(nodes.targets![0].expr).to.equal(
      "count by (label_eks_amazonaws_com_capacity_type) (kube_node_labels)",
    );
  });

  it("show requests per second, the error rate with its alert line, and p50/p95/p99 latency per service against its objective", function () {
    expect(titled("platform-services.json", /^Requests per second$/)).to.have.length(1);
    const [errors] = titled("platform-services.json", /Error rate/);
    expect(errors.fieldConfig).to.have.nested.property("defaults.thresholds.steps[1].value", 1);
    const latency = titled("platform-services.json", /latency p50/);
    expect(latency).to.have.length(prodInput.services.length);
    expect(latency[0].targets!.map((t) => t.legendFormat)).to.deep.equal(["p50", "p95", "p99"]);
    expect(
      latency.map(
        (p) =>
          (p.fieldConfig as { defaults: { thresholds: { steps: { value: number }[] } } }).defaults
            .thresholds.steps[1].value,
      ),
    ).to.deep.equal([200, 500, 250]);
  });

  it("show each queue's depth against its workers' capacity", function () {
    const queues = titled("platform-autoscaling.json", /^Queue /);
    expect(queues.map((p) => p.title)).to.deep.equal([
      "Queue agent-tasks: depth vs agents capacity",
      "Queue documents.index: depth vs indexer capacity",
    ]);
    expect(queues[0].fieldConfig).to.have.nested.property(
      "defaults.thresholds.steps[1].value",
      5000,
    );
  });

  it("show replication lag, PgBouncer connections and the cache hit ratio, with alert lines from the thresholds", function () {
    const dev = buildDashboards(devInput, thresholdsSchema.parse(devInput.alerting.thresholds));
    const devPanels = (dev["platform-data-tier.json"].panels as Panel[]).filter(
      (p) => p.type !== "row",
    );
    expect(devPanels.map((p) => p.title)).to.deep.equal([
      "Read replica lag",
      "PgBouncer client connections (% of max_client_conn)",
      "Oldest running client statement",
      "PgBouncer pool use (% of pool_size)",
      "Cache hit ratio",
    ]);
    expect(devPanels[0].fieldConfig).to.have.nested.property(
      "defaults.thresholds.steps[1].value",
      1000,
    );
    expect(devPanels[1].fieldConfig).to.have.nested.property(
      "defaults.thresholds.steps[1].value",
      85,
    );
    expect(devPanels[2].fieldConfig).to.have.nested.property(
      "defaults.thresholds.steps[1].value",
      2,
    );
    expect(devPanels[3].fieldConfig).to.have.nested.property(
      "defaults.thresholds.steps[1].value",
      70,
    );
    expect(devPanels[4].targets![0].expr).to.include("aws_elasticache_cache_hits_sum");
  });

  it("every query is valid PromQL over metrics the exporters publish", function () {
    for (const p of allPanels) {
      for (const t of p.targets!) {
        const found = inspectPromQL(t.expr);
        expect(found.syntaxError, `${p.title}: ${t.expr}`).to.equal(undefined);
        for (const m of found.metrics)
          expect(isKnownMetric(m), `${p.title} reads ${m}`).to.equal(true);
      }
    }
  });

  it("panels have unique ids and fit the 24-column grid without overlapping", function () {
    for (const d of Object.values(dashboards)) {
      const panels = d.panels as Panel[];
      expect(new Set(panels.map((p) => p.id)).size).to.equal(panels.length);
      const cells = new Set<string>();
      for (const { gridPos: g } of panels) {
        expect(g.x + g.w).to.be.at.most(24);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `overlap at ${x},${y}`).to.equal(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});
