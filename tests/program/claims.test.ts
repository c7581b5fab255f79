import { expect } from "chai";
import {
  chartName,
  claimsOf,
  collisionMessage,
  findCollisions,
  isCatalogued,
  resourceCollisions,
} from "../../model/claims";
import { ClaimCollisionError, ClaimsLedger } from "../../components/shared/claims";
import { editedConfig } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { ofType, run, runFailing, runStack, SHIPPED } from "../helpers/program";

const REGION = "us-east-1";

describe("ownership: no two resources claim one Kubernetes object or AWS name", () => {
  for (const env of [...SHIPPED, "local"]) {
    describe(env, () => {
      it("has no object claimed twice across EKS add-ons, Helm releases and plain manifests, nor an AWS name set twice", async () => {
        const r = await runStack(env);
        const collisions = resourceCollisions(r.resources, loadEnvironment(env).aws.region);
        expect(collisions.map(collisionMessage)).to.deep.equal([]);
      });

      it("knows what every Helm chart it installs creates (each is catalogued in model/claims/charts.ts)", async () => {
        const r = await runStack(env);
        const charts = ofType(r, "kubernetes:helm.sh/v3:Release").map((x) =>
          chartName(x.inputs.chart),
        );
        expect(charts.filter((c) => !isCatalogued(c))).to.deep.equal([]);
      });
    });
  }

  it("installs metrics-server exactly once: the chart owns kube-system/metrics-server and the v1beta1.metrics.k8s.io APIService", async () => {
    for (const env of SHIPPED) {
      const r = await runStack(env);
      const owners = r.resources
        .flatMap((x) => claimsOf(x, REGION))
        .filter(
          (c) =>
            c.on === "kubernetes" &&
            c.object.kind === "APIService" &&
            c.object.name === "v1beta1.metrics.k8s.io",
        )
        .map((c) => c.claimant);
      expect(owners, env).to.have.length(1);
      expect(owners[0]).to.match(/chart metrics-server, release kube-system\/metrics-server/);
      expect(ofType(r, "aws:eks/addon:Addon").map((a) => a.inputs.addonName)).to.not.include(
        "metrics-server",
      );
    }
  });

  it("refuses a data namespace that another part of the platform owns before anything is registered, naming the key", async () => {
    // The data tier's namespace set to the autoscaling add-ons' own: two Namespace objects "autoscaling".
    const failure = await runFailing({
      stack: "dev",
      config: editedConfig(
        "dev",
        (s) => (s.pgbouncer = { ...s.pgbouncer, namespace: "autoscaling" }),
      ),
    });
    expect(failure.message).to.include("platform:pgbouncer.namespace");
    expect(failure.registered).to.deep.equal([]);
  });

  it("fails at registration when a second resource claims an object, naming both claimants (the ledger the claims area installs)", () => {
    // What the stack files cannot express (two components naming one object) only the ledger sees.
    const ledger = new ClaimsLedger(REGION);
    const ns = (name: string) => ({ metadata: { name: "autoscaling" }, kind: "Namespace", name });
    ledger.record("kubernetes:core/v1:Namespace", "namespace-autoscaling", ns("a"));
    expect(() => ledger.record("kubernetes:core/v1:Namespace", "autoscaling-ns", ns("b"))).to.throw(
      ClaimCollisionError,
      /Namespace autoscaling is claimed by Namespace namespace-autoscaling and by Namespace autoscaling-ns; only one may own it/,
    );
  });

  it("catches charts that serve the same metrics API as another install (prometheus-adapter resource rules vs metrics-server)", () => {
    const adapter = {
      type: "kubernetes:helm.sh/v3:Release",
      name: "adapter",
      inputs: {
        chart: "prometheus-adapter",
        name: "prometheus-adapter",
        namespace: "autoscaling",
        values: { rules: { default: false, resource: { cpu: {} } } },
      },
    };
    const metricsServer = {
      type: "kubernetes:helm.sh/v3:Release",
      name: "ms",
      inputs: {
        chart: "metrics-server",
        name: "metrics-server",
        namespace: "kube-system",
        values: {},
      },
    };
    const [c] = findCollisions([...claimsOf(adapter, REGION), ...claimsOf(metricsServer, REGION)]);
    expect(c.object).to.equal("apiregistration.k8s.io/APIService v1beta1.metrics.k8s.io");
    expect(c.claimants).to.deep.equal([
      "Helm release adapter (chart prometheus-adapter, release autoscaling/prometheus-adapter)",
      "Helm release ms (chart metrics-server, release kube-system/metrics-server)",
    ]);
  });

  it("tells AWS names apart by region and account scope: the DR vault in another region is not a collision, a second IAM role name is", () => {
    const vault = (name: string, region?: string) => ({
      type: "aws:backup/vault:Vault",
      name,
      inputs: { name: "platform-prod-pg", ...(region ? { region } : {}) },
    });
    expect(
      findCollisions([
        ...claimsOf(vault("a"), REGION),
        ...claimsOf(vault("b", "us-west-2"), REGION),
      ]),
    ).to.deep.equal([]);
    expect(
      findCollisions([...claimsOf(vault("a"), REGION), ...claimsOf(vault("b"), REGION)]),
    ).to.have.length(1);
    const role = (name: string, region: string) => ({
      type: "aws:iam/role:Role",
      name,
      inputs: { name: "deploy", region },
    });
    expect(
      findCollisions([
        ...claimsOf(role("a", "us-east-1"), REGION),
        ...claimsOf(role("b", "eu-west-1"), REGION),
      ]),
    ).to.have.length(1);
  });

  it("leaves auto-named objects alone: Pulumi gives them unique names", async () => {
    const r = await run({ stack: "local" });
    const unnamed = r.resources.filter(
      (x) =>
        x.type.startsWith("kubernetes:core/v1:Secret") && x.inputs.metadata?.name === undefined,
    );
    expect(unnamed.length).to.be.greaterThan(0);
    expect(unnamed.flatMap((x) => claimsOf(x, REGION))).to.deep.equal([]);
  });
});
