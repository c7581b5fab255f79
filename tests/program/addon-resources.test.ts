import { expect } from "chai";
import { addonResources, type AddonName } from "../../model/capacity";
import type { ProgramRun } from "../../scripts/lib/program";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const release = (r: ProgramRun, name: string) => {
  const found = ofType(r, "kubernetes:helm.sh/v3:Release").find((x) => x.inputs.name === name);
  expect(found, `Helm release ${name}`).to.not.equal(undefined);
  return found!.inputs.values as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const addon = (r: ProgramRun, name: string) =>
  JSON.parse(
    ofType(r, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === name)!.inputs
      .configurationValues,
  );
const table = (name: AddonName) => addonResources(name);

describe("every add-on is rendered with the add-on table's requests and limits", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      it("kube-prometheus-stack: Prometheus, its reloader, Alertmanager, Grafana and its sidecar, kube-state-metrics, the operator, node-exporter", async () => {
        const v = release(await runStack(stack), "kube-prometheus-stack");
        expect(v.prometheus.prometheusSpec.resources).to.deep.equal(table("prometheus"));
        expect(v.alertmanager.alertmanagerSpec.resources).to.deep.equal(table("alertmanager"));
        expect(v.prometheusOperator.resources).to.deep.equal(table("prometheus-operator"));
        expect(v.prometheusOperator.prometheusConfigReloader.resources).to.deep.equal(
          table("config-reloader"),
        );
        expect(v.grafana.resources).to.deep.equal(table("grafana"));
        expect(v.grafana.sidecar.resources).to.deep.equal(table("grafana-sidecar"));
        expect(v["kube-state-metrics"].resources).to.deep.equal(table("kube-state-metrics"));
        expect(v["prometheus-node-exporter"].resources).to.deep.equal(table("node-exporter"));
      });

      it("YACE, the cluster autoscaler, the interruption handler, metrics-server, prometheus-adapter and KEDA's three pods", async () => {
        const r = await runStack(stack);
        expect(release(r, "cloudwatch-exporter").resources).to.deep.equal(
          table("cloudwatch-exporter"),
        );
        expect(release(r, "cluster-autoscaler").resources).to.deep.equal(
          table("cluster-autoscaler"),
        );
        expect(release(r, "aws-node-termination-handler").resources).to.deep.equal(
          table("node-termination-handler"),
        );
        expect(release(r, "metrics-server").resources).to.deep.equal(table("metrics-server"));
        expect(release(r, "prometheus-adapter").resources).to.deep.equal(
          table("prometheus-adapter"),
        );
        expect(release(r, "keda").resources).to.deep.equal({
          operator: table("keda-operator"),
          metricServer: table("keda-metrics-apiserver"),
          webhooks: table("keda-admission-webhooks"),
        });
      });

      it("cert-manager's controller, webhook and cainjector, and CoreDNS through its EKS add-on configuration", async () => {
        const r = await runStack(stack);
        const cm = one(r, "kubernetes-cert-manager:index:CertManager").inputs;
        expect(cm.resources).to.deep.equal(table("cert-manager"));
        expect(cm.webhook.resources).to.deep.equal(table("cert-manager-webhook"));
        expect(cm.cainjector.resources).to.deep.equal(table("cert-manager-cainjector"));
        expect(addon(r, "coredns").resources).to.deep.equal(table("coredns"));
      });

      it("the PgBouncer exporter sidecar", async () => {
        const deployments = ofType(await runStack(stack), "kubernetes:apps/v1:Deployment");
        const exporters = deployments
          .flatMap((d) => d.inputs.spec.template.spec.containers as Record<string, unknown>[])
          .filter((c) => c.name === "exporter");
        expect(exporters).to.have.length.greaterThan(0);
        for (const c of exporters) expect(c.resources).to.deep.equal(table("pgbouncer-exporter"));
      });
    });
  }

  it("the load balancer controller, where a service is public (prod)", async () => {
    const v = release(await runStack("prod"), "aws-load-balancer-controller");
    expect(v.resources).to.deep.equal(table("aws-load-balancer-controller"));
  });
});
