import { expect } from "chai";
import * as amqp from "amqplib";
import { CAPACITY_LABEL, ROLE_LABEL, SPOT_TAINT } from "../../components/nodegroups/placement";
import { PRIORITY_CLASSES } from "../../components/workloads/priority";
import { RESTRICTED_CONTAINER } from "../../components/workloads/placement";
import { type KubeObject, type ProvingGround, start } from "../../scripts/proving-ground";
import {
  declareQueues,
  sandboxStack,
  type SandboxStack,
  waitForWorkloads,
  workloadNamespaces,
} from "../../scripts/proving-ground/sandbox";
import { requireKubernetesProvider } from "../../runtime/plugins";
import { loadEnvironment } from "../../stacks/load";
import { isReady, type Pod, TIMEOUT_SCALE } from "./helpers";

const env = loadEnvironment("sandbox");
const ZONE = "topology.kubernetes.io/zone";

type Node = KubeObject & {
  metadata: { labels: Record<string, string> };
  spec: { unschedulable?: boolean };
  status: { allocatable: Record<string, string> };
};
type Spread = { topologyKey: string; maxSkew: number; whenUnsatisfiable: string };
type Deployment = KubeObject & {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { spec: { topologySpreadConstraints?: Spread[] } };
  };
  status?: { readyReplicas?: number };
};
type Pdb = KubeObject & {
  spec: { maxUnavailable?: number | string; selector: { matchLabels: Record<string, string> } };
  status: { expectedPods?: number; desiredHealthy?: number; disruptionsAllowed?: number };
};
/** A Kubernetes object as `pulumi stack export` records it. */
type StateResource = { type: string; custom?: boolean; inputs?: KubeObject; outputs?: KubeObject };

/** Pulumi's marker of a secret value in exported state (`{ <sig>: <secret sig>, plaintext }`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A state value with every secret replaced by its plaintext (`stack export --show-secrets`). */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (SECRET_SIG in o) return revealed(JSON.parse(o.plaintext as string));
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revealed(v)]));
}

const selectorOf = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** CPU quantity in millicores. */
function millicores(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

/**
 * The sandbox environment applied with `pulumi up` through the real engine and the real
 * Kubernetes provider to one proving ground, and what the real controllers then decide. The tests
 * run in order on one run: up, validation, no-op up, the controllers, a config change, destroy.
 */
describe("the sandbox environment applied to a proving ground with pulumi up", function () {
  this.timeout(900000);
  let pg: ProvingGround;
  let stack: SandboxStack;
  let applied: KubeObject[] = [];

  const pods = (ns: string, selector: string) =>
    pg.client.list<Pod>("v1", "Pod", { namespace: ns, labelSelector: selector });
  const nodes = async () =>
    new Map((await pg.client.list<Node>("v1", "Node")).map((n) => [n.metadata.name, n]));
  const stateObjects = async (): Promise<KubeObject[]> => {
    const exported = JSON.parse((await stack.must("stack", "export", "--show-secrets")).stdout);
    const resources: StateResource[] = exported.deployment.resources ?? [];
    return resources
      .filter((r) => r.custom !== false && /^kubernetes:(?!helm)/.test(r.type) && r.inputs)
      .map((r) => revealed(r.inputs) as KubeObject);
  };

  before(async () => {
    await requireKubernetesProvider();
    pg = await start({
      environment: env,
      timeoutScale: TIMEOUT_SCALE,
      // The HPA acts within seconds, so KEDA's scaling is watched without 15 s periods.
      controllers: { hpaSyncPeriodSeconds: 5 },
    });
    await declareQueues(pg, env);
    stack = await sandboxStack(pg);
  });
  after(async () => {
    stack?.cleanup();
    await pg?.stop();
  });

  it("pulumi up creates the in-cluster layer, and every workload reaches its minimum replicas Running and Ready", async () => {
    const r = await stack.must("up", "--yes", "--skip-preview");
    expect(r.stdout).to.match(/\d+ created/);
    applied = await stateObjects();
    const kinds = new Set(applied.map((o) => o.kind));
    for (const kind of [
      "Namespace",
      "PriorityClass",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
      "HorizontalPodAutoscaler",
      "ScaledObject",
      "TriggerAuthentication",
      "Secret",
      "Job",
      "CronJob",
      "PrometheusRule",
      "ServiceMonitor",
    ])
      expect([...kinds], kind).to.include(kind);
    const ready = await waitForWorkloads(pg.client, workloadNamespaces(env), 240000);
    expect(ready["apps/agent-api"]).to.be.at.least(3);
    expect(ready["agents/agent-worker"]).to.be.at.least(2);
    // PgBouncer's Deployment is auto-named (pgbouncer-deployment-<suffix>).
    const pgbouncer = Object.entries(ready).filter(([k]) =>
      k.startsWith(`${env.pgbouncer.namespace}/pgbouncer`),
    );
    expect(pgbouncer.map(([, n]) => n)).to.deep.equal([env.pgbouncer.replicas]);
  });

  it("the API server accepts every applied object under strict field validation: no field unknown, none pruned", async () => {
    expect(applied.length).to.be.greaterThan(30);
    const refused: string[] = [];
    for (const o of applied) {
      const path = await pg.client.resourcePath(
        o.apiVersion,
        o.kind,
        o.metadata.namespace,
        o.metadata.name,
      );
      const res = await pg.client.raw(
        "PATCH",
        `${path}?dryRun=All&fieldValidation=Strict&fieldManager=strict-check&force=true`,
        o,
        "application/apply-patch+yaml",
      );
      if (res.status !== 200)
        refused.push(
          `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${res.status} ${res.body.slice(0, 300)}`,
        );
    }
    expect(refused).to.deep.equal([]);
  });

  it("a second pulumi up reports no changes", async () => {
    const r = await stack.must("up", "--yes", "--skip-preview", "--expect-no-changes");
    expect(r.stdout).to.match(/\d+ unchanged/);
    expect(r.stdout).to.not.match(/\d+ (created|updated|deleted|replaced)/);
  });

  it("the scheduler spreads each service over the zones within the skew it asks for, keeps application pods off system nodes, and puts them on the capacity they prefer", async () => {
    const byName = await nodes();
    for (const [name, s] of Object.entries(env.services)) {
      const d = await pg.client.get<Deployment>(
        `/apis/apps/v1/namespaces/${s.namespace}/deployments/${name}`,
      );
      const spread = (d.spec.template.spec.topologySpreadConstraints ?? []).find(
        (c) => c.topologyKey === ZONE,
      );
      expect(spread, `${name}: a zone spread constraint`).to.not.equal(undefined);
      const running = (await pods(s.namespace, selectorOf(d.spec.selector.matchLabels))).filter(
        (p) => p.spec.nodeName,
      );
      const perZone = new Map(env.zones.map((z) => [z, 0]));
      for (const p of running) {
        const zone = byName.get(p.spec.nodeName!)!.metadata.labels[ZONE];
        perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      }
      const counts = [...perZone.values()];
      expect(
        Math.max(...counts) - Math.min(...counts),
        `${name} per zone ${JSON.stringify([...perZone])}`,
      ).to.be.at.most(spread!.maxSkew);
      for (const p of running)
        expect(
          byName.get(p.spec.nodeName!)!.metadata.labels[CAPACITY_LABEL],
          `${p.metadata.name} capacity`,
        ).to.equal(s.capacity);
    }
    for (const ns of workloadNamespaces(env)) {
      for (const p of await pods(ns, "")) {
        if (!p.spec.nodeName) continue;
        expect(
          byName.get(p.spec.nodeName)!.metadata.labels[ROLE_LABEL],
          `${ns}/${p.metadata.name} on ${p.spec.nodeName}`,
        ).to.not.equal("system");
      }
    }
  });

  it("an eviction beyond a service's PDB budget is refused with 429, and draining a node keeps every service at or above its PDB minimum", async () => {
    const [name, s] = Object.entries(env.services)[0];
    const pdb = await pg.client.waitFor(
      `PDB of ${name} settled`,
      async () => {
        const p = await pg.client.get<Pdb>(
          `/apis/policy/v1/namespaces/${s.namespace}/poddisruptionbudgets/${name}`,
        );
        return (p.status.disruptionsAllowed ?? 0) > 0 &&
          p.status.expectedPods ===
            (p.status.desiredHealthy ?? 0) + (p.status.disruptionsAllowed ?? 0)
          ? p
          : undefined;
      },
      60000,
      500,
    );
    const allowed = pdb.status.disruptionsAllowed!;
    const selector = selectorOf(pdb.spec.selector.matchLabels);
    const evict = (p: Pod) =>
      pg.client.raw("POST", `/api/v1/namespaces/${s.namespace}/pods/${p.metadata.name}/eviction`, {
        apiVersion: "policy/v1",
        kind: "Eviction",
        metadata: { name: p.metadata.name, namespace: s.namespace },
      });
    const victims = (await pods(s.namespace, selector)).filter(isReady);
    const statuses: number[] = [];
    for (const p of victims.slice(0, allowed + 1)) statuses.push((await evict(p)).status);
    expect(statuses, `evictions with ${allowed} allowed`).to.deep.equal([
      ...Array(allowed).fill(201),
      429,
    ]);
    await waitForWorkloads(pg.client, workloadNamespaces(env), 120000);

    // Drain the spot node with the most service pods, as a spot interruption does: cordon, then
    // evict each pod, retrying refused evictions, while watching every service's Ready pods.
    const minimums = new Map<string, number>();
    for (const [n, svc] of Object.entries(env.services)) {
      const p = await pg.client.get<Pdb>(
        `/apis/policy/v1/namespaces/${svc.namespace}/poddisruptionbudgets/${n}`,
      );
      minimums.set(n, p.status.desiredHealthy ?? 0);
    }
    const running = await pods(s.namespace, selector);
    const counts = new Map<string, number>();
    for (const p of running) counts.set(p.spec.nodeName!, (counts.get(p.spec.nodeName!) ?? 0) + 1);
    const node = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    await pg.client.request(
      "PATCH",
      `/api/v1/nodes/${node}`,
      { spec: { unschedulable: true } },
      "application/merge-patch+json",
    );
    const lowest = new Map<string, number>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        for (const [n, svc] of Object.entries(env.services)) {
          const ready = (await pods(svc.namespace, `app.kubernetes.io/name=${n}`)).filter(
            (p) => p.status.phase === "Running" && isReady(p) && !p.metadata.deletionTimestamp,
          ).length;
          lowest.set(n, Math.min(lowest.get(n) ?? Infinity, ready));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const onNode = async () =>
        (await pg.client.list<Pod>("v1", "Pod", { fieldSelector: `spec.nodeName=${node}` })).filter(
          (p) => workloadNamespaces(env).includes(p.metadata.namespace!),
        );
      await pg.client.waitFor(
        `drain of ${node}`,
        async () => {
          const left = await onNode();
          for (const p of left) {
            const res = await pg.client.raw(
              "POST",
              `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/eviction`,
              {
                apiVersion: "policy/v1",
                kind: "Eviction",
                metadata: { name: p.metadata.name, namespace: p.metadata.namespace },
              },
            );
            // 429: the budget is spent until a replacement is Ready; the next round retries.
            expect([201, 404, 429], `eviction of ${p.metadata.name}`).to.include(res.status);
          }
          return left.length === 0 ? true : undefined;
        },
        180000,
        1000,
      );
    } finally {
      watching = false;
      await watch;
      await pg.client.request(
        "PATCH",
        `/api/v1/nodes/${node}`,
        { spec: { unschedulable: false } },
        "application/merge-patch+json",
      );
    }
    for (const [n, min] of minimums)
      expect(lowest.get(n), `${n}: fewest Ready pods during the drain`).to.be.at.least(min);
    await waitForWorkloads(pg.client, workloadNamespaces(env), 180000);
  });

  it("KEDA scales the worker from real RabbitMQ queue depth to ceil(N / messagesPerPod) within min and max, and back to min once the queue is empty", async () => {
    const [name, w] = Object.entries(env.workers)[0];
    const { min, max } = w.replicas!;
    const replicas = async () =>
      (
        await pg.client.get<Deployment>(
          `/apis/apps/v1/namespaces/${w.namespace}/deployments/${name}`,
        )
      ).spec.replicas;
    const reaches = (want: number, what: string) =>
      pg.client.waitFor(
        `${name} at ${want} replicas (${what})`,
        async () => ((await replicas()) === want ? true : undefined),
        180000,
        1000,
      );
    const connection = await amqp.connect(pg.rabbitmq!.url);
    const channel = await connection.createChannel();
    try {
      const publish = (n: number) => {
        for (let i = 0; i < n; i++)
          channel.sendToQueue(w.queue, Buffer.from(`task ${i}`), { persistent: true });
      };
      publish(23);
      const within = Math.min(max, Math.max(min, Math.ceil(23 / w.messagesPerPod)));
      expect(within).to.equal(5);
      await reaches(within, "23 messages");
      publish(30);
      // ceil(53 / 5) = 11, above the maximum: the maximum holds.
      expect(Math.ceil(53 / w.messagesPerPod)).to.be.greaterThan(max);
      await reaches(max, "53 messages");
      await channel.purgeQueue(w.queue);
      // No container consumes here (kwok): the queue is emptied by a purge, as consumers would.
      await reaches(min, "empty queue");
    } finally {
      await channel.close();
      await connection.close();
    }
  });

  it("headroom pods are preempted by application pods when the nodes are full, and come back Pending", async () => {
    const h = env.headroom;
    const headroomPods = async () => pods(h.namespace, "");
    await waitForWorkloads(pg.client, workloadNamespaces(env), 120000);
    // Terminating pods still hold their requests; the fill below counts only settled pods.
    await pg.client.waitFor(
      "no terminating pods",
      async () =>
        (await pg.client.list<Pod>("v1", "Pod")).some((p) => p.metadata.deletionTimestamp)
          ? undefined
          : true,
      120000,
      500,
    );
    const before = (await headroomPods()).filter((p) => p.spec.nodeName);
    expect(before.length).to.equal(h.replicas);
    const byName = await nodes();
    const spot = [...byName.values()].filter(
      (n) => n.metadata.labels[CAPACITY_LABEL] === h.capacity && !n.spec.unschedulable,
    );
    // Fill every node the placeholders may use: each gets one pod of the services' priority asking
    // for what is free on it, plus the placeholders' CPU where a placeholder sits.
    const all = await pg.client.list<
      Pod & { spec: { containers: { resources?: { requests?: Record<string, string> } }[] } }
    >("v1", "Pod");
    const fillers: KubeObject[] = spot.map((n) => {
      const used = all
        .filter(
          (p) =>
            p.spec.nodeName === n.metadata.name &&
            p.status.phase !== "Succeeded" &&
            p.status.phase !== "Failed",
        )
        .reduce(
          (sum, p) =>
            sum + p.spec.containers.reduce((c, k) => c + millicores(k.resources?.requests?.cpu), 0),
          0,
        );
      const hasPlaceholder = before.some((p) => p.spec.nodeName === n.metadata.name);
      const cpu =
        millicores(n.status.allocatable.cpu) - used + (hasPlaceholder ? millicores(h.cpu) : 0);
      return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `filler-${n.metadata.name}`,
          namespace: "apps",
          labels: { role: "filler" },
        },
        spec: {
          priorityClassName: PRIORITY_CLASSES.service.name,
          nodeSelector: { "kubernetes.io/hostname": n.metadata.name },
          tolerations: [{ ...SPOT_TAINT, operator: "Equal" }],
          containers: [
            {
              name: "app",
              image: "registry.k8s.io/pause:3.10",
              resources: { requests: { cpu: `${cpu}m` } },
              // The apps namespace enforces the restricted standard; the pause user is 65535.
              securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65535 },
            },
          ],
        },
      };
    });
    try {
      for (const f of fillers) await pg.client.apply(f);
      await pg.client.waitFor(
        "every filler Running",
        async () =>
          (await pods("apps", "role=filler")).filter((p) => p.status.phase === "Running").length ===
          fillers.length
            ? true
            : undefined,
        120000,
        500,
      );
      const after = await pg.client.waitFor(
        "the placeholders replaced and Pending",
        async () => {
          const now = (await headroomPods()).filter((p) => !p.metadata.deletionTimestamp);
          return now.length === h.replicas &&
            now.every((p) => p.status.phase === "Pending" && !p.spec.nodeName)
            ? now
            : undefined;
        },
        120000,
        500,
      );
      const beforeNames = new Set(before.map((p) => p.metadata.name));
      expect(after.filter((p) => beforeNames.has(p.metadata.name))).to.deep.equal([]);
      const events = await pg.client.list<
        KubeObject & { reason: string; involvedObject: { name: string } }
      >("v1", "Event", {
        namespace: h.namespace,
      });
      expect(
        events.filter((e) => e.reason === "Preempted" && beforeNames.has(e.involvedObject.name))
          .length,
      ).to.equal(before.length);
    } finally {
      for (const f of fillers) await pg.client.delete(f);
    }
    await pg.client.waitFor(
      "the placeholders Running again once the fillers are gone",
      async () =>
        (await headroomPods()).filter((p) => p.status.phase === "Running" && isReady(p)).length ===
        h.replicas
          ? true
          : undefined,
      120000,
      500,
    );
  });

  it("a new worker added to the config reaches the cluster with pulumi up, and removing it removes its objects", async () => {
    const key = "platform:workers.report-worker";
    const settings: [string, string][] = [
      ["image", "ghcr.io/example/report-worker:1.0.0"],
      ["namespace", "agents"],
      ["queue", "agent-results"],
      ["messagesPerPod", "5"],
      ["replicas.min", "2"],
      ["replicas.max", "4"],
      ["resources.requests.cpu", "100m"],
      ["resources.requests.memory", "128Mi"],
    ];
    await stack.must(
      "config",
      "set-all",
      "--path",
      ...settings.flatMap(([k, v]) => ["--plaintext", `${key}.${k}=${v}`]),
    );
    const objects = [
      ["apps/v1", "Deployment"],
      ["policy/v1", "PodDisruptionBudget"],
      ["keda.sh/v1alpha1", "ScaledObject"],
    ];
    const present = async () =>
      Promise.all(
        objects.map(
          async ([apiVersion, kind]) =>
            (
              await pg.client.raw(
                "GET",
                await pg.client.resourcePath(apiVersion, kind, "agents", "report-worker"),
              )
            ).status,
        ),
      );
    expect(await present()).to.deep.equal([404, 404, 404]);
    const added = await stack.must("up", "--yes", "--skip-preview");
    expect(added.stdout).to.match(/\d+ created/);
    expect(await present()).to.deep.equal([200, 200, 200]);
    await waitForWorkloads(pg.client, ["agents"], 120000);

    await stack.must("config", "rm", "--path", key);
    const removed = await stack.must("up", "--yes", "--skip-preview");
    expect(removed.stdout).to.match(/\d+ deleted/);
    expect(await present()).to.deep.equal([404, 404, 404]);
  });

  it("pulumi destroy leaves no object of the program behind", async () => {
    const before = await stateObjects();
    expect(before.length).to.equal(applied.length);
    await stack.must("destroy", "--yes", "--skip-preview");
    const left: string[] = [];
    for (const o of before) {
      const path = await pg.client.resourcePath(
        o.apiVersion,
        o.kind,
        o.metadata.namespace,
        o.metadata.name,
      );
      const res = await pg.client.raw("GET", path);
      if (res.status !== 404)
        left.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${res.status}`);
    }
    expect(left).to.deep.equal([]);
    const namespaces = (await pg.client.list<KubeObject>("v1", "Namespace")).map(
      (n) => n.metadata.name,
    );
    for (const ns of workloadNamespaces(env)) expect(namespaces).to.not.include(ns);
  });
});
