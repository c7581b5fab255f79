import { expect } from "chai";
import { PGBOUNCER_LABELS } from "../../components/database/pgbouncer/manifests";
import { type Endpoint, type PlannedPolicy, reachable } from "../../components/netpol";
import { planSubnets } from "../../components/network/subnets";
import { podSpecOf, restrictedProblems } from "../../components/shared/pod-security";
import type { ProgramRun } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { ofType, runStack, SHIPPED } from "../helpers/program";

const TCP = (port: number) => ({ protocol: "TCP" as const, port });
const POD_TYPES = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
];

/** The NetworkPolicies the program registered, as planned policies. */
function policiesOf(r: ProgramRun): PlannedPolicy[] {
  return ofType(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => ({
    namespace: p.inputs.metadata.namespace,
    name: p.inputs.metadata.name,
    spec: p.inputs.spec,
  }));
}

const namespacesOf = (r: ProgramRun): string[] =>
  ofType(r, "kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata.name);

describe("defence in depth inside the cluster", () => {
  for (const env of [...SHIPPED, "local"]) {
    const e = loadEnvironment(env);
    const subnets = planSubnets(e.network.cidr, e.zones, e.network.subnetPrefixLength);
    const first = (tier: string) =>
      subnets.find((s) => s.tier === tier)!.cidr.replace(/0\/\d+$/, "10");
    const redis: Endpoint = { ip: first("data") };
    const pgbouncer: Endpoint = {
      namespace: e.pgbouncer.namespace,
      labels: { ...PGBOUNCER_LABELS },
    };
    const app = (ns: string): Endpoint => ({
      namespace: ns,
      labels: { "app.kubernetes.io/name": "x" },
    });
    const dns: Endpoint = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };

    describe(env, () => {
      it("fences every namespace it creates with a default deny of all ingress and egress", async () => {
        const r = await runStack(env);
        const policies = policiesOf(r);
        for (const ns of namespacesOf(r)) {
          const deny = policies.find((p) => p.namespace === ns && p.name === "default-deny");
          expect(deny, `default-deny in ${ns}`).to.not.equal(undefined);
          expect(deny!.spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        }
      });

      it("lets only the namespaces that receive platform-data reach PgBouncer, and only on its port", async () => {
        const policies = policiesOf(await runStack(env));
        for (const ns of e.namespaces) {
          expect(
            reachable(policies, app(ns), pgbouncer, TCP(6432)),
            `${ns} -> PgBouncer:6432`,
          ).to.equal(true);
          expect(
            reachable(policies, app(ns), pgbouncer, TCP(9127)),
            `${ns} -> PgBouncer:9127`,
          ).to.equal(false);
        }
        for (const ns of namespacesOf(await runStack(env)).filter((n) => !e.namespaces.includes(n)))
          expect(reachable(policies, app(ns), pgbouncer, TCP(6432)), `${ns} -> PgBouncer`).to.equal(
            false,
          );
      });

      it("lets the application namespaces reach Redis and the broker in the data subnets, and not PostgreSQL directly", async () => {
        const policies = policiesOf(await runStack(env));
        for (const ns of e.namespaces) {
          expect(reachable(policies, app(ns), redis, TCP(6379))).to.equal(true);
          expect(reachable(policies, app(ns), redis, TCP(5671))).to.equal(true);
          expect(
            reachable(policies, app(ns), redis, TCP(5432)),
            "PostgreSQL bypassing the pooler",
          ).to.equal(false);
        }
        expect(
          reachable(policies, pgbouncer, redis, TCP(5432)),
          "PgBouncer -> PostgreSQL",
        ).to.equal(true);
        expect(reachable(policies, { namespace: e.headroom.namespace }, redis, TCP(6379))).to.equal(
          false,
        );
      });

      it("allows DNS from the platform's namespaces", async () => {
        const policies = policiesOf(await runStack(env));
        for (const ns of [...e.namespaces, e.pgbouncer.namespace]) {
          expect(reachable(policies, app(ns), dns, { protocol: "UDP", port: 53 }), ns).to.equal(
            true,
          );
          expect(
            reachable(
              policies,
              app(ns),
              { namespace: "kube-system", labels: { app: "other" } },
              TCP(53),
            ),
          ).to.equal(false);
        }
      });

      if (e.monitoring)
        it("keeps Prometheus scraping: PgBouncer's exporter and the services' ports", async () => {
          const policies = policiesOf(await runStack(env));
          const prometheus: Endpoint = {
            namespace: e.monitoring!.namespace,
            labels: { app: "prometheus" },
          };
          expect(reachable(policies, prometheus, pgbouncer, TCP(9127))).to.equal(true);
          for (const s of Object.values(e.services))
            expect(reachable(policies, prometheus, app(s.namespace), TCP(s.port))).to.equal(true);
        });

      it("enforces the restricted pod security standard on application, data and headroom namespaces", async () => {
        const r = await runStack(env);
        const labels = Object.fromEntries(
          ofType(r, "kubernetes:core/v1:Namespace").map((n) => [
            n.inputs.metadata.name,
            n.inputs.metadata.labels ?? {},
          ]),
        );
        for (const ns of [
          ...e.namespaces,
          e.pgbouncer.namespace,
          ...(e.headroom.replicas > 0 ? [e.headroom.namespace] : []),
        ])
          expect(labels[ns]["pod-security.kubernetes.io/enforce"], ns).to.equal("restricted");
      });

      it("runs every pod in those namespaces within the restricted standard, without a service account token", async () => {
        const r = await runStack(env);
        const restricted = new Set(
          ofType(r, "kubernetes:core/v1:Namespace")
            .filter(
              (n) =>
                n.inputs.metadata.labels?.["pod-security.kubernetes.io/enforce"] === "restricted",
            )
            .map((n) => n.inputs.metadata.name),
        );
        const pods = r.resources.filter(
          (x) => POD_TYPES.includes(x.type) && restricted.has(x.inputs.metadata.namespace),
        );
        expect(pods.length).to.be.greaterThan(3);
        for (const p of pods) {
          const spec = podSpecOf(p.inputs)!;
          expect(restrictedProblems(spec), `${p.type} ${p.name}`).to.deep.equal([]);
          expect(
            spec.automountServiceAccountToken,
            `${p.name}: no pod here calls the Kubernetes API`,
          ).to.equal(false);
        }
      });
    });
  }

  for (const env of SHIPPED) {
    const e = loadEnvironment(env);
    const subnets = planSubnets(e.network.cidr, e.zones, e.network.subnetPrefixLength);
    const at = (tier: string) => ({
      ip: subnets.find((s) => s.tier === tier)!.cidr.replace(/0\/\d+$/, "10"),
    });

    it(`${env}: turns on the VPC CNI's NetworkPolicy enforcement`, async () => {
      const cni = ofType(await runStack(env), "aws:eks/addon:Addon").find(
        (a) => a.inputs.addonName === "vpc-cni",
      )!;
      expect(JSON.parse(cni.inputs.configurationValues)).to.deep.include({
        enableNetworkPolicy: "true",
      });
    });

    it(`${env}: keeps the controllers working: KEDA reaches the broker, the API server reaches webhooks and metrics APIs`, async () => {
      const policies = policiesOf(await runStack(env));
      const keda: Endpoint = { namespace: "autoscaling", labels: { app: "keda-operator" } };
      expect(reachable(policies, keda, at("data"), TCP(5671)), "KEDA -> AMQPS").to.equal(true);
      const apiServer = at("private");
      expect(
        reachable(policies, apiServer, keda, TCP(6443)),
        "API server -> metrics APIs",
      ).to.equal(true);
      expect(
        reachable(policies, apiServer, keda, TCP(9443)),
        "API server -> KEDA webhook",
      ).to.equal(true);
      expect(
        reachable(policies, apiServer, { namespace: "cert-manager" }, TCP(10250)),
        "API server -> cert-manager webhook",
      ).to.equal(true);
      expect(
        reachable(policies, keda, { ip: "52.0.0.1" }, TCP(443)),
        "KEDA -> API server/AWS over HTTPS",
      ).to.equal(true);
      const adapter: Endpoint = { namespace: "autoscaling", labels: { app: "prometheus-adapter" } };
      if (e.monitoring)
        expect(
          reachable(policies, adapter, { namespace: e.monitoring.namespace }, TCP(9090)),
          "adapter -> Prometheus",
        ).to.equal(true);
    });
  }
});
