/**
 * kwok, the kubelet stand-in: it keeps the nodes it manages Ready (leases and heartbeats), plays
 * pods through their lifecycle with kwok's own Stage objects (the "general" set, whose delays are
 * set here), and serves each node's simulated resource metrics (kwok's Metric and
 * ClusterResourceUsage objects) where metrics-server scrapes them.
 */
import * as path from "node:path";
import { LOOPBACK } from "../servers/process";
import type { Environment } from "../../stacks/schema";
import { probe, trustRunCa } from "./control-plane";
import { DEFAULT_DAEMONSETS } from "../../model/capacity/nodes";
import { readYamlDir } from "./crds";
import type { KubeClient, KubeObject } from "./kube";
import { KWOK_NODE_ANNOTATION, kwokNodes, type KwokNodeOptions } from "./nodes";
import type { RunContext } from "./run-context";
import type { PieceSpec } from "./supervisor";

/** CIDR kwok gives pod IPs from (kwok's default, a /24, runs out at 254 pods). */
export const POD_CIDR = "10.64.0.0/12";

/** How fast simulated pods start. Per-pod annotations of kwok's stages still override these. */
export interface PodTimings {
  /** From scheduled to created (an IP, containers waiting), ms. @default 200 */
  createdAfterMs?: number;
  /** From created to Running and Ready, ms. @default 1000 */
  readyAfterMs?: number;
  /** Extra random delay of up to this many ms on both steps. @default 0 */
  jitterMs?: number;
}

/** The kwok object sets ensure.sh copies from the kwok module, under `<cache>/kwok`. */
const KWOK_SETS = [
  "stage-node-fast",
  "stage-node-heartbeat-with-lease",
  "stage-pod-general",
  "metrics-resource",
  "metrics-usage",
];

/**
 * kwok's shipped Stage, Metric and ClusterResourceUsage objects, with the pod delays applied and a
 * node's usage raised by the DaemonSet allowance the capacity planner reserves on every node
 * ({@link DEFAULT_DAEMONSETS}): the system pods a kubelet would report and kwok does not run.
 * (metrics-server also drops a node whose usage is zero, as an empty kwok node's would be.)
 */
export function kwokObjects(kwokDir: string, timings: PodTimings = {}): KubeObject[] {
  const objects = KWOK_SETS.flatMap((set) => readYamlDir(path.join(kwokDir, set)));
  const baseline: Record<string, string> = {
    node_cpu_usage_seconds_total: ` + node.SinceSecond() * ${DEFAULT_DAEMONSETS.cpu}`,
    node_memory_working_set_bytes: ` + ${DEFAULT_DAEMONSETS.memoryGiB * 2 ** 30}.0`,
  };
  for (const o of objects.filter((x) => x.kind === "Metric")) {
    for (const m of (o.spec as { metrics: { name: string; value: string }[] }).metrics) {
      if (baseline[m.name]) m.value = `${m.value}${baseline[m.name]}`;
    }
  }
  const jitter = timings.jitterMs ?? 0;
  const delays: Record<string, number> = {
    "pod-create": timings.createdAfterMs ?? 200,
    "pod-ready": timings.readyAfterMs ?? 1000,
  };
  for (const o of objects) {
    const ms = delays[o.metadata.name];
    if (o.kind !== "Stage" || ms === undefined) continue;
    const spec = o.spec as { delay?: Record<string, unknown> };
    // kwok picks a delay in [durationMilliseconds, jitterDurationMilliseconds).
    spec.delay = {
      ...spec.delay,
      durationMilliseconds: ms,
      jitterDurationMilliseconds: ms + jitter,
    };
  }
  return objects;
}

export function kwokSpec(ctx: RunContext, timeoutMs = 60000): PieceSpec {
  const port = ctx.ports.kwok;
  const serving = ctx.pki.serving.kwok;
  return {
    name: "kwok",
    binary: ctx.binary("kwok"),
    args: [
      `--kubeconfig=${ctx.kubeconfig("kwok")}`,
      "--manage-all-nodes=false",
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      // Every node's address is kwok's own server: metrics-server scrapes it there.
      `--node-ip=${LOOPBACK}`,
      `--node-port=${port}`,
      `--server-address=${LOOPBACK}:${port}`,
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      `--cidr=${POD_CIDR}`,
      "--node-lease-duration-seconds=40",
      "--enable-crds=Stage,Metric,ResourceUsage,ClusterResourceUsage",
      // kwok's own default configuration from its module (parallelism, lease settings); the
      // flags above override its node port, CIDR and node selection.
      `--config=${path.join(ctx.build.kwok, "config", "kwok.yaml")}`,
    ],
    env: { HOME: ctx.dataDir("kwok") },
    ports: { server: port },
    ready: async () =>
      (await probe(`https://${LOOPBACK}:${port}/healthz`, trustRunCa(ctx))) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

type NodeStatus = { status?: { conditions?: { type: string; status: string }[] } };

/**
 * Registers kwok nodes for `env`'s node groups (see {@link kwokNodes}) and waits until kwok has
 * made every one Ready. Returns the manifests registered.
 */
export async function registerNodes(
  client: KubeClient,
  env: Environment,
  options: KwokNodeOptions = {},
  timeoutMs = 60000,
): Promise<KubeObject[]> {
  const nodes = kwokNodes(env, options);
  // Created (not applied): a kubelet registers its node with its status, and only create keeps it.
  await Promise.all(
    nodes.map(async (n) => {
      const res = await client.raw("POST", "/api/v1/nodes", n);
      if (res.status === 409) await client.apply(n);
      else if (res.status >= 300)
        throw new Error(`registering node ${n.metadata.name}: ${res.status} ${res.body}`);
    }),
  );
  const names = new Set(nodes.map((n) => n.metadata.name));
  await client.waitFor(
    `${names.size} kwok nodes to be Ready`,
    async () => {
      const list = await client.list<KubeObject & NodeStatus>("v1", "Node");
      const ready = list.filter(
        (n) =>
          names.has(n.metadata.name) &&
          n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
      );
      return ready.length === names.size ? true : undefined;
    },
    timeoutMs,
  );
  return nodes;
}
