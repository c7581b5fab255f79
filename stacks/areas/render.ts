import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RABBITMQ_USER } from "../../components/queue/rabbitmq";
import type { Environment } from "../schema";
import type { RenderSettings } from "../schema/render";
import { buildDataInCluster, type DataEndpoints, type DataInCluster } from "./data";
import { buildInClusterMonitoring } from "./monitoring";
import {
  buildWorkloads,
  KEDA_NAMESPACE,
  workerMaxReplicas,
  workloadOutputs,
  type Workloads,
} from "./workloads";
import type { InClusterTarget } from "./target";

/**
 * The render-only environment: the Kubernetes layer written as YAML to a folder, with no cloud
 * account and no cluster. It composes the same in-cluster builders the cloud environments use,
 * on a target whose provider renders instead of applying. Nothing here registers an AWS or
 * `random` resource; their plugins do not exist where this runs, so credentials come from secret
 * config instead of generated passwords.
 */
export interface Rendered {
  env: Environment;
  /** The rendering target every in-cluster builder received. */
  target: InClusterTarget;
  /** Absolute folder the provider writes `0-crd/` and `1-manifest/` under. */
  directory: string;
  data: DataInCluster;
  workloads: Workloads;
  /** The rendered monitoring objects; absent when `platform:monitoring` is not set. */
  monitoring?: ReturnType<typeof buildInClusterMonitoring>;
}

/** Secret config (namespace `render:`) holding what cloud environments generate or read from AWS. */
export const RENDER_SECRET_KEYS = {
  databasePassword: "databasePassword",
  databaseAppPassword: "databaseAppPassword",
  cachePassword: "cachePassword",
  queuePassword: "queuePassword",
  grafanaPassword: "grafanaPassword",
} as const;

/**
 * A Kubernetes provider that writes manifests under `settings.directory` (resolved against the
 * project folder, the program's working directory) and a target on it. Helm is off: a Helm
 * `Release` needs a live cluster.
 * @param env the environment; its zones are the zones workloads spread over.
 * @param settings `platform:render` with defaults applied.
 */
export function renderTarget(
  env: Environment,
  settings: RenderSettings,
): { target: InClusterTarget; directory: string } {
  const directory = path.resolve(process.cwd(), settings.directory);
  const provider = new k8s.Provider(
    "render",
    { renderYamlToDirectory: directory },
    settings.kubernetesProviderVersion === undefined
      ? {}
      : { version: settings.kubernetesProviderVersion },
  );
  const target: InClusterTarget = {
    provider,
    zones: env.zones,
    opts: { providers: { kubernetes: provider } },
    helm: false,
  };
  return { target, directory };
}

/**
 * A secret from `render:<key>`. A missing key and a value stored in plain text (the stack file is
 * committed) are refused, each naming the key and the command that fixes it.
 */
function renderSecret(key: string): pulumi.Output<string> {
  const full = `render:${key}`;
  // Exported by the SDK's runtime but missing from its typings; reads the engine's secret-key list.
  const isSecret = (
    pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }
  ).isConfigSecret(full);
  // Checked here rather than by requireSecret: the SDK's own missing-config error takes the engine
  // 30-90 s to report under this engine (measured; a plain Error: about 4 s for the whole preview).
  if (pulumi.runtime.getConfig(full) === undefined) {
    throw new Error(`${full} is not set; set it with: pulumi config set --secret ${full} <value>`);
  }
  const value = new pulumi.Config("render").requireSecret(key);
  // Only the engine hands over the secret-key list; the unit-test mocks have none to check.
  if (!isSecret && pulumi.runtime.hasEngine()) {
    throw new Error(
      `${full} is stored in plain text; set it with: pulumi config set --secret ${full} <value>`,
    );
  }
  return value;
}

/** The data endpoints from `platform:render.endpoints`, credentials from `render:*Password`. */
export function renderDataEndpoints(env: Environment, settings: RenderSettings): DataEndpoints {
  const e = settings.endpoints;
  return {
    postgres: {
      writerHost: e.database.host,
      readerHosts: e.database.readerHost === undefined ? [] : [e.database.readerHost],
      port: e.database.port,
      database: env.database.databaseName,
      username: env.database.masterUsername,
      password: renderSecret(RENDER_SECRET_KEYS.databasePassword),
      app: {
        username: env.database.appUsername,
        password: renderSecret(RENDER_SECRET_KEYS.databaseAppPassword),
      },
    },
    redis: {
      host: e.cache.host,
      port: e.cache.port,
      authToken: renderSecret(RENDER_SECRET_KEYS.cachePassword),
    },
    amqp: {
      endpoint: `amqps://${e.queue.host}:${e.queue.port}`,
      username: RABBITMQ_USER,
      password: renderSecret(RENDER_SECRET_KEYS.queuePassword),
    },
  };
}

/**
 * Builds the render-only environment: the target, then every in-cluster area on it, in the order
 * and with the dependencies the cloud environments use (data, then workloads, then monitoring).
 * @param env an environment whose `render` key is set.
 */
export function buildRendered(env: Environment & { render: RenderSettings }): Rendered {
  const { target, directory } = renderTarget(env, env.render);
  const data = buildDataInCluster(env, target, renderDataEndpoints(env, env.render));
  const workloads = buildWorkloads(env, target, { dependsOn: data.ready });
  const monitoring =
    env.monitoring === undefined
      ? undefined
      : buildInClusterMonitoring(target, env, {
          pgbouncerNamespace: data.dataNamespace,
          workerMaxReplicas: workerMaxReplicas(workloads),
          kedaNamespace: KEDA_NAMESPACE,
          grafanaAdminPassword: renderSecret(RENDER_SECRET_KEYS.grafanaPassword),
        });
  return { env, target, directory, data, workloads, monitoring };
}

/** Stack outputs of the render-only environment. */
export function renderedOutputs(r: Rendered) {
  return {
    environment: r.env.name,
    zones: r.env.zones,
    renderedDirectory: r.directory,
    dataNamespaces: r.data.namespaces,
    pgbouncerWriterHost: r.data.pgbouncer.hosts.writer,
    pgbouncerReaderHost: r.data.pgbouncer.hosts.reader,
    ...workloadOutputs(r.workloads),
    ...(r.monitoring === undefined ? {} : { grafanaAdminSecret: r.monitoring.grafanaAdminSecret }),
  };
}

/** True when the environment renders YAML instead of building AWS (`platform:render` is set). */
export function isRendered(env: Environment): env is Environment & { render: RenderSettings } {
  return env.render !== undefined;
}
