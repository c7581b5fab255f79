/**
 * Priority classes and the spare-headroom placeholders. Placeholders run at the lowest
 * priority, so any real pod preempts one and schedules at once while the cluster autoscaler
 * brings the node the evicted placeholder now waits for.
 */
import type * as k8s from "@pulumi/kubernetes";
import {
  type PlacementSpec,
  podPlacement,
  RESTRICTED_CONTAINER,
  topologySpread,
  workloadLabels,
} from "./placement";

/** The platform's priority classes, highest first. */
export const PRIORITY_CLASSES = {
  /** HTTP services: user-facing, so they win a shortage against workers. */
  service: { name: "platform-service", value: 100_000, description: "User-facing HTTP services" },
  /** Queue workers: work waits in the queue, so they yield to services. */
  worker: { name: "platform-worker", value: 50_000, description: "Queue workers" },
  /** Placeholders: below everything (default pods are 0), never preempt anyone. */
  headroom: {
    name: "platform-headroom",
    value: -10,
    description: "Spare-headroom placeholder pods; preempted first",
  },
} as const;

/** A PriorityClass body. */
export function priorityClassArgs(
  kind: keyof typeof PRIORITY_CLASSES,
): k8s.scheduling.v1.PriorityClassArgs {
  const c = PRIORITY_CLASSES[kind];
  return {
    metadata: { name: c.name },
    value: c.value,
    globalDefault: false,
    description: c.description,
    preemptionPolicy: kind === "headroom" ? "Never" : "PreemptLowerPriority",
  };
}

/** Settings of the placeholder Deployment. */
export interface HeadroomSpec {
  namespace: string;
  /** Placeholder pods; 0 keeps the Deployment at zero. */
  replicas: number;
  /** Requests per placeholder, Kubernetes quantities: each reserves room for one pod this size. */
  cpu: string;
  memory: string;
  /** Pause image. */
  image: string;
  placement: PlacementSpec;
}

/** The placeholder Deployment: pause containers requesting the headroom, at the lowest priority. */
export function headroomDeployment(name: string, h: HeadroomSpec): k8s.apps.v1.DeploymentArgs {
  const labels = workloadLabels(name, "headroom");
  const { affinity, tolerations } = podPlacement(h.placement);
  return {
    metadata: { name, namespace: h.namespace, labels },
    spec: {
      replicas: h.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: PRIORITY_CLASSES.headroom.name,
          // Evicted placeholders hold nothing worth a grace period.
          terminationGracePeriodSeconds: 0,
          automountServiceAccountToken: false,
          affinity,
          tolerations,
          // Soft zone spread: a placeholder that cannot balance still reserves room somewhere.
          topologySpreadConstraints: topologySpread(labels, false),
          containers: [
            {
              name: "pause",
              image: h.image,
              resources: {
                requests: { cpu: h.cpu, memory: h.memory },
                limits: { memory: h.memory },
              },
              securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65535 },
            },
          ],
        },
      },
    },
  };
}
