import { expect } from "chai";
import * as amqp from "amqplib";
import { existsSync } from "node:fs";
import {
  CAPACITY_LABEL,
  NODE_GROUP_LABEL,
  nodeLabels,
  nodeTaints,
  ROLE_LABEL,
  SPOT_TAINT,
} from "../../components/nodegroups/placement";
import { ZONE_LABEL } from "../../components/workloads/placement";
import { instanceType } from "../../model/catalog";
import { cpuOf, parseQuantity } from "../../model/capacity/quantity";
import { DEFAULT_DAEMONSETS, nodeAllocatable } from "../../model/capacity/nodes";
import { loadEnvironment } from "../../stacks/load";
import { KubeObject, ProvingGround, start } from "../../scripts/proving-ground";
import { INSTANCE_TYPE_LABEL } from "../../scripts/proving-ground/nodes";
import { processesOfRun } from "../../scripts/proving-ground/supervisor";
import { applicationDeployment, namespace, Pod, TIMEOUT_SCALE, waitForReadyPods } from "./helpers";
import { listeningSockets } from "./sockets";

const prod = loadEnvironment("prod");

type Node = KubeObject & {
  metadata: { labels: Record<string, string> };
  spec: { taints?: { key: string; value: string; effect: string }[] };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: { type: string; status: string }[];
  };
};

describe("proving ground: a real control plane with kwok nodes of prod's node groups", function () {
  this.timeout(600000);
  let pg: ProvingGround;

  before(async () => {
    pg = await start({
      environment: prod,
      timeoutScale: TIMEOUT_SCALE,
      // The HPA acts within seconds, so the KEDA check does not wait out the default 15 s periods.
      controllers: { hpaSyncPeriodSeconds: 5 },
    });
  });
  after(async () => pg?.stop());

  it("serves the pinned Kubernetes release and runs the controller manager (it creates each namespace's default ServiceAccount)", async () => {
    const version = await pg.client.get<{ gitVersion: string }>("/version");
    expect(version.gitVersion).to.equal(pg.versions.KUBERNETES_VERSION);
    await namespace(pg.client, "pg-smoke");
    const readyz = await pg.client.raw("GET", "/readyz?verbose");
    expect(readyz.status).to.equal(200);
    expect(readyz.body).to.include("[+]etcd ok");
  });

  it("registers one kwok node per desired node of each prod group, spread evenly over prod's zones", async () => {
    const nodes = await pg.client.list<Node>("v1", "Node");
    for (const [group, config] of Object.entries(prod.nodeGroups)) {
      const mine = nodes.filter((n) => n.metadata.labels[NODE_GROUP_LABEL] === group);
      expect(mine, group).to.have.length(config.desiredSize);
      const perZone = prod.zones.map(
        (z) => mine.filter((n) => n.metadata.labels[ZONE_LABEL] === z).length,
      );
      expect(
        Math.max(...perZone) - Math.min(...perZone),
        `${group} per zone ${perZone}`,
      ).to.be.at.most(1);
    }
    expect(nodes).to.have.length(3 + 6 + 3);
  });

  it("gives each node its group's labels and taints, the zone, instance-type and EKS capacity-type labels, and kwok keeps it Ready", async () => {
    const nodes = await pg.client.list<Node>("v1", "Node");
    const eksCapacity: Record<string, string> = {
      system: "ON_DEMAND",
      "app-spot": "SPOT",
      baseline: "ON_DEMAND",
    };
    for (const n of nodes) {
      const group = n.metadata.labels[NODE_GROUP_LABEL];
      const config = prod.nodeGroups[group];
      expect(n.metadata.labels).to.include(nodeLabels({ ...config, name: group }));
      expect(config.instanceTypes).to.include(n.metadata.labels[INSTANCE_TYPE_LABEL]);
      expect(n.metadata.labels["eks.amazonaws.com/capacityType"], n.metadata.name).to.equal(
        eksCapacity[group],
      );
      const taints = (n.spec.taints ?? []).filter((t) => !t.key.startsWith("node.kubernetes.io/"));
      expect(taints, n.metadata.name).to.deep.equal(nodeTaints({ ...config, name: group }));
      expect(n.status.conditions.find((c) => c.type === "Ready")?.status, n.metadata.name).to.equal(
        "True",
      );
    }
    const spot = nodes.filter((n) => n.metadata.labels[CAPACITY_LABEL] === "spot");
    expect(spot.every((n) => n.spec.taints?.some((t) => t.key === SPOT_TAINT.key))).to.equal(true);
  });

  it("gives each node the capacity of its instance type and the allocatable the capacity planner assumes (m6i.xlarge: 3770m, 54 pods)", async () => {
    const nodes = await pg.client.list<Node>("v1", "Node");
    for (const n of nodes) {
      const type = n.metadata.labels[INSTANCE_TYPE_LABEL];
      const spec = instanceType(type);
      const alloc = nodeAllocatable(type);
      expect(cpuOf(n.status.capacity.cpu), n.metadata.name).to.equal(spec.vcpu);
      expect(parseQuantity(n.status.capacity.memory)).to.equal(spec.memoryGiB * 2 ** 30);
      expect(Number(n.status.allocatable.pods)).to.equal(alloc.pods);
      expect(cpuOf(n.status.allocatable.cpu)).to.be.closeTo(alloc.cpu, 0.001);
      expect(parseQuantity(n.status.allocatable.memory) / 2 ** 30).to.be.closeTo(
        alloc.memoryGiB,
        1e-5,
      );
    }
    const xlarge = nodes.find(
      (n) => n.metadata.labels[INSTANCE_TYPE_LABEL] === "m6i.xlarge",
    ) as Node;
    expect(xlarge.status.allocatable).to.include({ cpu: "3770m", pods: "54" });
  });

  it("schedules a Deployment's pods with the real scheduler onto the application nodes it selects, and kwok makes them Running and Ready", async () => {
    const ns = await namespace(pg.client, "pg-deploy");
    // kwok's ClusterResourceUsage reads the annotations: the usage metrics-server then reports.
    await pg.client.apply(
      applicationDeployment(ns, "web", 6, {
        annotations: { "kwok.x-k8s.io/usage-cpu": "250m", "kwok.x-k8s.io/usage-memory": "300Mi" },
        requests: { cpu: "500m", memory: "512Mi" },
      }),
    );
    const pods = await waitForReadyPods(pg.client, ns, "app=web", 6, 180000);
    const nodes = await pg.client.list<Node>("v1", "Node", {
      labelSelector: `${ROLE_LABEL}=application`,
    });
    const appNodes = new Set(nodes.map((n) => n.metadata.name));
    for (const p of pods) {
      expect(
        appNodes.has(p.spec.nodeName as string),
        `${p.metadata.name} on ${p.spec.nodeName}`,
      ).to.equal(true);
      expect(p.status.conditions?.find((c) => c.type === "PodScheduled")?.status).to.equal("True");
    }
    const deployment = await pg.client.get<{ status: { readyReplicas?: number } }>(
      `/apis/apps/v1/namespaces/${ns}/deployments/web`,
    );
    expect(deployment.status.readyReplicas).to.equal(6);
  });

  it("serves metrics.k8s.io through metrics-server: each pod's simulated 250m CPU and 300Mi memory, and each node's pods plus the planner's DaemonSet allowance", async () => {
    type Usage = { usage: { cpu: string; memory: string } };
    // The web pods are the only pods scheduled so far; the allowance stands for the DaemonSets.
    const pods = await pg.client.list<Pod>("v1", "Pod", { namespace: "pg-deploy" });
    const expected = (node: string) => {
      const here = pods.filter((p) => p.spec.nodeName === node).length;
      return {
        cpu: DEFAULT_DAEMONSETS.cpu + here * 0.25,
        memory: DEFAULT_DAEMONSETS.memoryGiB * 2 ** 30 + here * 300 * 2 ** 20,
      };
    };
    // Polled until it holds: a node's CPU is a rate over two scrapes, so it settles after one.
    const nodeMetrics = await pg.client.waitFor(
      "node metrics of all 12 nodes to equal their pods' usage plus the allowance",
      async () => {
        const m = await pg.client.get<{ items: (Usage & { metadata: { name: string } })[] }>(
          "/apis/metrics.k8s.io/v1beta1/nodes",
        );
        if (m.items.length !== 12) throw new Error(`metrics for ${m.items.length} nodes`);
        for (const n of m.items) {
          const want = expected(n.metadata.name);
          const got = { cpu: cpuOf(n.usage.cpu), memory: parseQuantity(n.usage.memory) };
          if (Math.abs(got.cpu - want.cpu) > 0.05 || got.memory !== want.memory)
            throw new Error(
              `${n.metadata.name}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`,
            );
        }
        return m.items;
      },
      120000,
      1000,
    );
    expect(nodeMetrics).to.have.length(12);
    const podMetrics = await pg.client.waitFor(
      "pod metrics for the 6 web pods",
      async () => {
        const m = await pg.client.get<{ items: { containers: (Usage & { name: string })[] }[] }>(
          "/apis/metrics.k8s.io/v1beta1/namespaces/pg-deploy/pods",
        );
        return m.items.length === 6 ? m.items : undefined;
      },
      120000,
      1000,
    );
    for (const p of podMetrics) {
      expect(cpuOf(p.containers[0].usage.cpu)).to.be.closeTo(0.25, 0.05);
      expect(parseQuantity(p.containers[0].usage.memory)).to.equal(300 * 2 ** 20);
    }
  });

  it("establishes the CRDs the program's objects need, from KEDA, prometheus-operator and cert-manager, and validates against their schemas", async () => {
    const crds = await pg.client.list<{
      metadata: { name: string };
      status: { conditions?: { type: string; status: string }[] };
    }>("apiextensions.k8s.io/v1", "CustomResourceDefinition");
    const established = crds
      .filter((c) =>
        c.status.conditions?.some((x) => x.type === "Established" && x.status === "True"),
      )
      .map((c) => c.metadata.name);
    expect(established).to.include.members([
      "scaledobjects.keda.sh",
      "triggerauthentications.keda.sh",
      "servicemonitors.monitoring.coreos.com",
      "prometheusrules.monitoring.coreos.com",
      "clusterissuers.cert-manager.io",
      "certificates.cert-manager.io",
      "stages.kwok.x-k8s.io",
    ]);
    const dryRun = (o: KubeObject) =>
      pg.client.raw("POST", `/apis/${o.apiVersion}/clusterissuers?dryRun=All`, o);
    const ok = await dryRun({
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "self-signed" },
      spec: { selfSigned: {} },
    });
    expect(ok.status, ok.body).to.equal(201);
    const bad = await pg.client.raw(
      "POST",
      "/apis/monitoring.coreos.com/v1/namespaces/default/servicemonitors?dryRun=All",
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "bad" },
        spec: { selector: {}, endpoints: "every-port" },
      },
    );
    expect(bad.status).to.equal(422);
    expect(bad.body).to.include("spec.endpoints");
  });

  it("runs KEDA against the real RabbitMQ: a ScaledObject becomes an HPA fed by queue depth, and the worker scales to ceil(23 / 5) = 5", async () => {
    const ns = await namespace(pg.client, "pg-keda");
    const rabbitmq = pg.rabbitmq as NonNullable<ProvingGround["rabbitmq"]>;
    const connection = await amqp.connect(rabbitmq.url);
    try {
      const channel = await connection.createChannel();
      await channel.assertQueue("jobs", { durable: true });
      for (let i = 0; i < 23; i++) channel.sendToQueue("jobs", Buffer.from(`job ${i}`));
      await channel.close();
    } finally {
      await connection.close();
    }
    const objects: KubeObject[] = [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "rabbitmq", namespace: ns },
        stringData: { host: rabbitmq.url },
      },
      {
        apiVersion: "keda.sh/v1alpha1",
        kind: "TriggerAuthentication",
        metadata: { name: "rabbitmq", namespace: ns },
        spec: { secretTargetRef: [{ parameter: "host", name: "rabbitmq", key: "host" }] },
      },
      applicationDeployment(ns, "worker", 1),
      {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name: "worker", namespace: ns },
        spec: {
          scaleTargetRef: { name: "worker" },
          minReplicaCount: 1,
          maxReplicaCount: 10,
          pollingInterval: 5,
          triggers: [
            {
              type: "rabbitmq",
              metadata: { protocol: "amqp", queueName: "jobs", mode: "QueueLength", value: "5" },
              authenticationRef: { name: "rabbitmq" },
            },
          ],
        },
      },
    ];
    for (const o of objects) await pg.client.apply(o);
    const hpa = await pg.client.waitFor(
      "KEDA's HPA keda-hpa-worker",
      () =>
        pg.client.get<{ spec: { metrics: { external: { metric: { name: string } } }[] } }>(
          `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/keda-hpa-worker`,
        ),
      120000,
      1000,
    );
    const metric = hpa.spec.metrics[0].external.metric.name;
    const value = await pg.client.waitFor(
      `external metric ${metric}`,
      async () => {
        const m = await pg.client.get<{ items: { value: string }[] }>(
          `/apis/external.metrics.k8s.io/v1beta1/namespaces/${ns}/${metric}?labelSelector=${encodeURIComponent("scaledobject.keda.sh/name=worker")}`,
        );
        return m.items[0]?.value;
      },
      120000,
      1000,
    );
    expect(parseQuantity(value)).to.equal(23);
    const pods = await waitForReadyPods(pg.client, ns, "app=worker", 5, 180000);
    expect(pods).to.have.length(5);
  });

  it("listens on loopback only (except the KEDA metrics API server's own Prometheus port, which takes no address)", () => {
    const sockets = listeningSockets(processesOfRun(pg.runDir));
    expect(sockets.length).to.be.at.least(10);
    const exposed = sockets.filter(
      (s) => !["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(s.address),
    );
    expect(exposed.map((s) => s.port)).to.deep.equal([pg.ports["keda-metrics-apiserver.metrics"]]);
  });

  it("stops every process of the run, each by its PID, and removes the run folder", async () => {
    const running = processesOfRun(pg.runDir);
    expect(running.length).to.be.at.least(pg.pieces.length);
    await pg.stop();
    expect(processesOfRun(pg.runDir)).to.deep.equal([]);
    expect(existsSync(pg.runDir)).to.equal(false);
  });
});
