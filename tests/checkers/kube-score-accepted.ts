/**
 * kube-score's findings over the platform's own objects that are accepted, each with why. A
 * finding matching none of these fails the test; an entry matching nothing in any environment
 * fails it too, so this list only ever holds findings that still occur.
 */
import { CERT_MANAGER_NAMESPACE } from "../../components/tls";
import { AUTOSCALING_NAMESPACE } from "../../components/workloads";
import type { Environment } from "../../stacks/schema";

/** One finding: the check, the object (`Kind namespace/name`) and the comment's summary. */
export interface Finding {
  check: string;
  object: string;
  summary: string;
}

/** An accepted finding and the reason. */
export interface Accepted {
  check: string;
  /** Which objects; all when absent. */
  object?: (env: Environment) => RegExp;
  /** Which of the check's comments; all when absent. */
  summary?: RegExp;
  why: string;
}

const WORKLOADS = /^(Deployment|Job|CronJob) /;

export const ACCEPTED: Accepted[] = [
  {
    check: "container-resources",
    summary: /^CPU limit is not set$/,
    why: "CPU limits are left off on purpose: CFS quotas throttle latency-bound pods even on idle nodes; every container has CPU and memory requests (the planner sizes them) and a memory limit, which kube-score does check",
  },
  {
    check: "container-image-pull-policy",
    why: "every image is pinned by exact tag or digest (tests/program/images.test.ts), so IfNotPresent pulls the same bytes; Always would add a registry round-trip to every start and make scale-out depend on the registry",
  },
  {
    check: "container-ephemeral-storage-request-and-limit",
    object: () => WORKLOADS,
    why: "no container writes to local disk beyond its logs (configuration and certificates are read-only mounts); the kubelet's eviction under disk pressure covers the rest. Revisit when a workload gets an emptyDir",
  },
  {
    check: "container-security-context-user-group-id",
    object: () => WORKLOADS,
    why: "these containers run as their images' own non-root users (the partition jobs as postgres' UID 70, the queue setup as curl's 100, the applications as whatever their image declares, the pause placeholder as 65535 without a group); every namespace running them enforces PSA restricted (runAsNonRoot, no host namespaces, no hostPath), which is what a UID above 10000 guards against. PgBouncer, whose image allows any UID, runs as 10001 and passes",
  },
  {
    check: "deployment-has-host-podantiaffinity",
    object: () => /^Deployment /,
    why: "replicas are spread with topologySpreadConstraints on zone and hostname instead (tests/program/workloads.test.ts), which unlike preferred anti-affinity keeps working as replica counts grow past the node count",
  },
  {
    check: "deployment-has-poddisruptionbudget",
    object: (env) => new RegExp(`^Deployment ${env.headroom.namespace}/headroom$`),
    why: "the headroom placeholders exist to be preempted and evicted first; a PodDisruptionBudget would keep them in the way of drains",
  },
  {
    check: "networkpolicy-targets-pod",
    object: (env) =>
      new RegExp(
        `^NetworkPolicy (${[AUTOSCALING_NAMESPACE, CERT_MANAGER_NAMESPACE, env.monitoring?.namespace ?? AUTOSCALING_NAMESPACE].join("|")})/`,
      ),
    why: "the pods of these namespaces come from pinned Helm charts (KEDA, prometheus-adapter, cert-manager, kube-prometheus-stack), which kube-score does not see; the policies select every pod (default deny)",
  },
  {
    check: "deployment-replicas",
    object: (env) =>
      env.pgbouncer.replicas < 2 ? /^Deployment [a-z0-9-]+\/pgbouncer-deployment$/ : /^$/,
    why: "an environment that sets platform:pgbouncer.replicas to 1 (dev, to save money) gets one pooler; where it is 2 or more the check runs and passes, and every service's own replica floor comes from the planner",
  },
  {
    check: "deployment-replicas",
    object: () => /^Deployment [a-z0-9-]+\/postgres-exporter-(primary|replica-\d+)$/,
    why: "one postgres_exporter per PostgreSQL instance by design: a second pod would read the same server's statistics twice and publish every series twice; a restart loses a few 30 s samples, which the alerts' 5m `for` periods ride out",
  },
  {
    check: "pod-probes-identical",
    object: () => /^Deployment [a-z0-9-]+\/pgbouncer-deployment$/,
    why: "a TCP accept is the only health signal PgBouncer gives without client credentials; readiness fails after one 5 s period and takes the pod out of the Service, liveness only after 3 × 20 s, so a saturated pooler is drained long before it is restarted",
  },
];

/** The acceptances a finding matches. */
export function acceptancesOf(f: Finding, env: Environment): Accepted[] {
  return ACCEPTED.filter(
    (a) =>
      a.check === f.check &&
      (a.object === undefined || a.object(env).test(f.object)) &&
      (a.summary === undefined || a.summary.test(f.summary)),
  );
}
