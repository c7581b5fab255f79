import { z } from "zod";
import { endpointsSchema, providerVersionSchema } from "./render";

/** Where `npm run proving-ground -- up` writes the admin kubeconfig, relative to the project. */
export const PROVING_GROUND_KUBECONFIG = ".cache/proving-ground/run/kubeconfig/admin.kubeconfig";

/**
 * `platform:sandbox`: apply the in-cluster layer to a proving ground (docs/proving-ground.md), a
 * Kubernetes control plane on this machine's loopback, instead of building AWS. No AWS or
 * `random` resource is registered; Helm charts are not installed (the proving ground runs KEDA
 * and metrics-server itself). Passwords are Pulumi secret config under the `sandbox:` namespace
 * (`sandbox:databasePassword`, `databaseAppPassword`, `cachePassword`, `queuePassword`,
 * `grafanaPassword`). Default: unset (build AWS).
 */
export const sandboxSchema = z
  .strictObject({
    /**
     * The kubeconfig of the proving ground, relative to the project or absolute. Its API server
     * must be on loopback: a sandbox never applies to another cluster.
     * Default: where `npm run proving-ground -- up` writes it.
     */
    kubeconfig: z
      .string()
      .min(1)
      .default(PROVING_GROUND_KUBECONFIG)
      .describe(`Kubeconfig of the proving ground (default: ${PROVING_GROUND_KUBECONFIG})`),
    /** Kubernetes provider plugin version. Default: the SDK's own. */
    kubernetesProviderVersion: providerVersionSchema,
    /** Data-service endpoints the in-cluster parts connect to (the proving ground's RabbitMQ). Required. */
    endpoints: endpointsSchema.describe(
      "PostgreSQL, Redis and RabbitMQ endpoints the in-cluster parts connect to",
    ),
  })
  .optional()
  .describe(
    "Apply the Kubernetes layer to a proving ground on loopback instead of building AWS (docs/proving-ground.md); passwords are secret config sandbox:databasePassword, databaseAppPassword, cachePassword, queuePassword, grafanaPassword",
  );

/** The sandbox settings with defaults applied. */
export type SandboxSettings = NonNullable<z.output<typeof sandboxSchema>>;
