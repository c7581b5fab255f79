// The request-rate metric's scrape interval and rate window (platform:autoscaling.scalingMetric)
// reach the manifests they govern, the same settings the spike simulator derives its lag from.
import { expect } from "chai";
import { ofType, runStack } from "../helpers/program";
import type { ProgramRun } from "../../scripts/lib/program";

const serviceMonitorInterval = (r: ProgramRun) =>
  ofType(r, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find(
    (m) => m.inputs.metadata.name === "svc-agent-api",
  )!.inputs.spec.endpoints[0].interval;

const adapterQuery = (r: ProgramRun): string => {
  const release = ofType(r, "kubernetes:helm.sh/v3:Release").find(
    (x) => x.inputs.chart === "prometheus-adapter",
  )!;
  const values = release.inputs.values as { rules: { custom: { metricsQuery: string }[] } };
  return values.rules.custom[0].metricsQuery;
};

describe("the scaling metric's pipeline settings reach Prometheus and prometheus-adapter", () => {
  it("prod scrapes agent-api every 5 s and the adapter rates it over 20 s (15 s of lag)", async () => {
    const r = await runStack("prod");
    expect(serviceMonitorInterval(r)).to.equal("5s");
    expect(adapterQuery(r)).to.equal(
      "sum(rate(<<.Series>>{<<.LabelMatchers>>}[20s])) by (<<.GroupBy>>)",
    );
  });

  it("dev keeps the monitoring stack's 30 s scrape and a 60 s window (60 s of lag)", async () => {
    const r = await runStack("dev");
    expect(serviceMonitorInterval(r)).to.equal("30s");
    expect(adapterQuery(r)).to.contain("[60s]");
  });
});
