import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import { workloadPlan } from "../../stacks/areas/workloads";
import { everyNodeAddons, systemAddons } from "../../stacks/areas/system-tier";
import { ConfigError, parseEnvironment, settingsFromConfigMap } from "../../stacks/load";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Edit = (settings: Record<string, any>) => void;

const env = (stack: string, edit: Edit = () => undefined) =>
  parseEnvironment(stack, settingsFromConfigMap(editedConfig(stack, edit)), `Pulumi.${stack}.yaml`);

/** The planner's problems for an edited stack file. */
function problems(stack: string, edit: Edit): { key: string; message: string }[] {
  try {
    workloadPlan(env(stack, edit));
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error(`expected the edited ${stack} config to be refused`);
}

describe("the system node tier is sized for the add-ons' requests", () => {
  it("prod runs 29 add-on pods on its system nodes; the list follows its settings", () => {
    const list = systemAddons(env("prod"));
    const replicas = Object.fromEntries(list.map((a) => [a.name, a.replicas]));
    expect(replicas).to.deep.equal({
      coredns: 3, // one per zone
      "ebs-csi-controller": 2,
      "cluster-autoscaler": 1,
      "node-termination-handler": 1,
      "cert-manager": 1,
      "cert-manager-webhook": 1,
      "cert-manager-cainjector": 1,
      "metrics-server": 2,
      "prometheus-adapter": 2,
      "keda-operator": 2,
      "keda-metrics-apiserver": 1,
      "keda-admission-webhooks": 1,
      "aws-load-balancer-controller": 2, // agent-api is public
      prometheus: 2, // platform:monitoring.prometheus.replicas
      alertmanager: 3, // platform:monitoring.alertmanagerReplicas
      grafana: 1,
      "kube-state-metrics": 1,
      "prometheus-operator": 1,
      "cloudwatch-exporter": 1,
    });
    expect(list.reduce((s, a) => s + a.replicas, 0)).to.equal(29);
    expect(everyNodeAddons(env("prod"))).to.deep.equal([
      "aws-node",
      "kube-proxy",
      "ebs-csi-node",
      "node-exporter",
    ]);
  });

  it("prod's count, computed by hand: 2.95 vCPU / 7,910 MiB need 3 m6i.large nodes with 30 % headroom, 2 without", () => {
    // CPU (m): coredns 3×100, ebs-csi 2×60, autoscaler 100, NTH 50, cert-manager 3×10,
    // metrics-server 2×100, adapter 2×100, KEDA 2×100 + 100 + 100, ALB controller 2×100,
    // Prometheus 2×(500 + 10), Alertmanager 3×(10 + 10), Grafana 100 + 10, KSM 10, operator 100,
    // YACE 50 = 2,950.
    // Memory (Mi): 210 + 480 + 300 + 64 + 160 + 400 + 256 + 200 + 100 + 100 + 256
    // + 2×(2048 + 50) + 3×(100 + 50) + 320 + 190 + 100 + 128 = 7,910.
    // A node offers 1.675 vCPU / 6.595 GiB (nodes.test: m6i.large less the table's DaemonSets).
    // With 30 %: 3.835 vCPU > 2 nodes' 3.35, so 3 (next-fit: both Prometheus pods, Grafana and one
    // 100m pod; twelve 100m pods and one EBS controller; the rest), which is also one per zone.
    // Without headroom: 2.95 vCPU fits 2 nodes' 3.35.
    const tier = workloadPlan(env("prod")).systemTier!;
    expect(tier.requests.pods).to.equal(29);
    expect(tier.requests.cpu).to.be.closeTo(2.95, 1e-9);
    expect(tier.requests.memoryGiB).to.be.closeTo(7910 / 1024, 1e-9);
    expect(tier.instanceType).to.equal("m6i.large");
    expect(tier.allocatable.cpu).to.be.closeTo(1.675, 1e-9);
    expect(tier.nodesWithHeadroom).to.equal(3);
    expect(tier.nodesWithoutHeadroom).to.equal(2);
  });

  it("every shipped AWS environment's system group holds its add-ons (min, desired, max and off-hours size)", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const e = env(stack);
      const g = Object.values(e.nodeGroups).find((x) => x.role === "system")!;
      const tier = workloadPlan(e).systemTier!;
      expect(g.minSize, stack).to.be.at.least(tier.nodesWithHeadroom);
      expect(g.maxSize, stack).to.be.at.least(tier.nodesWithHeadroom);
      if (g.offHoursSize !== undefined)
        expect(g.offHoursSize, stack).to.be.at.least(tier.nodesWithoutHeadroom);
    }
  });

  it("a render-only environment plans no system tier (it has no system nodes of its own)", () => {
    expect(systemAddons(env("local"))).to.deep.equal([]);
    expect(workloadPlan(env("local")).systemTier).to.equal(undefined);
  });

  it("prod with t3.medium system nodes is refused, naming minSize and the count that fits", () => {
    const found = problems("prod", (s) => (s.nodeGroups.system.instanceTypes = ["t3.medium"]));
    expect(found.map((p) => p.key)).to.deep.equal(["platform:nodeGroups.system.minSize"]);
    expect(found[0].message).to.match(
      /the add-ons on node group system request 2\.95 vCPU \/ 7\.72 GiB in 29 pods, which with 30 % headroom and a node in each of 3 zones need \d+ t3\.medium nodes .*but minSize is 3; raise it to at least \d+ or choose a larger instance type/,
    );
  });

  it("dev sleeping on one system node is refused naming offHoursSize: the add-ons keep running at night", () => {
    const found = problems("dev", (s) => (s.nodeGroups.system.offHoursSize = 1));
    expect(found.map((p) => p.key)).to.deep.equal(["platform:nodeGroups.system.offHoursSize"]);
    expect(found[0].message).to.match(
      /need 2 t3\.large nodes without headroom .*but offHoursSize is 1; raise it to at least 2/,
    );
  });
});
