/**
 * The add-ons a scaling platform needs and a bare control plane lacks: metrics-server (the
 * resource metrics API, scraping kwok) and KEDA (operator plus its external-metrics API server).
 * They run as host processes on loopback ports; the aggregation layer reaches their APIs through
 * ExternalName Services pointing at 127.0.0.1, with serving certificates from the run's CA.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LOOPBACK } from "../servers/process";
import { probe, trustRunCa } from "./control-plane";
import type { KubeClient, KubeObject } from "./kube";
import type { RunContext } from "./run-context";
import type { PieceSpec } from "./supervisor";

/** Namespace KEDA's chart installs into; the operator keeps its cluster objects there. */
export const KEDA_NAMESPACE = "keda";

/**
 * An APIService served by a process on the host: an ExternalName Service (the aggregator resolves
 * it to its externalName) and the APIService trusting the run's CA for `<service>.<ns>.svc`.
 */
export function aggregatedApi(
  ctx: RunContext,
  api: { group: string; version: string; namespace: string; service: string; port: number },
): KubeObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: api.service, namespace: api.namespace },
      spec: { type: "ExternalName", externalName: LOOPBACK },
    },
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: `${api.version}.${api.group}` },
      spec: {
        group: api.group,
        version: api.version,
        service: { namespace: api.namespace, name: api.service, port: api.port },
        caBundle: readFileSync(ctx.pki.ca).toString("base64"),
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ];
}

/** Waits until the aggregator reports the APIService `name` Available. */
export async function waitForApiService(
  client: KubeClient,
  name: string,
  timeoutMs: number,
): Promise<void> {
  await client.waitFor(
    `APIService ${name} to be Available`,
    async () => {
      const svc = await client.get<{
        status?: { conditions?: { type: string; status: string; message?: string }[] };
      }>(`/apis/apiregistration.k8s.io/v1/apiservices/${name}`);
      const available = svc.status?.conditions?.find((c) => c.type === "Available");
      if (available?.status === "True") return true;
      throw new Error(available?.message ?? "no Available condition yet");
    },
    timeoutMs,
    500,
  );
}

export function metricsServerSpec(ctx: RunContext, timeoutMs = 60000): PieceSpec {
  const kubeconfig = ctx.kubeconfig("metrics-server");
  const port = ctx.ports["metrics-server"];
  const serving = ctx.pki.serving["metrics-server"];
  return {
    name: "metrics-server",
    binary: ctx.binary("metrics-server"),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${port}`,
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      // kwok's server, with a certificate from the run's CA, verified as a kubelet's would be.
      "--kubelet-preferred-address-types=InternalIP",
      "--kubelet-use-node-status-port",
      `--kubelet-certificate-authority=${ctx.pki.ca}`,
      // The shortest resolution metrics-server accepts (it must exceed the scrape timeout), so
      // tests see usage sooner; kwok answers on loopback in milliseconds.
      "--metric-resolution=10s",
      "--kubelet-request-timeout=5s",
    ],
    ports: { secure: port },
    // /livez: /readyz waits for a first scrape, which needs nodes.
    ready: async () => (await probe(`https://${LOOPBACK}:${port}/livez`, trustRunCa(ctx))) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

export function metricsServerApi(ctx: RunContext): KubeObject[] {
  return aggregatedApi(ctx, {
    group: "metrics.k8s.io",
    version: "v1beta1",
    namespace: "kube-system",
    service: "metrics-server",
    port: ctx.ports["metrics-server"],
  });
}

/** KEDA's certificate folder: the file names its gRPC server and client read (tls.crt, tls.key, ca.crt). */
function kedaCertDir(ctx: RunContext): string {
  const dir = path.join(ctx.dataDir("keda"), "certs");
  mkdirSync(dir, { recursive: true });
  copyFileSync(ctx.pki.serving.keda.cert, path.join(dir, "tls.crt"));
  copyFileSync(ctx.pki.serving.keda.key, path.join(dir, "tls.key"));
  copyFileSync(ctx.pki.ca, path.join(dir, "ca.crt"));
  return dir;
}

function kedaEnv(ctx: RunContext): Record<string, string> {
  return {
    KUBECONFIG: ctx.kubeconfig("keda"),
    WATCH_NAMESPACE: "",
    POD_NAMESPACE: KEDA_NAMESPACE,
    KEDA_CLUSTER_OBJECT_NAMESPACE: KEDA_NAMESPACE,
    // Trust the run's CA as a system root, as a cluster trusts Amazon MQ's public certificate:
    // the RabbitMQ scaler dials the amqps:// URL the program hands it with the default TLS config.
    SSL_CERT_FILE: ctx.pki.ca,
  };
}

export function kedaOperatorSpec(ctx: RunContext, timeoutMs = 120000): PieceSpec {
  const p = ctx.ports;
  return {
    name: "keda-operator",
    binary: ctx.binary("keda-operator"),
    args: [
      "--leader-elect=false",
      `--metrics-bind-address=${LOOPBACK}:${p["keda-operator.metrics"]}`,
      `--health-probe-bind-address=${LOOPBACK}:${p["keda-operator.health"]}`,
      `--metrics-service-bind-address=${LOOPBACK}:${p["keda-operator"]}`,
      `--cert-dir=${kedaCertDir(ctx)}`,
      // Certificates come from the run's CA; KEDA would otherwise mint and patch its own.
      "--enable-cert-rotation=false",
      "--zap-log-level=info",
    ],
    env: kedaEnv(ctx),
    ports: {
      grpc: p["keda-operator"],
      metrics: p["keda-operator.metrics"],
      health: p["keda-operator.health"],
    },
    ready: async () =>
      (await probe(`http://${LOOPBACK}:${p["keda-operator.health"]}/readyz`)) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

export function kedaMetricsApiServerSpec(ctx: RunContext, timeoutMs = 120000): PieceSpec {
  const p = ctx.ports;
  const kubeconfig = ctx.kubeconfig("keda");
  const certs = kedaCertDir(ctx);
  return {
    name: "keda-metrics-apiserver",
    binary: ctx.binary("keda-metrics-apiserver"),
    args: [
      `--lister-kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${p["keda-metrics-apiserver"]}`,
      `--cert-dir=${certs}`,
      `--tls-cert-file=${path.join(certs, "tls.crt")}`,
      `--tls-private-key-file=${path.join(certs, "tls.key")}`,
      `--metrics-service-address=${LOOPBACK}:${p["keda-operator"]}`,
      // Its own Prometheus endpoint takes only a port and listens on every interface.
      `--port=${p["keda-metrics-apiserver.metrics"]}`,
    ],
    env: kedaEnv(ctx),
    ports: { secure: p["keda-metrics-apiserver"], metrics: p["keda-metrics-apiserver.metrics"] },
    ready: async () =>
      (await probe(
        `https://${LOOPBACK}:${p["keda-metrics-apiserver"]}/readyz`,
        trustRunCa(ctx),
      )) === 200,
    readyTimeoutMs: timeoutMs,
  };
}

export function kedaApi(ctx: RunContext): KubeObject[] {
  return aggregatedApi(ctx, {
    group: "external.metrics.k8s.io",
    version: "v1beta1",
    namespace: KEDA_NAMESPACE,
    service: "keda-operator-metrics-apiserver",
    port: ctx.ports["keda-metrics-apiserver"],
  });
}
