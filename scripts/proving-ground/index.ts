/**
 * The proving ground: a real Kubernetes control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler) built from the Go module proxy, with kwok as the
 * kubelet stand-in, metrics-server, KEDA and a real RabbitMQ, started on loopback ports in a
 * folder of its own and stopped, every process by its own PID, by `stop()`.
 *
 *   const pg = await start({ environment: loadEnvironment("prod") });
 *   // pg.kubeconfig, pg.apiServerUrl, pg.client, pg.rabbitmq
 *   await pg.stop();
 *
 * Build first with `bash scripts/proving-ground/ensure.sh` (see its README).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Environment } from "../../stacks/schema";
import {
  KEDA_NAMESPACE,
  kedaApi,
  kedaMetricsApiServerSpec,
  kedaOperatorSpec,
  metricsServerApi,
  metricsServerSpec,
  waitForApiService,
} from "./addons";
import {
  apiserverSpec,
  controllerManagerSpec,
  ControllerSettings,
  etcdSpec,
  schedulerSpec,
} from "./control-plane";
import { CRD_PROJECTS, installCrds } from "./crds";
import { KubeClient, KubeObject } from "./kube";
import { kwokObjects, kwokSpec, PodTimings, registerNodes } from "./kwok";
import type { KwokNodeOptions } from "./nodes";
import { buildDirs, pinnedVersions, provingGroundCacheDir } from "./paths";
import { epmdSpec, RabbitMqEndpoint, rabbitmqSpec } from "./rabbitmq";
import { PortName, RunContext } from "./run-context";
import { RunningPiece } from "./supervisor";

export { KubeClient, KubeError } from "./kube";
export type { KubeObject } from "./kube";
export { PieceError } from "./supervisor";
export type { RunningPiece } from "./supervisor";
export { kwokNodes } from "./nodes";
export type { PortName } from "./run-context";

/** Options of {@link start}. Every add-on is on unless switched off. */
export interface StartOptions {
  /** The cache ensure.sh filled. @default provingGroundCacheDir() */
  cacheDir?: string;
  /** Where the binaries are. @default `<cacheDir>/bin` */
  binDir?: string;
  /** The run's folder (certificates, kubeconfigs, data, logs). @default a new temp folder, removed by stop() unless `keepRunDir` */
  runDir?: string;
  /** Keep the run folder after stop() (its logs). @default false, true when `runDir` is given */
  keepRunDir?: boolean;
  /** Leave the processes running when this Node process exits (the `up` command). @default false */
  keepRunning?: boolean;
  /** Fixed loopback ports by name (the rest are picked free). @default {} */
  ports?: Partial<Record<PortName, number>>;
  /** kwok, its stages and metrics. Needed for nodes, metrics-server and anything that schedules. @default true */
  kwok?: boolean;
  /** metrics-server and the metrics.k8s.io API. @default true (needs kwok) */
  metricsServer?: boolean;
  /** The KEDA operator, its metrics API server and external.metrics.k8s.io. @default true */
  keda?: boolean;
  /** RabbitMQ (with its own epmd). @default true */
  rabbitmq?: boolean;
  /** Install the CRDs of KEDA, kwok, prometheus-operator and cert-manager. @default true */
  crds?: boolean;
  /** Register kwok nodes for this environment's node groups once kwok runs. @default none */
  environment?: Environment;
  /** How many nodes per group (with `environment`). @default each group's desiredSize */
  nodes?: KwokNodeOptions;
  /** Simulated pod start delays. @default created after 200 ms, Ready 1 s later */
  pods?: PodTimings;
  /** kube-controller-manager settings (HPA periods). */
  controllers?: ControllerSettings;
  /** Multiplies every readiness timeout (a busy machine may need 2). @default 1 */
  timeoutScale?: number;
  /** Readiness timeouts of single pieces in ms, instead of their scaled defaults. @default {} */
  readyTimeoutsMs?: Record<string, number>;
  /** Progress lines (`kube-apiserver ready in 12.3 s`). @default none */
  log?: (line: string) => void;
}

/** A running proving ground. */
export interface ProvingGround {
  /** Admin kubeconfig (system:masters), for kubectl and the Pulumi Kubernetes provider. */
  readonly kubeconfig: string;
  /** `https://127.0.0.1:<port>` */
  readonly apiServerUrl: string;
  /** An admin client of the API server. */
  readonly client: KubeClient;
  readonly runDir: string;
  /** Every piece started, in start order, with PID, ports and log file. */
  readonly pieces: readonly RunningPiece[];
  /** All ports by name. */
  readonly ports: Readonly<Record<PortName, number>>;
  /** Pinned versions (from versions.sh). */
  readonly versions: Readonly<Record<string, string>>;
  /** RabbitMQ, when started. */
  readonly rabbitmq?: RabbitMqEndpoint;
  /** Seconds from start() to each piece being ready, and the total. */
  readonly timings: Readonly<Record<string, number>>;
  /** Registers kwok nodes for an environment's node groups and waits until they are Ready. */
  registerNodes(env: Environment, options?: KwokNodeOptions): Promise<KubeObject[]>;
  /** Stops every process (newest first, by PID) and removes the run folder unless kept. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the proving ground. On any failure every process already started is stopped before the
 * error (a {@link PieceError} naming the piece and its log, where one piece is at fault) is thrown.
 */
export async function start(options: StartOptions = {}): Promise<ProvingGround> {
  const t0 = Date.now();
  const scale = options.timeoutScale ?? 1;
  const cacheDir = options.cacheDir ?? provingGroundCacheDir();
  const build = buildDirs(cacheDir);
  const runDir = options.runDir ?? mkdtempSync(path.join(os.tmpdir(), "platform-proving-ground-"));
  const keepRunDir = options.keepRunDir ?? options.runDir !== undefined;
  const withKwok = options.kwok ?? true;
  const timings: Record<string, number> = {};
  const log = options.log ?? (() => undefined);

  // state.json names every piece's PID from the moment it exists, so `down` can stop even a
  // start that was interrupted half-way.
  const writeState = (extra: Record<string, unknown>) =>
    writeFileSync(
      path.join(runDir, "state.json"),
      JSON.stringify({ runDir, ...extra }, null, 2) + "\n",
      { mode: 0o600 },
    );
  let ctx: RunContext;
  try {
    ctx = await RunContext.create({
      runDir,
      build,
      binDir: options.binDir ?? build.bin,
      fixedPorts: options.ports ?? {},
      keepRunning: options.keepRunning ?? false,
      onChange: (pieces) => writeState({ pieces }),
    });
  } catch (e) {
    if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
    throw e;
  }
  const sup = ctx.supervisor;
  let rabbitmq: RabbitMqEndpoint | undefined;

  const stop = async () => {
    await sup.stopAll();
    ctx.closeClient();
    if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
  };
  const ready = (piece: string) => {
    timings[piece] = (Date.now() - t0) / 1000;
    log(`${piece} ready after ${timings[piece].toFixed(1)} s`);
  };
  const run = async (spec: ReturnType<typeof etcdSpec>) => {
    const timeout = options.readyTimeoutsMs?.[spec.name] ?? spec.readyTimeoutMs * scale;
    await sup.start({ ...spec, readyTimeoutMs: timeout });
    ready(spec.name);
  };

  // RabbitMQ needs nothing from Kubernetes and takes the longest to boot (Erlang): it starts
  // alongside the control plane and is awaited at the end.
  const mqStarting =
    (options.rabbitmq ?? true)
      ? (async () => {
          await run(epmdSpec(ctx));
          const mq = rabbitmqSpec(ctx);
          await run(mq.spec);
          return mq.endpoint;
        })()
      : Promise.resolve(undefined);
  // Handled here so an early failure is not an unhandled rejection; it is rethrown when awaited.
  mqStarting.catch(() => undefined);
  try {
    await run(etcdSpec(ctx));
    await run(apiserverSpec(ctx));
    await run(controllerManagerSpec(ctx, options.controllers));
    await run(schedulerSpec(ctx));
    const client = ctx.client;
    if (options.crds ?? true) {
      await installCrds(client, build.crds, CRD_PROJECTS, 60000 * scale);
      ready("crds");
    }
    if (withKwok) {
      if (!(options.crds ?? true)) await installCrds(client, build.crds, ["kwok"], 60000 * scale);
      await applyAll(client, kwokObjects(build.kwok, options.pods));
      await run(kwokSpec(ctx));
      if (options.environment) {
        await registerNodes(client, options.environment, nodeOptions(options.nodes), 60000 * scale);
        ready("nodes");
      }
    }
    if (withKwok && (options.metricsServer ?? true)) {
      await run(metricsServerSpec(ctx));
      await applyAll(client, metricsServerApi(ctx));
      await waitForApiService(client, "v1beta1.metrics.k8s.io", 60000 * scale);
      ready("metrics.k8s.io");
    }
    if (options.keda ?? true) {
      if (!(options.crds ?? true)) await installCrds(client, build.crds, ["keda"], 60000 * scale);
      await client.apply({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: KEDA_NAMESPACE },
      });
      await run(kedaOperatorSpec(ctx));
      await run(kedaMetricsApiServerSpec(ctx));
      await applyAll(client, kedaApi(ctx));
      await waitForApiService(client, "v1beta1.external.metrics.k8s.io", 60000 * scale);
      ready("external.metrics.k8s.io");
    }
    rabbitmq = await mqStarting;
  } catch (e) {
    // Whatever is still starting must have its PID recorded before everything is stopped.
    await mqStarting.catch(() => undefined);
    await stop();
    throw e;
  }
  timings.total = (Date.now() - t0) / 1000;
  const kubeconfig = ctx.kubeconfig("admin");
  const state: ProvingGround = {
    kubeconfig,
    apiServerUrl: ctx.apiServerUrl,
    client: ctx.client,
    runDir,
    pieces: sup.pieces,
    ports: ctx.ports,
    versions: pinnedVersions(),
    rabbitmq,
    timings,
    registerNodes: (env, more) => {
      if (!withKwok)
        return Promise.reject(new Error("registerNodes: this proving ground runs without kwok"));
      return registerNodes(ctx.client, env, nodeOptions(more), 60000 * scale);
    },
    stop,
  };
  writeState({ kubeconfig, apiServerUrl: ctx.apiServerUrl, pieces: sup.pieces, rabbitmq });
  return state;
}

/** Nodes report the pinned Kubernetes version as their kubelet's, as real nodes of the cluster would. */
function nodeOptions(options: KwokNodeOptions = {}): KwokNodeOptions {
  return { kubeletVersion: pinnedVersions().KUBERNETES_VERSION, ...options };
}

async function applyAll(client: KubeClient, objects: KubeObject[]): Promise<void> {
  for (const o of objects) await client.apply(o);
}
