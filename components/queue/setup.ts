import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { managementUrl, queueSetupScript, QueueType } from "./declare";
import { DATA_TIER_PART_OF, PART_OF_LABEL } from "../shared/labels";

/** Arguments of {@link QueueSetup}. */
export interface QueueSetupArgs {
  /** Namespace of the Job; must exist (pass it in `dependsOn`). Required. */
  namespace: string;
  /** Queues to declare (`platform:queue.queues`). Required. */
  queues: readonly string[];
  /** Queue type of every queue (`platform:queue.queueType`). Required. */
  queueType: QueueType;
  /** Image with `curl` and `sh`. Required. */
  image: string;
  /** The broker's `amqps://host:port` endpoint. Required. */
  endpoint: pulumi.Input<string>;
  username: string;
  /** The broker user's password: a secret. Required. */
  password: pulumi.Input<string>;
}

/**
 * A Job that declares the configured queues on the broker through its management API, so the
 * queues workers consume exist with the configured type (quorum: replicated over the cluster)
 * before any worker starts. Credentials come from a Secret; the script is in a ConfigMap.
 */
export class QueueSetup extends pulumi.ComponentResource {
  readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: QueueSetupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:queue:QueueSetup", name, {}, opts);
    const parent = { parent: this };
    const labels = {
      "app.kubernetes.io/name": "queue-setup",
      [PART_OF_LABEL]: DATA_TIER_PART_OF,
    };
    const script = queueSetupScript(args.queues, args.queueType);
    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([args.endpoint, args.password]).apply(([endpoint, password]) => ({
            MANAGEMENT_URL: managementUrl(endpoint),
            AMQP_USER: args.username,
            AMQP_PASSWORD: password,
          })),
        ),
      },
      parent,
    );
    const config = new k8s.core.v1.ConfigMap(
      `${name}-script`,
      { metadata: { namespace: args.namespace, labels }, data: { "declare.sh": script } },
      parent,
    );
    this.job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { namespace: args.namespace, labels },
        spec: {
          backoffLimit: 6,
          activeDeadlineSeconds: 600,
          template: {
            metadata: { labels },
            spec: pulumi
              .all([credentials.metadata.name, config.metadata.name])
              .apply(([secretName, configMapName]) => ({
                restartPolicy: "Never",
                automountServiceAccountToken: false,
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 100,
                  runAsGroup: 101,
                  seccompProfile: { type: "RuntimeDefault" },
                },
                containers: [
                  {
                    name: "declare",
                    image: args.image,
                    command: ["sh", "/script/declare.sh"],
                    envFrom: [{ secretRef: { name: secretName } }],
                    resources: {
                      requests: { cpu: "10m", memory: "16Mi" },
                      limits: { memory: "64Mi" },
                    },
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      capabilities: { drop: ["ALL"] },
                    },
                    volumeMounts: [{ name: "script", mountPath: "/script", readOnly: true }],
                  },
                ],
                volumes: [{ name: "script", configMap: { name: configMapName } }],
              })),
          },
        },
      },
      parent,
    );
    this.registerOutputs({ job: this.job.metadata.name });
  }
}
