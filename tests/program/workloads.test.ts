import { expect } from "chai";
import { planCapacity } from "../../model/capacity";
import type { RegisteredResource } from "../../scripts/lib/program";
import { planInput } from "../../stacks/areas/workloads";
import { loadEnvironment } from "../../stacks/load";
import { ofType, one, runStack, SHIPPED, waitsFor } from "../helpers/program";

const named = (rs: RegisteredResource[], name: string, namespace?: string) =>
  rs.find(
    (r) =>
      r.inputs.metadata?.name === name &&
      (namespace === undefined || r.inputs.metadata?.namespace === namespace),
  );
const podSpec = (d: RegisteredResource) => d.inputs.spec.template.spec;

describe("workloads and autoscaling", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      const env = loadEnvironment(stack);
      const services = Object.entries(env.services);
      const workers = Object.entries(env.workers);

      it("ships at least one HTTP service and one queue worker", () => {
        expect(services.length).to.be.at.least(1);
        expect(workers.length).to.be.at.least(1);
      });

      it("every service has an autoscaling/v2 HPA whose bounds are the capacity planner's", async () => {
        const plan = planCapacity(planInput(env));
        const hpas = ofType(
          await runStack(stack),
          "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        );
        expect(hpas).to.have.length(services.length);
        for (const [name, s] of services) {
          const hpa = named(hpas, name, s.namespace)!;
          const planned = plan.workloads.find((w) => w.name === name)!;
          expect(hpa.inputs.spec.scaleTargetRef).to.deep.equal({
            apiVersion: "apps/v1",
            kind: "Deployment",
            name,
          });
          expect([hpa.inputs.spec.minReplicas, hpa.inputs.spec.maxReplicas]).to.deep.equal([
            planned.minReplicas,
            planned.maxReplicas,
          ]);
        }
      });

      it("every HPA scales on CPU, memory and requests per second per pod (served by prometheus-adapter) as configured", async () => {
        const hpas = ofType(
          await runStack(stack),
          "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        );
        for (const [name, s] of services) {
          const metrics = named(hpas, name)!.inputs.spec.metrics;
          const m = s.hpa.metrics;
          expect(metrics).to.deep.equal([
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: m.cpu } },
            },
            {
              type: "Resource",
              resource: {
                name: "memory",
                target: { type: "Utilization", averageUtilization: m.memory },
              },
            },
            {
              type: "Pods",
              pods: {
                metric: { name: "http_requests_per_second" },
                target: { type: "AverageValue", averageValue: String(m.requestsPerSecond) },
              },
            },
          ]);
        }
      });

      it("every HPA's behaviour is the configured one", async () => {
        const hpas = ofType(
          await runStack(stack),
          "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        );
        for (const [name, s] of services)
          expect(named(hpas, name)!.inputs.spec.behavior).to.deep.equal(s.hpa.behavior);
      });

      it("no PodDisruptionBudget of a workload can block every voluntary disruption", async () => {
        const pdbs = ofType(await runStack(stack), "kubernetes:policy/v1:PodDisruptionBudget");
        for (const [name, w] of [...services, ...workers]) {
          const spec = named(pdbs, name, w.namespace)!.inputs.spec;
          expect(spec.minAvailable, name).to.equal(undefined);
          const mu = spec.maxUnavailable;
          expect(
            typeof mu === "number" ? mu : parseInt(mu, 10),
            `${name} maxUnavailable`,
          ).to.be.at.least(1);
          expect(spec.selector.matchLabels).to.include({ "app.kubernetes.io/name": name });
        }
      });

      it("workload pods spread over the environment's zones with maxSkew 1 and are confined to them", async () => {
        const r = await runStack(stack);
        const deployments = ofType(r, "kubernetes:apps/v1:Deployment");
        expect(env.zones).to.have.length(env.network.zones);
        for (const [name] of [...services, ...workers]) {
          const spec = podSpec(named(deployments, name)!);
          const zone = spec.topologySpreadConstraints.find(
            (c: { topologyKey: string }) => c.topologyKey === "topology.kubernetes.io/zone",
          );
          expect(zone).to.include({ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
          const host = spec.topologySpreadConstraints.find(
            (c: { topologyKey: string }) => c.topologyKey === "kubernetes.io/hostname",
          );
          expect(host).to.include({ maxSkew: 1 });
          const terms =
            spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
              .nodeSelectorTerms[0].matchExpressions;
          expect(terms).to.deep.include({
            key: "topology.kubernetes.io/zone",
            operator: "In",
            values: r.outputs.zones,
          });
        }
      });

      it("stateless pods prefer spot capacity, tolerate its taint and stay off system nodes", async () => {
        const deployments = ofType(await runStack(stack), "kubernetes:apps/v1:Deployment");
        for (const [name, w] of [...services, ...workers]) {
          const spec = podSpec(named(deployments, name)!);
          const na = spec.affinity.nodeAffinity;
          expect(
            na.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions,
          ).to.deep.equal([{ key: "platform.io/capacity", operator: "In", values: [w.capacity] }]);
          expect(
            na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions,
          ).to.deep.include({
            key: "platform.io/role",
            operator: "In",
            values: ["application"],
          });
          if (w.capacity === "spot")
            expect(spec.tolerations).to.deep.include({
              key: "platform.io/capacity",
              operator: "Equal",
              value: "spot",
              effect: "NoSchedule",
            });
          expect(spec.tolerations.map((t: { key: string }) => t.key)).not.to.include(
            "CriticalAddonsOnly",
          );
        }
      });

      it("services read the data Secret, have probes, and outrank workers, which outrank the placeholders", async () => {
        const r = await runStack(stack);
        const deployments = ofType(r, "kubernetes:apps/v1:Deployment");
        const classes = Object.fromEntries(
          ofType(r, "kubernetes:scheduling.k8s.io/v1:PriorityClass").map((p) => [
            p.inputs.metadata.name,
            p.inputs,
          ]),
        );
        for (const [name] of services) {
          const spec = podSpec(named(deployments, name)!);
          const c = spec.containers[0];
          expect(c.envFrom).to.deep.equal([{ secretRef: { name: "platform-data" } }]);
          expect(c.readinessProbe.httpGet.path).to.equal(env.services[name].probes.readinessPath);
          expect(c.livenessProbe.httpGet.path).to.equal(env.services[name].probes.livenessPath);
          expect(c.resources.requests).to.deep.equal(env.services[name].resources.requests);
          expect(classes[spec.priorityClassName].value).to.be.greaterThan(
            classes["platform-worker"].value,
          );
        }
        expect(classes["platform-worker"].value).to.be.greaterThan(
          classes["platform-headroom"].value,
        );
        expect(classes["platform-headroom"]).to.include({
          preemptionPolicy: "Never",
          globalDefault: false,
        });
        expect(classes["platform-headroom"].value).to.be.below(0);
      });

      it("every worker has a KEDA ScaledObject on its RabbitMQ queue, authenticated from the data Secret's AMQP URL", async () => {
        const r = await runStack(stack);
        const sos = ofType(r, "kubernetes:keda.sh/v1alpha1:ScaledObject");
        const auths = ofType(r, "kubernetes:keda.sh/v1alpha1:TriggerAuthentication");
        const secrets = ofType(r, "kubernetes:core/v1:Secret");
        expect(sos).to.have.length(workers.length);
        for (const [name, w] of workers) {
          const so = named(sos, name, w.namespace)!.inputs.spec;
          expect(so.scaleTargetRef.name).to.equal(name);
          const [trigger] = so.triggers;
          expect(trigger).to.deep.include({ type: "rabbitmq" });
          expect(trigger.metadata).to.deep.include({
            queueName: w.queue,
            mode: "QueueLength",
            value: String(w.messagesPerPod),
          });
          expect(env.queue.queues).to.include(w.queue);
          const auth = named(auths, trigger.authenticationRef.name, w.namespace)!;
          expect(auth.inputs.spec.secretTargetRef).to.deep.equal([
            { parameter: "host", name: "platform-data", key: "AMQP_URL" },
          ]);
          const secret = named(secrets, "platform-data", w.namespace);
          expect(secret, `the data tier's Secret in ${w.namespace}`).to.not.equal(undefined);
          expect(Object.keys(secret!.inputs.stringData ?? secret!.inputs.data)).to.include(
            "AMQP_URL",
          );
        }
      });

      it("worker bounds are the planner's (explicit ones pass through) and KEDA gets the configured behaviour", async () => {
        const plan = planCapacity(planInput(env));
        const sos = ofType(await runStack(stack), "kubernetes:keda.sh/v1alpha1:ScaledObject");
        for (const [name, w] of workers) {
          const so = named(sos, name)!.inputs.spec;
          const planned = plan.workloads.find((x) => x.name === name)!;
          expect([so.minReplicaCount, so.maxReplicaCount]).to.deep.equal([
            planned.minReplicas,
            planned.maxReplicas,
          ]);
          if (w.replicas)
            expect([so.minReplicaCount, so.maxReplicaCount]).to.deep.equal([
              w.replicas.min,
              w.replicas.max,
            ]);
          expect(so.advanced.horizontalPodAutoscalerConfig.behavior).to.deep.equal(w.behavior);
        }
      });

      it("installs KEDA, metrics-server and prometheus-adapter at the configured chart versions, and ScaledObjects wait for KEDA", async () => {
        const r = await runStack(stack);
        const releases = ofType(r, "kubernetes:helm.sh/v3:Release");
        const charts = env.autoscaling.charts;
        for (const [release, chart] of [
          ["keda", charts.keda],
          ["metrics-server", charts.metricsServer],
          ["prometheus-adapter", charts.prometheusAdapter],
        ] as const) {
          const rel = releases.find((x) => x.inputs.name === release)!;
          expect(rel.inputs).to.deep.include({ chart: chart.name, version: chart.version });
          expect(rel.inputs.values.nodeSelector).to.deep.equal({ "platform.io/role": "system" });
        }
        const keda = releases.find((x) => x.inputs.name === "keda")!;
        for (const cr of [
          ...ofType(r, "kubernetes:keda.sh/v1alpha1:ScaledObject"),
          ...ofType(r, "kubernetes:keda.sh/v1alpha1:TriggerAuthentication"),
        ])
          expect(waitsFor(r, cr, keda), cr.name).to.equal(true);
        const adapter = releases.find((x) => x.inputs.name === "prometheus-adapter")!;
        expect(adapter.inputs.values.rules.custom[0].name.as).to.equal("http_requests_per_second");
      });

      it("keeps the configured number of pause placeholders at the lowest priority", async () => {
        const r = await runStack(stack);
        const headroom = one(r, "platform:workloads:Headroom");
        const d = ofType(r, "kubernetes:apps/v1:Deployment").find(
          (x) => x.parent === headroom.urn,
        )!;
        expect(d.inputs.spec.replicas).to.equal(env.headroom.replicas);
        const spec = podSpec(d);
        expect(spec.priorityClassName).to.equal("platform-headroom");
        expect(spec.containers[0].image).to.match(/pause/);
        expect(spec.containers[0].resources.requests).to.deep.equal({
          cpu: env.headroom.cpu,
          memory: env.headroom.memory,
        });
      });

      it("exports every workload's bounds and the nodes its node group needs at max", async () => {
        const r = await runStack(stack);
        const bounds = r.outputs.workloadBounds as Record<string, { min: number; max: number }>;
        expect(Object.keys(bounds).sort()).to.deep.equal(
          [...services, ...workers].map(([n]) => n).sort(),
        );
        for (const g of Object.values(
          r.outputs.plannedNodes as Record<string, { atMax: number; maxSize: number }>,
        )) {
          expect(g.atMax).to.be.at.most(g.maxSize);
        }
      });
    });
  }

  describe("prod, against the spec's numbers", () => {
    it("sizes the agent API for the 10x spike: min ceil(1,000 / 150) = 7 (the spike's peak before new pods can serve), max ceil(1,000 × 1.3 / 56) = 24, at 56 req/s per pod", async () => {
      const hpa = one(await runStack("prod"), "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
      expect([hpa.inputs.spec.minReplicas, hpa.inputs.spec.maxReplicas]).to.deep.equal([7, 24]);
      const rps = (
        hpa.inputs.spec.metrics as { type: string; pods?: { target: { averageValue: string } } }[]
      ).find((m) => m.type === "Pods");
      expect(rps?.pods?.target.averageValue).to.equal("56");
    });

    it("runs agent workers between 100 and 500 pods at 10 messages per pod", async () => {
      const so = one(await runStack("prod"), "kubernetes:keda.sh/v1alpha1:ScaledObject").inputs
        .spec;
      expect([so.minReplicaCount, so.maxReplicaCount, so.triggers[0].metadata.value]).to.deep.equal(
        [100, 500, "10"],
      );
    });

    it("uses the seed's HPA behaviour: up 0 s, max(100 %, 5 pods) per 60 s; down 300 s, 50 % per 60 s", async () => {
      const behavior = one(
        await runStack("prod"),
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      ).inputs.spec.behavior;
      expect(behavior).to.deep.equal({
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: "Max",
          policies: [
            { type: "Percent", value: 100, periodSeconds: 60 },
            { type: "Pods", value: 5, periodSeconds: 60 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: "Max",
          policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
        },
      });
    });
  });
});
