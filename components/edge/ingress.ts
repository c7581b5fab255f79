/**
 * The Ingress of a public service, for the AWS Load Balancer Controller: an internet-facing ALB
 * per service, targets registered by pod IP, TLS from ACM, HTTP redirected to HTTPS, the WAF web
 * ACL attached, and health checks, draining and idle timeout derived from the pods' own settings.
 *
 * Ingress rather than Gateway API: the controller's Ingress path has been GA for years and carries
 * every feature used here as an annotation (WAF association, target-group attributes, pod
 * readiness gates, SSL redirect); its Gateway API support is recent (v2.14, late 2025), needs the
 * Gateway API CRDs and the controller's own configuration CRDs on top, and buys nothing a single
 * host per service needs. Switching later replaces this builder, not the component.
 */
import {
  ALB_ANNOTATION_PREFIX,
  ENDPOINT_TAG,
  PLANNED_RPS_TAG,
  RESPONSE_KIB_TAG,
} from "../../model/cost/edge";

export { ENDPOINT_TAG, PLANNED_RPS_TAG, RESPONSE_KIB_TAG };
import {
  PROBE_PERIOD,
  READINESS_FAILURE_THRESHOLD,
  SERVICE_PRESTOP_SLEEP_SECONDS,
  SERVICE_TERMINATION_GRACE_SECONDS,
} from "../workloads/service";

/** The IngressClass the controller's chart creates. */
export const INGRESS_CLASS = "alb";
/** Annotation prefix of the controller. */
export const ALB = ALB_ANNOTATION_PREFIX;
/**
 * Namespace label that makes the controller's webhook add a readiness gate to every new pod, so a
 * pod counts as ready only once the ALB sees it healthy and a rollout never drops traffic.
 */
export const READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject";
/** TLS 1.3 with 1.2 fallback: the ALB's recommended policy. */
export const SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** What the ALB derives from the pods. */
export interface TargetBehaviour {
  /** Health check interval, seconds: the readiness probe period. */
  healthCheckIntervalSeconds: number;
  /** Failed checks before a target is taken out: the readiness probe's failure threshold. */
  unhealthyThreshold: number;
  /** Health check timeout: below the interval, as the ALB requires. */
  healthCheckTimeoutSeconds: number;
  /**
   * Seconds the ALB lets in-flight requests finish on a target being removed: the time the pod
   * still runs after its preStop sleep, so the ALB never waits on a pod that is already killed.
   */
  deregistrationDelaySeconds: number;
}

/** The target group settings that follow from the service pods' probes and termination. */
export function targetBehaviour(): TargetBehaviour {
  return {
    healthCheckIntervalSeconds: PROBE_PERIOD,
    unhealthyThreshold: READINESS_FAILURE_THRESHOLD,
    healthCheckTimeoutSeconds: PROBE_PERIOD - 1,
    deregistrationDelaySeconds: SERVICE_TERMINATION_GRACE_SECONDS - SERVICE_PRESTOP_SLEEP_SECONDS,
  };
}

/** Everything one public Ingress is built from. `I` is a plain string in tests, an Output in the program. */
export interface PublicIngressSpec<I = string> {
  /** Service name (Ingress, Service and ALB share it). */
  service: string;
  namespace: string;
  /** Host the ALB answers: the public host, or the origin host behind CloudFront. */
  host: string;
  /** ALB name (at most 32 characters), fixed so alarms can find it. */
  loadBalancerName: string;
  /** The readiness probe path: the ALB health check. */
  healthCheckPath: string;
  idleTimeoutSeconds: number;
  certificateArn: I;
  webAclArn: I;
  /** Planned req/s today and at the design target, for cost tags. */
  plannedRps: { current: number; target: number };
  responseKiB: number;
  /** Extra ALB tags (environment tags). Default: none. */
  tags?: Record<string, string>;
}

/** Value of {@link ENDPOINT_TAG} on an endpoint's web ACLs and distribution: `<namespace>/<service>`. */
export function endpointTagValue(namespace: string, service: string): string {
  return `${namespace}/${service}`;
}

/** ALB name: `<environment>-<service>` cut to the 32 characters AWS allows, no trailing '-'. */
export function loadBalancerName(environment: string, service: string): string {
  return `${environment}-${service}`.slice(0, 32).replace(/-+$/, "");
}

/** The Ingress object (networking.k8s.io/v1). */
export function publicIngress<I>(s: PublicIngressSpec<I>) {
  const t = targetBehaviour();
  const tags = {
    ...(s.tags ?? {}),
    [PLANNED_RPS_TAG]: `${s.plannedRps.current}/${s.plannedRps.target}`,
    [RESPONSE_KIB_TAG]: String(s.responseKiB),
  };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: s.service,
      namespace: s.namespace,
      annotations: {
        [`${ALB}/scheme`]: "internet-facing",
        [`${ALB}/target-type`]: "ip",
        [`${ALB}/load-balancer-name`]: s.loadBalancerName,
        [`${ALB}/listen-ports`]: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        [`${ALB}/ssl-redirect`]: "443",
        [`${ALB}/certificate-arn`]: s.certificateArn,
        [`${ALB}/ssl-policy`]: SSL_POLICY,
        [`${ALB}/wafv2-acl-arn`]: s.webAclArn,
        [`${ALB}/backend-protocol`]: "HTTP",
        [`${ALB}/healthcheck-path`]: s.healthCheckPath,
        [`${ALB}/healthcheck-port`]: "traffic-port",
        [`${ALB}/healthcheck-interval-seconds`]: String(t.healthCheckIntervalSeconds),
        [`${ALB}/healthcheck-timeout-seconds`]: String(t.healthCheckTimeoutSeconds),
        [`${ALB}/healthy-threshold-count`]: "2",
        [`${ALB}/unhealthy-threshold-count`]: String(t.unhealthyThreshold),
        [`${ALB}/success-codes`]: "200-299",
        [`${ALB}/target-group-attributes`]: `deregistration_delay.timeout_seconds=${t.deregistrationDelaySeconds}`,
        [`${ALB}/load-balancer-attributes`]: [
          `idle_timeout.timeout_seconds=${s.idleTimeoutSeconds}`,
          "routing.http.drop_invalid_header_fields.enabled=true",
        ].join(","),
        [`${ALB}/tags`]: Object.entries(tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(","),
      },
    },
    spec: {
      ingressClassName: INGRESS_CLASS,
      rules: [
        {
          host: s.host,
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: s.service, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Namespaces whose pods get readiness gates: those hosting a public service. */
export function readinessGateNamespaces(
  publicServices: string[],
  services: Record<string, { namespace: string }>,
): string[] {
  return [...new Set(publicServices.map((n) => services[n]?.namespace).filter(Boolean))].sort();
}
