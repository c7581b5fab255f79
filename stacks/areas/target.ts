import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Where an area puts its in-cluster resources: the environment's live EKS cluster, or a folder of
 * rendered YAML (the render-only `local` environment). In-cluster builders take this and plain
 * inputs, never the AWS foundation, so the same code serves both.
 */
export interface InClusterTarget {
  /** The Kubernetes provider every in-cluster resource must use. */
  provider: k8s.Provider;
  /** Zones workloads spread over (values of `topology.kubernetes.io/zone`). */
  zones: string[];
  /** Options for in-cluster components: providers, and dependsOn the nodes and core add-ons. */
  opts: pulumi.ComponentResourceOptions;
  /**
   * Whether Helm releases can be installed. False when rendering YAML: a Helm `Release` needs a
   * live cluster, so rendering skips charts (their CRDs' custom resources still render).
   */
  helm: boolean;
}
