/**
 * What is monitored: the environment's HTTP services and queue workers. Alert rules and
 * dashboards are both generated from these, so a service added to the config gets its alerts
 * and its panels together.
 */
import type { Problem } from "../../../model/problems";
import { MonitoringInputError } from "../errors";

/** An HTTP service, scraped through a ServiceMonitor (so its series carry `namespace` and `service`). */
export interface MonitoredService {
  /** Kubernetes Service name, also the HPA name; DNS label. */
  name: string;
  /** Kubernetes namespace; DNS label. */
  namespace: string;
  /** P95 latency objective in milliseconds (seed: 200). */
  latencyObjectiveMs: number;
}

/** A queue worker scaled by a KEDA ScaledObject with a RabbitMQ trigger. */
export interface MonitoredWorker {
  /** Deployment name; DNS label. */
  name: string;
  /** Kubernetes namespace; DNS label. */
  namespace: string;
  /** RabbitMQ queue the worker consumes. */
  queue: string;
  /** Messages one pod is expected to hold (the ScaledObject's queueLength target, seed 10). */
  messagesPerPod: number;
  /** The ScaledObject's maxReplicaCount (seed 500 in prod). */
  maxReplicas: number;
  /** ScaledObject name, as KEDA labels its metrics. @default the worker's name */
  scaledObject?: string;
}

/**
 * A service served to the Internet through its own ALB and WAF (and CloudFront where the
 * environment asks for it). Its panels read the CloudWatch series YACE brings in; every name
 * here is a CloudWatch dimension value the edge component sets.
 */
export interface MonitoredEndpoint {
  /** The service's name and namespace: one of {@link MonitoringTargets.services}. */
  service: string;
  namespace: string;
  /** Public host name, shown in the panels' titles. */
  host: string;
  /** The ALB's fixed name; its `LoadBalancer` dimension is `app/<name>/<id>`. */
  loadBalancerName: string;
  /**
   * The web ACL where client IPs are real (on the ALB, or on CloudFront with a CDN): its
   * `WebACL` dimension and the `Rule` dimension of its per-IP rate rule.
   */
  edgeAcl: { name: string; rateLimitRule: string };
  /**
   * With CloudFront in front: the ALB's web ACL and its rule that turns away requests not coming
   * through CloudFront, and the tag the distribution carries (`value` is the endpoint's own).
   * @default no CDN
   */
  cdn?: {
    originAcl: string;
    originRule: string;
    distributionTag: { key: string; value: string };
  };
}

/** Everything the monitoring of one environment is generated from. */
export interface MonitoringTargets {
  /** Environment name, put on every alert as the `environment` label. */
  environment: string;
  /** HTTP services. */
  services: readonly MonitoredService[];
  /** Queue workers. */
  workers: readonly MonitoredWorker[];
  /** Public endpoints, each one of the services. @default none */
  endpoints?: readonly MonitoredEndpoint[];
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const QUEUE_NAME = /^[A-Za-z0-9._:-]{1,255}$/;

/** The ScaledObject name KEDA labels a worker's metrics with. */
export function scaledObjectOf(worker: MonitoredWorker): string {
  return worker.scaledObject ?? worker.name;
}

/** The queue capacity at maximum scale: messages per pod x max replicas. */
export function workerCapacity(worker: MonitoredWorker): number {
  return worker.messagesPerPod * worker.maxReplicas;
}

/**
 * Checks names, objectives and worker sizes, throwing one {@link MonitoringInputError} that lists every
 * problem with its path (`services[1].latencyObjectiveMs`) and what is allowed.
 */
export function validateTargets(targets: MonitoringTargets): void {
  const problems: Problem[] = [];
  const add = (key: string, value: unknown, message: string) =>
    problems.push({ key, value, message });
  if (!DNS_LABEL.test(targets.environment))
    add("environment", targets.environment, "must be a DNS label (lowercase letters, digits, '-')");
  const seen = new Map<string, string>();
  const claim = (key: string, id: string) => {
    const other = seen.get(id);
    if (other) add(key, id, `is already used by ${other}; names must be unique per namespace`);
    seen.set(id, key);
  };
  targets.services.forEach((s, i) => {
    const key = `services[${i}]`;
    if (!DNS_LABEL.test(s.name))
      add(`${key}.name`, s.name, "must be a DNS label (lowercase letters, digits, '-')");
    if (!DNS_LABEL.test(s.namespace)) add(`${key}.namespace`, s.namespace, "must be a DNS label");
    if (!(
      Number.isFinite(s.latencyObjectiveMs) &&
      s.latencyObjectiveMs > 0 &&
      s.latencyObjectiveMs <= 60_000
    )) {
      add(
        `${key}.latencyObjectiveMs`,
        s.latencyObjectiveMs,
        "must be more than 0 and at most 60,000 ms",
      );
    }
    claim(`${key}.name`, `${s.namespace}/${s.name}`);
  });
  const scaledObjects = new Map<string, string>();
  targets.workers.forEach((w, i) => {
    const key = `workers[${i}]`;
    if (!DNS_LABEL.test(w.name))
      add(`${key}.name`, w.name, "must be a DNS label (lowercase letters, digits, '-')");
    if (!DNS_LABEL.test(w.namespace)) add(`${key}.namespace`, w.namespace, "must be a DNS label");
    if (!QUEUE_NAME.test(w.queue))
      add(
        `${key}.queue`,
        w.queue,
        "must be a RabbitMQ queue name of 1-255 letters, digits, '.', '_', ':' or '-'",
      );
    if (!(Number.isInteger(w.messagesPerPod) && w.messagesPerPod >= 1))
      add(`${key}.messagesPerPod`, w.messagesPerPod, "must be a whole number of at least 1");
    if (!(Number.isInteger(w.maxReplicas) && w.maxReplicas >= 1))
      add(`${key}.maxReplicas`, w.maxReplicas, "must be a whole number of at least 1");
    if (w.scaledObject !== undefined && !DNS_LABEL.test(w.scaledObject))
      add(`${key}.scaledObject`, w.scaledObject, "must be a DNS label");
    claim(`${key}.name`, `${w.namespace}/${w.name}`);
    // KEDA's metrics are scraped from the operator's namespace, so the ScaledObject name is
    // what tells two workers apart; the same name in two namespaces would mix their queues.
    const so = scaledObjectOf(w);
    const other = scaledObjects.get(so);
    if (other)
      add(
        `${key}.scaledObject`,
        so,
        `is also the ScaledObject of ${other}; ScaledObject names must be unique in the cluster`,
      );
    scaledObjects.set(so, key);
  });
  const services = new Set(targets.services.map((s) => `${s.namespace}/${s.name}`));
  (targets.endpoints ?? []).forEach((e, i) => {
    // The panels draw the service's latency objective; an endpoint of no service has none.
    if (!services.has(`${e.namespace}/${e.service}`))
      add(
        `endpoints[${i}].service`,
        `${e.namespace}/${e.service}`,
        "is not one of the monitored services",
      );
  });
  if (problems.length > 0)
    throw new MonitoringInputError(targets.environment, "monitoring targets", problems);
}
