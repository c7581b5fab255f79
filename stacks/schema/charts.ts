import { z } from "zod";
import { chart } from "./common";

/**
 * `platform:charts`: every Helm chart the platform installs, pinned. The defaults are the one
 * place chart versions live; an environment overrides a chart to trial an upgrade.
 */
export const chartsSchema = z
  .strictObject({
    clusterAutoscaler: chart
      .extend({
        /** Autoscaler image tag; its minor version must match the cluster's. */
        imageTag: z
          .string()
          .regex(/^v1\.\d+\.\d+$/, "must be an image tag like v1.36.1")
          .describe("Autoscaler image; minor must match the cluster"),
      })
      .default({
        repository: "https://kubernetes.github.io/autoscaler",
        name: "cluster-autoscaler",
        version: "9.59.0",
        imageTag: "v1.36.1",
      }),
    nodeTerminationHandler: chart.default({
      repository: "oci://public.ecr.aws/aws-ec2/helm",
      name: "aws-node-termination-handler",
      version: "0.27.6",
    }),
    certManager: chart.default({
      repository: "https://charts.jetstack.io",
      name: "cert-manager",
      version: "v1.21.1",
    }),
    /** AWS Load Balancer Controller chart 3.5.0 (controller v3.5.0); installed where a service is public. */
    loadBalancerController: chart.default({
      repository: "https://aws.github.io/eks-charts",
      name: "aws-load-balancer-controller",
      version: "3.5.0",
    }),
  })
  .prefault({})
  .describe("Pinned Helm charts (repository, name, version) per add-on");
