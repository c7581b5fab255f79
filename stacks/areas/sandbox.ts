import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../errors";
import type { Environment } from "../schema";
import type { SandboxSettings } from "../schema/sandbox";
import type { Site } from "./area";
import { configSecret, configuredDataEndpoints, RENDER_SECRET_KEYS } from "./render";
import { chartlessTarget } from "./target";

/*
 * The sandbox target kind (`platform:sandbox` is set): the in-cluster layer applied through the
 * real Kubernetes provider to a proving ground (scripts/proving-ground), a control plane on this
 * machine's loopback. Like `render` it registers no AWS or `random` resource and takes the data
 * services and passwords from configuration; unlike `render` every object meets a real API server
 * and real controllers. Helm is off: no chart can be fetched here, and the proving ground runs
 * the controllers those charts would install (KEDA, metrics-server) itself.
 */

/** Secret config of a sandbox: `sandbox:<key>` for each key `render:` has. */
export const SANDBOX_SECRET_NAMESPACE = "sandbox";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * The kubeconfig's absolute path, after checking that every cluster it names is on loopback: a
 * sandbox must never apply to a real cluster whose kubeconfig happens to be named.
 * @throws ConfigError naming `platform:sandbox.kubeconfig` and how to fix it.
 */
export function sandboxKubeconfig(env: Environment, settings: SandboxSettings): string {
  const file = path.resolve(process.cwd(), settings.kubeconfig);
  const fail = (message: string) =>
    new ConfigError(env.name, `Pulumi.${env.name}.yaml`, [
      { key: "platform:sandbox.kubeconfig", message },
    ]);
  if (!fs.existsSync(file))
    throw fail(
      `${file} does not exist; start a proving ground (npm run proving-ground -- up --env ${env.name}) or point this key at its kubeconfig`,
    );
  const doc = YAML.parse(fs.readFileSync(file, "utf8")) as {
    clusters?: { name: string; cluster?: { server?: string } }[];
  };
  const servers = (doc?.clusters ?? []).map((c) => c.cluster?.server ?? "");
  if (servers.length === 0) throw fail(`${file} names no cluster`);
  for (const server of servers) {
    let host = "";
    try {
      host = new URL(server).hostname;
    } catch {
      /* reported below */
    }
    if (!LOOPBACK_HOSTS.has(host))
      throw fail(
        `${file} names the API server ${JSON.stringify(server)}, which is not on loopback; a sandbox applies only to a proving ground on this machine`,
      );
  }
  return file;
}

/**
 * The site of a sandbox: a Kubernetes provider on the proving ground's kubeconfig, server-side
 * apply (the provider's default, kept explicit: the API server validates and owns every field),
 * and the data services and Grafana password from configuration.
 * @param env an environment whose `platform:sandbox` is set.
 */
export function sandboxSite(env: Environment): Site {
  const settings = env.sandbox;
  if (settings === undefined)
    throw new Error(`environment ${env.name} has no platform:sandbox; it is not a sandbox`);
  const kubeconfig = sandboxKubeconfig(env, settings);
  const target = chartlessTarget(
    env.zones,
    "sandbox",
    { kubeconfig, enableServerSideApply: true },
    settings.kubernetesProviderVersion,
  );
  const secret = (key: string) => configSecret(SANDBOX_SECRET_NAMESPACE, key);
  return {
    target,
    outputs: { environment: env.name, zones: env.zones },
    external: {
      dataEndpoints: () => configuredDataEndpoints(env, settings.endpoints, secret),
      grafanaAdminPassword: () => secret(RENDER_SECRET_KEYS.grafanaPassword),
    },
  };
}
