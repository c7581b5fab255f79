/**
 * Manifests of one queue worker: a Deployment, a KEDA ScaledObject on its RabbitMQ queue's
 * length, the TriggerAuthentication that reads the broker URL from the data Secret, and a PDB.
 * KEDA owns the worker's HPA; the ScaledObject passes the configured behaviour through to it.
 */
import type * as k8s from "@pulumi/kubernetes";
import { type PlacementSpec, workloadDeployment, workloadLabels } from "./placement";
import { PRIORITY_CLASSES } from "./priority";
import { type Behavior, type ContainerResources, limitsOf } from "./service";

/** Everything one worker's manifests are built from. */
export interface WorkerSpec {
  name: string;
  namespace: string;
  image: string;
  queue: string;
  /** Messages per pod: the queue-length target. */
  messagesPerPod: number;
  resources: ContainerResources;
  replicas: { min: number; max: number };
  behavior: Behavior;
  pollingIntervalSeconds: number;
  cooldownPeriodSeconds: number;
  terminationGracePeriodSeconds: number;
  maxUnavailable: number | string;
  placement: PlacementSpec;
  /** Secret with the connection settings (`envFrom`) and the broker URL (KEDA). */
  dataSecretName: string;
  /** Key of the broker URL in that Secret. */
  amqpUrlKey: string;
}

/** Name of a worker's TriggerAuthentication. */
export const triggerAuthName = (worker: string) => `${worker}-rabbitmq`;

/** The worker Deployment; KEDA sets `spec.replicas`. */
export function workerDeployment(w: WorkerSpec): k8s.apps.v1.DeploymentArgs {
  return workloadDeployment({
    name: w.name,
    namespace: w.namespace,
    component: "worker",
    placement: w.placement,
    priorityClassName: PRIORITY_CLASSES.worker.name,
    // Room to finish the messages in hand; unacknowledged ones return to the queue anyway.
    terminationGracePeriodSeconds: w.terminationGracePeriodSeconds,
    container: {
      name: w.name,
      image: w.image,
      env: [
        { name: "QUEUE_NAME", value: w.queue },
        { name: "PREFETCH_COUNT", value: String(w.messagesPerPod) },
      ],
      envFrom: [{ secretRef: { name: w.dataSecretName } }],
      resources: { requests: { ...w.resources.requests }, limits: limitsOf(w.resources) },
    },
  });
}

/** `keda.sh/v1alpha1` TriggerAuthentication: the RabbitMQ `host` (an amqps URL with credentials) from the data Secret. */
export function triggerAuthentication(w: WorkerSpec) {
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "TriggerAuthentication",
    metadata: {
      name: triggerAuthName(w.name),
      namespace: w.namespace,
      labels: workloadLabels(w.name, "worker"),
    },
    spec: { secretTargetRef: [{ parameter: "host", name: w.dataSecretName, key: w.amqpUrlKey }] },
  };
}

/** `keda.sh/v1alpha1` ScaledObject: replicas = ceil(queue length / messagesPerPod), within the bounds. */
export function scaledObject(w: WorkerSpec) {
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name: w.name, namespace: w.namespace, labels: workloadLabels(w.name, "worker") },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: w.name },
      minReplicaCount: w.replicas.min,
      maxReplicaCount: w.replicas.max,
      pollingInterval: w.pollingIntervalSeconds,
      cooldownPeriod: w.cooldownPeriodSeconds,
      advanced: { horizontalPodAutoscalerConfig: { behavior: w.behavior } },
      triggers: [
        {
          type: "rabbitmq",
          metadata: {
            protocol: "amqp",
            queueName: w.queue,
            mode: "QueueLength",
            value: String(w.messagesPerPod),
          },
          authenticationRef: { name: triggerAuthName(w.name) },
        },
      ],
    },
  };
}
