import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Where an area puts its in-cluster resources: the environment's live EKS cluster, or a folder of
 * rendered YAML (the render-only `local` environment), or any other Kubernetes provider a target
 * kind (`stacks/kinds.ts`) sets up. In-cluster builders take this and plain inputs, never the AWS
 * foundation, so the same code serves every kind.
 */
export interface InClusterTarget {
  /** The Kubernetes provider every in-cluster resource must use. */
  provider: k8s.Provider;
  /** Zones workloads spread over (values of `topology.kubernetes.io/zone`). */
  zones: string[];
  /**
   * Options for in-cluster components: providers, and dependsOn the nodes, the core add-ons and
   * cert-manager (areas create Certificates).
   */
  opts: pulumi.ComponentResourceOptions;
  /**
   * Whether Helm releases can be installed. False when rendering YAML: a Helm `Release` needs a
   * live cluster, so rendering skips charts (their CRDs' custom resources still render).
   */
  helm: boolean;
}

/**
 * A Kubernetes provider of a target without AWS (render, sandbox) and the target on it, Helm off:
 * no chart can be fetched or installed there.
 * @param name the provider's resource name (`render`, `sandbox`).
 * @param args how the provider reaches (or writes) its cluster.
 * @param kubernetesProviderVersion the provider plugin version. @default the SDK's own
 */
export function chartlessTarget(
  zones: string[],
  name: string,
  args: k8s.ProviderArgs,
  kubernetesProviderVersion?: string,
): InClusterTarget {
  const provider = new k8s.Provider(
    name,
    args,
    kubernetesProviderVersion === undefined ? {} : { version: kubernetesProviderVersion },
  );
  return { provider, zones, opts: { providers: { kubernetes: provider } }, helm: false };
}

/**
 * Where the data services are, as plain data: what the in-cluster part needs and all it needs.
 * The cloud environments fill it from RDS, ElastiCache and Amazon MQ; a target without AWS from
 * configuration (`ExternalServices`). Credentials must be Pulumi secrets.
 */
export interface DataEndpoints {
  postgres: {
    /** Primary host. */
    writerHost: pulumi.Input<string>;
    /** Read replica hosts; empty means the reader pool uses the primary. */
    readerHosts: pulumi.Input<string>[];
    port: number;
    database: string;
    /** The master user: migrations and partition maintenance. */
    username: string;
    /** Secret. */
    password: pulumi.Input<string>;
    /** The role workloads log in as, through PgBouncer; the migration creates it. */
    app: { username: string; /** Secret; ASCII. */ password: pulumi.Input<string> };
  };
  redis: {
    /** Primary endpoint, or the configuration endpoint in cluster mode. */
    host: pulumi.Input<string>;
    port: number;
    /** AUTH token; secret. */
    authToken: pulumi.Input<string>;
  };
  amqp: {
    /** `amqps://host:5671` as Amazon MQ reports it. */
    endpoint: pulumi.Input<string>;
    username: string;
    /** Secret. */
    password: pulumi.Input<string>;
  };
}
