import { expect } from "chai";
import { LOADTEST_POD_SELECTOR, loadTestCronJob, loadTestName } from "../../components/loadtest";
import { type Endpoint, type PlannedPolicy, reachable } from "../../components/netpol";
import { workloadLabels } from "../../components/workloads/placement";
import { loadEnvironment } from "../../stacks";
import { resolvedScenarios } from "../../stacks/areas/loadtests";
import { byUrn, ofType, runStack } from "../helpers/program";

const CRONJOB = "kubernetes:batch/v1:CronJob";

describe("in-cluster load tests in the program: a suspended CronJob per scenario where platform:loadTests.inCluster is on", () => {
  for (const stack of ["dev", "staging"]) {
    it(`${stack} keeps each of its scenarios as a suspended CronJob beside the service, as the pure builder renders it`, async () => {
      const env = loadEnvironment(stack);
      expect(env.loadTests.inCluster, `Pulumi.${stack}.yaml turns it on`).to.equal(true);
      const r = await runStack(stack);
      const crons = ofType(r, CRONJOB).filter(
        (c) => c.parent !== undefined && byUrn(r, c.parent).type === "platform:loadtest:LoadTests",
      );
      const scenarios = resolvedScenarios(env);
      expect(crons.map((c) => c.inputs.metadata.name).sort()).to.deep.equal(
        scenarios.map((s) => loadTestName(s.name)).sort(),
      );
      for (const s of scenarios) {
        const cron = crons.find((c) => c.inputs.metadata.name === loadTestName(s.name))!;
        const expected = loadTestCronJob(s, {
          namespace: env.services[s.service].namespace,
          image: env.loadTests.image,
          evaluatorImage: env.loadTests.evaluatorImage,
        });
        expect(cron.inputs.spec.suspend).to.equal(true);
        expect(cron.inputs.metadata.namespace).to.equal(env.services[s.service].namespace);
        expect(cron.inputs.spec.jobTemplate.spec.template.spec.initContainers).to.have.length(
          expected.spec.jobTemplate.spec.template.spec.initContainers.length,
        );
        expect(cron.secretPaths).to.deep.equal([]);
        // The evaluator's ConfigMap exists before the CronJob that mounts it.
        const configMap = ofType(r, "kubernetes:core/v1:ConfigMap").find(
          (c) =>
            c.inputs.metadata.name === loadTestName(s.name) &&
            c.inputs.metadata.namespace === env.services[s.service].namespace,
        );
        expect(configMap, `${s.name}'s evaluator ConfigMap`).to.not.equal(undefined);
        expect(cron.dependencies).to.include(configMap!.urn);
      }
      // Its pods may reach the service and Prometheus under the default-deny policies, and
      // Grafana gets the dashboard (a row per scenario) beside the platform's own.
      const mine = (type: string) =>
        ofType(r, type).filter(
          (x) =>
            x.parent !== undefined && byUrn(r, x.parent).type === "platform:loadtest:LoadTests",
        );
      expect(
        mine("kubernetes:networking.k8s.io/v1:NetworkPolicy")
          .map((p) => `${p.inputs.metadata.namespace}/${p.inputs.metadata.name}`)
          .sort(),
      ).to.deep.equal([
        "apps/allow-loadtest",
        `${env.monitoring!.namespace}/allow-loadtest-results`,
      ]);
      const dashboard = mine("kubernetes:core/v1:ConfigMap").find(
        (c) => c.inputs.metadata.name === "platform-loadtests-dashboard",
      )!;
      expect(dashboard.inputs.metadata.labels).to.deep.equal({ grafana_dashboard: "1" });
      const rows = (
        JSON.parse(dashboard.inputs.data["platform-loadtests.json"]) as {
          panels: { type: string; title: string }[];
        }
      ).panels.filter((p) => p.type === "row");
      expect(rows).to.have.length(scenarios.length);
      expect(r.outputs.loadTestCronJobs).to.deep.equal(
        Object.fromEntries(scenarios.map((s) => [s.name, loadTestName(s.name)])),
      );
    });
  }

  it("dev, under every NetworkPolicy the program registers: a test pod reaches its service and Prometheus; the namespace's other pods gain nothing", async () => {
    const env = loadEnvironment("dev");
    const r = await runStack("dev");
    const policies: PlannedPolicy[] = ofType(
      r,
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    ).map((p) => ({
      namespace: p.inputs.metadata.namespace,
      name: p.inputs.metadata.name,
      spec: p.inputs.spec,
    }));
    const s = env.services["agent-api"];
    const tester: Endpoint = { namespace: s.namespace, labels: { ...LOADTEST_POD_SELECTOR } };
    const otherPod: Endpoint = {
      namespace: s.namespace,
      labels: { "app.kubernetes.io/name": "x" },
    };
    const service: Endpoint = {
      namespace: s.namespace,
      labels: workloadLabels("agent-api", "service"),
    };
    const prometheus: Endpoint = {
      namespace: env.monitoring!.namespace,
      labels: { "app.kubernetes.io/name": "prometheus" },
    };
    const tcp = (port: number) => ({ protocol: "TCP" as const, port });
    expect(reachable(policies, tester, service, tcp(s.port)), "test pod -> service").to.equal(true);
    expect(reachable(policies, tester, prometheus, tcp(9090)), "test pod -> Prometheus").to.equal(
      true,
    );
    expect(
      reachable(policies, otherPod, prometheus, tcp(9090)),
      "other app pod -> Prometheus",
    ).to.equal(false);
    expect(reachable(policies, tester, service, tcp(s.port + 1)), "another port").to.equal(false);
  });

  it("prod creates none: off by default, and prod leaves it off (a run there is on demand from the CLI)", async () => {
    expect(loadEnvironment("prod").loadTests.inCluster).to.equal(false);
    const r = await runStack("prod");
    expect(
      ofType(r, CRONJOB).filter((c) => /^loadtest-/.test(String(c.inputs.metadata?.name))),
    ).to.deep.equal([]);
    expect(ofType(r, "platform:loadtest:LoadTests")).to.have.length(0);
  });
});
