import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { RABBITMQ_USER } from "../../components/queue/rabbitmq";
import type { Environment } from "../schema";
import type { RenderSettings } from "../schema/render";
import { RENDER_SECRET_KEYS } from "../schema/secrets";
import type { Site } from "./area";
import { chartlessTarget, type DataEndpoints, type InClusterTarget } from "./target";

/*
 * The render target kind (`platform:render` is set): the Kubernetes layer written as YAML to a
 * folder, with no cloud account and no cluster. The composition root puts the same in-cluster
 * areas the cloud environments use on a target whose provider renders instead of applying.
 * Nothing here registers an AWS or `random` resource; their plugins do not exist where this runs,
 * so credentials come from secret config instead of generated passwords.
 */

/** Secret config (namespace `render:`) holding what cloud environments generate or read from AWS. */
export { RENDER_SECRET_KEYS };

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
  const target = chartlessTarget(
    env.zones,
    "render",
    { renderYamlToDirectory: directory },
    settings.kubernetesProviderVersion,
  );
  return { target, directory };
}

/**
 * A secret from `<namespace>:<key>` (`render:` or `sandbox:`). The loader has already refused a
 * missing key or one stored in plain text (the stack file is committed), naming the command that
 * fixes it.
 */
export function configSecret(namespace: string, key: string): pulumi.Output<string> {
  return new pulumi.Config(namespace).requireSecret(key);
}

const renderSecret = (key: string) => configSecret("render", key);

/** The data endpoints from `platform:render.endpoints`, credentials from `render:*Password`. */
export function renderDataEndpoints(env: Environment, settings: RenderSettings): DataEndpoints {
  return configuredDataEndpoints(env, settings.endpoints, renderSecret);
}

/**
 * Data endpoints a target without AWS takes from configuration (`render`, `sandbox`), with the
 * credentials `secret(<key of RENDER_SECRET_KEYS>)` reads.
 */
export function configuredDataEndpoints(
  env: Environment,
  e: RenderSettings["endpoints"],
  secret: (key: string) => pulumi.Output<string>,
): DataEndpoints {
  return {
    postgres: {
      writerHost: e.database.host,
      readerHosts: e.database.readerHost === undefined ? [] : [e.database.readerHost],
      port: e.database.port,
      database: env.database.databaseName,
      username: env.database.masterUsername,
      password: secret(RENDER_SECRET_KEYS.databasePassword),
      app: {
        username: env.database.appUsername,
        password: secret(RENDER_SECRET_KEYS.databaseAppPassword),
      },
    },
    redis: {
      host: e.cache.host,
      port: e.cache.port,
      authToken: secret(RENDER_SECRET_KEYS.cachePassword),
    },
    amqp: {
      endpoint: `amqps://${e.queue.host}:${e.queue.port}`,
      username: RABBITMQ_USER,
      password: secret(RENDER_SECRET_KEYS.queuePassword),
    },
  };
}

/**
 * The site of a render-only environment: the rendering target, and the data services and Grafana
 * password from configuration (read only when an area needs them).
 * @param env an environment whose `platform:render` is set.
 */
export function renderSite(env: Environment): Site {
  const settings = env.render;
  if (settings === undefined)
    throw new Error(`environment ${env.name} has no platform:render; it is not render-only`);
  const { target, directory } = renderTarget(env, settings);
  return {
    target,
    outputs: { environment: env.name, zones: env.zones, renderedDirectory: directory },
    external: {
      dataEndpoints: () => renderDataEndpoints(env, settings),
      grafanaAdminPassword: () => renderSecret(RENDER_SECRET_KEYS.grafanaPassword),
    },
  };
}
