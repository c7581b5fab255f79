/**
 * The control plane: etcd, kube-apiserver, kube-controller-manager and kube-scheduler, each on
 * loopback ports of its own, started in that order and each ready before the next starts.
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { LOOPBACK } from "../servers/process";
import type { RunContext } from "./run-context";
import type { PieceSpec } from "./supervisor";

/** The service CIDR (the `kubernetes` Service takes its first address). */
export const SERVICE_CIDR = "10.96.0.0/16";

/** Readiness timeouts; generous because the machine is shared and a cold start compiles nothing but still waits on CPU. */
export interface ControlPlaneTimeouts {
  /** @default 60000 */
  etcd?: number;
  /** @default 180000 */
  apiserver?: number;
  /** @default 120000 */
  controllers?: number;
}

/** Controller settings worth changing per run. */
export interface ControllerSettings {
  /** HPA sync period, seconds (Kubernetes' default: 15). @default 15 */
  hpaSyncPeriodSeconds?: number;
  /** HPA downscale stabilisation window, seconds (default 300); a workload's own `behavior` wins. @default 300 */
  hpaDownscaleStabilizationSeconds?: number;
}

/** GET `url` and resolve with the status code (0 when nothing answers). */
export function probe(url: string, tls?: https.AgentOptions, timeoutMs = 3000): Promise<number> {
  return new Promise((resolve) => {
    const mod = url.startsWith("https:") ? https : http;
    const req = mod.get(url, { ...(tls ?? {}), timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

/** TLS options that trust the run's CA (and present `client` when given). */
export function trustRunCa(
  ctx: RunContext,
  client?: { cert: string; key: string },
): https.AgentOptions {
  return {
    ca: readFileSync(ctx.pki.ca),
    ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
  };
}

export function etcdSpec(ctx: RunContext, timeoutMs = 60000): PieceSpec {
  const client = `http://${LOOPBACK}:${ctx.ports.etcd}`;
  const peer = `http://${LOOPBACK}:${ctx.ports["etcd.peer"]}`;
  return {
    name: "etcd",
    binary: ctx.binary("etcd"),
    args: [
      "--name=proving-ground",
      `--data-dir=${ctx.dataDir("etcd")}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=proving-ground=${peer}`,
      // A throw-away store: durability costs fsyncs the shared disk cannot spare.
      "--unsafe-no-fsync=true",
      "--log-level=warn",
    ],
    ports: { client: ctx.ports.etcd, peer: ctx.ports["etcd.peer"] },
    ready: async () => (await probe(`${client}/health`)) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

export function apiserverSpec(ctx: RunContext, timeoutMs = 180000): PieceSpec {
  const { pki } = ctx;
  const admin = trustRunCa(ctx, pki.clients.admin);
  return {
    name: "kube-apiserver",
    binary: ctx.binary("kube-apiserver"),
    args: [
      `--etcd-servers=http://${LOOPBACK}:${ctx.ports.etcd}`,
      `--bind-address=${LOOPBACK}`,
      `--advertise-address=${LOOPBACK}`,
      `--secure-port=${ctx.ports["kube-apiserver"]}`,
      `--tls-cert-file=${pki.apiserver.cert}`,
      `--tls-private-key-file=${pki.apiserver.key}`,
      `--client-ca-file=${pki.ca}`,
      `--service-account-key-file=${pki.serviceAccount.publicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      "--authorization-mode=Node,RBAC",
      "--allow-privileged=true",
      // The aggregation layer (metrics.k8s.io, external.metrics.k8s.io) with its own CA.
      `--requestheader-client-ca-file=${pki.frontProxyCa}`,
      "--requestheader-allowed-names=front-proxy-client",
      "--requestheader-username-headers=X-Remote-User",
      "--requestheader-group-headers=X-Remote-Group",
      "--requestheader-extra-headers-prefix=X-Remote-Extra-",
      `--proxy-client-cert-file=${pki.frontProxyClient.cert}`,
      `--proxy-client-key-file=${pki.frontProxyClient.key}`,
      "--profiling=false",
      // The `kubernetes` Service would get 127.0.0.1 as its endpoint, which validation refuses
      // (loopback); nothing here reaches the API through that Service, so it has none.
      "--endpoint-reconciler-type=none",
    ],
    ports: { secure: ctx.ports["kube-apiserver"] },
    ready: async () => (await probe(`${ctx.apiServerUrl}/readyz`, admin)) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

/** Flags kube-controller-manager and kube-scheduler share: identity, delegated auth, loopback serving. */
function componentFlags(ctx: RunContext, piece: "kube-controller-manager" | "kube-scheduler") {
  const kubeconfig = ctx.kubeconfig(piece);
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    `--bind-address=${LOOPBACK}`,
    `--secure-port=${ctx.ports[piece]}`,
    `--cert-dir=${ctx.dataDir(piece)}`,
    // One instance: no lease to wait for at start.
    "--leader-elect=false",
  ];
}

function healthz(ctx: RunContext, piece: "kube-controller-manager" | "kube-scheduler") {
  const tls = { rejectUnauthorized: false };
  // They serve /healthz with a self-signed certificate of their own; only liveness is asked.
  return async () => (await probe(`https://${LOOPBACK}:${ctx.ports[piece]}/healthz`, tls)) === 200;
}

export function controllerManagerSpec(
  ctx: RunContext,
  settings: ControllerSettings = {},
  timeoutMs = 120000,
): PieceSpec {
  const { pki } = ctx;
  return {
    name: "kube-controller-manager",
    binary: ctx.binary("kube-controller-manager"),
    args: [
      ...componentFlags(ctx, "kube-controller-manager"),
      `--service-account-private-key-file=${pki.serviceAccount.privateKey}`,
      `--root-ca-file=${pki.ca}`,
      `--cluster-signing-cert-file=${pki.ca}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      // Each controller acts as its own service account, as in a real cluster.
      "--use-service-account-credentials=true",
      `--horizontal-pod-autoscaler-sync-period=${settings.hpaSyncPeriodSeconds ?? 15}s`,
      `--horizontal-pod-autoscaler-downscale-stabilization=${settings.hpaDownscaleStabilizationSeconds ?? 300}s`,
    ],
    ports: { secure: ctx.ports["kube-controller-manager"] },
    ready: healthz(ctx, "kube-controller-manager"),
    readyTimeoutMs: timeoutMs,
  };
}

export function schedulerSpec(ctx: RunContext, timeoutMs = 120000): PieceSpec {
  return {
    name: "kube-scheduler",
    binary: ctx.binary("kube-scheduler"),
    args: componentFlags(ctx, "kube-scheduler"),
    ports: { secure: ctx.ports["kube-scheduler"] },
    ready: healthz(ctx, "kube-scheduler"),
    readyTimeoutMs: timeoutMs,
  };
}
